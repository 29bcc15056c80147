/**
 * Import runs as records (migration 0007, issue 14): every `carteira import` and every
 * import the worker makes from its watched folder leaves one `imports` row, and the
 * finish time of the latest successful one is how fresh every report is.
 *
 *   const run = await latestImport(db);                        // any status, or null
 *   const f = await dataFreshness(db, now, freshnessOptions(config));
 *   f.dataAsOf  // "2026-12-03T06:02:11-03:00" (company timezone) or null before any import
 *   f.line      // "Dados do ERP de 03/12/2026 06:02"
 *   f.warning   // "⚠️ Dados do ERP de 03/12/2026 06:02 — mais de 26 h sem importação" or null
 *
 * Other features (alerts, home views) read freshness from here; nothing else queries
 * `imports`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB, ImportStatus } from '../db/schema.js';
import type { Session } from '../db/session.js';
import { formatLocalDateTimeBr, isoWithOffset, localDate } from '../time/zoned.js';
import { DEFAULT_TIMEZONE } from '../time/timezone.js';
import type { ImportIssue } from './types.js';

export type { ImportStatus } from '../db/schema.js';

/** Reports warn past this many hours without a successful import (STALE_AFTER_HOURS). */
export const DEFAULT_STALE_AFTER_HOURS = 26;

/** Problems kept on an import's row (the count is always complete). */
export const MAX_RECORDED_ISSUES = 200;

/** One file of a run: its checksum and what the import did with its rows. */
export interface ImportFileRecord {
  file: string;
  /** sha256 of the file's bytes. */
  checksum: string;
  bytes: number;
  rows: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** True when the file was identical to the last successful import's and was not read. */
  reused?: boolean;
  /** Rows in the file's table when the import finished (tells whether it still holds them). */
  tableRows?: number;
}

export interface ImportRun {
  id: number;
  /** The folder imported (absolute path). */
  source: string;
  origin: 'cli' | 'worker';
  /** Identifies the export: sha256 over its files' names and checksums. */
  checksum: string;
  startedAt: Date;
  finishedAt: Date;
  status: ImportStatus;
  files: ImportFileRecord[];
  /** The first problems (MAX_RECORDED_ISSUES), as the import report lists them. */
  errors: ImportIssue[];
  errorCount: number;
  projectsRefreshed: number;
  durationMs: number;
}

type Row = {
  id: number;
  source: string;
  origin: 'cli' | 'worker';
  checksum: string;
  started_at: Date;
  finished_at: Date;
  status: ImportStatus;
  files: unknown;
  errors: unknown;
  error_count: number;
  projects_refreshed: number;
  duration_ms: number;
};

function toRun(r: Row): ImportRun {
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    id: r.id,
    source: r.source,
    origin: r.origin,
    checksum: r.checksum,
    startedAt: new Date(r.started_at),
    finishedAt: new Date(r.finished_at),
    status: r.status,
    files: json<ImportFileRecord[]>(r.files),
    errors: json<ImportIssue[]>(r.errors),
    errorCount: r.error_count,
    projectsRefreshed: r.projects_refreshed,
    durationMs: r.duration_ms,
  };
}

const COLUMNS = [
  'id',
  'source',
  'origin',
  'checksum',
  'started_at',
  'finished_at',
  'status',
  'files',
  'errors',
  'error_count',
  'projects_refreshed',
  'duration_ms',
] as const;

/** The latest import (by finish time), optionally only those with one status. */
export async function latestImport(
  db: Kysely<DB>,
  opts: { status?: ImportStatus } = {},
): Promise<ImportRun | null> {
  let q = db.selectFrom('imports').select(COLUMNS);
  if (opts.status) q = q.where('status', '=', opts.status);
  const r = await q
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toRun(r as Row) : null;
}

/** One run by id. */
export async function getImport(db: Kysely<DB>, id: number): Promise<ImportRun | null> {
  const r = await db.selectFrom('imports').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toRun(r as Row) : null;
}

