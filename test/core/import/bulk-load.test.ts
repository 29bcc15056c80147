import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../src/core/db/session.js';
import { relaxTable, restoreTable } from '../../../src/core/db/bulk-load.js';
import { importFolder } from '../../../src/core/import/index.js';
import { tuning } from '../../../src/core/import/tuning.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { STANDARD, counts, rows, writeExport } from './fixtures.js';

// The paths a large export takes (foreign keys and indexes dropped and re-created, the
// whole summary rebuilt), forced on a small one by lowering the thresholds.
let t: TestDatabase;
const saved = { ...tuning };
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => {
  Object.assign(tuning, saved);
});

function schema() {
  return rows(
    t.database,
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace
     UNION ALL
     SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
     ORDER BY 1, 2, 3`,
  );
}

describe('bulk-load paths', () => {
  it('give the same result and leave the schema exactly as migrated', async () => {
    const before = await schema();
    Object.assign(tuning, { relaxRows: 1, rebuildProjects: 1, analyzeRows: 1 });
    const folder = await writeExport(STANDARD);
    const r = await importFolder({ database: t.database, folder });
    expect(r.issues).toEqual([]);
    expect(r.applied).toBe(true);
    expect(r.projectsRefreshed).toBe(3);
    expect(await schema()).toEqual(before);
    expect(
      await rows(
        t.database,
        `SELECT project_code, created_on, situation, contract_value::text AS v, environments_without_contract AS free
           FROM project_summary ORDER BY project_code`,
      ),
    ).toEqual([
      { project_code: 'P1', created_on: '2026-11-01', situation: 2, v: '10000.00', free: 2 },
      { project_code: 'P2', created_on: '2026-10-31', situation: 3, v: '800.00', free: 0 },
      { project_code: 'P3', created_on: '2026-10-31', situation: 0, v: '0.00', free: 0 },
    ]);
    const loaded = await counts(t.database);
    const again = await importFolder({ database: t.database, folder });
    expect(again.files.every((f) => f.inserted === 0 && f.updated === 0)).toBe(true);
    expect(await counts(t.database)).toEqual(loaded);
  });

  it('re-adding a foreign key checks every row', async () => {
    await expect(
      inTransaction(t.database, async (s) => {
        const relaxed = await relaxTable(s, 'contracts');
        expect(relaxed.foreignKeys.map((f) => f.name)).toEqual(['contracts_project_id_fkey']);
        expect(relaxed.indexes.map((i) => i.name)).toEqual(['contracts_project_idx']);
        await s.query(
          `INSERT INTO contracts (code, number, project_id, created_at, stage) VALUES ('X', '1', 999999, now(), 1)`,
        );
        await restoreTable(s, relaxed);
      }),
    ).rejects.toThrow(/contracts_project_id_fkey/);
    expect(
      await rows(t.database, `SELECT count(*)::int AS n FROM contracts WHERE code = 'X'`),
    ).toEqual([{ n: 0 }]);
  });
  it('with keys, an empty table loses its key, unique code and the foreign keys onto it until restored; a repeated code fails the restore', async () => {
    const before = await schema();
    await expect(
      inTransaction(t.database, async (s) => {
        await s.query('TRUNCATE purchase_orders');
        const relaxed = await relaxTable(s, 'purchase_orders', { keys: true });
        expect(relaxed.keys.map((k) => k.name)).toEqual([
          'purchase_orders_pkey',
          'purchase_orders_code_key',
        ]);
        const during = await s.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'purchase_orders'::regclass`,
        );
        expect(during).toEqual([{ n: 0 }]);
        const [c] = await s.query<{ id: number }>('SELECT id FROM contracts LIMIT 1');
        await s.query(
          `INSERT INTO purchase_orders (code, contract_id, number, issued_at)
           VALUES ('PO-R', $1, '1', now()), ('PO-R', $1, '2', now())`,
          [c!.id],
        );
        await restoreTable(s, relaxed);
      }),
    ).rejects.toThrow(/purchase_orders_code_key|could not create unique index/);
    expect(await schema()).toEqual(before);
    expect(
      await rows(t.database, `SELECT count(*)::int AS n FROM purchase_orders WHERE code = 'PO-R'`),
    ).toEqual([{ n: 0 }]);
  });

  it('with keys, the foreign keys of other tables onto the table are dropped and put back', async () => {
    const before = await schema();
    await inTransaction(t.database, async (s) => {
      const relaxed = await relaxTable(s, 'contracts', { keys: true });
      expect(relaxed.referencing.map((f) => `${f.table}.${f.name}`).sort()).toEqual(
        before
          .filter((r) => String(r.def).includes('REFERENCES contracts(id)'))
          .map((r) => `${String(r.tbl)}.${String(r.name)}`)
          .sort(),
      );
      expect(relaxed.referencing.length).toBeGreaterThan(0);
      await restoreTable(s, relaxed);
    });
    expect(await schema()).toEqual(before);
  });
});
