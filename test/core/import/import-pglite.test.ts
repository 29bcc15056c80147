import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/core/db/database.js';
import { migrateToLatest } from '../../../src/core/db/migrate.js';
import { importFolder } from '../../../src/core/import/index.js';
import { STANDARD, counts, rows, withFiles, writeExport } from './fixtures.js';

// The embedded database (`npm run demo`, no DATABASE_URL) runs the same import SQL.
let database: Database;
beforeAll(async () => {
  database = await openDatabase({});
  await migrateToLatest(database.db);
}, 60_000);
afterAll(async () => {
  await database?.close();
});

describe('importFolder on PGlite', () => {
  it('imports, converts local times, derives the summary, and re-imports idempotently', async () => {
    const folder = await writeExport(STANDARD);
    const r = await importFolder({ database, folder });
    expect(r.issues).toEqual([]);
    expect(r.applied).toBe(true);
    expect(r.files.map((f) => f.inserted)).toEqual([2, 3, 1, 2, 3, 3, 5, 3]);
    expect(
      await rows(
        database,
        `SELECT project_code, created_on::text AS created_on, situation, contract_value::text AS contract_value,
                environments_without_contract FROM project_summary ORDER BY project_code`,
      ),
    ).toEqual([
      {
        project_code: 'P1',
        created_on: '2026-11-01',
        situation: 2,
        contract_value: '10000.00',
        environments_without_contract: 2,
      },
      {
        project_code: 'P2',
        created_on: '2026-10-31',
        situation: 3,
        contract_value: '800.00',
        environments_without_contract: 0,
      },
      {
        project_code: 'P3',
        created_on: '2026-10-31',
        situation: 0,
        contract_value: '0.00',
        environments_without_contract: 0,
      },
    ]);
    const before = await counts(database);
    const again = await importFolder({ database, folder });
    expect(again.files.every((f) => f.inserted === 0 && f.updated === 0)).toBe(true);
    expect(await counts(database)).toEqual(before);
  });

  it('rolls back on invalid rows and lists them', async () => {
    const before = await counts(database);
    const folder = await writeExport(
      withFiles(STANDARD, {
        'ambientes.csv': 'codigo;projeto;nome;valor\nA1;P1;Cozinha;-5\nA9;P1;Sala;10\n',
      }),
    );
    const r = await importFolder({ database, folder });
    expect(r.applied).toBe(false);
    expect(r.issues).toEqual([
      {
        file: 'ambientes.csv',
        line: 2,
        reason: 'valor negativo em valor: "-5" (valores não podem ser negativos)',
      },
    ]);
    expect(await counts(database)).toEqual(before);
  });
});
