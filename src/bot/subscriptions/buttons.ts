/**
 * The list's buttons: Pausar · Retomar · Enviar agora · Histórico · Excluir. Each value is
 * a subscription id; core checks the clicker may manage it (owner, gerente of the store,
 * admin). A list message is replaced by the refreshed list with the outcome on top; from
 * the App Home the Home is republished and the outcome goes by DM.
 */
import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { deleteSubscription } from '../../core/subscriptions/delete-subscription.js';
import { pauseSubscription } from '../../core/subscriptions/pause-subscription.js';
import { resumeSubscription } from '../../core/subscriptions/resume-subscription.js';
import { formatOccurrence } from '../../core/subscriptions/schedule.js';
import { sendNow } from '../../core/subscriptions/send-now.js';
import { subscriptionHistory } from '../../core/subscriptions/subscription-history.js';
import { destinationLabel, nextSendTimes } from '../../core/subscriptions/texts.js';
import type { ActionArgs, ActionContext } from '../actions/action-context.js';
import { esc } from '../blocks/elements.js';
import { publishHome } from '../home/publish-home.js';
import { requireViewer } from '../require-viewer.js';
import { historyBlocks, subscriptionIdFrom } from './blocks.js';
import { subscriptionsMessage } from './commands.js';
import { t } from './texts.js';

type Work = (
  ctx: ActionContext,
  viewer: Viewer,
  id: number,
  client: WebClient,
) => Promise<string | null>;

async function refreshHome(ctx: ActionContext, client: WebClient, viewer: Viewer): Promise<void> {
  try {
    await publishHome(ctx.deps, client, ctx.userId, viewer);
  } catch (e) {
    ctx.deps.logger.warn({ err: e }, 'could not refresh the App Home after a subscription change');
  }
}

/**
 * The subscription id a button carries and who clicked it; null (after telling an unlinked
 * user how to link) when there is nothing to do.
 */
async function clicked(
  ctx: ActionContext,
  args: ActionArgs,
): Promise<{ id: number; viewer: Viewer } | null> {
  const id = subscriptionIdFrom(ctx.value);
  if (id === null) return null;
  const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
  return viewer ? { id, viewer } : null;
}

/** Runs a change, then shows the outcome with the refreshed list (or Home). */
function listButton(work: Work) {
  return async (ctx: ActionContext, args: ActionArgs): Promise<void> => {
    const who = await clicked(ctx, args);
    if (!who) return;
    const { id, viewer } = who;
    const outcome = await work(ctx, viewer, id, args.client);
    if (outcome === null) return;
    if (ctx.fromHome) {
      await refreshHome(ctx, args.client, viewer);
      await ctx.reply(outcome);
      return;
    }
    await ctx.reply.replace(await subscriptionsMessage(ctx.deps, viewer, outcome));
  };
}

export const pauseButton = listButton(async (ctx, viewer, id) => {
  const sub = await pauseSubscription(ctx.deps.db, viewer, id);
  return t.paused(sub.id);
});

export const resumeButton = listButton(async (ctx, viewer, id) => {
  const sub = await resumeSubscription(ctx.deps.db, viewer, id, { now: ctx.deps.now() });
  return t.resumed(sub.id, nextSendTimes(sub, ctx.deps.now(), 3));
});

export const deleteButton = listButton(async (ctx, viewer, id) => {
  const sub = await deleteSubscription(ctx.deps.db, viewer, id);
  return t.deleted(sub.id, esc(sub.viewName));
});

/** "Enviar agora": queued for the worker; a repeated press within a minute sends nothing more. */
export async function sendNowButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const who = await clicked(ctx, args);
  if (!who) return;
  const { id, viewer } = who;
  const { subscription, occurrence } = await sendNow(ctx.deps.db, viewer, id, {
    now: ctx.deps.now(),
  });
  await ctx.reply(
    occurrence.created
      ? t.sendNowQueued(subscription.id, destinationLabel(subscription, { slack: true }))
      : t.sendNowDuplicate(
          subscription.id,
          formatOccurrence(occurrence.scheduledFor, subscription.timezone),
        ),
  );
}

/** "Histórico": the last 10 deliveries, privately. */
export async function historyButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const who = await clicked(ctx, args);
  if (!who) return;
  const { id, viewer } = who;
  const { subscription, deliveries } = await subscriptionHistory(ctx.deps.db, viewer, id, {
    limit: 10,
  });
  await ctx.reply({
    text: t.history.header(subscription.id),
    blocks: historyBlocks(subscription, deliveries),
  });
}
