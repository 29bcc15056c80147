/**
 * Builds one migrated template database per test run; each test file then gets its own
 * database copied from it (test/support/db.ts), so files are isolated and fast.
 */
import pg from 'pg';
import { openDatabase } from '../../src/core/db/database.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';
import { ADMIN_URL, TEMPLATE_DB, urlFor } from './pg.js';

export default async function setup(): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  // Databases left by an interrupted earlier run.
  const stale = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'carteira_t\\_%'`,
  );
  for (const { datname } of stale.rows) {
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const database = await openDatabase({ url: urlFor(TEMPLATE_DB), poolSize: 1 });
  await migrateToLatest(database.db);
  await database.close();
  await admin.end();
  return async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await c.end();
  };
}
