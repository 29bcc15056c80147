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
import {
  OCCURRENCE_COLUMNS,
  toRequestedOccurrence,
  type RequestedOccurrence,
} from './request-occurrence.js';
import type { Subscription } from './subscription.js';

export const SEND_NOW_WINDOW_MS = 60_000;

export async function sendNow(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  opts: { now?: Date; windowMs?: number } = {},
): Promise<{ subscription: Subscription; occurrence: RequestedOccurrence }> {
  const subscription = await getSubscription(db, viewer, id);
  const now = opts.now ?? new Date();
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
      if (recent) return toRequestedOccurrence(recent, false);
      const row = await trx
        .insertInto('occurrences')
        .values({
          subscription_id: id,
          scheduled_for: scheduledFor,
          origin: 'manual',
          status: 'requested',
          requested_by: viewer.id > 0 ? viewer.id : null,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'scheduled_for']).doNothing())
        .returning(OCCURRENCE_COLUMNS)
        .executeTakeFirst();
      if (!row) {
        // A scheduled occurrence at this very second: that one is the delivery.
        const same = await trx
          .selectFrom('occurrences')
          .select(OCCURRENCE_COLUMNS)
          .where('subscription_id', '=', id)
          .where('scheduled_for', '=', scheduledFor)
          .executeTakeFirstOrThrow();
        return toRequestedOccurrence(same, false);
      }
      await notifyWorker(trx, { kind: 'occurrence', subscriptionId: id });
      return toRequestedOccurrence(row, true);
    });
  return { subscription, occurrence };
}
