/**
 * Starter views at scale, per scope, beside a hand-written "aggregate on read" SQL query
 * for the same answer (the approach the floor in docs/benchmarks.md measured first). Both are
 * checked to return the same number of rows, so the ratio compares equal work.
 */
import { systemClock } from '../src/core/clock.js';
import { sql } from 'kysely';
import type { Database } from '../src/core/db/database.js';
import { runReport } from '../src/core/portfolio/query.js';
import { loadViewer, subordinatesOf, type Viewer } from '../src/core/portfolio/viewer.js';
import { listViews } from '../src/core/views/views.js';
import { resolvePeriod } from '../src/core/portfolio/query.js';
import { fmt, timeRuns } from './stats.js';

type Scope = { kind: 'all' } | { kind: 'store'; id: number } | { kind: 'people'; ids: number[] };

/** Aggregate-on-read SQL for the three starter views (no summary table). */
function handWritten(view: 'sem' | 'com' | 'situacao', scope: Scope, from: string, to: string) {
  const scopeCond =
    scope.kind === 'all'
      ? sql`true`
      : scope.kind === 'store'
        ? sql`p.store_id = ${scope.id}`
        : sql`p.salesperson_id = ANY(${scope.ids}::int[])`;
  if (view === 'sem') {
    return sql`
      SELECT p.code, cl.name AS client, sp.name AS salesperson, p.closing_status,
             (SELECT count(*) FROM environments e WHERE e.project_id = p.id) AS rooms,
             p.probable_sale, p.closing_forecast, p.estimated_value
      FROM projects p JOIN stores s ON s.id = p.store_id
      JOIN clients cl ON cl.id = p.client_id JOIN salespeople sp ON sp.id = p.salesperson_id
      WHERE ${scopeCond}
        AND p.created_at >= (${from}::date::timestamp AT TIME ZONE s.timezone)
        AND p.created_at < ((${to}::date + 1)::timestamp AT TIME ZONE s.timezone)
        AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.project_id = p.id)`;
  }
  // Projects whose principal contract (latest live one) falls in the period.
  return sql`
    WITH principal AS (
      SELECT DISTINCT ON (c.project_id) c.project_id, c.number, c.created_at
      FROM contracts c JOIN projects p ON p.id = c.project_id
      WHERE ${scopeCond} AND c.stage <> 8
      ORDER BY c.project_id, c.created_at DESC, c.number DESC),
    agg AS (
      SELECT c.project_id, min(c.stage) AS situation, sum(c.value) AS value
      FROM contracts c WHERE c.stage <> 8 AND c.project_id IN (SELECT project_id FROM principal)
      GROUP BY c.project_id)
    SELECT p.code, cl.name, sp.name, pr.number, pr.created_at, a.situation, a.value,
           (SELECT count(*) FROM environments e LEFT JOIN contracts ec ON ec.id = e.contract_id
             WHERE e.project_id = p.id AND (e.contract_id IS NULL OR ec.stage = 8)) AS free_rooms,
           (SELECT count(*) FROM purchase_orders po JOIN contracts c2 ON c2.id = po.contract_id
             WHERE c2.project_id = p.id AND c2.stage <> 8) AS orders
    FROM principal pr JOIN projects p ON p.id = pr.project_id
    JOIN stores s ON s.id = p.store_id JOIN clients cl ON cl.id = p.client_id
    JOIN salespeople sp ON sp.id = p.salesperson_id
    JOIN agg a ON a.project_id = p.id
    WHERE pr.created_at >= (${from}::date::timestamp AT TIME ZONE s.timezone)
      AND pr.created_at < ((${to}::date + 1)::timestamp AT TIME ZONE s.timezone)
      ${view === 'situacao' ? sql`AND a.situation BETWEEN 1 AND 7` : sql``}`;
}

export async function runQueryBench(
  database: Database,
  opts: { asOf: string; runs: number; out: (s: string) => void },
): Promise<void> {
  const db = database.db;
  // A typical vendedor (median portfolio), the gerente of the largest store, an admin.
  const vend = await sql<{ id: number }>`
    SELECT salesperson_id AS id FROM project_summary ps JOIN salespeople sp ON sp.id = ps.salesperson_id
    WHERE sp.role = 'vendedor' AND sp.supervisor_id IS NOT NULL
    GROUP BY salesperson_id ORDER BY count(*) OFFSET 10 LIMIT 1`.execute(db);
  const ger = await sql<{ id: number }>`
    SELECT sp.id FROM salespeople sp WHERE sp.role = 'gerente'
    ORDER BY (SELECT count(*) FROM project_summary ps WHERE ps.store_id = sp.store_id) DESC LIMIT 1`.execute(
    db,
  );
  const adm = await sql<{
    id: number;
  }>`SELECT id FROM salespeople WHERE role = 'admin' LIMIT 1`.execute(db);
  const viewers: [string, Viewer, Scope][] = [];
  const v = await loadViewer(db, { id: vend.rows[0]!.id });
  viewers.push([
    'vendedor',
    v,
    { kind: 'people', ids: [v.id, ...(await subordinatesOf(db, [v.id]))] },
  ]);
  const g = await loadViewer(db, { id: ger.rows[0]!.id });
  viewers.push(['gerente (1 store)', g, { kind: 'store', id: g.storeId }]);
  viewers.push(['admin (all)', await loadViewer(db, { id: adm.rows[0]!.id }), { kind: 'all' }]);
  const starters = (await listViews(db, viewers[2]![1])).filter((x) => x.isStarter);
  const key = (name: string) =>
    name.startsWith('Sem') ? 'sem' : name.startsWith('Com') ? 'com' : 'situacao';

  opts.out('');
  opts.out(
    `Query time, ${opts.runs} runs each (ms; Carteira = runReport: rows + totals, reading project_summary).`,
  );
  opts.out('');
  opts.out(
    '| scope | view | rows | Carteira median | Carteira p95 | hand-written SQL median | ratio |',
  );
  opts.out('|---|---|---:|---:|---:|---:|---:|');
  for (const [label, viewer, scope] of viewers) {
    for (const view of starters) {
      const req = {
        definition: view.definition,
        viewer,
        asOf: opts.asOf,
        view: { id: String(view.id), name: view.name, description: null },
        now: systemClock(),
      };
      const result = await runReport(db, req);
      const ours = await timeRuns(opts.runs, () => runReport(db, req));
      const period = resolvePeriod(view.definition, opts.asOf)!;
      const q = handWritten(key(view.name), scope, period.from, period.to);
      const check = await q.execute(db);
      const theirs = await timeRuns(Math.max(3, Math.floor(opts.runs / 5)), () => q.execute(db));
      const same =
        check.rows.length === result.rows.length ? '' : ` (hand SQL: ${check.rows.length} rows)`;
      opts.out(
        `| ${label} | ${view.name} | ${result.totals.count}${same} | ${fmt(ours.median)} | ${fmt(ours.p95)} | ${fmt(theirs.median)} | ${(theirs.median / ours.median).toFixed(1)}× |`,
      );
    }
  }
  const year = starters.find((x) => key(x.name) === 'situacao')!;
  const admin = viewers[2]![1];
  const first20 = await timeRuns(opts.runs, () =>
    runReport(db, {
      definition: year.definition,
      viewer: admin,
      asOf: opts.asOf,
      limit: 20,
      now: systemClock(),
    }),
  );
  opts.out('');
  opts.out(
    `First 20 rows + count + totals, company-wide "${year.name}": median ${fmt(first20.median)} ms, p95 ${fmt(first20.p95)} ms.`,
  );
}
