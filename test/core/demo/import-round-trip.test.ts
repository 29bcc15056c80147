import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDemoCsv, seedDemo } from '../../../src/core/demo/index.js';
import type { Database } from '../../../src/core/db/database.js';
import { importFolder } from '../../../src/core/import/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

const OPTIONS = { projects: 1500, seed: 42, today: '2026-11-18' };

/** Every derived value of every project, keyed by codes rather than ids. */
async function summaries(database: Database): Promise<unknown[]> {
  const r = await database.pool!.query(
    `SELECT ps.project_code, ps.client_name, st.code AS store, sp.email AS salesperson,
            sf.code AS specifier, ps.created_on, ps.closing_status, ps.probable_sale,
            ps.closing_forecast, ps.estimated_value, ps.situation, ps.contract_number,
            ps.contract_created_on, ps.contract_value, ps.environment_count,
            ps.environments_without_contract, ps.purchase_orders, ps.last_purchase_order_on,
            ps.last_contact_on
     FROM project_summary ps
     JOIN stores st ON st.id = ps.store_id
     JOIN salespeople sp ON sp.id = ps.salesperson_id
     LEFT JOIN specifiers sf ON sf.id = ps.specifier_id
     ORDER BY ps.project_code`,
  );
  return r.rows;
}

describe('the CSV export imports into the same portfolio the seed loads', () => {
  let seeded: TestDatabase;
  let imported: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    [seeded, imported] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    dir = await mkdtemp(join(tmpdir(), 'carteira-demo-import-'));
    await exportDemoCsv(dir, OPTIONS);
    await seedDemo(seeded.database, OPTIONS);
  });
  afterAll(async () => {
    await Promise.all([seeded?.drop(), imported?.drop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('imports every file without an issue', async () => {
    const report = await importFolder({ database: imported.database, folder: dir });
    expect(report.issues).toEqual([]);
    expect(report.applied).toBe(true);
    expect(report.projectsRefreshed).toBe(OPTIONS.projects);
  });

  it('gives the same summary for every project (situations, dates, money, counts)', async () => {
    const [a, b] = await Promise.all([summaries(seeded.database), summaries(imported.database)]);
    expect(b).toHaveLength(OPTIONS.projects);
    expect(b).toEqual(a);
  });

  it('keeps store timezones, roles and supervisors', async () => {
    const q = `SELECT sp.email, sp.name, sp.role, st.code, st.timezone, sup.email AS supervisor
               FROM salespeople sp JOIN stores st ON st.id = sp.store_id
               LEFT JOIN salespeople sup ON sup.id = sp.supervisor_id ORDER BY sp.email`;
    const [a, b] = await Promise.all([
      seeded.database.pool!.query(q),
      imported.database.pool!.query(q),
    ]);
    expect(b.rows).toEqual(a.rows);
  });
});
