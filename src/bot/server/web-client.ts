/**
 * How the bot talks to the Slack Web API: the base URL (SLACK_API_URL, for tests and
 * proxies), short retries for interactive answers, logs through pino — and the start-up
 * check of the bot token.
 */
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { requireKeys, type Config } from '../../core/config.js';
import { CarteiraError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { slackErrorCode } from '../errors.js';
import { boltLogger } from './bolt-logger.js';

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/** Slack's WebClient expects the API base to end in `/`. */
export function apiBase(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function webClientOptions(config: Config, logger: Logger): WebClientOptions {
  return {
    logger: boltLogger(logger),
    // Someone is waiting for the answer: retry a failed call briefly, not for half an hour.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    ...(config.SLACK_API_URL ? { slackApiUrl: apiBase(config.SLACK_API_URL) } : {}),
  };
}

/**
 * Checks SLACK_BOT_TOKEN with `auth.test` before starting, so a wrong token or an
 * unreachable Slack stops the start with one clear line instead of failing every request.
 */
export async function verifyBotToken(config: Config, logger: Logger): Promise<BotIdentity> {
  const { SLACK_BOT_TOKEN } = requireKeys(config, ['SLACK_BOT_TOKEN']);
  const client = new WebClient(SLACK_BOT_TOKEN, webClientOptions(config, logger));
  let r;
  try {
    r = await client.auth.test();
  } catch (e) {
    const code = slackErrorCode(e);
    const where = config.SLACK_API_URL ? ` em ${config.SLACK_API_URL}` : '';
    throw new CarteiraError(
      'config_invalid',
      code
        ? `O Slack recusou SLACK_BOT_TOKEN (${code}); confira o token do app (xoxb-…). (Slack refused SLACK_BOT_TOKEN)`
        : `Não consegui falar com o Slack${where}; confira a rede ou SLACK_API_URL. (Slack unreachable)`,
    );
  }
  if (!r.bot_id || !r.user_id) {
    throw new CarteiraError(
      'config_invalid',
      'SLACK_BOT_TOKEN não é um token de bot (xoxb-…). (SLACK_BOT_TOKEN is not a bot token)',
    );
  }
  return { botId: r.bot_id, botUserId: r.user_id };
}
