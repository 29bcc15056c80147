/**
 * Imports a folder of ERP CSV files (docs/import-format.md) in one transaction:
 *
 *   const report = await importFolder({ database, folder: './exportacao', skipInvalid: true });
 *   process.stdout.write(formatImportReport(report));
 *
 * Files are stream-parsed and validated in JS (stage-file.ts), COPYed into TEMP staging
 * tables, then applied parent before child with set-based SQL (apply-entity.ts); the
 * summary of the projects that changed is refreshed, or rebuilt when more than ~100k
 * changed. With problems and no `skipInvalid`, or with `dryRun`, the whole transaction
 * is rolled back and the counts say what would have been written (the rolled-back
 * inserts still consume sequence values: ids may skip numbers).
 *
 * Imports never run concurrently (an advisory lock) and never delete anything: a row
 * missing from the export stays as it was.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { inTransaction, type Session } from '../db/session.js';
import { CarteiraError, isCarteiraError } from '../errors.js';
import { rebuildSummary, refreshSummary, vacuumSummary } from '../portfolio/summary.js';
import { applyEntity, type ApplyContext } from './apply-entity.js';
import { entities } from './entities.js';
import { HOOKS } from './entity-hooks.js';
import { FILES, type FileSpec, type Kind } from './files.js';
import { applyGoals, GOALS_FILE } from './goals-file.js';
import { IssueLog } from './issues.js';
import { stageFile, type StagedFile } from './stage-file.js';
import { startStaging, type StageOne, type Staging } from './staging.js';
import { FINGERPRINTED, loadFingerprints, type FingerprintIndex } from './fingerprints.js';
import {
  checksumFile,
  exportChecksum,
  findSettledImport,
  lastImportedFiles,
  recordImport,
  type ImportFileRecord,
  type NewImportRow,
} from './runs.js';
import type { ImportStatus } from '../db/schema.js';
import type { ImportFileReport, ImportOptions, ImportReport } from './types.js';
import { isInvalid, parseTimezone } from './values.js';
import { DEFAULT_TIMEZONE } from '../time/timezone.js';

/** Every file of the export, the goals last (they name stores and people of the others). */
const ALL_FILES: readonly FileSpec[] = [...FILES, GOALS_FILE];

/** The kind of each export file, by its name. */
const KIND_OF_FILE: ReadonlyMap<string, Kind> = new Map(ALL_FILES.map((f) => [f.file, f.kind]));

/** The table each export file fills: a reused file must find its rows still there. */
const TABLE_OF: Partial<Record<Kind, string>> = {
  stores: 'stores',
  salespeople: 'salespeople',
  specifiers: 'specifiers',
  clients: 'clients',
  projects: 'projects',
  contracts: 'contracts',
  environments: 'environments',
  orders: 'purchase_orders',
};

/**
 * What the import's transaction keeps beside its report: the staging to close once it has
 * ended, and the tables' row counts when the import began (when they were needed).
 */
interface Holder {
  staging?: Staging;
  counts?: Map<Kind, number>;
}

/**
 * The row counts after the import: those it began with plus the rows it inserted — imports
 * never delete, and nothing else writes these tables — or counted again (3.55M rooms: 0.5 s).
 */
async function tableRowsAfter(
  s: Session,
  report: ImportReport,
  before: Map<Kind, number> | undefined,
): Promise<Map<Kind, number>> {
  if (!before) return tableRows(s);
  const after = new Map(before);
  for (const f of report.files) {
    const kind = KIND_OF_FILE.get(f.file);
    if (kind !== undefined && after.has(kind)) after.set(kind, after.get(kind)! + f.inserted);
  }
  return after;
}

async function tableRows(s: Session): Promise<Map<Kind, number>> {
  const kinds = Object.keys(TABLE_OF) as Kind[];
  const [r] = await s.query<Record<string, number>>(
    `SELECT ${kinds.map((k) => `(SELECT count(*) FROM ${TABLE_OF[k]})::int AS ${k}`).join(', ')}`,
  );
  return new Map(kinds.map((k) => [k, r?.[k] ?? -1]));
}

/**
 * Files that need not be read: byte for byte the file of the latest successful import, which
 * imported every one of its rows, and whose table still has the row count it had then (a
 * truncated or restored database is read again). Goals are always read (they can be edited
 * in Slack since), and nothing is reused when lojas.csv is read again. Re-reading such a
 * file would change nothing: every row would be "sem mudança". Returns them with the
 * tables' row counts it read (none when no import came before: nothing to compare).
 */
