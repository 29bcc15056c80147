import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/core/db/database.js';
import { migrateToLatest } from '../../../src/core/db/migrate.js';
import { seedDemo, type SeedReport } from '../../../src/core/demo/index.js';
import { resolvePreset } from '../../../src/core/portfolio/periods.js';

const TODAY = '2026-11-18';

// `npm run demo` runs on the embedded PGlite: the default demo must load there, quickly.
describe('seedDemo on PGlite (embedded)', () => {
  let database: Database;
  let report: SeedReport;
  beforeAll(async () => {
    database = await openDatabase({});
    await migrateToLatest(database.db as never);
    report = await seedDemo(database, { today: TODAY });
  }, 120_000);
  afterAll(() => database?.close());

  it('loads the default 1500 projects with their rooms', () => {
    expect(report.projects).toBe(1500);
    expect(report.environments).toBeGreaterThan(4000);
  });

  it('builds the summary the starter views read', async () => {
    const month = resolvePreset('this_month', TODAY);
    const r = await database.pglite!.query<{ vendedores: number; empty: number }>(
      `SELECT count(*)::int AS vendedores,
              count(*) FILTER (WHERE a = 0 OR b = 0)::int AS empty
       FROM (SELECT sp.id,
                    count(ps.*) FILTER (WHERE ps.situation = 0 AND ps.created_on BETWEEN $1 AND $2) AS a,
                    count(ps.*) FILTER (WHERE ps.situation BETWEEN 1 AND 7
                                          AND ps.contract_created_on BETWEEN $1 AND $2) AS b
             FROM salespeople sp LEFT JOIN project_summary ps ON ps.salesperson_id = sp.id
             WHERE sp.role = 'vendedor' GROUP BY sp.id) v`,
      [month.from, month.to],
    );
    expect(r.rows[0]!.vendedores).toBeGreaterThan(15);
    expect(r.rows[0]!.empty).toBe(0);
    const fks = await database.pglite!.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'`,
    );
    expect(fks.rows[0]!.n).toBeGreaterThan(10);
  });
});
