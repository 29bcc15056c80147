/**
 * The Bolt app: the receiver (HTTP at `/slack/events`, or Socket Mode), the Web API client
 * (SLACK_API_URL), logs through pino, and the listeners of `listeners.ts`.
 *
 *   const app = createApp(deps, { bot: await verifyBotToken(deps.config, deps.logger) });
 */
import { App } from '@slack/bolt';
import { requireKeys } from '../core/config.js';
import type { BotDeps } from './deps.js';
import { registerListeners } from './listeners.js';
import { boltLogger } from './server/bolt-logger.js';
import { InFlight } from './server/in-flight.js';
import { createReceiver } from './server/receiver.js';
import { isReplayedRequest, type ReplayGuard } from './server/replay-guard.js';
import { webClientOptions, type BotIdentity } from './server/web-client.js';

export { verifyBotToken, type BotIdentity } from './server/web-client.js';

export interface CreateAppOptions {
  /** Counts requests in flight, for graceful shutdown (one is made when absent). */
  inFlight?: InFlight;
  /** Refuses replayed HTTP requests (default: in memory). */
  replayGuard?: ReplayGuard;
  /** The bot's identity from `verifyBotToken`; absent, Bolt calls auth.test itself. */
  bot?: BotIdentity;
}

export function createApp(deps: BotDeps, opts: CreateAppOptions = {}): App {
  const { SLACK_BOT_TOKEN } = requireKeys(deps.config, ['SLACK_BOT_TOKEN']);
  const { receiver, replayGuard } = createReceiver(deps, { replayGuard: opts.replayGuard });
  const app = new App({
    token: SLACK_BOT_TOKEN,
    ...(opts.bot ? { botId: opts.bot.botId, botUserId: opts.bot.botUserId } : {}),
    receiver,
    logger: boltLogger(deps.logger),
    convoStore: false,
    clientOptions: webClientOptions(deps.config, deps.logger),
  });
  app.error(async (error) => {
    if (!isReplayedRequest(error))
      deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
    // Rethrown so the receiver answers (401 for replays, 500 when nothing was acked).
    throw error;
  });
  registerListeners(app, deps, { inFlight: opts.inFlight ?? new InFlight(), replayGuard });
  return app;
}
