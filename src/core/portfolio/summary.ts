/**
 * The per-project summary (`project_summary`): every derived value of docs/domain.md
 * ("Derived values of a project") computed once at write time, so a view reads one indexed
 * row per project instead of aggregating contracts, rooms and orders on every read
 * (docs/benchmarks.md, "The floor").
 *
 * Rules encoded here (pinned by test/core/portfolio/query.test.ts over portfolio-fixture.ts):
 * - situation: 0 sem_contrato with no contract; 8 cancelado when all are cancelled;
 *   otherwise the least advanced stage among non-cancelled contracts.
 * - principal contract: non-cancelled first, then latest creation time, then the higher
 *   number (numerically when numeric), then the higher id.
 * - contract_value: sum of non-cancelled contracts; purchase orders: of non-cancelled
 *   contracts; rooms without contract: no contract or a cancelled one.
 * - dates: calendar dates in the store's timezone.
 */
import { withSession, type Session } from '../db/session.js';
import type { Database } from '../db/database.js';
import { relaxTable, restoreTable } from '../db/bulk-load.js';

/** The principal contract first (see the rules above). */
const PRINCIPAL_ORDER = `(c.stage <> 8) DESC, c.created_at DESC,
  CASE WHEN c.number ~ '^[0-9]{1,30}$' THEN c.number::numeric END DESC NULLS LAST,
  c.number DESC, c.id DESC`;

/**
 * The summary rows of the projects whose ids are in the array `ids` (SQL, a bound parameter)
 * or, with null, of all of them — then each table is read whole once: one sort of the
 * contracts gives both the principal contract and the totals of the live ones (a window over
 * the project), rooms, orders and contacts are hash-aggregated, and rooms look up only the
 * cancelled contracts (at 1M projects, back to back: about 17 s → 14.5 s; docs/benchmarks.md).
 * For some projects every table is filtered by its own project column, so each reads only
 * their rows through its index (a daily export's 10,000 projects: 2.6 s → 1.9 s, against a
 * join to the list).
 */
function summarySelect(ids: string | null): string {
  const only = (col: string) => (ids === null ? '' : `WHERE ${col} = ANY(${ids})`);
  return `
WITH
c AS (
  SELECT DISTINCT ON (c.project_id) c.project_id, c.id, c.number, c.created_at,
         min(c.stage) FILTER (WHERE c.stage <> 8) OVER w AS live_min,
         sum(c.value) FILTER (WHERE c.stage <> 8) OVER w AS live_value
  FROM contracts c ${only('c.project_id')}
  WINDOW w AS (PARTITION BY c.project_id ORDER BY ${PRINCIPAL_ORDER}
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ORDER BY c.project_id, ${PRINCIPAL_ORDER}),
e AS (
  SELECT e.project_id, count(*)::int AS n,
         (count(*) FILTER (WHERE e.contract_id IS NULL OR ec.id IS NOT NULL))::int AS free
  FROM environments e
  LEFT JOIN contracts ec ON ec.id = e.contract_id AND ec.stage = 8
  ${only('e.project_id')}
  GROUP BY e.project_id),
po AS (
  SELECT c.project_id, count(*)::int AS n, max(po.issued_at) AS last
  FROM purchase_orders po
  JOIN contracts c ON c.id = po.contract_id AND c.stage <> 8
  ${only('c.project_id')}
  GROUP BY c.project_id),
ct AS (
  SELECT k.project_id, max(k.contacted_at) AS last
  FROM contacts k ${only('k.project_id')}
  GROUP BY k.project_id)
SELECT t.id, t.store_id, t.salesperson_id, t.client_id, t.specifier_id,
       t.code, cl.name, carteira_fold(t.code || ' ' || cl.name),
       (t.created_at AT TIME ZONE s.timezone)::date,
       t.closing_status, t.probable_sale, t.closing_forecast, t.estimated_value,
       CASE WHEN c.id IS NULL THEN 0 WHEN c.live_min IS NULL THEN 8 ELSE c.live_min END,
       c.id, c.number, (c.created_at AT TIME ZONE s.timezone)::date,
       coalesce(c.live_value, 0),
       coalesce(e.n, 0), coalesce(e.free, 0), coalesce(po.n, 0),
       (po.last AT TIME ZONE s.timezone)::date,
       (CASE WHEN ct.last IS NULL OR t.last_contact_at > ct.last THEN t.last_contact_at ELSE ct.last END
          AT TIME ZONE s.timezone)::date
FROM projects t
JOIN stores s ON s.id = t.store_id
JOIN clients cl ON cl.id = t.client_id
LEFT JOIN c ON c.project_id = t.id
LEFT JOIN e ON e.project_id = t.id
LEFT JOIN po ON po.project_id = t.id
LEFT JOIN ct ON ct.project_id = t.id
${only('t.id')}`;
}

