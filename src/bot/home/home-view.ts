/**
 * The App Home tab: who you are, your views and the team's (Ver · PDF · Editar · Assinar),
 * and your subscriptions when the subscriptions module provides them. Pure.
 */
import type { types } from '@slack/bolt';
import { ROLE_LABELS, type Viewer } from '../../core/portfolio/viewer.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';
import type { SavedView } from '../../core/views/views.js';
import {
  BOT_ACTIONS,
  button,
  contextLine,
  esc,
  header,
  section,
  type Block,
} from '../blocks/elements.js';
import { viewSections } from '../commands/list-views.js';
import { NOT_LINKED_TEXT, texts } from '../texts.js';

export function homeView(
  viewer: Viewer,
  views: SavedView[],
  subscriptionBlocks: Block[] | null,
  /** "Visão fixada" and its chart (pinned-chart.ts), under the header. */
  pinnedBlocks: Block[] = [],
  /** Admins: the last ERP import (importStatusLine). */
  importLine: string | null = null,
): types.HomeView {
  const top: Block[] = [
    header(texts.home.header),
    section(texts.home.linked(esc(viewer.name), ROLE_LABELS[viewer.role], esc(viewer.storeName))),
    {
      type: 'actions',
      block_id: 'home_actions',
      elements: [button(texts.buttons.newView, BOT_ACTIONS.newView, 'new', 'primary')],
    },
    ...(importLine ? [contextLine(importLine)] : []),
    { type: 'divider' },
    ...(pinnedBlocks.length ? [...pinnedBlocks, { type: 'divider' } as Block] : []),
  ];
  const subs: Block[] = subscriptionBlocks
    ? [{ type: 'divider' }, header(texts.home.subscriptions), ...subscriptionBlocks]
    : [];
  const footer: Block[] = [contextLine(texts.home.tip)];
  const room = SLACK_LIMITS.surfaceBlocks - top.length - subs.length - footer.length;
  return {
    type: 'home',
    blocks: [...top, ...viewSections(views, viewer, room), ...subs, ...footer],
  };
}

export function notLinkedHome(): types.HomeView {
  return { type: 'home', blocks: [header(texts.home.header), section(NOT_LINKED_TEXT)] };
}
