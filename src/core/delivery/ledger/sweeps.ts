/**
 * What the worker's reconciler sweeps up: occurrences requested by the bot or the CLI,
 * and ledger rows that no job is carrying any more.
 */
import { sql } from 'kysely';
import { ledgerDb, type OccurrenceOrigin } from '../schema.js';
import { DELIVERY_COLUMNS, ms, toRow, type AnyDb, type DeliveryRow } from './rows.js';

// ---------------------------------------------------------------------------------------
// Sweeps (the worker's reconciler)

/** Occurrences waiting for a worker (requested by the bot or the CLI, or never planned). */
export async function requestedOccurrences(
  db: AnyDb,
  opts: { limit?: number; olderThanMs?: number; origins?: readonly OccurrenceOrigin[] } = {},
): Promise<
  {
    id: number;
    subscriptionId: number;
    scheduledFor: Date;
    origin: OccurrenceOrigin;
    createdAt: Date;
  }[]
> {
  let q = ledgerDb(db)
    .selectFrom('occurrences')
    .select(['id', 'subscription_id', 'scheduled_for', 'origin', 'created_at'])
    .where('status', '=', 'requested');
  if (opts.olderThanMs) q = q.where('created_at', '<', sql<Date>`now() - ${ms(opts.olderThanMs)}`);
  if (opts.origins) {
    if (opts.origins.length === 0) return [];
    q = q.where('origin', 'in', opts.origins);
  }
  const rows = await q
    .orderBy('created_at')
    .limit(opts.limit ?? 500)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    subscriptionId: r.subscription_id,
    scheduledFor: r.scheduled_for,
    origin: r.origin,
    createdAt: r.created_at,
  }));
}

/**
 * Rows that should be moving but may have no job: pending for longer than `pendingMs`
 * (their job was lost with Redis, or never added), or claimed longer than `staleMs` ago.
 */
export async function orphanDeliveries(
  db: AnyDb,
  opts: { pendingMs: number; staleMs: number; limit?: number },
): Promise<DeliveryRow[]> {
  const rows = await ledgerDb(db)
    .selectFrom('deliveries')
    .select(DELIVERY_COLUMNS)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'pending'),
          eb('created_at', '<', sql<Date>`now() - ${ms(opts.pendingMs)}`),
        ]),
        eb.and([
          eb('status', '=', 'sending'),
          eb('claimed_at', '<', sql<Date>`now() - ${ms(opts.staleMs)}`),
        ]),
      ]),
    )
    .orderBy('id')
    .limit(opts.limit ?? 500)
    .execute();
  return rows.map(toRow);
}
