/**
 * `carteira seed --demo`: loads the demo company into the database in one transaction —
 * bulk COPY per table (batched INSERTs on PGlite), sequences moved past the explicit
 * ids, statistics refreshed, then the per-project summary rebuilt.
 *
 *   const report = await seedDemo(database, { projects: 1500, seed: 42 });
 */
import type { Database } from '../db/database.js';
import { inTransaction, type BulkRow, type Session } from '../db/session.js';
import { CarteiraError } from '../errors.js';
import { rebuildSummary, vacuumSummary } from '../portfolio/summary.js';
import { relaxTable, restoreTable, type RelaxedTable } from '../db/bulk-load.js';
import { DEMO_TABLES, generateDemo, type DemoDataset } from './generate-demo.js';
import type { DemoOptions } from './options.js';
import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../time/timezone.js';

export interface SeedReport {
  stores: number;
  salespeople: number;
  specifiers: number;
  clients: number;
  projects: number;
  environments: number;
  contracts: number;
  purchaseOrders: number;
  contacts: number;
  goals: number;
  durationMs: number;
}

/** Any advisory-lock key, as long as it is the same for every seeding process. */
const SEED_LOCK = 7_346_021;

export async function seedDemo(database: Database, opts: DemoOptions): Promise<SeedReport> {
  const started = performance.now();
  const data = generateDemo(opts);
  const counts = await inTransaction(database, async (s) => {
    await s.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    await clearOrRefuse(s, opts.replace === true);
    if (database.kind === 'postgres') {
      // Room for the big joins of the summary rebuild and the foreign-key checks; JIT
      // would spend ~0.6 s compiling the rebuild's expressions and win nothing back.
      await s.query("SET LOCAL work_mem = '256MB'");
      await s.query('SET LOCAL jit = off');
    }
    // Foreign keys and secondary indexes are dropped for the load and rebuilt after it
    // (PostgreSQL's advice for bulk loads; see db/bulk-load.ts), all in this transaction.
    const relaxed: RelaxedTable[] = [];
    for (const table of DEMO_TABLES) relaxed.push(await relaxTable(s, table));
    const counts = await load(s, data);
    for (const r of relaxed.reverse()) await restoreTable(s, r);
    for (const table of DEMO_TABLES) {
      await s.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
      );
      // Fresh tables have no statistics yet; the summary rebuild needs good plans.
      await s.query(`ANALYZE ${table}`);
    }
    await rebuildSummary(s);
    counts.goals = await seedGoals(s, data.options.today, goalsSetAt(opts, data.options.today));
    return counts;
  });
  await vacuumSummary(database);
  return {
    stores: counts.stores ?? 0,
    salespeople: counts.salespeople ?? 0,
    specifiers: counts.specifiers ?? 0,
    clients: counts.clients ?? 0,
    projects: counts.projects ?? 0,
    environments: counts.environments ?? 0,
    contracts: counts.contracts ?? 0,
    purchaseOrders: counts.purchase_orders ?? 0,
    contacts: counts.contacts ?? 0,
    goals: counts.goals ?? 0,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Projects per batch: one walk fills every project table, a few MB of rows at a time —
 * small enough that the rows die young (large batches cost more in GC than the walks
 * they save), large enough that the ~1,000 COPY statements at 1M cost nothing.
 */
const BATCH_PROJECTS = 5_000;

/**
 * Loads the reference tables whole, then the project tables in batches of projects,
 * each batch table by table (parents first, so it works with the foreign keys in place
 * too). Returns the rows loaded per table.
 */
async function load(s: Session, data: DemoDataset): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const perProject = data.tables.filter((t) => t.ofProject);
  for (const t of data.tables) {
    counts[t.table] = t.ofProject ? 0 : await s.copy(t.table, t.columns, t.rows());
  }
  const projects = data.projects()[Symbol.iterator]();
  let done = false;
  while (!done) {
    const batches = perProject.map((): BulkRow[] => []);
    for (let n = 0; n < BATCH_PROJECTS; n++) {
      const next = projects.next();
      if (next.done) {
        done = true;
        break;
      }
      for (let t = 0; t < perProject.length; t++)
        perProject[t]!.ofProject!(next.value, batches[t]!);
    }
    for (let t = 0; t < perProject.length; t++) {
      const table = perProject[t]!;
      if (batches[t]!.length === 0) continue;
      counts[table.table]! += await s.copy(table.table, table.columns, batches[t]!);
    }
  }
  return counts;
}

