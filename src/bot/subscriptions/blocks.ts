/**
 * Subscription lists and histories as Block Kit, pure: one section per subscription with
 * its buttons (Pausar/Retomar · Enviar agora · Histórico · Excluir), and the last
 * deliveries with status, time and the late flag.
 */
import type { types } from '@slack/bolt';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { formatOccurrence } from '../../core/subscriptions/schedule.js';
import type { DeliveryRecord } from '../../core/subscriptions/subscription-history.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import {
  DELIVERY_STATUS_EMOJI,
  DELIVERY_STATUS_LABELS,
  nextSendTimes,
  subscriptionState,
  subscriptionSummary,
} from '../../core/subscriptions/texts.js';
import { button, contextLine, esc, header, section, type Block } from '../blocks/elements.js';
import { t } from './texts.js';
import { subscriptionListReach } from '../../core/access.js';

export const SUB_ACTIONS = {
  pause: 'sub_pause',
  resume: 'sub_resume',
  sendNow: 'sub_send_now',
  delete: 'sub_delete',
  history: 'sub_history',
} as const;

/** A button value that should be a subscription id. */
export { viewIdFrom as subscriptionIdFrom } from '../blocks/elements.js';

function actions(sub: Subscription): types.ActionsBlock {
  const id = String(sub.id);
  const del: types.Button = {
    ...button(t.buttons.delete, SUB_ACTIONS.delete, id, 'danger'),
    confirm: {
      title: { type: 'plain_text', text: t.confirmDelete.title },
      text: {
        type: 'mrkdwn',
        text: t.confirmDelete.text(subscriptionSummary(sub, { slack: true })).slice(0, 300),
      },
      confirm: { type: 'plain_text', text: t.confirmDelete.confirm },
      deny: { type: 'plain_text', text: t.confirmDelete.deny },
      style: 'danger',
    },
  };
  return {
    type: 'actions',
    block_id: `sub_${sub.id}`,
    elements: [
      sub.active
        ? button(t.buttons.pause, SUB_ACTIONS.pause, id)
        : button(t.buttons.resume, SUB_ACTIONS.resume, id, 'primary'),
      button(t.buttons.sendNow, SUB_ACTIONS.sendNow, id),
      button(t.buttons.history, SUB_ACTIONS.history, id),
      del,
    ],
  };
}

/** One subscription: what, when, where, its state and next send, who owns it. */
export function subscriptionSection(sub: Subscription, viewer: Viewer, now: Date): Block {
  const lines = [`*#${sub.id}* ${subscriptionSummary(sub, { slack: true })}`];
  const facts = [subscriptionState(sub)];
  if (sub.active) facts.push(t.list.next(nextSendTimes(sub, now, 1)[0] ?? '—'));
  if (sub.ownerId !== viewer.id) facts.push(t.list.owner(esc(sub.ownerName)));
  if (sub.consecutiveFailures > 0) facts.push(t.list.failures(sub.consecutiveFailures));
  lines.push(`_${facts.join(' · ')}_`);
  return section(lines.join('\n'));
}

/**
 * The list, within `maxBlocks` (50 for a message, less in the App Home): two blocks per
 * subscription, and a line saying how many did not fit.
 */
export function subscriptionListBlocks(
  subs: Subscription[],
  viewer: Viewer,
  now: Date,
  opts: { maxBlocks: number; intro?: string | null },
): Block[] {
  const blocks: Block[] = [];
  if (opts.intro) blocks.push(section(opts.intro));
  if (subs.length === 0) {
    blocks.push(section(t.list.empty));
    return blocks;
  }
  const room = Math.max(0, Math.floor((opts.maxBlocks - blocks.length - 1) / 2));
  for (const sub of subs.slice(0, room))
    blocks.push(subscriptionSection(sub, viewer, now), actions(sub));
  if (subs.length > room) blocks.push(contextLine(t.list.more(subs.length - room)));
  return blocks;
}

export function listIntro(viewer: Viewer, count: number): string {
  const reach = subscriptionListReach(viewer);
  const scope =
    reach === 'all'
      ? t.list.scopeAll
      : reach === 'store'
        ? t.list.scopeStore(esc(viewer.storeName))
        : t.list.scopeMine;
  return t.list.intro(count, scope);
}

export function historyBlocks(sub: Subscription, deliveries: DeliveryRecord[]): Block[] {
  const blocks: Block[] = [
    header(t.history.header(sub.id)),
    contextLine(subscriptionSummary(sub, { slack: true })),
  ];
  if (deliveries.length === 0) {
    blocks.push(section(t.history.empty));
    return blocks;
  }
  const lines = deliveries.map((d) => {
    const parts = [
      `${DELIVERY_STATUS_EMOJI[d.status]} *${DELIVERY_STATUS_LABELS[d.status]}*`,
      `previsto ${formatOccurrence(d.scheduledFor, sub.timezone)}`,
    ];
    if (d.sentAt) parts.push(`enviado ${formatOccurrence(d.sentAt, sub.timezone)}`);
    if (d.late) parts.push(`_${t.history.late}_`);
    if (d.origin === 'manual') parts.push(`_${t.history.manual}_`);
    if (d.recipientName) parts.push(`para ${esc(d.recipientName)}`);
    if (d.rowCount !== null && d.status === 'sent') parts.push(t.history.rows(d.rowCount));
    const why =
      d.status === 'failed'
        ? d.error
        : d.status === 'skipped' || d.status === 'missed'
          ? d.note
          : null;
    if (why) parts.push(esc(why));
    return parts.join(' · ');
  });
  blocks.push(section(lines.join('\n')));
  return blocks;
}
