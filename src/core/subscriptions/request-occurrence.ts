/**
 * Asks the worker to deliver one occurrence, without a queue in core: an `occurrences` row
 * in status `requested`, plus a NOTIFY. The worker turns requested rows into jobs (on the
 * notification, and on a timer in case it was missed), and the ledger's unique
 * (subscription, scheduled time) makes a second request for the same occurrence a no-op.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ensureOccurrence, type OccurrenceRecord } from '../delivery/ledger.js';
import type { OccurrenceOrigin } from '../delivery/schema.js';
import { notifyWorker } from './notify.js';

/** `created` is false when the occurrence already existed (requested, delivered or given up). */
export type RequestedOccurrence = OccurrenceRecord;

export async function requestOccurrence(
  db: Kysely<DB>,
  opts: {
    subscriptionId: number;
    scheduledFor: Date;
    origin: Extract<OccurrenceOrigin, 'manual' | 'trigger'>;
    requestedBy?: number | null;
  },
): Promise<RequestedOccurrence> {
  const occurrence = await ensureOccurrence(db, opts);
  if (occurrence.created) {
    await notifyWorker(db, { kind: 'occurrence', subscriptionId: opts.subscriptionId });
  }
  return occurrence;
}
