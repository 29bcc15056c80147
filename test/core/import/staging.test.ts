import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFolder } from '../../../src/core/import/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { STANDARD, counts, resetPortfolio, rows, withFiles, writeExport } from './fixtures.js';

// A first load stages its files on a second connection, into a schema of its own, while the
// transaction applies those already staged (staging.ts). What a user relies on: the same
// result as staging in the transaction, all or nothing, and no staging tables left behind.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await resetPortfolio(t.database);
});

const stagingSchemas = async () =>
  (
    await rows<{ name: string }>(
      t.database,
      `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'carteira\\_imp\\_%' ORDER BY 1`,
    )
  ).map((r) => r.name);

const portfolio = () =>
  rows(
    t.database,
    `SELECT p.code, p.estimated_value::text AS value,
            (SELECT count(*)::int FROM environments e WHERE e.project_id = p.id) AS rooms,
            to_jsonb(s) - 'project_id' - 'store_id' - 'salesperson_id' - 'client_id'
              - 'specifier_id' - 'principal_contract_id' AS summary
       FROM projects p JOIN project_summary s ON s.project_id = p.id ORDER BY p.code`,
  );

describe('staging beside the transaction (first load)', () => {
  it('loads the same portfolio as staging inside it, and leaves no staging schema', async () => {
    const folder = await writeExport(STANDARD);
    const first = await importFolder({ database: t.database, folder });
    expect(first.issues).toEqual([]);
    expect(first.applied).toBe(true);
    expect(await stagingSchemas()).toEqual([]);
    const loaded = { counts: await counts(t.database), portfolio: await portfolio() };
    expect(loaded.counts.environments).toBe(5);

    // The same export into a database that already has its clients stages inside the
    // transaction, and refreshes the summary of the projects it writes instead of rebuilding it.
    await resetPortfolio(t.database);
    await importFolder({
      database: t.database,
      folder: await writeExport({
        'lojas.csv': STANDARD['lojas.csv']!,
        'clientes.csv': STANDARD['clientes.csv']!,
      }),
    });
    const second = await importFolder({ database: t.database, folder });
    expect(second.issues).toEqual([]);
    expect(second.files.find((f) => f.file === 'clientes.csv')?.inserted).toBe(0);
    expect({ counts: await counts(t.database), portfolio: await portfolio() }).toEqual(loaded);
  });

  it('writes nothing when the last file staged has a bad row, after the first were applied', async () => {
    const bad = withFiles(STANDARD, {
      'pedidos.csv': [
        'codigo;contrato;numero;emitido_em;fornecedor;situacao',
        'O1;K1;PC-1;10/11/2026 09:00;Fábrica A;emitido',
        'O2;K2;PC-2;31/02/2026;Fábrica A;emitido',
        '',
      ].join('\n'),
    });
    const r = await importFolder({ database: t.database, folder: await writeExport(bad) });
    expect(r.applied).toBe(false);
    expect(r.issues).toEqual([
      {
        file: 'pedidos.csv',
        line: 3,
        reason: expect.stringContaining('data inválida em emitido_em: "31/02/2026"'),
      },
    ]);
    expect(Object.values(await counts(t.database)).every((n) => n === 0)).toBe(true);
    expect(await stagingSchemas()).toEqual([]);
  });

  it('drops a staging schema a crashed import left, on any later import', async () => {
    await rows(t.database, 'CREATE SCHEMA carteira_imp_0badc0ffee00');
    await rows(
      t.database,
      'CREATE UNLOGGED TABLE carteira_imp_0badc0ffee00.imp_s_projects (x int)',
    );
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    expect(await stagingSchemas()).toEqual([]);

    await rows(t.database, 'CREATE SCHEMA carteira_imp_0badc0ffee01');
    const again = await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    expect(again.files.every((f) => f.inserted === 0 && f.updated === 0)).toBe(true);
    expect(await stagingSchemas()).toEqual([]);
  });
});
