import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getSubscription } from './get-subscription.js';
import { notifyWorker } from './notify.js';
import type { Subscription } from './subscription.js';

/** Deletes a subscription and its delivery history; a delivery in flight finds it gone and stops. */
export async function deleteSubscription(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
): Promise<Subscription> {
  const sub = await getSubscription(db, viewer, id);
  await db.deleteFrom('subscriptions').where('id', '=', sub.id).execute();
  await notifyWorker(db, { kind: 'subscription', subscriptionId: sub.id });
  return sub;
}
