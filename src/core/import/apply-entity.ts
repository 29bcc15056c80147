/**
 * Applies one staged file to its table, set-based:
 * 1. drop repeated keys (the first occurrence wins);
 * 2. resolve every reference into a TEMP table (`imp_r_<kind>`: one LEFT JOIN pass);
 * 3. report the rows whose references do not resolve, and the entity's own checks, and
 *    drop them (a later file referencing one of them is then told it was skipped);
 * 4. UPDATE the existing rows that differ, INSERT the new ones, recording which
 *    projects changed in `imp_touched` for the summary refresh.
 *
 * Updating only rows that differ keeps a re-import of the same export a no-op, and not
 * using INSERT … ON CONFLICT keeps it from burning a sequence value per existing row.
 */
import type { Session } from '../db/session.js';
import { FINGERPRINT_FIELD, type EntitySql, type Reference } from './entities.js';
import { fileOf } from './files.js';
import { relaxTable, restoreTable, type RelaxedTable } from '../db/bulk-load.js';
import type { IssueLog } from './issues.js';
import type { StagedFile } from './stage-file.js';
import { tuning } from './tuning.js';

export interface TouchState {
  /** True once so many projects changed that the summary will be rebuilt. */
  rebuild: boolean;
}

export interface ApplyContext {
  s: Session;
  log: IssueLog;
  touch: TouchState;
  /**
   * The import's instant from the injected clock (ImportOptions.now), written as the time of
   * the changes it records (goal history); null when no clock was given: the database's.
   */
  now?: Date | null;
}

export interface RowIssue {
  line: number;
  key: string;
  reason: string;
}

export interface EntityHooks {
  /** Checks over the resolved rows (after the reference checks). */
  validate?(ctx: ApplyContext, resolved: string, staged: StagedFile): Promise<RowIssue[]>;
  beforeWrite?(ctx: ApplyContext, resolved: string, staged: StagedFile): Promise<void>;
  /** Runs after the insert; returns the ids of existing rows it changed (counted as updated). */
  afterWrite?(
    ctx: ApplyContext,
    resolved: string,
    staged: StagedFile,
    written: { updatedIds: number[] },
  ): Promise<number[]>;
}

export interface EntityResult {
  inserted: number;
  updated: number;
}

function q(s: string): string {
  return `"${s}"`;
}

export function missingReason(ctx: ApplyContext, ref: Reference, key: string): string {
  const parent = fileOf(ref.parent);
  const line = ctx.log.skippedLine(ref.parent, key);
  if (line !== undefined) {
    return `${ref.label} ${q(key)} foi ${ref.feminine ? 'ignorada' : 'ignorado'} (${parent.file}, linha ${line})`;
  }
  return `${ref.label} ${q(key)} não existe (nem em ${parent.file} nem no banco)`;
}

async function removeDuplicates(ctx: ApplyContext, staged: StagedFile): Promise<number> {
  const pairs = staged.duplicateCandidates;
  if (pairs.length === 0) return 0;
  const { spec } = staged;
  const keyCol = spec.stageColumns[0]![0];
  const rows = await ctx.s.query<{ line: number; key: string }>(
    `SELECT line, ${keyCol} AS key FROM ${spec.stage} WHERE line = ANY($1::int[])`,
    [[...new Set(pairs)]],
  );
  const linesByKey = new Map<string, number[]>();
  for (const r of rows) {
    const list = linesByKey.get(r.key);
    if (list) list.push(r.line);
    else linesByKey.set(r.key, [r.line]);
  }
  const drop: number[] = [];
  for (const [key, lines] of linesByKey) {
    if (lines.length < 2) continue;
    lines.sort((a, b) => a - b);
    for (const line of lines.slice(1)) {
      drop.push(line);
      // The key stays valid (its first row is imported), so it is not registered as skipped.
      ctx.log.skip(
        spec.kind,
        spec.file,
        line,
        null,
        `${spec.keyLabel} ${q(key)} repetido no arquivo (já aparece na linha ${lines[0]}; vale a primeira)`,
      );
    }
  }
  if (drop.length > 0)
    await ctx.s.query(`DELETE FROM ${spec.stage} WHERE line = ANY($1::int[])`, [drop]);
  return drop.length;
}

