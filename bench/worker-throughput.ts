/**
 * Worker throughput: 2,000 subscriptions due in the same minute, through the real path —
 * 2,000 BullMQ job schedulers firing at one minute boundary, the ledger, the report query,
 * rendering and chat.postMessage to a fake Slack.
 *
 * 1. No Slack limits, one channel per subscription (our per-channel spacing never waits):
 *    deliveries per second and time to drain (target ≥ 50 table deliveries/s on 2 cores).
 * 2. The fake Slack enforcing one post per second per channel, 2,000 subscriptions over
 *    100 channels: total time against the theoretical minimum (19 s: 20 posts a channel),
 *    and how many 429s we provoked (the goal: none, or next to none).
 *
 *   node --import tsx bench/worker-throughput.ts   # standalone (BENCH_DATABASE_URL, REDIS_URL)
 *   npm run bench -- --sizes 1000 --skip queries,files,import,bot
 */
import { systemClock } from '../src/core/clock.js';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/core/config.js';
import { openDatabase, type Database } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import { seedDemo } from '../src/core/demo/index.js';
import { createLogger } from '../src/core/logger.js';
import { todayIn } from '../src/core/portfolio/periods.js';
import { startWorker } from '../src/worker/index.js';
import { startFakeSlack, type FakeSlack } from '../test/fake-slack/index.js';

export interface WorkerBenchOptions {
  freshDatabase?: (name: string) => Promise<{ database: Database; drop: () => Promise<void> }>;
  subscriptions?: number;
  /** Jobs in parallel in the one worker process (default 16). */
  concurrency?: number;
  /** Channels for the rate-limited run (default 100). */
  limitedChannels?: number;
  redisUrl?: string;
  out?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function adminFresh(name: string) {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 24 });
  await migrateToLatest(database.db);
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The next minute boundary at least `leadMs` from now. */
function nextMinute(leadMs: number): Date {
  const t = Date.now() + leadMs;
  return new Date(Math.ceil(t / 60_000) * 60_000);
}

