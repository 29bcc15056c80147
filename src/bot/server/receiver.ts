/**
 * The receiver: Bolt's HTTP receiver on PORT at `/slack/events` (signature verification
 * on, Bolt's default; replays refused) with `/healthz` and `/readyz`; or Socket Mode when
 * SLACK_APP_TOKEN is set (the health routes then get their own small server on PORT).
 */
import { HTTPModuleFunctions, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import { requireKeys } from '../../core/config.js';
import type { BotDeps } from '../deps.js';
import { boltLogger } from './bolt-logger.js';
import { healthRoutes } from './health.js';
import { isReplayedRequest, MemoryReplayGuard, type ReplayGuard } from './replay-guard.js';
import { extractDelivery } from './request-context.js';

export function createReceiver(
  deps: BotDeps,
  opts: { replayGuard?: ReplayGuard } = {},
): { receiver: Receiver; replayGuard?: ReplayGuard } {
  const logger = boltLogger(deps.logger);
  const customRoutes = healthRoutes(deps.db, deps.logger);
  const { config } = deps;
  if (config.SLACK_APP_TOKEN) {
    const receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN,
      logger,
      customRoutes,
      installerOptions: { port: config.PORT },
    });
    // No signatures over a socket, so nothing to replay.
    return { receiver };
  }
  const { SLACK_SIGNING_SECRET } = requireKeys(config, ['SLACK_SIGNING_SECRET']);
  const replayGuard = opts.replayGuard ?? new MemoryReplayGuard();
  const receiver = new HTTPReceiver({
    signingSecret: SLACK_SIGNING_SECRET,
    port: config.PORT,
    logger,
    customRoutes,
    customPropertiesExtractor: extractDelivery,
    // A replay is refused like a forged request: 401, and no listener runs.
    processEventErrorHandler: async (args) => {
      if (isReplayedRequest(args.error) && !args.response.headersSent) {
        args.response.writeHead(401);
        args.response.end();
        return false;
      }
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    },
  });
  return { receiver, replayGuard };
}
