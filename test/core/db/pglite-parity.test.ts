import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture, type Built } from '../../support/fixtures.js';
import { PORTFOLIO } from '../portfolio/portfolio-fixture.js';
import { openDatabase, type Database } from '../../../src/core/db/database.js';
import { migrateToLatest } from '../../../src/core/db/migrate.js';
import { runReport } from '../../../src/core/portfolio/query.js';
import { parseDefinition } from '../../../src/core/portfolio/definition.js';
import { COLUMN_IDS } from '../../../src/core/portfolio/columns.js';
import { listViews } from '../../../src/core/views/views.js';

let pg: TestDatabase;
let lite: Database;
let fxPg: Built;
let fxLite: Built;

beforeAll(async () => {
  pg = await createTestDatabase();
  lite = await openDatabase({});
  await migrateToLatest(lite.db);
  fxPg = await buildFixture(pg.database, PORTFOLIO);
  fxLite = await buildFixture(lite, PORTFOLIO);
}, 60_000);
afterAll(async () => {
  await pg.drop();
  await lite.close();
});

describe('the embedded PGlite and Postgres return the same rows', () => {
  it.each([
    'admin@carteira.test',
    'gerente.sp@carteira.test',
    'sup@carteira.test',
    'vend2@carteira.test',
  ])('for every starter view and an all-columns grouped view, as %s', async (email) => {
    const vPg = await fxPg.viewer(email);
    const vLite = await fxLite.viewer(email);
    const defs = (await listViews(pg.database.db, vPg)).map((v) => v.definition);
    defs.push(parseDefinition({ columns: [...COLUMN_IDS], groupBy: 'salesperson' }));
    for (const definition of defs) {
      for (const asOf of ['2026-11-27', '2025-12-31']) {
        const a = await runReport(pg.database.db, {
          definition,
          viewer: vPg,
          asOf,
          now: new Date(0),
        });
        const b = await runReport(lite.db, { definition, viewer: vLite, asOf, now: new Date(0) });
        expect(b).toEqual(a);
      }
    }
  });
});
