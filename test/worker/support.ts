/**
 * A world for worker and subscription tests: a migrated Postgres database with a small
 * portfolio, a fake Slack that also answers conversations.history and files.info (so the
 * worker can look for an interrupted post), a unique BullMQ prefix per worker, and helpers
 * to count posts per occurrence.
 *
 * Portfolio (store SP, São Paulo, unless said):
 *   admin (U0ADMIN), gerente (U0GERENTE), vend1 (U0VEND1), vend2 (U0VEND2, reports to vend1),
 *   vend3 (no Slack link); gerente.mao + vman in store MAO; gerente.big + 25 projects in BIG.
 *   November 2026, without contract: P-01 (vend1), P-02 (vend2), P-03 (vend3), P-05 (vman, MAO).
 *   December 2026: P-04 (vend1).
 */
import { testClock, type TestClock } from '../support/clock.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../../src/core/config.js';
import type { DB } from '../../src/core/db/schema.js';
import { ledgerDb } from '../../src/core/delivery/schema.js';
import { createLogger } from '../../src/core/logger.js';
import type { Viewer } from '../../src/core/portfolio/viewer.js';
import {
  createSubscription,
  type SubscriptionInput,
} from '../../src/core/subscriptions/create-subscription.js';
import type { Subscription } from '../../src/core/subscriptions/subscription.js';
import { createView } from '../../src/core/views/views.js';
import {
  startWorker,
  type StartWorkerOptions,
  type WorkerHandle,
  type WorkerTuning,
} from '../../src/worker/index.js';
import { startFakeSlack, type FakeSlack, type RecordedMessage } from '../fake-slack/index.js';
import { openDatabase } from '../../src/core/db/database.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';
import type { TestDatabase } from '../support/db.js';
import { ADMIN_URL, urlFor } from '../support/pg.js';
import { buildFixture, type Built, type Fixture, type FxProject } from '../support/fixtures.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SP = 'America/Sao_Paulo';

export const SLACK = {
  admin: 'U0ADMIN0001',
  gerente: 'U0GERENTE01',
  vend1: 'U0VEND10001',
  vend2: 'U0VEND20001',
  gerenteBig: 'U0GERBIG001',
  gerenteMao: 'U0GERMAO001',
  vman: 'U0VMAN00001',
} as const;

export const CHANNELS = {
  vendas: 'C0VENDAS001',
  geral: 'C0GERAL0001',
  loja: 'C0LOJA00001',
  extra: 'C0EXTRA0001',
  temp: 'C0TEMP00001',
  privado: 'G0PRIV00001',
} as const;

const bigProjects: FxProject[] = Array.from({ length: 25 }, (_, i) => ({
  code: `B-${String(i + 1).padStart(2, '0')}`,
  store: 'BIG',
  seller: 'gerente.big@carteira.test',
  createdAt: `2026-11-${String((i % 20) + 1).padStart(2, '0')}T13:00:00Z`,
  estimatedValue: 1000 + i,
}));

export const WORLD: Fixture = {
  stores: [
    { code: 'SP', name: 'Loja Paulista', timezone: SP },
    { code: 'MAO', name: 'Loja Manaus', timezone: 'America/Manaus' },
    { code: 'BIG', name: 'Loja Grande', timezone: SP },
  ],
  people: [
    {
      email: 'admin@carteira.test',
      name: 'Alice Admin',
      store: 'SP',
      role: 'admin',
      slack: SLACK.admin,
    },
    {
      email: 'gerente@carteira.test',
      name: 'Gustavo Gerente',
      store: 'SP',
      role: 'gerente',
      slack: SLACK.gerente,
    },
    { email: 'vend1@carteira.test', name: 'Vera Um', store: 'SP', slack: SLACK.vend1 },
    {
      email: 'vend2@carteira.test',
      name: 'Válter Dois',
      store: 'SP',
      supervisor: 'vend1@carteira.test',
      slack: SLACK.vend2,
    },
    { email: 'vend3@carteira.test', name: 'Vânia Três', store: 'SP' },
    {
      email: 'gerente.mao@carteira.test',
      name: 'Márcia Manaus',
      store: 'MAO',
      role: 'gerente',
      slack: SLACK.gerenteMao,
    },
    { email: 'vman@carteira.test', name: 'Vitor Manaus', store: 'MAO', slack: SLACK.vman },
    {
      email: 'gerente.big@carteira.test',
      name: 'Bruno Grande',
      store: 'BIG',
      role: 'gerente',
      slack: SLACK.gerenteBig,
    },
  ],
  projects: [
    {
      code: 'P-01',
      store: 'SP',
      seller: 'vend1@carteira.test',
      createdAt: '2026-11-05T13:00:00Z',
      estimatedValue: 10000,
    },
    {
      code: 'P-02',
      store: 'SP',
      seller: 'vend2@carteira.test',
      createdAt: '2026-11-10T13:00:00Z',
      estimatedValue: 7000,
    },
    {
      code: 'P-03',
      store: 'SP',
      seller: 'vend3@carteira.test',
      createdAt: '2026-11-12T13:00:00Z',
      estimatedValue: 5000,
    },
    {
      code: 'P-04',
      store: 'SP',
      seller: 'vend1@carteira.test',
      createdAt: '2026-12-01T13:00:00Z',
      estimatedValue: 3000,
    },
    {
      code: 'P-05',
      store: 'MAO',
      seller: 'vman@carteira.test',
      createdAt: '2026-11-15T13:00:00Z',
      estimatedValue: 4000,
    },
    ...bigProjects,
  ],
};