async function createSubscriptions(
  database: Database,
  opts: { count: number; at: Date; channels: number; prefix: string },
): Promise<void> {
  const { db } = database;
  const view = await db
    .selectFrom('saved_views')
    .select('id')
    .where('name', '=', 'Sem contratos no mês')
    .executeTakeFirstOrThrow();
  const owners = (
    await db
      .selectFrom('salespeople')
      .select('id')
      .where('role', '=', 'gerente')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  const hh = String(opts.at.getUTCHours()).padStart(2, '0');
  const mm = String(opts.at.getUTCMinutes()).padStart(2, '0');
  const schedule = JSON.stringify({ kind: 'daily', time: `${hh}:${mm}`, timezone: 'UTC' });
  await sql`
    INSERT INTO subscriptions (view_id, owner_id, destination, channel_id, schedule, cron, timezone, format, active_since)
    SELECT ${view.id}, (${owners}::int[])[1 + g % ${owners.length}], 'channel',
           ${opts.prefix} || lpad((g % ${opts.channels})::text, 7, '0'),
           ${schedule}::jsonb, ${`${Number(mm)} ${Number(hh)} * * *`}, 'UTC', 'table', now() - interval '1 minute'
    FROM generate_series(0, ${opts.count - 1}) g`.execute(db);
}

async function runScenario(
  database: Database,
  opts: {
    name: string;
    count: number;
    channels: number;
    channelPrefix: string;
    concurrency: number;
    redisUrl: string;
    limited: boolean;
    out: (s: string) => void;
  },
) {
  const channels = Array.from({ length: opts.channels }, (_, i) => ({
    id: `${opts.channelPrefix}${String(i).padStart(7, '0')}`,
    name: `canal-${i}`,
    botMember: true,
  }));
  const fake: FakeSlack = await startFakeSlack({
    channels,
    ...(opts.limited ? { rateLimitPerChannel: { perSecond: 1 } } : {}),
  });
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    REDIS_URL: opts.redisUrl,
    SLACK_BOT_TOKEN: fake.token,
    SLACK_API_URL: fake.url,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  // Leave time for the worker to start and upsert the schedulers before the minute turns.
  const at = nextMinute(25_000);
  await database.db.updateTable('subscriptions').set({ active: false }).execute();
  await createSubscriptions(database, {
    count: opts.count,
    at,
    channels: opts.channels,
    prefix: opts.channelPrefix,
  });
  const worker = await startWorker({
    config,
    database,
    logger: createLogger('warn', 'bench-worker'),
    prefix,
    port: 0,
    concurrency: opts.concurrency,
    tuning: { reconcileIntervalMs: 3_600_000, pollIntervalMs: 5_000 },
  });
  const schedulers = await worker.queue.getJobSchedulersCount();
  opts.out(
    `  ${opts.name}: ${schedulers} job schedulers, due at ${at.toISOString()}; waiting for the minute…`,
  );
  await sleep(Math.max(0, at.getTime() - Date.now()));
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM deliveries WHERE scheduled_for = ${at} AND status IN ('sent', 'skipped', 'failed')`.execute(
      database.db,
    );
    if (r.rows[0]!.n >= opts.count || Date.now() > deadline) break;
    await sleep(100);
  }
  const stats = await sql<{
    drain: number;
    p50: number;
    p95: number;
    failed: number;
    posts: number;
  }>`
    SELECT extract(epoch FROM max(sent_at) - ${at}::timestamptz)::float8 AS drain,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - scheduled_for))::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - scheduled_for))::float8 AS p95,
           count(*) FILTER (WHERE status = 'failed')::int AS failed,
           count(*) FILTER (WHERE status = 'sent')::int AS posts
    FROM deliveries WHERE scheduled_for = ${at}`.execute(database.db);
  const s = stats.rows[0]!;
  const posts = fake.messages().filter((m) => m.kind === 'message').length;
  const rateLimited = fake.calls.filter((c) => c.status === 429).length;
  await worker.queue.obliterate({ force: true }).catch(() => {});
  await worker.stop();
  await fake.close();
  return {
    delivered: s.posts,
    failed: s.failed,
    drainSeconds: s.drain,
    perSecond: s.posts / s.drain,
    lagP50: s.p50,
    lagP95: s.p95,
    slackPosts: posts,
    slack429: rateLimited,
  };
}

export async function benchWorkerThroughput(
  opts: WorkerBenchOptions = {},
): Promise<Record<string, number>> {
  const out = opts.out ?? ((s: string) => process.stdout.write(`${s}\n`));
  const count = opts.subscriptions ?? 2000;
  const concurrency = opts.concurrency ?? Number(process.env.BENCH_WORKER_CONCURRENCY ?? 16);
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const limitedChannels = opts.limitedChannels ?? 100;
  const fresh = opts.freshDatabase ?? adminFresh;
  const created = await fresh('carteira_bench_worker');
  const { drop } = created;
  // The worker wants a connection per job in flight (plus LISTEN): a caller's small pool
  // would measure pool waits, so open the same database with room for the concurrency.
  const url = (created.database.pool?.options as { connectionString?: string } | undefined)
    ?.connectionString;
  const database = url ? await openDatabase({ url, poolSize: concurrency + 8 }) : created.database;
  try {
    await seedDemo(database, {
      projects: 20_000,
      seed: 7,
      today: todayIn('America/Sao_Paulo', systemClock()),
      replace: true,
    });
    const free = await runScenario(database, {
      name: 'no Slack limit',
      count,
      channels: count,
      channelPrefix: 'CF',
      concurrency,
      redisUrl,
      limited: false,
      out,
    });
    out(
      `  no limit: ${free.delivered} delivered in ${free.drainSeconds.toFixed(1)} s → ${free.perSecond.toFixed(1)} deliveries/s ` +
        `(lag p50 ${free.lagP50.toFixed(1)} s, p95 ${free.lagP95.toFixed(1)} s; ${free.slackPosts} posts, ${free.failed} failed)`,
    );
    const limited = await runScenario(database, {
      name: 'one post per second per channel',
      count,
      channels: limitedChannels,
      channelPrefix: 'CL',
      concurrency,
      redisUrl,
      limited: true,
      out,
    });
    const minimum = Math.ceil(count / limitedChannels) - 1;
    out(
      `  1/s per channel, ${limitedChannels} channels: ${limited.delivered} delivered in ${limited.drainSeconds.toFixed(1)} s ` +
        `(theoretical minimum ${minimum} s, ×${(limited.drainSeconds / minimum).toFixed(2)}); ${limited.slack429} answers 429; ` +
        `${limited.slackPosts} posts, ${limited.failed} failed`,
    );
    return {
      subscriptions: count,
      concurrency,
      'free: deliveries per second': free.perSecond,
      'free: seconds to drain': free.drainSeconds,
      'free: lag p95 (s)': free.lagP95,
      'free: Slack posts': free.slackPosts,
      'limited: seconds to drain': limited.drainSeconds,
      'limited: theoretical minimum (s)': minimum,
      'limited: ratio to minimum': limited.drainSeconds / minimum,
      'limited: 429 answers': limited.slack429,
      'limited: Slack posts': limited.slackPosts,
    };
  } finally {
    if (database !== created.database) await database.close();
    await drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchWorkerThroughput().then(
    (r) => {
      for (const [k, v] of Object.entries(r))
        process.stdout.write(`- ${k}: ${Number.isInteger(v) ? v : v.toFixed(2)}\n`);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
