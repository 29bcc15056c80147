/**
 * The delivery ledger: one row per (subscription, scheduled time, recipient), and the only
 * thing that decides whether a report is posted. Every write that follows a claim is
 * fenced by the claim token (`claimed_by`), so a worker that lost its claim (it stalled,
 * another took over) can no longer change the row.
 *
 * Life of a row: `pending` → claimed (`sending`, token, attempts + 1) → write-ahead mark
 * (`post_started_at` / `pending_file_id`) → Slack call → result recorded (`slack_ts`,
 * `slack_file_id`) → `sent` | `skipped` | `failed`. A failed attempt that may be retried
 * releases the claim (back to `pending`, marks kept). A crashed worker's claim goes stale
 * after `staleMs` and may be taken over; the marks tell the next worker to check Slack
 * before posting again.
 */
import { sql, type ExpressionBuilder, type Kysely, type UpdateObject } from 'kysely';
import type { DB, DeliveryStatus } from '../db/schema.js';
import { ledgerDb, type LedgerDB, type OccurrenceOrigin, type OccurrenceStatus } from './schema.js';

type AnyDb = Kysely<DB> | Kysely<LedgerDB>;

export const TERMINAL_STATUSES: readonly DeliveryStatus[] = ['sent', 'skipped', 'failed', 'missed'];

export interface DeliveryRow {
  id: number;
  subscriptionId: number;
  scheduledFor: Date;
  recipient: string;
  status: DeliveryStatus;
  origin: OccurrenceOrigin;
  late: boolean;
  attempts: number;
  claimedBy: string | null;
  claimedAt: Date | null;
  slackChannel: string | null;
  slackTs: string | null;
  slackFileId: string | null;
  pendingFileId: string | null;
  postStartedAt: Date | null;
  fileStartedAt: Date | null;
  rowCount: number | null;
}

const DELIVERY_COLUMNS = [
  'id',
  'subscription_id',
  'scheduled_for',
  'recipient',
  'status',
  'origin',
  'late',
  'attempts',
  'claimed_by',
  'claimed_at',
  'slack_channel',
  'slack_ts',
  'slack_file_id',
  'pending_file_id',
  'post_started_at',
  'file_started_at',
  'row_count',
] as const;

interface RawDelivery {
  id: number | string;
  subscription_id: number;
  scheduled_for: Date;
  recipient: string;
  status: DeliveryStatus;
  origin: OccurrenceOrigin;
  late: boolean;
  attempts: number;
  claimed_by: string | null;
  claimed_at: Date | null;
  slack_channel: string | null;
  slack_ts: string | null;
  slack_file_id: string | null;
  pending_file_id: string | null;
  post_started_at: Date | null;
  file_started_at: Date | null;
  row_count: number | null;
}

function toRow(r: RawDelivery): DeliveryRow {
  return {
    id: Number(r.id),
    subscriptionId: r.subscription_id,
    scheduledFor: r.scheduled_for,
    recipient: r.recipient,
    status: r.status,
    origin: r.origin,
    late: r.late,
    attempts: r.attempts,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at,
    slackChannel: r.slack_channel,
    slackTs: r.slack_ts,
    slackFileId: r.slack_file_id,
    pendingFileId: r.pending_file_id,
    postStartedAt: r.post_started_at,
    fileStartedAt: r.file_started_at,
    rowCount: r.row_count,
  };
}