/** The latest run of this export (by checksum) that ended ok or refused. */
export async function settledImportOf(db: Kysely<DB>, checksum: string): Promise<ImportRun | null> {
  const r = await db
    .selectFrom('imports')
    .select(COLUMNS)
    .where('checksum', '=', checksum)
    .where('status', 'in', ['ok', 'refused'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toRun(r as Row) : null;
}

/** The latest imports, newest first (`carteira imports list`). */
export async function listImports(db: Kysely<DB>, limit = 20): Promise<ImportRun[]> {
  const rows = await db
    .selectFrom('imports')
    .select(COLUMNS)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.max(1, Math.min(1000, Math.floor(limit))))
    .execute();
  return rows.map((r) => toRun(r as Row));
}

/**
 * The successful import that finished on the local day `date` (`AAAA-MM-DD` in `timezone`),
 * or null: "today's import" for the subscriptions that wait for it.
 */
export async function importFinishedOn(
  db: Kysely<DB>,
  date: string,
  timezone: string,
): Promise<ImportRun | null> {
  // The day of `finished_at` in the company's timezone, by PostgreSQL's own zone rules.
  const r = await db
    .selectFrom('imports')
    .select(COLUMNS)
    .where('status', '=', 'ok')
    .where(
      sql<string>`(finished_at AT TIME ZONE ${timezone})::date`,
      '=',
      sql<string>`${date}::date`,
    )
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toRun(r as Row) : null;
}

// ---------------------------------------------------------------------------------------
// Freshness

export interface FreshnessOptions {
  /** The company timezone (CARTEIRA_TIMEZONE): how the time is written. */
  timezone: string;
  staleAfterHours: number;
}

export const DEFAULT_FRESHNESS: FreshnessOptions = {
  timezone: DEFAULT_TIMEZONE,
  staleAfterHours: DEFAULT_STALE_AFTER_HOURS,
};

export function freshnessOptions(
  config: Pick<Config, 'CARTEIRA_TIMEZONE' | 'STALE_AFTER_HOURS'>,
): FreshnessOptions {
  return {
    timezone: config.CARTEIRA_TIMEZONE ?? DEFAULT_TIMEZONE,
    staleAfterHours: config.STALE_AFTER_HOURS ?? DEFAULT_STALE_AFTER_HOURS,
  };
}

/** How fresh the data of a report is: what every renderer prints (docs/report-format.md). */
export interface DataFreshness {
  /** Finish of the latest successful import, ISO 8601 with the company offset; null before any. */
  dataAsOf: string | null;
  /** "Dados do ERP de 03/12/2026 06:02", or null before any import. */
  line: string | null;
  /** True when the latest successful import is older than `staleAfterHours`. */
  stale: boolean;
  /** "⚠️ Dados do ERP de 03/12/2026 06:02 — mais de 26 h sem importação" when stale, else null. */
  warning: string | null;
}

export const NO_FRESHNESS: DataFreshness = {
  dataAsOf: null,
  line: null,
  stale: false,
  warning: null,
};

function hours(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n).replace('.', ',');
}

/** The freshness of data last imported at `finishedAt` (null: never), seen at `now`. */
export function freshnessOf(
  finishedAt: Date | null,
  now: Date,
  opts: FreshnessOptions,
): DataFreshness {
  if (!finishedAt) return NO_FRESHNESS;
  const when = formatLocalDateTimeBr(finishedAt, opts.timezone);
  const line = `Dados do ERP de ${when}`;
  const stale = now.getTime() - finishedAt.getTime() > opts.staleAfterHours * 3_600_000;
  return {
    dataAsOf: isoWithOffset(finishedAt, opts.timezone),
    line,
    stale,
    warning: stale ? `⚠️ ${line} — mais de ${hours(opts.staleAfterHours)} h sem importação` : null,
  };
}

/** The freshness of the data now: from the latest successful import. */
export async function dataFreshness(
  db: Kysely<DB>,
  now: Date,
  opts: FreshnessOptions = DEFAULT_FRESHNESS,
): Promise<DataFreshness> {
  const r = await db
    .selectFrom('imports')
    .select('finished_at')
    .where('status', '=', 'ok')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return freshnessOf(r ? new Date(r.finished_at) : null, now, opts);
}