/**
 * The demo replaces a whole company, so it refuses a database that already has one
 * unless asked. Replacing keeps the starter views; views, subscriptions and deliveries
 * owned by the people being removed go with them (ON DELETE CASCADE).
 */
async function clearOrRefuse(s: Session, replace: boolean): Promise<void> {
  const [existing] = await s.query<{ projects: number; salespeople: number; stores: number }>(
    `SELECT (SELECT count(*) FROM projects)::int AS projects,
            (SELECT count(*) FROM salespeople)::int AS salespeople,
            (SELECT count(*) FROM stores)::int AS stores`,
  );
  const { projects = 0, salespeople = 0, stores = 0 } = existing ?? {};
  if (projects + salespeople + stores === 0) return;
  if (!replace) {
    throw new CarteiraError(
      'invalid_input',
      `O banco já tem dados (${br(projects)} projetos, ${br(salespeople)} vendedores, ` +
        `${br(stores)} lojas). ` +
        'Os dados de demonstração substituem tudo: para apagar e recarregar, use --replace.',
      { projects, salespeople, stores },
    );
  }
  await s.query(
    'TRUNCATE alert_hits, project_summary, contact_reminders, contacts, purchase_orders, environments, contracts, projects, clients, specifiers',
  );
  await s.query('DELETE FROM goals');
  await s.query('DELETE FROM salespeople');
  await s.query('DELETE FROM stores');
}

/**
 * When the demo's goals were set, for their history: the caller's clock (`now`), or, when
 * only `today` was given, the start of that day in the company's default timezone — never
 * the database's clock, so the same options seed the same data.
 */
function goalsSetAt(opts: DemoOptions, today: string): Date {
  return opts.now ?? DateTime.fromISO(today, { zone: DEFAULT_TIMEZONE }).startOf('day').toJSDate();
}

/**
 * Goals for the demo's month, so "metas" is never empty: each vendedor's contracted value
 * and contracts of the previous month, raised 0–30% (a fixed spread by id, not random),
 * rounded; each store's goal is the sum of its people's; the company's the sum of all.
 */
async function seedGoals(s: Session, today: string, at: Date): Promise<number> {
  const rows = await s.query<{ n: number }>(
    `WITH m AS (
       SELECT date_trunc('month', $1::date)::date AS first,
              (date_trunc('month', $1::date) - interval '1 month')::date AS prev
     ), base AS (
       SELECT sp.id, sp.store_id,
              coalesce(sum(c.value), 0) AS value, count(c.id) AS contracts
       FROM salespeople sp
       CROSS JOIN m
       LEFT JOIN projects p ON p.salesperson_id = sp.id
       LEFT JOIN stores st ON st.id = p.store_id
       LEFT JOIN contracts c ON c.project_id = p.id AND c.stage <> 8
         AND (c.created_at AT TIME ZONE st.timezone)::date >= m.prev
         AND (c.created_at AT TIME ZONE st.timezone)::date < m.first
       WHERE sp.role = 'vendedor' AND sp.active
       GROUP BY sp.id, sp.store_id
     ), person AS (
       SELECT b.id, b.store_id,
              greatest(20000, round(b.value * (1 + (b.id % 7) * 0.05) / 1000) * 1000) AS value,
              greatest(2, ceil(b.contracts * (1 + (b.id % 5) * 0.07))) AS contracts
       FROM base b
     ), goals_in AS (
       SELECT NULL::int AS store_id, id AS salesperson_id, 'valor_contratado' AS measure, value AS target FROM person
       UNION ALL SELECT NULL, id, 'contratos', contracts FROM person
       UNION ALL SELECT store_id, NULL, 'valor_contratado', sum(value) FROM person GROUP BY store_id
       UNION ALL SELECT NULL, NULL, 'valor_contratado', sum(value) FROM person HAVING count(*) > 0
     ), ins AS (
       INSERT INTO goals (month, measure, store_id, salesperson_id, target, updated_at)
       SELECT m.first, g.measure, g.store_id, g.salesperson_id, g.target, $2::timestamptz
       FROM goals_in g CROSS JOIN m
       RETURNING id, target
     ), log AS (
       INSERT INTO goal_changes (goal_id, changed_at, changed_by, source, old_target, new_target)
       SELECT id, $2::timestamptz, NULL, 'import', NULL, target FROM ins
     )
     SELECT count(*)::int AS n FROM ins`,
    [today, at],
  );
  return rows[0]?.n ?? 0;
}

function br(n: number): string {
  return n.toLocaleString('pt-BR');
}
