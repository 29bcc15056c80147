/**
 * Asks the worker to deliver one occurrence, without a queue in core: an `occurrences` row
 * in status `requested`, plus a NOTIFY. The worker turns requested rows into jobs (on the
 * notification, and on a timer in case it was missed), and the ledger's unique
 * (subscription, scheduled time) makes a second request for the same occurrence a no-op.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ledgerDb, type OccurrenceOrigin, type OccurrenceStatus } from '../delivery/schema.js';
import { notifyWorker } from './notify.js';

export interface RequestedOccurrence {
  id: number;
  subscriptionId: number;
  scheduledFor: Date;
  origin: OccurrenceOrigin;
  status: OccurrenceStatus;
  /** False when the occurrence already existed (requested, delivered or given up before). */
  created: boolean;
}

interface OccurrenceRow {
  id: number | string;
  subscription_id: number;
  scheduled_for: Date;
  origin: OccurrenceOrigin;
  status: OccurrenceStatus;
}

export const OCCURRENCE_COLUMNS = [
  'id',
  'subscription_id',
  'scheduled_for',
  'origin',
  'status',
] as const;

export function toRequestedOccurrence(row: OccurrenceRow, created: boolean): RequestedOccurrence {
  return {
    id: Number(row.id),
    subscriptionId: row.subscription_id,
    scheduledFor: row.scheduled_for,
    origin: row.origin,
    status: row.status,
    created,
  };
}

export async function requestOccurrence(
  db: Kysely<DB>,
  opts: {
    subscriptionId: number;
    scheduledFor: Date;
    origin: Extract<OccurrenceOrigin, 'manual' | 'trigger'>;
    requestedBy?: number | null;
  },
): Promise<RequestedOccurrence> {
  const ldb = ledgerDb(db);
  const inserted = await ldb
    .insertInto('occurrences')
    .values({
      subscription_id: opts.subscriptionId,
      scheduled_for: opts.scheduledFor,
      origin: opts.origin,
      status: 'requested',
      requested_by: opts.requestedBy && opts.requestedBy > 0 ? opts.requestedBy : null,
    })
    .onConflict((oc) => oc.columns(['subscription_id', 'scheduled_for']).doNothing())
    .returning(OCCURRENCE_COLUMNS)
    .executeTakeFirst();
  if (inserted) {
    await notifyWorker(db, { kind: 'occurrence', subscriptionId: opts.subscriptionId });
    return toRequestedOccurrence(inserted, true);
  }
  const existing = await ldb
    .selectFrom('occurrences')
    .select(OCCURRENCE_COLUMNS)
    .where('subscription_id', '=', opts.subscriptionId)
    .where('scheduled_for', '=', opts.scheduledFor)
    .executeTakeFirstOrThrow();
  return toRequestedOccurrence(existing, false);
}
