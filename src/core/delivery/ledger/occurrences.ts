/**
 * Occurrences (one per subscription and scheduled time) and the planning of their
 * ledger rows, one per recipient. Inserts are ON CONFLICT DO NOTHING: any number of jobs
 * for the same occurrence plan it once.
 */
import { sql } from 'kysely';
import { ledgerDb, type OccurrenceOrigin, type OccurrenceStatus } from '../schema.js';
import { DELIVERY_COLUMNS, toRow, type AnyDb, type DeliveryRow } from './rows.js';

// ---------------------------------------------------------------------------------------
// Occurrences

export interface OccurrenceRecord {
  id: number;
  subscriptionId: number;
  scheduledFor: Date;
  origin: OccurrenceOrigin;
  status: OccurrenceStatus;
  late: boolean;
  /** True when this call created the row. */
  created: boolean;
}

/** The columns of an occurrence a caller needs, and their mapping to `OccurrenceRecord`. */
export const OCCURRENCE_COLUMNS = [
  'id',
  'subscription_id',
  'scheduled_for',
  'origin',
  'status',
  'late',
] as const;

export function toOccurrenceRecord(
  row: {
    id: number | string;
    subscription_id: number;
    scheduled_for: Date;
    origin: OccurrenceOrigin;
    status: OccurrenceStatus;
    late: boolean;
  },
  created: boolean,
): OccurrenceRecord {
  return {
    id: Number(row.id),
    subscriptionId: row.subscription_id,
    scheduledFor: row.scheduled_for,
    origin: row.origin,
    status: row.status,
    late: row.late,
    created,
  };
}

/**
 * The occurrence row, created in status `requested` (= "to be planned") when absent. The
 * first writer's origin sticks: a catch-up job for an occurrence the scheduler already
 * recorded finds the scheduler's row. Works inside a transaction (pass it as `db`).
 */
export async function ensureOccurrence(
  db: AnyDb,
  opts: {
    subscriptionId: number;
    scheduledFor: Date;
    origin: OccurrenceOrigin;
    /** Who asked ("Enviar agora"); the CLI operator (id 0) is recorded as nobody. */
    requestedBy?: number | null;
  },
): Promise<OccurrenceRecord> {
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
  if (inserted) return toOccurrenceRecord(inserted, true);
  const existing = await ldb
    .selectFrom('occurrences')
    .select(OCCURRENCE_COLUMNS)
    .where('subscription_id', '=', opts.subscriptionId)
    .where('scheduled_for', '=', opts.scheduledFor)
    .executeTakeFirstOrThrow();
  return toOccurrenceRecord(existing, false);
}

export async function markOccurrence(
  db: AnyDb,
  id: number,
  set: { status: OccurrenceStatus; late?: boolean; recipients?: number; note?: string | null },
): Promise<void> {
  await ledgerDb(db)
    .updateTable('occurrences')
    .set({
      status: set.status,
      ...(set.late !== undefined ? { late: set.late } : {}),
      ...(set.recipients !== undefined ? { recipients: set.recipients } : {}),
      ...(set.note !== undefined ? { note: set.note } : {}),
      planned_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Records an occurrence as given up: the occurrence and one ledger row (recipient '') in
 * status `missed`, so the history shows the gap. Does nothing if the occurrence exists.
 */
export async function recordMissed(
  db: AnyDb,
  opts: { subscriptionId: number; scheduledFor: Date; origin: OccurrenceOrigin; note: string },
): Promise<boolean> {
  return ledgerDb(db)
    .transaction()
    .execute(async (trx) => {
      const occ = await trx
        .insertInto('occurrences')
        .values({
          subscription_id: opts.subscriptionId,
          scheduled_for: opts.scheduledFor,
          origin: opts.origin,
          status: 'missed',
          late: true,
          note: opts.note,
          planned_at: sql<Date>`now()`,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'scheduled_for']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!occ) return false;
      await trx
        .insertInto('deliveries')
        .values({
          subscription_id: opts.subscriptionId,
          scheduled_for: opts.scheduledFor,
          recipient: '',
          status: 'missed',
          late: true,
          origin: opts.origin,
          note: opts.note,
        })
        .onConflict((oc) =>
          oc.columns(['subscription_id', 'scheduled_for', 'recipient']).doNothing(),
        )
        .execute();
      return true;
    });
}

/** Turns an occurrence that was `requested` or being planned into `missed` (and its ledger row). */
export async function markOccurrenceMissed(
  db: AnyDb,
  occurrence: OccurrenceRecord,
  note: string,
): Promise<void> {
  await ledgerDb(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('occurrences')
        .set({ status: 'missed', late: true, note, planned_at: sql<Date>`now()` })
        .where('id', '=', occurrence.id)
        .where('status', '=', 'requested')
        .execute();
      await trx
        .insertInto('deliveries')
        .values({
          subscription_id: occurrence.subscriptionId,
          scheduled_for: occurrence.scheduledFor,
          recipient: '',
          status: 'missed',
          late: true,
          origin: occurrence.origin,
          note,
        })
        .onConflict((oc) =>
          oc.columns(['subscription_id', 'scheduled_for', 'recipient']).doNothing(),
        )
        .execute();
    });
}

// ---------------------------------------------------------------------------------------
// Planning

export interface PlannedRecipient {
  /** '' for the subscription's own destination; the salesperson id for fan-out. */
  recipient: string;
  status: 'pending' | 'skipped' | 'failed';
  note?: string | null;
  error?: string | null;
}

/** Inserts the ledger rows of an occurrence; rows that exist are left alone. */
export async function createDeliveries(
  db: AnyDb,
  opts: {
    subscriptionId: number;
    scheduledFor: Date;
    origin: OccurrenceOrigin;
    late: boolean;
    recipients: PlannedRecipient[];
  },
): Promise<void> {
  if (opts.recipients.length === 0) return;
  await ledgerDb(db)
    .insertInto('deliveries')
    .values(
      opts.recipients.map((r) => ({
        subscription_id: opts.subscriptionId,
        scheduled_for: opts.scheduledFor,
        recipient: r.recipient,
        status: r.status,
        late: opts.late,
        origin: opts.origin,
        note: r.note ?? null,
        error: r.error ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'scheduled_for', 'recipient']).doNothing())
    .execute();
}

/** Ledger rows of an occurrence not yet finished (pending or sending). */
export async function openDeliveries(
  db: AnyDb,
  subscriptionId: number,
  scheduledFor: Date,
): Promise<DeliveryRow[]> {
  const rows = await ledgerDb(db)
    .selectFrom('deliveries')
    .select(DELIVERY_COLUMNS)
    .where('subscription_id', '=', subscriptionId)
    .where('scheduled_for', '=', scheduledFor)
    .where('status', 'in', ['pending', 'sending'])
    .orderBy('id')
    .execute();
  return rows.map(toRow);
}