async function dropLines(
  ctx: ApplyContext,
  resolved: string,
  issues: RowIssue[],
  staged: StagedFile,
): Promise<void> {
  if (issues.length === 0) return;
  const byLine = new Map<number, RowIssue>();
  for (const i of issues) {
    const prev = byLine.get(i.line);
    if (prev) prev.reason += `; ${i.reason}`;
    else byLine.set(i.line, { ...i });
  }
  for (const i of byLine.values())
    ctx.log.skip(staged.spec.kind, staged.spec.file, i.line, i.key, i.reason);
  await ctx.s.query(`DELETE FROM ${resolved} WHERE line = ANY($1::int[])`, [[...byLine.keys()]]);
}

async function referenceIssues(
  ctx: ApplyContext,
  e: EntitySql,
  resolved: string,
): Promise<RowIssue[]> {
  if (e.refs.length === 0) return [];
  const missing = e.refs.map((r) => `(${r.column} IS NOT NULL AND ${r.field} IS NULL)`);
  const rows = await ctx.s.query<Record<string, unknown>>(
    `SELECT line, key, ${e.refs.map((r, i) => `${r.column}, ${missing[i]} AS miss_${i}`).join(', ')}
       FROM ${resolved} WHERE ${missing.join(' OR ')}`,
  );
  return rows.map((row) => ({
    line: row.line as number,
    key: row.key as string,
    reason: e.refs
      .filter((_, i) => row[`miss_${i}`] === true)
      .map((ref) => missingReason(ctx, ref, row[ref.column] as string))
      .join('; '),
  }));
}

async function recordTouches(ctx: ApplyContext): Promise<void> {
  if (ctx.touch.rebuild) return;
  const [row] = await ctx.s.query<{ n: number }>(
    'SELECT count(DISTINCT project_id)::int AS n FROM imp_touched',
  );
  if ((row?.n ?? 0) > tuning.rebuildProjects) {
    ctx.touch.rebuild = true;
    await ctx.s.query('TRUNCATE imp_touched');
  }
}

/**
 * Refreshes the table's statistics when the rows changed since they were last taken — by this
 * import and by earlier ones (`n_mod_since_analyze`) — are a tenth of the table or more, the
 * share autovacuum waits for: the joins later in the import plan with them. A daily export's
 * 10,000 changed projects of 1M leave them as they were (and 0.3 s). The estimate `reltuples`
 * may already count the rows just inserted (building an index after a load sets it), so they
 * are taken off: in doubt, the table is analyzed.
 */
async function analyzeIfChanged(
  ctx: ApplyContext,
  table: string,
  result: EntityResult,
): Promise<void> {
  const [row] = await ctx.s.query<{ n: number; earlier: number }>(
    `SELECT c.reltuples::float8 AS n, coalesce(st.n_mod_since_analyze, 0)::float8 AS earlier
       FROM pg_class c LEFT JOIN pg_stat_user_tables st ON st.relid = c.oid
      WHERE c.oid = $1::regclass`,
    [table],
  );
  const before = Math.max(0, (row?.n ?? 0) - result.inserted);
  const changed = result.inserted + result.updated + (row?.earlier ?? 0);
  if (changed >= 0.1 * before) await ctx.s.query(`ANALYZE ${table}`);
}

