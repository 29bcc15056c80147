/**
 * Builds one migrated template database per test run; each test file then gets its own
 * database copied from it (test/support/db.ts), so files are isolated and fast.
 */
import pg from 'pg';
import { openDatabase } from '../../src/core/db/database.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';
import { randomBytes } from 'node:crypto';
import { ADMIN_URL, urlFor } from './pg.js';

export default async function setup(): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  // The run id starts with the start time, so stale databases can be told by age. The time
  // is the database server's: under faketime (.ci/faketime) the process clock is moved, and
  // runs going on beside this one must not look three hours old.
  const { rows } = await admin.query<{ t: string }>(
    `SELECT floor(extract(epoch FROM now()))::bigint::text AS t`,
  );
  const serverNow = Number(rows[0]!.t);
  const run = `${serverNow}_${randomBytes(3).toString('hex')}`;
  const TEMPLATE_DB = `carteira_tpl_${run}`;
  process.env.CARTEIRA_TEST_TEMPLATE = TEMPLATE_DB;
  process.env.CARTEIRA_TEST_RUN = run;
  // Databases left by an interrupted earlier run: only those nobody is connected to, so a
  // run going on beside this one keeps its own.
  const stale = await admin.query<{ datname: string }>(
    `SELECT d.datname FROM pg_database d
     WHERE (d.datname LIKE 'carteira\\_t\\_%' OR d.datname LIKE 'carteira\\_tpl\\_%')
       AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
  );
  const cutoff = serverNow - 3 * 3600;
  for (const { datname } of stale.rows) {
    const started = Number(/_(\d{10})_/.exec(datname)?.[1] ?? 0);
    if (started < cutoff) await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
  }
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const database = await openDatabase({ url: urlFor(TEMPLATE_DB), poolSize: 1 });
  await migrateToLatest(database.db);
  await database.close();
  await admin.end();
  return async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    const mine = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [TEMPLATE_DB, `carteira_t_${run}_%`],
    );
    for (const { datname } of mine.rows)
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await c.end();
  };
}
