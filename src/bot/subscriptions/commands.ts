/**
 * `/carteira assinar …` and `/carteira assinaturas`. The router has already acked and
 * resolved the viewer; answers are private (ephemeral, or a DM where there is no
 * response_url).
 */
import { texts } from '../texts.js';
import { botChannelAccess } from '../reports/channel-access.js';
import { isChannelId } from '../../core/subscriptions/create-subscription.js';
import type { WebClient } from '@slack/web-api';
import { isCarteiraError } from '../../core/errors.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { assertValidModal } from '../../core/render/slack-limits.js';
import { createSubscription } from '../../core/subscriptions/create-subscription.js';
import { listSubscriptions } from '../../core/subscriptions/list-subscriptions.js';
import { canCreateSubscription } from '../../core/access.js';
import { parseQuickForm, type QuickForm } from './quick-form.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { nextSendTimes, subscriptionSummary } from '../../core/subscriptions/texts.js';
import { findView, type SavedView } from '../../core/views/views.js';
import { esc, section } from '../blocks/elements.js';
import type { BotDeps, CommandInvocation } from '../deps.js';
import { CarteiraError } from '../../core/errors.js';
import { replyFor, type OutMessage } from '../reply.js';
import { listIntro, subscriptionListBlocks } from './blocks.js';
import { initialForm, subscriptionModal } from './modal.js';
import { t } from './texts.js';

/** Opens the "Assinar visão" modal for a view. */
export async function openSubscriptionModal(
  deps: BotDeps,
  client: WebClient,
  opts: { triggerId: string; viewer: Viewer; view: SavedView; channelId: string | null },
): Promise<void> {
  const modal = subscriptionModal({
    viewer: opts.viewer,
    view: opts.view,
    form: initialForm(opts.viewer, opts.channelId),
    meta: { viewId: opts.view.id, channelId: opts.channelId },
    now: deps.now(),
  });
  assertValidModal(modal);
  await client.views.open({ trigger_id: opts.triggerId, view: modal });
}

/**
 * After creating a channel subscription: make sure the bot can post there — join a public
 * channel, or say how to invite it to a private one. Returns a note for the user, if any.
 */
export async function checkChannelAccess(
  deps: BotDeps,
  client: WebClient,
  channelId: string,
): Promise<string | null> {
  const access = await botChannelAccess(deps, client, channelId);
  if (access === 'member' || access === 'joined') return null;
  if (access === 'archived') return texts.files.archived;
  if (access === 'group_dm') return t.groupDm;
  return t.inviteBot(channelId);
}

export function createdMessage(sub: Subscription, now: Date, note: string | null): OutMessage {
  const text = t.created(
    sub.id,
    subscriptionSummary(sub, { slack: true }),
    nextSendTimes(sub, now, 3),
  );
  return { text, blocks: [section(text), ...(note ? [section(note)] : [])] };
}

function quickDestination(quick: QuickForm, viewer: Viewer, inv: CommandInvocation) {
  const d = quick.destination;
  if (!d) {
    const here = isChannelId(inv.channelId);
    return here && canCreateSubscription(viewer, 'channel')
      ? { destination: 'channel' as const, channelId: inv.channelId }
      : { destination: 'dm' as const, channelId: null };
  }
  if (d.kind === 'channel') {
    if (d.channelId) return { destination: 'channel' as const, channelId: d.channelId };
    if (d.channelName === inv.channelName)
      return { destination: 'channel' as const, channelId: inv.channelId };
    throw new CarteiraError('invalid_input', t.unknownChannelName(d.channelName ?? ''));
  }
  return { destination: d.kind, channelId: null };
}

export async function handleSubscribeCommand(
  deps: BotDeps,
  inv: CommandInvocation,
  viewer: Viewer,
): Promise<void> {
  const reply = replyFor(inv);
  const text = inv.text.trim();
  if (!text) {
    await reply(t.subscribeUsage);
    return;
  }
  let quick: QuickForm;
  try {
    quick = parseQuickForm(text);
  } catch (parseError) {
    // Only a view name: the modal asks for the rest.
    let view: SavedView | null = null;
    try {
      view = await findView(deps.db, viewer, text);
    } catch (viewError) {
      // Not a view name either: fall through to the parse hint. Anything else is real.
      if (!isCarteiraError(viewError) || viewError.code !== 'view_not_found') throw viewError;
    }
    if (view) {
      await openSubscriptionModal(deps, inv.client, {
        triggerId: inv.triggerId,
        viewer,
        view,
        channelId: inv.channelId,
      });
      return;
    }
    if (isCarteiraError(parseError)) {
      await reply(`${esc(parseError.message)}\n${t.orOpenForm}`);
      return;
    }
    throw parseError;
  }
  const view = await findView(deps.db, viewer, quick.viewName);
  const where = quickDestination(quick, viewer, inv);
  const sub = await createSubscription(deps.db, {
    owner: viewer,
    input: {
      viewId: view.id,
      destination: where.destination,
      channelId: where.channelId,
      schedule: { ...quick.schedule, timezone: viewer.timezone },
      format: quick.format ?? 'table',
      skipEmpty: quick.skipEmpty,
    },
    now: deps.now(),
  });
  const note =
    sub.destination === 'channel' && sub.channelId
      ? await checkChannelAccess(deps, inv.client, sub.channelId)
      : null;
  await reply(createdMessage(sub, deps.now(), note));
}

/** The list with its buttons, as a message. */
export async function subscriptionsMessage(
  deps: BotDeps,
  viewer: Viewer,
  prefix?: string,
): Promise<OutMessage> {
  const subs = await listSubscriptions(deps.db, viewer);
  const countLine = subs.length ? listIntro(viewer, subs.length) : null;
  const intro = [prefix, countLine].filter(Boolean).join('\n');
  const blocks = subscriptionListBlocks(subs, viewer, deps.now(), {
    maxBlocks: 50,
    intro: intro || null,
  });
  return { text: prefix ?? countLine ?? t.list.empty, blocks };
}

export async function handleSubscriptionsCommand(
  deps: BotDeps,
  inv: CommandInvocation,
  viewer: Viewer,
): Promise<void> {
  await replyFor(inv)(await subscriptionsMessage(deps, viewer));
}
