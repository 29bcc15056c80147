/**
 * Starting and stopping the bot.
 *
 *   const bot = await startBot({ config, database, port: 0 }); // tests: an ephemeral port
 *   await fetch(`${bot.url}/healthz`);
 *   await bot.stop();
 *
 * `runBot(config)` is the production entry (`npm run start:bot`): it opens the database,
 * starts, and on SIGTERM/SIGINT stops receiving, lets requests in flight finish, closes
 * the database and lets the process exit.
 */
import { systemClock } from '../core/clock.js';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { App } from '@slack/bolt';
import { loadConfig, type Config } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import { openConfigured } from '../core/db/open.js';
import { isCarteiraError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { processTableSupport } from '../core/render/table-fallback.js';
import { createApp, verifyBotToken } from './app.js';
import type { BotDeps } from './deps.js';
import { InFlight } from './server/in-flight.js';
import type { ReplayGuard } from './server/replay-guard.js';

export interface StartBotOptions {
  config: Config;
  /** An open database (tests); absent → the configured one, opened and closed by the bot. */
  database?: Database;
  logger?: Logger;
  /** The clock (tests fix it). */
  now?: () => Date;
  /** Port to listen on (HTTP mode); 0 → an ephemeral port. Default: config.PORT. */
  port?: number;
  /** Interface to listen on (default: all). */
  host?: string;
  replayGuard?: ReplayGuard;
  /** How long `stop()` waits for requests in flight (default 25 s, under Kubernetes' 30 s). */
  drainTimeoutMs?: number;
}

export interface RunningBot {
  app: App;
  /** The bound HTTP port (Socket Mode: the health port). */
  port: number;
  /** `http://127.0.0.1:PORT` (the events endpoint is `${url}/slack/events`). */
  url: string;
  socketMode: boolean;
  stop(): Promise<void>;
}

export async function startBot(opts: StartBotOptions): Promise<RunningBot> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL, 'carteira-bot');
  processTableSupport.useLogger(logger);
  const database = opts.database ?? (await openConfigured(config));
  const ownsDatabase = !opts.database;
  const deps: BotDeps = {
    database,
    db: database.db,
    config,
    logger,
    now: opts.now ?? systemClock,
  };
  const inFlight = new InFlight();
  let app: App;
  try {
    const bot = await verifyBotToken(config, logger);
    app = createApp(deps, { inFlight, replayGuard: opts.replayGuard, bot });
  } catch (e) {
    if (ownsDatabase) await database.close();
    throw e;
  }
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  let port = opts.port ?? config.PORT;
  if (socketMode) {
    await app.start();
  } else {
    const server = (await app.start({ port, ...(opts.host ? { host: opts.host } : {}) })) as Server;
    port = (server.address() as AddressInfo).port;
  }
  logger.info({ port, socketMode, database: database.kind }, 'bot started');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // 1. Stop receiving: the HTTP server (or the socket) closes to new requests.
      await app
        .stop()
        .catch((err: unknown) => logger.warn({ err }, 'error while stopping the receiver'));
      // 2. Let the work already acknowledged finish (reports being generated, uploads).
      const drained = await inFlight.idle(opts.drainTimeoutMs ?? 25_000);
      if (!drained)
        logger.warn({ inFlight: inFlight.size }, 'stopping with requests still in flight');
      // 3. Close the database we opened.
      if (ownsDatabase) await database.close();
      logger.info('bot stopped');
    })();
    return stopping;
  };
  return { app, port, url: `http://127.0.0.1:${port}`, socketMode, stop };
}

/** Production: start, then stop gracefully on SIGTERM or SIGINT. */
export async function runBot(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL, 'carteira-bot');
  const bot = await startBot({ config, logger });
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      // A second signal while draining stops at once.
      process.once(signal, () => process.exit(1));
      bot.stop().then(resolve, (err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        resolve();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  // Idle keep-alive sockets of the HTTP client may linger; don't let them hold the exit.
  setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
}

// `node --import tsx src/bot/main.ts` runs the bot directly (the CLI's `bot` command is the usual way).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBot(loadConfig()).catch((e: unknown) => {
    const message = isCarteiraError(e) ? e.message : e instanceof Error ? e.message : String(e);
    process.stderr.write(`carteira bot: ${message}\n`);
    process.exitCode = 1;
  });
}