const COLUMNS = `project_id, store_id, salesperson_id, client_id, specifier_id, project_code,
  client_name, search_key, created_on, closing_status, probable_sale, closing_forecast,
  estimated_value, situation, principal_contract_id, contract_number, contract_created_on,
  contract_value, environment_count, environments_without_contract, purchase_orders,
  last_purchase_order_on, last_contact_on`;

const UPDATED = COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'project_id');

const UPDATE_ALL = UPDATED.map((c) => `${c} = EXCLUDED.${c}`).join(', ');

/**
 * Only rows whose summary changed are written: an order's new status, say, touches its
 * project without changing its row, and rewriting it would cost a new version and an entry
 * in each of the seven indexes.
 */
const CHANGED = `(${UPDATED.map((c) => `project_summary.${c}`).join(', ')})
  IS DISTINCT FROM (${UPDATED.map((c) => `EXCLUDED.${c}`).join(', ')})`;

/** Recomputes the summary of the given projects (after an import or edit touched them). */
export async function refreshSummary(s: Session, projectIds: readonly number[]): Promise<void> {
  if (projectIds.length === 0) return;
  // Chunks keep each statement's plan and memory bounded on large imports.
  for (let i = 0; i < projectIds.length; i += 50_000) {
    const chunk = projectIds.slice(i, i + 50_000);
    await s.query(
      `INSERT INTO project_summary (${COLUMNS}) ${summarySelect('$1::int[]')}
       ON CONFLICT (project_id) DO UPDATE SET ${UPDATE_ALL} WHERE ${CHANGED}`,
      [chunk],
    );
  }
}

/**
 * Rebuilds the whole summary (seed, large imports, repair). Call it inside a transaction:
 * the table is emptied and its secondary indexes and foreign key are dropped while it is
 * refilled — building each index once from sorted rows beats a million index insertions
 * (at 1M projects, 36 s → under 20 s) — and readers see the old summary until commit.
 */
export async function rebuildSummary(s: Session): Promise<void> {
  await s.query('TRUNCATE project_summary');
  // Hash aggregates over millions of rows stay in memory (SET LOCAL: this transaction only).
  await s.query(`SET LOCAL work_mem = '256MB'`);
  const relaxed = await relaxTable(s, 'project_summary', { keys: true });
  await s.query(`INSERT INTO project_summary (${COLUMNS}) ${summarySelect(null)}`);
  await restoreTable(s, relaxed);
  await s.query('ANALYZE project_summary');
}

/**
 * After a large rewrite (seed, big import), outside any transaction: VACUUM marks the
 * summary's pages all-visible so the totals of company-wide views are index-only scans,
 * and ANALYZE refreshes the planner's statistics. Postgres only (PGlite has no autovacuum
 * worth the wait, and its demo data is small).
 */
export async function vacuumSummary(database: Database): Promise<void> {
  if (database.kind !== 'postgres') return;
  await withSession(database, (s) => s.query('VACUUM (ANALYZE) project_summary'));
}
