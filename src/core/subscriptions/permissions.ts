/**
 * Who may do what with subscriptions (docs/domain.md, "Who sees what"):
 * - anyone linked may subscribe their own DM to a view they can see;
 * - channels and "cada responsável em privado" need a gerente or an admin;
 * - the owner, a gerente of the owner's store or an admin may pause, resume, delete,
 *   send now and read the history.
 * A subscription always runs with its owner's rights, whoever manages it.
 */
import type { Destination } from '../db/schema.js';
import { CarteiraError } from '../errors.js';
import type { Viewer } from '../portfolio/viewer.js';
import type { Subscription } from './subscription.js';

export function canCreate(owner: Viewer, destination: Destination): boolean {
  return destination === 'dm' || owner.role === 'gerente' || owner.role === 'admin';
}

export function assertCanCreate(owner: Viewer, destination: Destination): void {
  if (canCreate(owner, destination)) return;
  throw new CarteiraError(
    'forbidden',
    destination === 'channel'
      ? 'Como vendedor, você pode assinar visões só na sua DM. Para enviar a um canal, peça a um gerente ou administrador.'
      : 'Enviar para cada responsável em privado precisa de um gerente ou administrador. Você pode assinar na sua DM.',
    { field: 'destination' },
  );
}

export function canManage(
  viewer: Viewer,
  sub: Pick<Subscription, 'ownerId' | 'ownerStoreId'>,
): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.id === sub.ownerId) return true;
  return viewer.role === 'gerente' && viewer.storeId === sub.ownerStoreId;
}
