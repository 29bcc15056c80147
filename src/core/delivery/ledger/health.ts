/**
 * Subscription health: the failure streak that pauses a subscription, and its reset.
 */
import { sql } from 'kysely';
import { ledgerDb } from '../schema.js';
import { type AnyDb } from './rows.js';

// ---------------------------------------------------------------------------------------
// Subscription health

/**
 * Counts a failed occurrence against its subscription (once per occurrence, however many
 * recipients failed) and pauses the subscription when `pauseAfter` failures in a row are
 * reached. Returns the count and whether this call paused it.
 */
export async function registerFailure(
  db: AnyDb,
  opts: {
    subscriptionId: number;
    scheduledFor: Date;
    pauseAfter: number;
    pausedReason: (failures: number) => string;
  },
): Promise<{ counted: boolean; failures: number; paused: boolean }> {
  return ledgerDb(db)
    .transaction()
    .execute(async (trx) => {
      const first = await trx
        .updateTable('occurrences')
        .set({ failure_counted: true })
        .where('subscription_id', '=', opts.subscriptionId)
        .where('scheduled_for', '=', opts.scheduledFor)
        .where('failure_counted', '=', false)
        .executeTakeFirst();
      const sub = await trx
        .selectFrom('subscriptions')
        .select(['consecutive_failures', 'active'])
        .where('id', '=', opts.subscriptionId)
        .forUpdate()
        .executeTakeFirst();
      if (!sub) return { counted: false, failures: 0, paused: false };
      if (Number(first.numUpdatedRows) === 0) {
        return { counted: false, failures: sub.consecutive_failures, paused: false };
      }
      const failures = sub.consecutive_failures + 1;
      const pause = sub.active && failures >= opts.pauseAfter;
      await trx
        .updateTable('subscriptions')
        .set({
          consecutive_failures: failures,
          updated_at: sql<Date>`now()`,
          ...(pause ? { active: false, paused_reason: opts.pausedReason(failures) } : {}),
        })
        .where('id', '=', opts.subscriptionId)
        .execute();
      return { counted: true, failures, paused: pause };
    });
}

/** A delivery went through: the failure streak is over. */
export async function registerSuccess(db: AnyDb, subscriptionId: number): Promise<void> {
  await ledgerDb(db)
    .updateTable('subscriptions')
    .set({ consecutive_failures: 0 })
    .where('id', '=', subscriptionId)
    .where('consecutive_failures', '>', 0)
    .execute();
}
