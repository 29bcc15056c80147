import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ledgerDb } from '../delivery/schema.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getSubscription } from './get-subscription.js';
import { notifyWorker } from './notify.js';
import { loadSubscription, type Subscription } from './subscription.js';

/** Stops sending (the worker drops its schedule); history and settings stay. */
export async function pauseSubscription(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  opts: { reason?: string } = {},
): Promise<Subscription> {
  const sub = await getSubscription(db, viewer, id);
  await ledgerDb(db)
    .updateTable('subscriptions')
    .set({
      active: false,
      paused_reason: opts.reason ?? `pausada por ${viewer.name}`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', sub.id)
    .execute();
  await notifyWorker(db, { kind: 'subscription', subscriptionId: sub.id });
  return (await loadSubscription(db, sub.id))!;
}