/** The local day (company timezone) a stale notice belongs to: one DM per day. */
export function staleNoticeKey(now: Date, timezone: string): string {
  return `stale:${localDate(now, timezone)}`;
}

// ---------------------------------------------------------------------------------------
// Checksums and recording (used by import-folder.ts)

/** sha256 of a file's bytes, streamed, and its size. */
export async function checksumFile(path: string): Promise<{ checksum: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    bytes += b.length;
    hash.update(b);
  }
  return { checksum: hash.digest('hex'), bytes };
}

/** The export's checksum: over its files' (lower-cased) names and checksums, in name order. */
export function exportChecksum(files: readonly { path: string; checksum: string }[]): string {
  const hash = createHash('sha256');
  const lines = files.map((f) => `${basename(f.path).toLowerCase()}\t${f.checksum}\n`).sort();
  for (const l of lines) hash.update(l);
  return hash.digest('hex');
}

/** An import of this export that ended ok or refused (a failed one may be retried). */
export async function findSettledImport(
  s: Session,
  checksum: string,
): Promise<{ id: number; status: ImportStatus } | null> {
  const [r] = await s.query<{ id: number; status: ImportStatus }>(
    `SELECT id, status FROM imports WHERE checksum = $1 AND status IN ('ok', 'refused')
      ORDER BY id DESC LIMIT 1`,
    [checksum],
  );
  return r ?? null;
}

/** Per file, its record in the latest successful import. */
export async function lastImportedFiles(s: Session): Promise<Map<string, ImportFileRecord>> {
  const [r] = await s.query<{ files: unknown }>(
    `SELECT files FROM imports WHERE status = 'ok' ORDER BY finished_at DESC, id DESC LIMIT 1`,
  );
  const out = new Map<string, ImportFileRecord>();
  if (!r) return out;
  const files = (typeof r.files === 'string' ? JSON.parse(r.files) : r.files) as ImportFileRecord[];
  for (const f of files) out.set(f.file, f);
  return out;
}

export interface NewImportRow {
  source: string;
  origin: 'cli' | 'worker';
  checksum: string;
  /** From the caller's clock; null: the database's clock. */
  startedAt: Date | null;
  finishedAt: Date | null;
  status: ImportStatus;
  files: ImportFileRecord[];
  issues: readonly ImportIssue[];
  errorCount: number;
  projectsRefreshed: number;
  durationMs: number;
}

/** Writes one run; returns its id and finish time. */
export async function recordImport(
  s: Session,
  row: NewImportRow,
): Promise<{ id: number; finishedAt: Date }> {
  const [r] = await s.query<{ id: number; finished_at: Date }>(
    `INSERT INTO imports (source, origin, checksum, started_at, finished_at, status, files,
        errors, error_count, projects_refreshed, duration_ms)
      VALUES ($1, $2, $3, COALESCE($4::timestamptz, now()), COALESCE($5::timestamptz, clock_timestamp()),
        $6, $7::jsonb, $8::jsonb, $9, $10, $11)
      RETURNING id, finished_at`,
    [
      row.source,
      row.origin,
      row.checksum,
      row.startedAt?.toISOString() ?? null,
      row.finishedAt?.toISOString() ?? null,
      row.status,
      JSON.stringify(row.files),
      JSON.stringify(row.issues.slice(0, MAX_RECORDED_ISSUES)),
      row.errorCount,
      row.projectsRefreshed,
      Math.round(row.durationMs),
    ],
  );
  return { id: r!.id, finishedAt: new Date(r!.finished_at) };
}

/** Whether an import row exists that started at or after `since` (IMPORT_SCHEDULE). */
export async function importedSince(db: Kysely<DB>, since: Date): Promise<boolean> {
  const r = await db
    .selectFrom('imports')
    .select(sql<number>`1`.as('one'))
    .where('origin', '=', 'worker')
    .where('status', 'in', ['ok', 'refused'])
    .where('started_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
