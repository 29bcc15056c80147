/**
 * The scheduled-reporting worker: BullMQ on Redis, Postgres as the source of truth.
 *
 *   const worker = await startWorker({ config });   // tests: database, logger, now, prefix…
 *   await worker.reconcile();                        // one full pass, e.g. after a Redis flush
 *   await worker.stop();                             // graceful; never hangs on a dead Redis
 *
 * `runWorker(config)` is the production entry (`npm run start:worker`): it adds SIGTERM /
 * SIGINT handling around `startWorker`.
 */
import { elapsedMs, systemClock, type Clock } from '../core/clock.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { requireKeys, type Config } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import { openConfigured } from '../core/db/open.js';
import { releaseWorkerClaims } from '../core/delivery/ledger.js';
import { CarteiraError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { processTableSupport } from '../core/render/table-fallback.js';
import { ChannelGate } from './channel-gate.js';
import type { WorkerContext, WorkerHooks } from './context.js';
import type { DashboardHandler } from './dashboard.js';
import { deliverOne } from './deliver.js';
import { startHttpServer } from './http-server.js';
import { listenForChanges } from './listener.js';
import { WorkerMetrics } from './metrics.js';
import { processOccurrence } from './occurrence.js';
import { DEFAULT_TUNING, type WorkerTuning } from './options.js';
import { QUEUE_NAME, type DeliverJobData, type OccurrenceJobData } from './queue.js';
import { Reconciler, type ReconcileReport } from './reconciler.js';
import { sendDueReminders } from './reminders.js';
import { checkStaleData, ImportWatcher, type ImportPassOutcome } from './imports.js';
import { createSlackClient, SlackDelivery } from './slack.js';

export type { WorkerTuning } from './options.js';
export type { ReconcileReport } from './reconciler.js';
export { DEFAULT_TUNING } from './options.js';

export interface StartWorkerOptions {
  config: Config;
  /** An open database (tests); otherwise one is opened from the config and closed on stop. */
  database?: Database;
  logger?: Logger;
  /** The clock for catch-up, grace and lateness decisions (tests fix it). */
  now?: () => Date;
  /** Redis URL (default REDIS_URL). */
  redis?: string;
  /** BullMQ key prefix (default QUEUE_PREFIX); tests use a unique one each. */
  prefix?: string;
  /** HTTP port (default WORKER_PORT; 0 picks a free one). */
  port?: number;
  /** Jobs in parallel (default WORKER_CONCURRENCY). */
  concurrency?: number;
  tuning?: Partial<WorkerTuning>;
  hooks?: WorkerHooks;
  /** Mount another dashboard (e.g. bull-board) under /dashboard, still behind the password. */
  dashboard?: (queue: Queue) => DashboardHandler;
  /** Periodic reconcile and polling (default true). Tests may drive `reconcile()` by hand. */
  timers?: boolean;
}

export interface WorkerHandle {
  workerId: string;
  port: number;
  prefix: string;
  queue: Queue<OccurrenceJobData | DeliverJobData>;
  metrics: WorkerMetrics;
  /** One full pass: schedulers, catch-up, requested occurrences, orphans. */
  reconcile(): Promise<ReconcileReport>;
  /** Turns requested occurrences ("Enviar agora", CLI trigger) into jobs now. */
  pickup(): Promise<number>;
  /** Sends the contact reminders that are due now; returns how many were sent. */
  reminders(): Promise<number>;
  /** One look at IMPORT_DIR (null without IMPORT_DIR): what happened to each export there. */
  importPass(): Promise<ImportPassOutcome[] | null>;
  /** DMs the admins (once a day) when the data is stale; returns how many DMs were sent. */
  staleCheck(): Promise<number>;
  /** Graceful stop: no new jobs, running ones finish or are given back, connections closed. */
  stop(): Promise<void>;
}

function timeout<T>(p: Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false }> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then((value) => ({ ok: true as const, value })),
    new Promise<{ ok: false }>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false }), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