export function isTerminal(status: DeliveryStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export async function getDelivery(db: AnyDb, id: number): Promise<DeliveryRow | null> {
  const r = await ledgerDb(db)
    .selectFrom('deliveries')
    .select(DELIVERY_COLUMNS)
    .where('id', '=', String(id))
    .executeTakeFirst();
  return r ? toRow(r) : null;
}

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
      planned_at: new Date(),
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
          planned_at: new Date(),
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
        .set({ status: 'missed', late: true, note, planned_at: new Date() })
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

// ---------------------------------------------------------------------------------------
// Claims

export type ClaimResult =
  | { kind: 'claimed'; row: DeliveryRow; takeover: boolean }
  | { kind: 'done'; row: DeliveryRow }
  | { kind: 'busy'; row: DeliveryRow; retryAt: Date }
  | { kind: 'gone' };

const ms = (n: number) => sql`(${n}::double precision * interval '1 millisecond')`;

/**
 * A delivery nobody is working on: still pending, or claimed by a worker whose claim is
 * older than `staleMs` (it died). Claiming and skipping use the same rule.
 */
function claimable(staleMs: number) {
  return (eb: ExpressionBuilder<LedgerDB, 'deliveries'>) =>
    eb.or([
      eb('status', '=', 'pending'),
      eb.and([
        eb('status', '=', 'sending'),
        eb('claimed_at', '<', sql<Date>`now() - ${ms(staleMs)}`),
      ]),
    ]);
}

/**
 * Claims a row for `token`: a pending row, or one whose claim is older than `staleMs`
 * (its worker crashed or stalled). `takeover` says the previous claim was abandoned, so a
 * post may already exist. Times are the database's clock, shared by every worker.
 */
export async function claimDelivery(
  db: AnyDb,
  id: number,
  token: string,
  staleMs: number,
): Promise<ClaimResult> {
  const ldb = ledgerDb(db);
  const claimed = await ldb
    .updateTable('deliveries')
    .set({
      status: 'sending',
      claimed_by: token,
      claimed_at: sql<Date>`now()`,
      attempts: sql<number>`attempts + 1`,
    })
    .where('id', '=', String(id))
    .where(claimable(staleMs))
    .returning(DELIVERY_COLUMNS)
    .executeTakeFirst();
  if (claimed) {
    const row = toRow(claimed);
    return {
      kind: 'claimed',
      row,
      takeover: row.postStartedAt !== null || row.fileStartedAt !== null,
    };
  }
  const current = await ldb
    .selectFrom('deliveries')
    .select([
      ...DELIVERY_COLUMNS,
      sql<Date>`claimed_at + ${ms(staleMs)}`.as('stale_at'),
      sql<Date>`now()`.as('db_now'),
    ])
    .where('id', '=', String(id))
    .executeTakeFirst();
  if (!current) return { kind: 'gone' };
  const row = toRow(current);
  if (isTerminal(row.status)) return { kind: 'done', row };
  if (row.status === 'pending') return claimDelivery(db, id, token, staleMs);
  // Someone else holds a live claim: come back when it would go stale (in our clock).
  const wait = Math.max(0, current.stale_at.getTime() - current.db_now.getTime());
  return { kind: 'busy', row, retryAt: new Date(Date.now() + wait + 250) };
}

async function fenced(
  db: AnyDb,
  id: number,
  token: string,
  set: UpdateObject<LedgerDB, 'deliveries'>,
): Promise<boolean> {
  const r = await ledgerDb(db)
    .updateTable('deliveries')
    .set(set)
    .where('id', '=', String(id))
    .where('claimed_by', '=', token)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Write-ahead mark: a chat.postMessage is about to be sent. */
export const markPostStarted = (db: AnyDb, id: number, token: string) =>
  fenced(db, id, token, { post_started_at: sql<Date>`now()` });

/** The post certainly did not happen (Slack refused it): forget the mark. */
export const clearPostStarted = (db: AnyDb, id: number, token: string) =>
  fenced(db, id, token, { post_started_at: null });

export const recordPost = (
  db: AnyDb,
  id: number,
  token: string,
  post: { channel: string; ts: string },
) => fenced(db, id, token, { slack_channel: post.channel, slack_ts: post.ts });

/** Write-ahead mark: this uploaded file is about to be shared to the channel. */
export const markFileStarted = (db: AnyDb, id: number, token: string, fileId: string) =>
  fenced(db, id, token, { pending_file_id: fileId, file_started_at: sql<Date>`now()` });

export const clearFileStarted = (db: AnyDb, id: number, token: string) =>
  fenced(db, id, token, { pending_file_id: null, file_started_at: null });

export const recordFile = (
  db: AnyDb,
  id: number,
  token: string,
  file: { channel: string; fileId: string },
) =>
  fenced(db, id, token, {
    slack_channel: file.channel,
    slack_file_id: file.fileId,
    pending_file_id: null,
  });

/** Keeps a long delivery's claim fresh so nobody takes it over while it works. */
export const heartbeat = (db: AnyDb, id: number, token: string) =>
  fenced(db, id, token, { claimed_at: sql<Date>`now()` });

export async function finishDelivery(
  db: AnyDb,
  id: number,
  token: string,
  result: {
    status: 'sent' | 'skipped' | 'failed';
    rowCount?: number | null;
    late?: boolean;
    note?: string | null;
    error?: string | null;
    channel?: string | null;
  },
): Promise<boolean> {
  return fenced(db, id, token, {
    status: result.status,
    ...(result.status === 'sent' ? { sent_at: sql<Date>`now()`, error: null } : {}),
    ...(result.rowCount !== undefined ? { row_count: result.rowCount } : {}),
    ...(result.late !== undefined ? { late: result.late } : {}),
    ...(result.note !== undefined ? { note: result.note } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.channel ? { slack_channel: result.channel } : {}),
  });
}

/** Gives a claim back (a retry will take it): the write-ahead marks stay. */
export async function releaseDelivery(
  db: AnyDb,
  id: number,
  token: string,
  error?: string,
): Promise<boolean> {
  return fenced(db, id, token, {
    status: 'pending',
    claimed_by: null,
    claimed_at: null,
    ...(error !== undefined ? { error } : {}),
  });
}

/**
 * On shutdown: gives back this worker's claims that have not reached Slack yet. Claims
 * with a write-ahead mark stay until they go stale: the call may still be in flight.
 */
export async function releaseWorkerClaims(db: AnyDb, workerId: string): Promise<number> {
  const r = await ledgerDb(db)
    .updateTable('deliveries')
    .set({ status: 'pending', claimed_by: null, claimed_at: null })
    .where('status', '=', 'sending')
    .where(sql<boolean>`starts_with(claimed_by, ${`${workerId}/`})`)
    .where('post_started_at', 'is', null)
    .where('file_started_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Skips a row nobody is working on (e.g. its subscription was paused before its turn): a
 * pending row, or one whose claim is older than `staleMs` (its worker crashed). Returns
 * whether the row changed; a live claim is left to its worker.
 */
export async function skipPending(
  db: AnyDb,
  id: number,
  note: string,
  staleMs: number,
): Promise<boolean> {
  const r = await ledgerDb(db)
    .updateTable('deliveries')
    .set({ status: 'skipped', note })
    .where('id', '=', String(id))
    .where(claimable(staleMs))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

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

// ---------------------------------------------------------------------------------------
// Subscription health

/**
 * Counts a failed occurrence against its subscription (once per occurrence, however many
 * recipients failed) and pauses the subscription when `pauseAfter` failures in a row are
 * reached. Returns the count and whether this call paused it.
 */
export async function registerFailure(
  db: AnyDb,
  opts: {
    subscriptionId: number;
    scheduledFor: Date;
    pauseAfter: number;
    pausedReason: (failures: number) => string;
  },
): Promise<{ counted: boolean; failures: number; paused: boolean }> {
  return ledgerDb(db)
    .transaction()
    .execute(async (trx) => {
      const first = await trx
        .updateTable('occurrences')
        .set({ failure_counted: true })
        .where('subscription_id', '=', opts.subscriptionId)
        .where('scheduled_for', '=', opts.scheduledFor)
        .where('failure_counted', '=', false)
        .executeTakeFirst();
      const sub = await trx
        .selectFrom('subscriptions')
        .select(['consecutive_failures', 'active'])
        .where('id', '=', opts.subscriptionId)
        .forUpdate()
        .executeTakeFirst();
      if (!sub) return { counted: false, failures: 0, paused: false };
      if (Number(first.numUpdatedRows) === 0) {
        return { counted: false, failures: sub.consecutive_failures, paused: false };
      }
      const failures = sub.consecutive_failures + 1;
      const pause = sub.active && failures >= opts.pauseAfter;
      await trx
        .updateTable('subscriptions')
        .set({
          consecutive_failures: failures,
          updated_at: new Date(),
          ...(pause ? { active: false, paused_reason: opts.pausedReason(failures) } : {}),
        })
        .where('id', '=', opts.subscriptionId)
        .execute();
      return { counted: true, failures, paused: pause };
    });
}

/** A delivery went through: the failure streak is over. */
export async function registerSuccess(db: AnyDb, subscriptionId: number): Promise<void> {
  await ledgerDb(db)
    .updateTable('subscriptions')
    .set({ consecutive_failures: 0 })
    .where('id', '=', subscriptionId)
    .where('consecutive_failures', '>', 0)
    .execute();
}