async function reusableFiles(
  s: Session,
  sums: readonly Checked[],
): Promise<{ reused: Map<Kind, ImportFileRecord>; counts?: Map<Kind, number> }> {
  const out = new Map<Kind, ImportFileRecord>();
  const last = await lastImportedFiles(s);
  if (last.size === 0) return { reused: out };
  const counts = await tableRows(s);
  for (const c of sums) {
    const kind = KIND_OF_FILE.get(c.file);
    const prev = last.get(c.file);
    if (!kind || !prev || !TABLE_OF[kind]) continue;
    if (prev.checksum !== c.checksum || prev.skipped !== 0) continue;
    if (prev.tableRows === undefined || counts.get(kind) !== prev.tableRows) continue;
    out.set(kind, prev);
  }
  // Local times in every other file are read in their store's timezone: stores read again
  // (a timezone may have changed) means every file is read again.
  const storesFile = sums.some((c) => KIND_OF_FILE.get(c.file) === 'stores');
  if (storesFile && !out.has('stores')) out.clear();
  return { reused: out, counts };
}

/**
 * When lines equal to the last import's may be skipped (fingerprints.ts). Files are staged
 * parents first, so what a parent's changed lines do to its children is known in time: a
 * store's new timezone changes every local time (nothing is skipped after it), a project
 * moving to another store its contracts' and orders' times, a contract moving to another
 * project its rooms' check and its orders' times.
 */
class LineSkip {
  private off = new Set<Kind>();

  async fingerprints(s: Session, kind: Kind): Promise<FingerprintIndex | null> {
    const table = FINGERPRINTED.get(kind);
    if (!table || this.off.has(kind)) return null;
    return loadFingerprints(s, table);
  }

  async afterStaging(s: Session, file: StagedFile): Promise<void> {
    if (file.staged === 0) return;
    const { kind, stage } = file.spec;
    const test =
      kind === 'stores'
        ? `SELECT 1 FROM ${stage} s JOIN stores t ON t.code = s.code
            WHERE s.timezone IS NOT NULL AND s.timezone <> t.timezone`
        : kind === 'projects'
          ? `SELECT 1 FROM ${stage} s JOIN projects t ON t.code = s.code
               JOIN stores o ON o.id = t.store_id WHERE o.code <> s.store_code`
          : kind === 'contracts'
            ? `SELECT 1 FROM ${stage} s JOIN contracts t ON t.code = s.code
                 JOIN projects p ON p.id = t.project_id WHERE p.code <> s.project_code`
            : null;
    if (test === null) return;
    const [row] = await s.query<{ yes: boolean }>(`SELECT EXISTS (${test}) AS yes`);
    if (!row?.yes) return;
    const off: Kind[] =
      kind === 'stores'
        ? [...FINGERPRINTED.keys()]
        : kind === 'projects'
          ? ['contracts', 'orders']
          : ['environments', 'orders'];
    for (const k of off) this.off.add(k);
  }
}

/** Arbitrary constant: the advisory lock that serializes imports. */
const IMPORT_LOCK = 727_384_001;

async function findFiles(folder: string): Promise<Map<Kind, string>> {
  let names: string[];
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    names = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    throw new CarteiraError(
      'import_invalid',
      code === 'ENOTDIR'
        ? `${folder} não é uma pasta: informe a pasta com os arquivos CSV da exportação.`
        : `Pasta não encontrada: ${folder}. Informe a pasta com os arquivos CSV da exportação.`,
    );
  }
  const found = new Map<Kind, string>();
  for (const spec of ALL_FILES) {
    const name = names.filter((n) => n.toLowerCase() === spec.file).sort()[0];
    if (name !== undefined) found.set(spec.kind, join(folder, name));
  }
  if (found.size === 0) {
    throw new CarteiraError(
      'import_invalid',
      `Nenhum arquivo da exportação em ${folder}: esperado ao menos um de ${ALL_FILES.map((f) => f.file).join(', ')}.`,
    );
  }
  return found;
}

interface Checked {
  path: string;
  file: string;
  checksum: string;
  bytes: number;
}

async function checksums(paths: Map<Kind, string>): Promise<Checked[]> {
  const out: Checked[] = [];
  for (const spec of ALL_FILES) {
    const path = paths.get(spec.kind);
    if (path === undefined) continue;
    out.push({ path, file: spec.file, ...(await checksumFile(path)) });
  }
  return out;
}

function fileRecords(
  report: ImportReport,
  sums: readonly Checked[],
  counts?: Map<Kind, number>,
): ImportFileRecord[] {
  return sums.map((c) => {
    const f = report.files.find((x) => x.file === c.file);
    const rows = f?.rows ?? 0;
    const inserted = f?.inserted ?? 0;
    const updated = f?.updated ?? 0;
    const skipped = f?.skipped ?? 0;
    const kind = KIND_OF_FILE.get(c.file);
    const tableRows = kind === undefined ? undefined : counts?.get(kind);
    return {
      file: c.file,
      checksum: c.checksum,
      bytes: c.bytes,
      rows,
      new: inserted,
      updated,
      unchanged: Math.max(0, rows - inserted - updated - skipped),
      skipped,
      ...(f?.reused ? { reused: true } : {}),
      ...(tableRows !== undefined ? { tableRows } : {}),
    };
  });
}

