/**
 * Claims on ledger rows: taking one (or taking over a stale one), the fenced writes
 * that follow (write-ahead marks, results, heartbeat, finish) and giving it back.
 */
import { elapsedMs } from '../../clock.js';
import { sql, type ExpressionBuilder, type UpdateObject } from 'kysely';
import { ledgerDb, type LedgerDB } from '../schema.js';
import { DELIVERY_COLUMNS, isTerminal, ms, toRow, type AnyDb, type DeliveryRow } from './rows.js';

// ---------------------------------------------------------------------------------------
// Claims

export type ClaimResult =
  | { kind: 'claimed'; row: DeliveryRow; takeover: boolean }
  | { kind: 'done'; row: DeliveryRow }
  | { kind: 'busy'; row: DeliveryRow; retryAt: Date }
  | { kind: 'gone' };

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
  return { kind: 'busy', row, retryAt: new Date(elapsedMs() + wait + 250) };
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
    /** What a sent delivery showed and what changed since the previous one (changes.ts). */
    snapshot?: unknown;
    changes?: unknown;
  },
): Promise<boolean> {
  return fenced(db, id, token, {
    ...(result.snapshot !== undefined ? { snapshot: JSON.stringify(result.snapshot) } : {}),
    ...(result.changes !== undefined
      ? { changes: result.changes === null ? null : JSON.stringify(result.changes) }
      : {}),
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
