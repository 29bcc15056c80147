/**
 * What every bot listener receives besides Bolt's arguments: passed down as a value so
 * tests can build it with a test database, a fixed clock and a fake Slack.
 */
import type { Kysely } from 'kysely';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import type { DB } from '../core/db/schema.js';
import type { Logger } from '../core/logger.js';

export interface BotDeps {
  database: Database;
  db: Kysely<DB>;
  config: Config;
  logger: Logger;
  /** The clock; tests fix it. */
  now: () => Date;
}

/** A `/carteira <subcommand> …` call after routing: `text` is what follows the subcommand. */
export interface CommandInvocation {
  userId: string;
  teamId: string;
  channelId: string;
  channelName: string;
  text: string;
  triggerId: string;
  /** Where private answers go (src/bot/response-url.ts). */
  responseUrl: string;
  client: WebClient;
}
