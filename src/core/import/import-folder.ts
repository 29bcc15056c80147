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
import { CarteiraError } from '../errors.js';
import { rebuildSummary, refreshSummary, vacuumSummary } from '../portfolio/summary.js';
import { applyEntity, type ApplyContext } from './apply-entity.js';
import { entities } from './entities.js';
import { HOOKS } from './entity-hooks.js';
import { FILES, type FileSpec, type Kind } from './files.js';
import { applyGoals, GOALS_FILE } from './goals-file.js';
import { IssueLog } from './issues.js';
import { stageFile, type StagedFile } from './stage-file.js';
import type { ImportFileReport, ImportOptions, ImportReport } from './types.js';
import { isInvalid, parseTimezone } from './values.js';
import { DEFAULT_TIMEZONE } from '../time/timezone.js';

/** Every file of the export, the goals last (they name stores and people of the others). */
const ALL_FILES: readonly FileSpec[] = [...FILES, GOALS_FILE];

/** Arbitrary constant: the advisory lock that serializes imports. */
const IMPORT_LOCK = 727_384_001;

class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('rollback');
  }
}

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

export async function importFolder(opts: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const defaultTimezone = parseTimezone(opts.defaultTimezone ?? DEFAULT_TIMEZONE, 'fuso padrão');
  if (isInvalid(defaultTimezone))
    throw new CarteiraError('import_invalid', `${defaultTimezone.reason}.`);
  const paths = await findFiles(opts.folder);

  let report: ImportReport;
  try {
    report = await inTransaction(opts.database, async (s) => {
      const r = await run(s, paths, defaultTimezone, opts);
      if (!r.applied) throw new Rollback(r);
      return r;
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    report = e.report;
  }
  if (report.applied && report.projectsRefreshed > 50_000) await vacuumSummary(opts.database);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

async function run(
  s: Session,
  paths: Map<Kind, string>,
  defaultTimezone: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  await s.query(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
  // For this transaction only: hash joins and aggregates over a million codes stay in
  // memory, and no JIT (compiling these one-off statements costs more than it saves).
  await s.query(`SET LOCAL work_mem = '128MB'`);
  await s.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  await s.query('SET LOCAL jit = off');
  await s.query(`CREATE TEMP TABLE imp_touched (project_id integer) ON COMMIT DROP`);

  const log = new IssueLog();
  const staged = new Map<Kind, StagedFile>();
  for (const spec of ALL_FILES) {
    const path = paths.get(spec.kind);
    if (path !== undefined) staged.set(spec.kind, await stageFile(s, spec, path, log));
  }

  const ctx: ApplyContext = { s, log, touch: { rebuild: false } };
  const files: ImportFileReport[] = [];
  for (const e of entities(defaultTimezone)) {
    const file = staged.get(e.kind);
    if (!file) continue;
    const { inserted, updated } = await applyEntity(ctx, e, file, HOOKS[e.kind]);
    files.push({
      file: file.spec.file,
      rows: file.rows,
      inserted,
      updated,
      skipped: log.skippedIn(file.spec.file),
    });
  }

  const goals = staged.get('goals');
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
  };
}