/** Occurrence instants used across tests (Monday 08:00 in São Paulo = 11:00 UTC). */
export const MON_30_NOV = new Date('2026-11-30T11:00:00Z');
export const MON_07_DEC = new Date('2026-12-07T11:00:00Z');
export const MON_23_NOV = new Date('2026-11-23T11:00:00Z');
/**
 * Where a world's clock starts: Tuesday 24/11/2026 at 12:00 in São Paulo, a quiet moment (no
 * schedule used in these tests fires near it). Subscriptions made with `world.subscribe` date
 * from then too, so a worker starting on this clock has nothing to catch up; a test about
 * Monday 30/11 gives its worker that time explicitly.
 */
export const WORLD_START = new Date('2026-11-24T15:00:00Z');
export const SUBSCRIBED_AT = WORLD_START;

export const FAST_TUNING: Partial<WorkerTuning> = {
  claimStaleMs: 3_000,
  backoffMs: 150,
  attempts: 5,
  orphanAfterMs: 1_500,
  catchUpSettleMs: 0,
  lockDurationMs: 3_000,
  stalledIntervalMs: 1_500,
  shutdownTimeoutMs: 4_000,
  reconcileIntervalMs: 3_600_000,
  pollIntervalMs: 300,
  slackTimeoutMs: 5_000,
  fileShareRecheckMs: 500,
  fileShareChecks: 20,
};

/** The fake Slack the worker tests use (conversations.history and files.info are the fake's own). */
export interface WorkerSlackOptions {
  rateLimitPerSecond?: number;
  /** files.info shows a share this long after completeUploadExternal (the fake's default if unset). */
  fileShareDelayMs?: number;
}

export async function startWorkerSlack(opts: WorkerSlackOptions = {}): Promise<FakeSlack> {
  const fake = await startFakeSlack({
    users: [
      { id: SLACK.admin, name: 'alice' },
      { id: SLACK.gerente, name: 'gustavo' },
      { id: SLACK.vend1, name: 'vera' },
      { id: SLACK.vend2, name: 'valter' },
      { id: SLACK.gerenteBig, name: 'bruno' },
      { id: SLACK.gerenteMao, name: 'marcia' },
      { id: SLACK.vman, name: 'vitor' },
    ],
    channels: [
      { id: CHANNELS.vendas, name: 'vendas', botMember: true },
      { id: CHANNELS.geral, name: 'geral', botMember: true },
      { id: CHANNELS.loja, name: 'loja', botMember: true },
      { id: CHANNELS.extra, name: 'extra', botMember: true },
      { id: CHANNELS.temp, name: 'temp', botMember: true },
      { id: CHANNELS.privado, name: 'privado', is_private: true },
    ],
    ...(opts.fileShareDelayMs !== undefined ? { fileShareDelayMs: opts.fileShareDelayMs } : {}),
    ...(opts.rateLimitPerSecond
      ? { rateLimitPerChannel: { perSecond: opts.rateLimitPerSecond } }
      : {}),
  });
  return fake;
}

/** The CLI's operator: full rights, no salesperson of its own (as `cliViewer` makes it). */
export const OPERATOR = {
  id: 0,
  name: 'Operador',
  email: '',
  role: 'admin' as const,
  storeId: 0,
  storeName: '',
  timezone: 'America/Sao_Paulo',
};