export async function applyEntity(
  ctx: ApplyContext,
  e: EntitySql,
  staged: StagedFile,
  hooks: EntityHooks = {},
): Promise<EntityResult> {
  const { s } = ctx;
  const { spec } = staged;
  const result: EntityResult = { inserted: 0, updated: 0 };
  if (staged.staged === 0) return result;
  const removed = await removeDuplicates(ctx, staged);
  if (staged.staged - removed === 0) return result;

  const resolved = `imp_r_${e.kind}`;
  const refCols = e.refs.map((r) => `s.${r.column}`);
  const fieldCols = e.fields.map((f) => `${f.expr} AS ${f.column}`);
  await s.query(
    `CREATE TEMP TABLE ${resolved} ON COMMIT DROP AS
     SELECT ${['s.line', `s.${e.key} AS key`, 't.id AS id', ...refCols, ...fieldCols, ...e.keep].join(', ')}
       FROM ${spec.stage} s LEFT JOIN ${e.table} t ON t.${e.key} = s.${e.key}
       ${e.joins}`,
  );

  // One pass counts everything; the detailed queries only run when something is wrong.
  const missing = e.refs.map((r) => `(${r.column} IS NOT NULL AND ${r.field} IS NULL)`);
  const stats = async () => {
    const [row] = await s.query<{ total: number; fresh: number; bad: number; flagged: number }>(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE id IS NULL))::int AS fresh,
              (count(*) FILTER (WHERE ${missing.length ? missing.join(' OR ') : 'false'}))::int AS bad,
              (count(*) FILTER (WHERE ${e.flag ?? 'false'}))::int AS flagged
         FROM ${resolved}`,
    );
    return row ?? { total: 0, fresh: 0, bad: 0, flagged: 0 };
  };
  let counts = await stats();
  if (counts.bad > 0) {
    await dropLines(ctx, resolved, await referenceIssues(ctx, e, resolved), staged);
    counts = await stats();
  }
  if (hooks.validate && (e.flag === undefined || counts.flagged > 0)) {
    const issues = await hooks.validate(ctx, resolved, staged);
    if (issues.length > 0) {
      await dropLines(ctx, resolved, issues, staged);
      counts = await stats();
    }
  }
  const { total, fresh } = counts;
  if (total === 0) return result;

  if (hooks.beforeWrite) await hooks.beforeWrite(ctx, resolved, staged);
  let relaxed: RelaxedTable | null = null;
  if (fresh >= tuning.relaxRows) {
    // Into an empty table (a first load), the key and the unique code are built afterwards too.
    const [row] = await s.query<{ empty: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM ${e.table}) AS empty`,
    );
    relaxed = await relaxTable(s, e.table, { keys: row?.empty === true });
  }

  let updatedIds: number[] = [];
  const present = e.fields.filter((f) => f.csv.every((c) => staged.present.has(c)));
  // The fingerprint is written with the values but is not one: a line that changed only in
  // how it is written (1.000,00 for 1000) updates the fingerprint alone, uncounted.
  const compared = present.filter((f) => f !== FINGERPRINT_FIELD);
  const fingerprint = present.includes(FINGERPRINT_FIELD);
  if (total > fresh && compared.length > 0) {
    const set = present.map((f) => `${f.column} = r.${f.column}`).join(', ');
    const before = compared.map((f) => `t.${f.column}`).join(', ');
    const after = compared.map((f) => `r.${f.column}`).join(', ');
    const touch = e.touchUpdated && !ctx.touch.rebuild;
    const collect = hooks.afterWrite !== undefined;
    const [row] = await s.query<{ n: number; ids: number[] | null }>(
      `WITH upd AS (
         UPDATE ${e.table} t SET ${set} FROM ${resolved} r
          WHERE t.id = r.id AND ROW(${before}) IS DISTINCT FROM ROW(${after})
          RETURNING ${e.updateReturning})
       ${touch ? `, tch AS (INSERT INTO imp_touched (project_id) ${e.touchUpdated})` : ''}
       SELECT count(*)::int AS n${collect ? ', array_agg(id) AS ids' : ''} FROM upd`,
    );
    result.updated = row?.n ?? 0;
    updatedIds = row?.ids ?? [];
    if (fingerprint) {
      await s.query(
        `UPDATE ${e.table} t SET import_hash = r.import_hash FROM ${resolved} r
          WHERE t.id = r.id AND t.import_hash IS DISTINCT FROM r.import_hash`,
      );
    }
  }
  if (fresh > 0) {
    const cols = e.fields.map((f) => f.column);
    const insert = `INSERT INTO ${e.table} (${e.key}, ${cols.join(', ')})
         SELECT r.key, ${cols.map((c) => `r.${c}`).join(', ')} FROM ${resolved} r WHERE r.id IS NULL`;
    if (e.touchInserted && !ctx.touch.rebuild) {
      const [row] = await s.query<{ n: number }>(
        `WITH ins AS (${insert} RETURNING ${e.insertReturning}),
              tch AS (INSERT INTO imp_touched (project_id) ${e.touchInserted})
         SELECT count(*)::int AS n FROM ins`,
      );
      result.inserted = row?.n ?? 0;
    } else {
      // Nothing to record per row (the summary is rebuilt, or the table has no projects):
      // no RETURNING rows to keep, 1.5 s of the 3.55M rooms' insert.
      result.inserted = await s.execute(insert);
    }
  }
  if (relaxed) await restoreTable(s, relaxed);

  if (hooks.afterWrite) {
    const more = await hooks.afterWrite(ctx, resolved, staged, { updatedIds });
    result.updated = new Set([...updatedIds, ...more]).size;
  }
  if (result.inserted + result.updated >= tuning.analyzeRows)
    await analyzeIfChanged(ctx, e.table, result);
  if ((e.touchUpdated && result.updated > 0) || (e.touchInserted && result.inserted > 0))
    await recordTouches(ctx);
  return result;
}
