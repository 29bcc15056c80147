import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { subscriptionsVisibleTo } from '../access.js';
import type { Viewer } from '../portfolio/viewer.js';
import { subscriptionQuery, toSubscription, type Subscription } from './subscription.js';

/**
 * Subscriptions a viewer sees in `/carteira assinaturas`: `mine` — the ones they own;
 * `manageable` (default) — what the access rule lets them manage (../access.ts).
 * Active first, then oldest first.
 */
export async function listSubscriptions(
  db: Kysely<DB>,
  viewer: Viewer,
  opts: { scope?: 'mine' | 'manageable' } = {},
): Promise<Subscription[]> {
  const rows = await subscriptionQuery(db)
    .where(subscriptionsVisibleTo(viewer, opts.scope ?? 'manageable', 'o', 's'))
    .orderBy('s.active', 'desc')
    .orderBy('s.id')
    .execute();
  return rows.map(toSubscription);
}

/** Every subscription, for operators (CLI) and the worker. */
export async function listAllSubscriptions(
  db: Kysely<DB>,
  opts: { activeOnly?: boolean } = {},
): Promise<Subscription[]> {
  let q = subscriptionQuery(db);
  if (opts.activeOnly) q = q.where('s.active', '=', true);
  const rows = await q.orderBy('s.id').execute();
  return rows.map(toSubscription);
}
