/**
 * `npm run bench`: where we stand against the floor (docs/benchmarks.md), on real Postgres.
 *
 *   npm run bench                        # 100k and 1M projects (several minutes)
 *   npm run bench -- --sizes 100000      # one size
 *   npm run bench -- --skip import,files # leave parts out
 *
 * Figures are printed as a Markdown report (copy into docs/benchmarks.md).
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import pg from 'pg';
import { openDatabase, type Database } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import { seedDemo } from '../src/core/demo/index.js';
import { runQueryBench } from './query-bench.js';
import { runFileBench } from './file-bench.js';
import { runImportBench } from './import-bench.js';
import { runChartBench } from './chart-bench.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    skip: { type: 'string', default: '' },
    runs: { type: 'string', default: '30' },
    // Scratch database name (several benches on one server must not share it).
    db: { type: 'string', default: 'carteira_bench' },
    // An already seeded database: only the query benchmark runs against it.
    use: { type: 'string' },
    // Only the import benchmark (largest size), no seed: `npm run bench -- --only-import --sizes 1000000`.
    'only-import': { type: 'boolean' },
    admin: {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    },
  },
});
const skip = new Set(values.skip.split(',').filter(Boolean));
const TODAY = '2026-11-27';

async function freshDatabase(
  name: string,
): Promise<{ database: Database; url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: values.admin });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(values.admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  await migrateToLatest(database.db);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: values.admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function line(s = '') {
  process.stdout.write(`${s}\n`);
}

async function main() {
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: values.admin });
    await c.connect();
    const r = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    await c.end();
    return r.rows[0]!.v;
  })();
  line(`# Carteira benchmark — ${new Date().toISOString()}`);
  line();
  line(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${pgVersion}. Report date ${TODAY}.`,
  );
  const runs = Number(values.runs);
  if (values.use) {
    const database = await openDatabase({ url: values.use, poolSize: 4 });
    try {
      await runQueryBench(database, { asOf: TODAY, runs, out: line });
      if (!skip.has('charts')) await runChartBench(database, { asOf: TODAY, runs, out: line });
    } finally {
      await database.close();
    }
    return;
  }
  if (values['only-import']) {
    const size = Math.max(...values.sizes.split(',').map(Number));
    await runImportBench({ projects: size, today: TODAY, freshDatabase, out: line });
    return;
  }
  for (const size of values.sizes.split(',').map(Number)) {
    line();
    line(`## ${size.toLocaleString('en-US')} projects`);
    const { database, url, drop } = await freshDatabase(values.db);
    try {
      const t0 = performance.now();
      const seeded = await seedDemo(database, { projects: size, seed: 7, today: TODAY });
      line();
      line(
        `Seed: ${seeded.projects} projects, ${seeded.environments} rooms, ${seeded.contracts} contracts, ${seeded.purchaseOrders} orders, ${seeded.salespeople} salespeople, ${seeded.stores} stores in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
      );
      if (!skip.has('queries')) await runQueryBench(database, { asOf: TODAY, runs, out: line });
      if (!skip.has('charts')) await runChartBench(database, { asOf: TODAY, runs, out: line });
      if (!skip.has('files') && size === Math.min(...values.sizes.split(',').map(Number))) {
        await runFileBench(url, { out: line });
      }
    } finally {
      await drop();
    }
    if (!skip.has('import') && size === Math.max(...values.sizes.split(',').map(Number))) {
      await runImportBench({ projects: size, today: TODAY, freshDatabase, out: line });
    }
  }
  if (!skip.has('bot')) {
    const { benchBotAck } = await import('./bot-ack.js').catch(() => ({ benchBotAck: null }));
    if (benchBotAck) {
      line();
      line('## Bot: ack latency, 50 concurrent /carteira commands');
      const r = await benchBotAck({ freshDatabase, out: line });
      line(`p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (target p99 < 100 ms)`);
    }
  }
  if (!skip.has('worker')) {
    const { benchWorkerThroughput } = await import('./worker-throughput.js').catch(() => ({
      benchWorkerThroughput: null,
    }));
    if (benchWorkerThroughput) {
      line();
      line('## Worker: 2,000 subscriptions due in the same minute');
      const r = await benchWorkerThroughput({ freshDatabase });
      for (const [k, v] of Object.entries(r))
        line(`- ${k}: ${typeof v === 'number' ? v.toFixed(2) : String(v)}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
