import type { Viewer } from '../../core/portfolio/viewer.js';
import { SLACK_LIMITS, truncate } from '../../core/render/slack-limits.js';
import { listViews, type SavedView } from '../../core/views/views.js';
import { goalsSpecOf } from '../../core/portfolio/definition.js';
import {
  BOT_ACTIONS,
  button,
  contextLine,
  esc,
  header,
  section,
  viewButtons,
  type Block,
} from '../blocks/elements.js';
import type { BotDeps, CommandInvocation } from '../deps.js';
import { replyFor, type OutMessage } from '../reply.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';

/** One view as a line: name, description, whose and who can use it. */
export function viewLine(view: SavedView, viewer: Viewer): string {
  const who =
    view.ownerId === viewer.id
      ? view.visibility === 'private'
        ? texts.list.private
        : texts.list.teamShared
      : texts.list.by(view.ownerName);
  const desc = view.description ? ` — ${esc(truncate(view.description, 300))}` : '';
  return `*${esc(view.name)}* \`#${view.id}\`${desc}\n_${esc(who)}_`;
}

/**
 * Views as sections with buttons, mine first then the team's, within `maxBlocks`; the
 * views that did not fit are counted in a last line.
 */
export function viewSections(views: SavedView[], viewer: Viewer, maxBlocks: number): Block[] {
  const mine = views.filter((v) => v.ownerId === viewer.id);
  const team = views.filter((v) => v.ownerId !== viewer.id);
  const blocks: Block[] = [];
  let left = 0;
  const budget = maxBlocks - 1; // room for the "e mais" line
  const add = (title: string, list: SavedView[], empty: string) => {
    if (blocks.length + 2 > budget) {
      left += list.length;
      return;
    }
    blocks.push(section(title));
    if (list.length === 0) blocks.push(contextLine(empty));
    for (const v of list) {
      if (blocks.length + 2 > budget) {
        left += 1;
        continue;
      }
      blocks.push(
        section(viewLine(v, viewer)),
        viewButtons(v.id, `view_${v.id}`, { editable: goalsSpecOf(v.definition) === null }),
      );
    }
  };
  add(texts.list.mine, mine, texts.list.noneMine);
  add(texts.list.team, team, texts.list.noneTeam);
  if (left > 0) blocks.push(contextLine(texts.list.more(left)));
  return blocks;
}

export function viewsListMessage(views: SavedView[], viewer: Viewer): OutMessage {
  const blocks: Block[] = [header(texts.list.header)];
  const newButton: Block = {
    type: 'actions',
    block_id: 'list_actions',
    elements: [button(texts.list.newButton, BOT_ACTIONS.newView, 'new')],
  };
  blocks.push(...viewSections(views, viewer, SLACK_LIMITS.messageBlocks - 2), newButton);
  return { text: texts.list.fallback(views.length), blocks };
}

export async function listViewsCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  const reply = replyFor(inv);
  const viewer = await requireViewer(deps, inv.client, inv.userId, reply);
  if (!viewer) return;
  await reply(viewsListMessage(await listViews(deps.db, viewer), viewer));
}
