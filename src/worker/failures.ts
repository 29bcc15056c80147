/**
 * A delivery that cannot succeed: recorded as failed, counted against its subscription
 * (once per occurrence), the owner told by DM — which subscription, why, how to fix it —
 * and the subscription paused after `pauseAfterFailures` failed occurrences in a row.
 */
import { failureNotice, ledgerError, pausedReason } from '../core/delivery/messages.js';
import { finishDelivery, registerFailure, type DeliveryRow } from '../core/delivery/ledger.js';
import { notifyWorker } from '../core/subscriptions/notify.js';
import type { Subscription } from '../core/subscriptions/subscription.js';
import type { WorkerContext } from './context.js';

export async function recordFailure(
  ctx: WorkerContext,
  opts: {
    subscription: Subscription;
    row: DeliveryRow;
    token: string;
    code: string;
    scope: 'subscription' | 'recipient';
    transient: boolean;
    recipientName?: string | null;
    channel?: string | null;
  },
): Promise<void> {
  const { subscription: sub, row } = opts;
  const log = ctx.logger.child({ deliveryId: row.id, subscriptionId: sub.id });
  await finishDelivery(ctx.db, row.id, opts.token, {
    status: 'failed',
    error: ledgerError(opts.code, { transient: opts.transient }),
    channel: opts.channel ?? null,
  });
  ctx.metrics.deliveries.inc({ status: 'failed' });
  log.warn({ code: opts.code, scope: opts.scope, transient: opts.transient }, 'delivery failed');
  // A fan-out recipient's own problem (deactivated user…) says nothing about the subscription.
  if (opts.scope === 'recipient') return;
  const result = await registerFailure(ctx.db, {
    subscriptionId: sub.id,
    scheduledFor: row.scheduledFor,
    pauseAfter: ctx.tuning.pauseAfterFailures,
    pausedReason: (n) => pausedReason(opts.code, n, { transient: opts.transient }),
  });
  if (!result.counted) return; // this occurrence already counted (and told) once
  if (result.paused) {
    log.warn({ failures: result.failures }, 'subscription paused after consecutive failures');
    await notifyWorker(ctx.db, { kind: 'subscription', subscriptionId: sub.id }).catch(() => {});
  }
  if (!sub.ownerSlackUserId) {
    log.warn('owner has no Slack link: failure not notified');
    return;
  }
  const text = failureNotice({
    subscription: sub,
    scheduledFor: row.scheduledFor,
    code: opts.code,
    transient: opts.transient,
    failures: result.failures,
    pauseAfter: ctx.tuning.pauseAfterFailures,
    paused: result.paused,
    recipientName: opts.recipientName,
  });
  try {
    await ctx.slack.dm(sub.ownerSlackUserId, text);
  } catch (e) {
    log.error({ err: e }, 'could not DM the owner about a failed delivery');
  }
}
