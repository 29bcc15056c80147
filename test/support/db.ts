/**
 * A fresh, migrated Postgres database for one test file, copied from the run's template.
 *
 *   const t = await createTestDatabase();
 *   afterAll(() => t.drop());
 *   await t.database.db.selectFrom('stores')…
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { ADMIN_URL, templateDb, urlFor } from './pg.js';

export interface TestDatabase {
  database: Database;
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `carteira_t_${process.env.CARTEIRA_TEST_RUN ?? 'x'}_${randomBytes(5).toString('hex')}`;
  await admin(async (c) => {
    // CREATE DATABASE … TEMPLATE fails while another copy is being made; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
        return;
      } catch (e) {
        if (attempt > 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  const url = urlFor(name);
  const database = await openDatabase({ url, poolSize: 5 });
  return {
    database,
    url,
    name,
    async drop() {
      await database.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
