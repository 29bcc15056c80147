import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { openDatabase, type Database } from '../../../src/core/db/database.js';
import { migrateToLatest } from '../../../src/core/db/migrate.js';

// The search key of every project (project_summary.search_key) and every search needle go
// through carteira_fold: "joao" must find "João Conceição" on both databases.
const CASES: [string | null, string | null][] = [
  ['P-01 João Conceição', 'p-01 joao conceicao'],
  ['MÓVEIS ÁGUA BRANCA', 'moveis agua branca'],
  ['Ñandú Ýpsilon', 'nandu ypsilon'],
  ['Plain ASCII 123', 'plain ascii 123'],
  ['', ''],
  [null, null],
];

let pg: TestDatabase;
let lite: Database;
beforeAll(async () => {
  pg = await createTestDatabase();
  lite = await openDatabase({});
  await migrateToLatest(lite.db);
}, 60_000);
afterAll(async () => {
  await pg.drop();
  await lite.close();
});

describe('carteira_fold', () => {
  // Run once per project by the summary: a call PostgreSQL cannot inline goes through the
  // SQL-function executor each time (migration 0013; 1M search keys 3.9 s → 2.75 s).
  it('is inlined by PostgreSQL into the query that calls it', async () => {
    const { rows } = await sql<{ line: string }>`
      EXPLAIN (VERBOSE) SELECT carteira_fold(name) FROM stores`.execute(pg.database.db);
    const plan = rows.map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toContain('translate(lower(');
    expect(plan).not.toContain('carteira_fold(');
  });

  it.each(['postgres', 'pglite'])('folds case and accents the same way on %s', async (kind) => {
    const db = kind === 'postgres' ? pg.database.db : lite.db;
    for (const [input, folded] of CASES) {
      const { rows } = await sql<{
        f: string | null;
      }>`SELECT carteira_fold(${input}::text) AS f`.execute(db);
      expect(rows[0]?.f, String(input)).toBe(folded);
    }
  });
});
