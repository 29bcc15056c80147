import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ledgerDb } from '../delivery/schema.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getSubscription } from './get-subscription.js';
import { notifyWorker } from './notify.js';
import { loadSubscription, type Subscription } from './subscription.js';

/**
 * Sends again from the next occurrence on. The failure count restarts, and
 * `active_since` moves to now so the worker does not catch up on the paused weeks.
 */
export async function resumeSubscription(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  opts: { now: Date },
): Promise<Subscription> {
  const sub = await getSubscription(db, viewer, id);
  if (!sub.active) {
    const now = opts.now;
    await ledgerDb(db)
      .updateTable('subscriptions')
      .set({
        active: true,
        paused_reason: null,
        consecutive_failures: 0,
        active_since: now,
        updated_at: now,
      })
      .where('id', '=', sub.id)
      .execute();
    await notifyWorker(db, { kind: 'subscription', subscriptionId: sub.id });
  }
  return (await loadSubscription(db, sub.id))!;
}
