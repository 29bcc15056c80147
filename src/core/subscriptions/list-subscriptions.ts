import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Viewer } from '../portfolio/viewer.js';
import { subscriptionQuery, toSubscription, type Subscription } from './subscription.js';

/**
 * Subscriptions a viewer sees in `/carteira assinaturas`: `mine` — the ones they own;
 * `manageable` (default) — a vendedor's own, a gerente's whole store (by the owner's
 * store), an admin's everything. Active first, then oldest first.
 */
export async function listSubscriptions(
  db: Kysely<DB>,
  viewer: Viewer,
  opts: { scope?: 'mine' | 'manageable' } = {},
): Promise<Subscription[]> {
  let q = subscriptionQuery(db);
  const scope = opts.scope ?? 'manageable';
  if (scope === 'mine' || viewer.role === 'vendedor') q = q.where('s.owner_id', '=', viewer.id);
  else if (viewer.role === 'gerente') q = q.where('o.store_id', '=', viewer.storeId);
  const rows = await q.orderBy('s.active', 'desc').orderBy('s.id').execute();
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