function emptyReport(checksum: string, dryRun: boolean): ImportReport {
  return {
    files: [],
    issues: [],
    applied: false,
    dryRun,
    projectsRefreshed: 0,
    durationMs: 0,
    status: null,
    importId: null,
    checksum,
    finishedAt: null,
  };
}

/**
 * Imports the folder and records the run in `imports` (except a dry run). The record is
 * written in the same transaction as the data, under the import lock: the data work runs in
 * a savepoint, rolled back when the export is refused or the import fails, and the row that
 * says so is committed either way — so a second worker that gets the lock next always sees
 * the outcome of the first.
 */
export async function importFolder(opts: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const defaultTimezone = parseTimezone(opts.defaultTimezone ?? DEFAULT_TIMEZONE, 'fuso padrão');
  if (isInvalid(defaultTimezone))
    throw new CarteiraError('import_invalid', `${defaultTimezone.reason}.`);
  const dryRun = opts.dryRun ?? false;
  const startedAt = opts.now?.() ?? null;
  const record = (
    s: Session,
    row: Omit<NewImportRow, 'source' | 'origin' | 'startedAt' | 'finishedAt'>,
  ) =>
    recordImport(s, {
      ...row,
      source: opts.folder,
      origin: opts.origin ?? 'cli',
      startedAt,
      finishedAt: opts.now?.() ?? null,
    });

  let paths: Map<Kind, string>;
  let sums: Checked[];
  try {
    paths = await findFiles(opts.folder);
    sums = await checksums(paths);
  } catch (e) {
    // Nothing to import (no folder, no export file): recorded as refused, the reason as its
    // problem, unless it is a dry run or the worker already recorded this very folder.
    if (dryRun || !isCarteiraError(e)) throw e;
    const checksum = exportChecksum([]);
    const issues = [{ file: '', line: 0, reason: e.message }];
    const done = await inTransaction(opts.database, async (s) => {
      await s.query(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
      return record(s, {
        checksum,
        status: 'refused',
        files: [],
        issues,
        errorCount: 1,
        projectsRefreshed: 0,
        durationMs: performance.now() - started,
      });
    });
    if (!opts.once) throw e;
    return {
      ...emptyReport(checksum, dryRun),
      issues,
      status: 'refused',
      importId: done.id,
      finishedAt: done.finishedAt,
    };
  }
  const checksum = exportChecksum(sums);

  let failure: unknown = null;
  // The staging connection (staging.ts) is closed once the transaction has ended.
  const holder: Holder = {};
  const report = await inTransaction(opts.database, async (s) => {
    if (opts.once) {
      const [lock] = await s.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_xact_lock(${IMPORT_LOCK}) AS ok`,
      );
      if (!lock?.ok) return { ...emptyReport(checksum, dryRun), skipped: 'busy' as const };
      if (await findSettledImport(s, checksum))
        return { ...emptyReport(checksum, dryRun), skipped: 'duplicate' as const };
    } else {
      await s.query(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
    }
    await s.query('SAVEPOINT import_data');
    let r: ImportReport;
    try {
      r = await run(s, paths, defaultTimezone, opts, checksum, sums, holder);
    } catch (e) {
      failure = e;
      await s.query('ROLLBACK TO SAVEPOINT import_data');
      if (dryRun) throw e;
      const reason = isCarteiraError(e)
        ? e.message
        : `a importação falhou: ${(e as Error).message ?? String(e)}`;
      const done = await record(s, {
        checksum,
        status: isCarteiraError(e) ? 'refused' : 'failed',
        files: fileRecords(emptyReport(checksum, dryRun), sums),
        issues: [{ file: '', line: 0, reason }],
        errorCount: 1,
        projectsRefreshed: 0,
        durationMs: performance.now() - started,
      });
      return {
        ...emptyReport(checksum, dryRun),
        issues: [{ file: '', line: 0, reason }],
        status: isCarteiraError(e) ? ('refused' as const) : ('failed' as const),
        importId: done.id,
        finishedAt: done.finishedAt,
      };
    }
    if (!r.applied) await s.query('ROLLBACK TO SAVEPOINT import_data');
    else await s.query('RELEASE SAVEPOINT import_data');
    if (dryRun) return r;
    const status: ImportStatus = r.applied ? 'ok' : 'refused';
    const done = await record(s, {
      checksum,
      status,
      files: fileRecords(
        r,
        sums,
        r.applied ? await tableRowsAfter(s, r, holder.counts) : undefined,
      ),
      issues: r.issues,
      errorCount: r.issues.length,
      projectsRefreshed: r.applied ? r.projectsRefreshed : 0,
      durationMs: performance.now() - started,
    });
    return { ...r, status, importId: done.id, finishedAt: done.finishedAt };
  }).finally(() => holder.staging?.close());
  // The CLI shows the error as it always did; the worker reads the recorded outcome.
  if (failure && !opts.once) throw failure;
  if (report.applied && report.projectsRefreshed > 50_000) await vacuumSummary(opts.database);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

async function run(
  s: Session,
  paths: Map<Kind, string>,
  defaultTimezone: string,
  opts: ImportOptions,
  checksum: string,
  sums: readonly Checked[],
  holder: Holder,
): Promise<ImportReport> {
  // For this transaction only: hash joins and aggregates over a million codes stay in
  // memory, and no JIT (compiling these one-off statements costs more than it saves).
  // Passing rows from parallel workers is priced lower than the default (0.1): the
  // statements that resolve references write every row they read into a TEMP table, which
  // the default prices out of a parallel plan; with two workers they take ~20–40% less
  // (the 1M first load's five resolves: 9.2 s → 7.5 s).
  await s.query(`SET LOCAL work_mem = '128MB'`);
  await s.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  await s.query('SET LOCAL jit = off');
  await s.query('SET LOCAL parallel_tuple_cost = 0.01');
  await s.query(`CREATE TEMP TABLE imp_touched (project_id integer) ON COMMIT DROP`);

  const log = new IssueLog();
  const { reused, counts } = await reusableFiles(s, sums);
  holder.counts = counts;
  const lines = new LineSkip();
  const stageOne: StageOne = async (on, spec, schema) => {
    const path = paths.get(spec.kind);
    if (path === undefined) return null;
    const again = reused.get(spec.kind);
    if (again) {
      opts.onProgress?.({
        file: spec.file,
        rows: again.rows,
        bytesRead: again.bytes,
        bytesTotal: again.bytes,
        done: true,
      });
      return null;
    }
    // Staged beside the transaction only on a first load: nothing to compare lines with.
    const prints = schema === null ? await lines.fingerprints(on, spec.kind) : null;
    const file = await stageFile(on, spec, path, log, opts.onProgress, prints, schema);
    if (schema === null) await lines.afterStaging(on, file);
    return file;
  };
  const staging = await startStaging(opts.database, s, ALL_FILES, stageOne);
  holder.staging = staging;

  // Into empty tables every project is new: the summary is rebuilt whole, not tracked row by row.
  const ctx: ApplyContext = {
    s,
    log,
    touch: { rebuild: staging.firstLoad },
    now: opts.now?.() ?? null,
  };
  const files: ImportFileReport[] = [];
  for (const e of entities(defaultTimezone)) {
    const again = reused.get(e.kind);
    if (again) {
      files.push({
        file: again.file,
        rows: again.rows,
        inserted: 0,
        updated: 0,
        skipped: 0,
        reused: true,
      });
      continue;
    }
    const file = await staging.get(e.kind);
    if (!file) continue;
    const { inserted, updated } = await applyEntity(ctx, e, file, HOOKS[e.kind]);
    files.push({
      file: file.spec.file,
      rows: file.rows,
      inserted,
      updated,
      skipped: log.skippedIn(file.spec.file),
      ...(file.sameLines > 0 ? { sameLines: file.sameLines } : {}),
    });
  }

  const goals = await staging.get('goals');
  if (goals) {
    const { inserted, updated } = await applyGoals(ctx, goals);
    files.push({
      file: goals.spec.file,
      rows: goals.rows,
      inserted,
      updated,
      skipped: log.skippedIn(goals.spec.file),
    });
  }

  const dryRun = opts.dryRun ?? false;
  const failed = log.count > 0 && !opts.skipInvalid;
  const apply = !dryRun && !failed;
  let projectsRefreshed: number;
  if (ctx.touch.rebuild) {
    if (apply) await rebuildSummary(s);
    const [row] = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM projects');
    projectsRefreshed = row?.n ?? 0;
  } else {
    const ids = (
      await s.query<{ id: number }>(
        'SELECT DISTINCT project_id AS id FROM imp_touched WHERE project_id IS NOT NULL',
      )
    ).map((r) => r.id);
    if (apply) await refreshSummary(s, ids);
    projectsRefreshed = ids.length;
  }
  return {
    files,
    issues: log.sorted(ALL_FILES.map((f: FileSpec) => f.file)),
    applied: apply,
    dryRun,
    projectsRefreshed,
    durationMs: 0,
    status: null,
    importId: null,
    checksum,
    finishedAt: null,
  };
}