function redisConnection(url: string, logger: Logger, name: string): Redis {
  const conn = new Redis(url, {
    // BullMQ requires it for workers; our own calls are bounded by timeouts instead.
    maxRetriesPerRequest: null,
    connectionName: `carteira-worker-${name}`,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
  let last = 0;
  conn.on('error', (err) => {
    // ioredis reports every failed reconnect; one line per 30 s is enough.
    if (elapsedMs() - last > 30_000) {
      last = elapsedMs();
      logger.warn({ err: err.message, connection: name }, 'Redis connection error');
    }
  });
  return conn;
}

export async function startWorker(opts: StartWorkerOptions): Promise<WorkerHandle> {
  const config = requireKeys(opts.config, ['SLACK_BOT_TOKEN']);
  const tuning: WorkerTuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL, 'carteira-worker');
  processTableSupport.useLogger(logger);
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const prefix = opts.prefix ?? config.QUEUE_PREFIX;
  const concurrency = opts.concurrency ?? config.WORKER_CONCURRENCY;
  const redisUrl = opts.redis ?? config.REDIS_URL;
  const log = logger.child({ workerId });

  const ownsDatabase = !opts.database;
  const database = opts.database ?? (await openConfigured(config, { poolSize: concurrency + 4 }));

  const queueConn = redisConnection(redisUrl, log, 'queue');
  const workerConn = redisConnection(redisUrl, log, 'worker');
  const ping = await timeout(queueConn.ping(), 10_000);
  if (!ping.ok) {
    queueConn.disconnect();
    workerConn.disconnect();
    if (ownsDatabase) await database.close();
    throw new CarteiraError(
      'config_invalid',
      'Redis não respondeu em 10 s: confira REDIS_URL (Redis unreachable).',
    );
  }

  const queue = new Queue<OccurrenceJobData | DeliverJobData>(QUEUE_NAME, {
    connection: queueConn,
    prefix,
  });
  queue.on('error', (err) => log.warn({ err: err.message }, 'queue error'));
  const metrics = new WorkerMetrics(
    () =>
      queue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'completed',
        'failed',
      ) as Promise<Record<string, number>>,
  );
  const slack = new SlackDelivery(
    createSlackClient(config, log, tuning.slackTimeoutMs),
    tuning.slackTimeoutMs,
  );
  const ctx: WorkerContext = {
    config,
    database,
    db: database.db,
    logger: log,
    now: opts.now ?? systemClock,
    queue,
    slack,
    gate: new ChannelGate(queueConn, `${prefix}:${QUEUE_NAME}`, tuning.channelIntervalMs),
    metrics,
    tuning,
    workerId,
    hooks: opts.hooks ?? {},
    stopping: false,
  };
  const reconciler = new Reconciler(ctx);
  const watcher = config.IMPORT_DIR ? new ImportWatcher(ctx, config.IMPORT_DIR) : null;

  const http = await startHttpServer(ctx, {
    port: opts.port ?? config.WORKER_PORT,
    redisPing: async () => (await timeout(queueConn.ping(), 1500)).ok,
    dashboard: opts.dashboard?.(queue as unknown as Queue),
  });

  const worker = new Worker<OccurrenceJobData | DeliverJobData>(
    QUEUE_NAME,
    async (job, token) => {
      if (!token) throw new Error('job without a lock token');
      if (job.name === 'occurrence')
        return processOccurrence(ctx, job as Job<OccurrenceJobData>, token);
      if (job.name === 'deliver')
        return deliverOne(ctx, job, token, (job.data as DeliverJobData).deliveryId);
      log.error({ name: job.name }, 'unknown job');
      return 'ignored';
    },
    {
      connection: workerConn,
      prefix,
      concurrency,
      lockDuration: tuning.lockDurationMs,
      stalledInterval: tuning.stalledIntervalMs,
      maxStalledCount: 2,
    },
  );
  worker.on('error', (err) => log.warn({ err: err.message }, 'worker error'));
  worker.on('failed', (job, err) => log.debug({ jobId: job?.id, err: err.message }, 'job failed'));

  const safely = (what: string, p: Promise<unknown>) =>
    void p.catch((err: unknown) => log.warn({ err: (err as Error).message }, `${what} failed`));

  const listener = listenForChanges(
    database,
    log,
    (notice) => {
      if (ctx.stopping) return;
      if (notice.kind === 'subscription') safely('reconcile after NOTIFY', reconciler.quick());
      else safely('pickup after NOTIFY', reconciler.poll());
    },
    () => safely('reconcile after reconnect', reconciler.quick()),
  );

  try {
    await reconciler.full();
  } catch (err) {
    log.error({ err }, 'initial reconcile failed; will retry on the timer');
  }

  const timers: NodeJS.Timeout[] = [];
  if (opts.timers !== false) {
    timers.push(
      setInterval(
        () => safely('periodic reconcile', reconciler.full()),
        tuning.reconcileIntervalMs,
      ),
    );
    timers.push(
      setInterval(() => safely('poll for requests', reconciler.poll()), tuning.pollIntervalMs),
    );
    timers.push(
      setInterval(() => safely('contact reminders', sendDueReminders(ctx)), tuning.pollIntervalMs),
    );
    timers.push(
      setInterval(() => safely('stale data check', checkStaleData(ctx)), tuning.pollIntervalMs),
    );
    if (watcher)
      timers.push(setInterval(() => safely('IMPORT_DIR', watcher.pass()), tuning.importPollMs));
    for (const t of timers) t.unref();
  }
  log.info({ prefix, concurrency, port: http.port }, 'worker started');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      ctx.stopping = true;
      for (const t of timers) clearInterval(t);
      await timeout(listener.close(), 2_000);
      // Running jobs bail out at their next checkpoint (before a claim or a Slack call).
      const closed = await timeout(worker.close(), tuning.shutdownTimeoutMs);
      // An import in progress is one transaction: let it commit or roll back on its own.
      if (watcher) await timeout(watcher.idle(), tuning.shutdownTimeoutMs);
      if (!closed.ok) log.warn('jobs still running at the shutdown deadline; cutting connections');
      const released = await timeout(releaseWorkerClaims(database.db, workerId), 3_000);
      if (released.ok && released.value > 0)
        log.info({ released: released.value }, 'claims given back');
      await timeout(queue.close(), 2_000);
      queueConn.disconnect();
      workerConn.disconnect();
      await timeout(http.close(), 2_000);
      if (ownsDatabase) await timeout(database.close(), 3_000);
      log.info('worker stopped');
    })();
    return stopping;
  };

  return {
    workerId,
    port: http.port,
    prefix,
    queue,
    metrics,
    reconcile: () => reconciler.full(),
    pickup: () => reconciler.poll(),
    reminders: () => sendDueReminders(ctx),
    importPass: async () => (watcher ? watcher.pass() : null),
    staleCheck: () => checkStaleData(ctx),
    stop,
  };
}

/** Production entry: a worker that stops gracefully on SIGTERM/SIGINT. */
/** The production entry; `now` is the system clock unless a caller (a test) gives one. */
export async function runWorker(config: Config, now: Clock = systemClock): Promise<WorkerHandle> {
  const logger = createLogger(config.LOG_LEVEL, 'carteira-worker');
  if (!config.DATABASE_URL) {
    throw new CarteiraError(
      'config_invalid',
      'O worker precisa de DATABASE_URL: o banco embutido não é compartilhado entre processos (missing DATABASE_URL).',
    );
  }
  const handle = await startWorker({ config, logger, now });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping worker');
    const deadline = setTimeout(() => process.exit(1), DEFAULT_TUNING.shutdownTimeoutMs + 10_000);
    deadline.unref();
    handle.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return handle;
}
