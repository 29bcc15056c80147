/**
 * "Enviar agora": one extra delivery of a subscription, now. Its occurrence is the current
 * second; a second press within `windowMs` (a double click, an impatient user, a retried
 * Slack action) finds the first request and sends nothing more. Requests for the same
 * subscription are serialised by a row lock, so two simultaneous presses cannot both pass.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ledgerDb } from '../delivery/schema.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getSubscription } from './get-subscription.js';
import { notifyWorker } from './notify.js';
import { ensureOccurrence, OCCURRENCE_COLUMNS, toOccurrenceRecord } from '../delivery/ledger.js';
import type { RequestedOccurrence } from './request-occurrence.js';
import type { Subscription } from './subscription.js';

export const SEND_NOW_WINDOW_MS = 60_000;

export async function sendNow(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  opts: { now: Date; windowMs?: number },
): Promise<{ subscription: Subscription; occurrence: RequestedOccurrence }> {
  const subscription = await getSubscription(db, viewer, id);
  const now = opts.now;
  const scheduledFor = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const windowStart = new Date(now.getTime() - (opts.windowMs ?? SEND_NOW_WINDOW_MS));
  const occurrence = await ledgerDb(db)
    .transaction()
    .execute(async (trx) => {
      await trx.selectFrom('subscriptions').select('id').where('id', '=', id).forUpdate().execute();
      const recent = await trx
        .selectFrom('occurrences')
        .select(OCCURRENCE_COLUMNS)
        .where('subscription_id', '=', id)
        .where('origin', '=', 'manual')
        .where('scheduled_for', '>=', windowStart)
        .orderBy('scheduled_for', 'desc')
        .executeTakeFirst();
      if (recent) return toOccurrenceRecord(recent, false);
      // Taken when a scheduled occurrence falls on this very second: that one is the delivery.
      const occurrence = await ensureOccurrence(trx, {
        subscriptionId: id,
        scheduledFor,
        origin: 'manual',
        requestedBy: viewer.id,
      });
      if (occurrence.created) await notifyWorker(trx, { kind: 'occurrence', subscriptionId: id });
      return occurrence;
    });
  return { subscription, occurrence };
}
