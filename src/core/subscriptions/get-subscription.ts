import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { CarteiraError } from '../errors.js';
import type { Viewer } from '../portfolio/viewer.js';
import { canManageSubscription } from '../access.js';
import { loadSubscription, type Subscription } from './subscription.js';

/**
 * A subscription the viewer may manage. One answer for "does not exist" and "not yours",
 * so ids of other stores' subscriptions reveal nothing.
 */
export async function getSubscription(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
): Promise<Subscription> {
  const sub = await loadSubscription(db, id);
  if (!sub || !canManageSubscription(viewer, sub)) {
    throw new CarteiraError(
      'subscription_not_found',
      `Assinatura #${id} não encontrada (ou você não pode gerenciá-la). Use \`/carteira assinaturas\` para ver as suas.`,
    );
  }
  return sub;
}