export interface World {
  t: TestDatabase;
  db: Kysely<DB>;
  built: Built;
  fake: FakeSlack;
  /** The fake's options. */
  slackOptions: WorkerSlackOptions;
  /**
   * The world's clock: workers started by `worker()` read it unless given their own `now`,
   * and the CLI helpers pass it on. It starts at `WORLD_START` and moves only when a test
   * says so, so no test depends on the real date.
   */
  clock: TestClock;
  viewer(email: string): Promise<Viewer>;
  viewId(name: string): Promise<number>;
  config(prefix: string): Config;
  /** A worker on a fresh prefix (or the given one); stopped by `close()`. */
  worker(opts?: Partial<StartWorkerOptions>): Promise<WorkerHandle>;
  subscribe(
    email: string,
    input: Omit<SubscriptionInput, 'viewId'> & { view?: string; viewId?: number },
    /** When it is created (its `active_since`); default `SUBSCRIBED_AT`. */
    now?: Date,
  ): Promise<Subscription>;
  /** Stops every worker started so far (call after each test: workers share the database). */
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

export function newPrefix(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

/** Deletes every Redis key of a prefix: the equivalent of FLUSHALL for one test's queue. */
export async function flushPrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return n;
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

/**
 * A fresh database, migrated from scratch. Its own name prefix (`carteira_w_`) keeps it out
 * of the shared test template's lifecycle: another test run starting on this machine sweeps
 * `carteira_t_*` databases and recreates the template, which must not pull the floor from
 * under a worker test that runs for many seconds.
 */
export async function createWorkerDatabase(): Promise<TestDatabase> {
  const name = `carteira_w_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = urlFor(name);
  const database = await openDatabase({ url, poolSize: 12 });
  await migrateToLatest(database.db);
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

export async function createWorld(opts: { slack?: WorkerSlackOptions } = {}): Promise<World> {
  const t = await createWorkerDatabase();
  const built = await buildFixture(t.database, WORLD);
  const slackOptions: WorkerSlackOptions = { ...opts.slack };
  const fake = await startWorkerSlack(slackOptions);
  const workers: WorkerHandle[] = [];
  const prefixes: string[] = [];
  const config = (prefix: string) =>
    loadConfig({
      DATABASE_URL: t.url,
      REDIS_URL,
      SLACK_BOT_TOKEN: fake.token,
      SLACK_API_URL: fake.url,
      QUEUE_PREFIX: prefix,
      WORKER_PORT: '0',
      WORKER_CONCURRENCY: '4',
      DASHBOARD_PASSWORD: 'segredo-do-painel',
      LOG_LEVEL: process.env.WORKER_TEST_LOG ?? 'silent',
    });
  const clock = testClock(WORLD_START);
  const world: World = {
    t,
    db: t.database.db,
    built,
    fake,
    slackOptions,
    clock,
    viewer: (email) => built.viewer(email),
    async viewId(name) {
      const r = await t.database.db
        .selectFrom('saved_views')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return r.id;
    },
    config,
    async worker(o = {}) {
      const prefix = o.prefix ?? newPrefix();
      prefixes.push(prefix);
      const cfg = o.config ?? config(prefix);
      const handle = await startWorker({
        database: t.database,
        logger: createLogger(cfg.LOG_LEVEL, 'worker-test'),
        port: 0,
        now: clock,
        ...o,
        config: cfg,
        prefix,
        tuning: { ...FAST_TUNING, ...o.tuning },
      });
      workers.push(handle);
      return handle;
    },
    async subscribe(email, input, now) {
      const owner = await built.viewer(email);
      const viewId = input.viewId ?? (await world.viewId(input.view ?? 'Sem contratos no mês'));
      return createSubscription(t.database.db, {
        owner,
        input: { ...input, viewId },
        now: now ?? SUBSCRIBED_AT,
      });
    },
    async stopWorkers() {
      const running = workers.splice(0);
      await Promise.all(running.map((w) => w.stop()));
    },
    async close() {
      await world.stopWorkers();
      for (const p of prefixes) await flushPrefix(p);
      await fake.close();
      await t.drop();
    },
  };
  return world;
}

/** A view of every project the viewer may see (no period), for tests independent of the date. */
export async function allProjectsView(
  world: World,
  ownerEmail: string,
  name = 'Todos os projetos',
): Promise<number> {
  const owner = await world.viewer(ownerEmail);
  const v = await createView(world.db, owner, {
    name,
    visibility: 'team',
    definition: {
      columns: ['project', 'client', 'salesperson', 'estimated_value'],
      sort: [{ column: 'project', direction: 'asc' }],
    },
  });
  return v.id;
}

export const weeklyMonday8 = {
  kind: 'weekly' as const,
  weekdays: [1],
  time: '08:00',
  timezone: SP,
};

/** Polls until `fn` returns something truthy. */
export async function waitUntil<T>(
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Report posts (messages carrying our delivery metadata), optionally for one channel. */
export function reportPosts(fake: FakeSlack, channel?: string): RecordedMessage[] {
  return fake
    .messages(channel)
    .filter(
      (m) =>
        m.kind === 'message' &&
        (m.args.metadata as { event_type?: string } | undefined)?.event_type ===
          'carteira_delivery',
    );
}

/** Posts per occurrence key `subscription|scheduled_for|recipient`. */
export function postsPerOccurrence(fake: FakeSlack): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of reportPosts(fake)) {
    const p = (
      m.args.metadata as {
        event_payload: { subscription_id: unknown; scheduled_for: string; recipient: string };
      }
    ).event_payload;
    const key = `${String(p.subscription_id)}|${p.scheduled_for}|${p.recipient}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Project codes in a posted report's table (first column, header row skipped). */
export function tableProjects(m: RecordedMessage): string[] {
  type T = { type: string; rows?: { text: string }[][] };
  const table =
    (m.blocks as T[] | undefined)?.find((b) => b.type === 'data_table') ??
    (m.attachments?.[0]?.blocks as T[] | undefined)?.find((b) => b.type === 'table');
  return (table?.rows ?? []).slice(1).map((r) => r[0]!.text);
}

/** All text of a message's blocks (for "contains" assertions). */
export function messageText(m: RecordedMessage): string {
  return JSON.stringify([m.text, m.blocks ?? [], m.attachments ?? []]);
}

export async function deliveriesOf(db: Kysely<DB>, subscriptionId: number) {
  return ledgerDb(db)
    .selectFrom('deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('scheduled_for')
    .orderBy('recipient')
    .execute();
}
