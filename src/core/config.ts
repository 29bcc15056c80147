/**
 * Configuration, read once from the environment and validated. The only place in src/
 * that reads `process.env`. A missing or malformed variable stops the process with one
 * line naming the variable and what is expected.
 */
import { z } from 'zod';
import {
  canonicalTimezone,
  DEFAULT_TIMEZONE,
  isValidTimezone,
  TIMEZONE_HINT,
} from './time/timezone.js';
import { CarteiraError } from './errors.js';
import { parseCron } from './subscriptions/schedule/cron.js';

/** A URL, optionally restricted to some schemes (`postgres:` for DATABASE_URL…). */
const url = (what: string, protocols?: readonly string[]) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return !protocols || protocols.includes(u.protocol);
    } catch {
      return false;
    }
  }, `deve ser uma URL (${what})`);

const PORT_MESSAGE = 'deve ser uma porta entre 0 e 65535 / must be a port 0–65535';
const port = z.coerce
  .number({ error: PORT_MESSAGE })
  .int(PORT_MESSAGE)
  .min(0, PORT_MESSAGE)
  .max(65535, PORT_MESSAGE);

export const configSchema = z.object({
  DATABASE_URL: url('postgres://usuario:senha@host:5432/banco', [
    'postgres:',
    'postgresql:',
  ]).optional(),
  PGLITE_DIR: z.string().optional(),
  REDIS_URL: url('redis://host:6379', ['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xox[bp]-/, 'deve começar com xoxb- / must start with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, 'segredo de assinatura do app Slack').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'deve começar com xapp- / must start with xapp-')
    .optional(),
  SLACK_API_URL: url('https://slack.com/api/', ['https:', 'http:']).optional(),
  PORT: port.default(3000),
  WORKER_PORT: port.default(3001),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  QUEUE_PREFIX: z.string().min(1).max(50).default('carteira'),
  DASHBOARD_PASSWORD: z.string().min(8, 'senha do painel com 8+ caracteres').optional(),
  CARTEIRA_TIMEZONE: z
    .string()
    .refine(isValidTimezone, `${TIMEZONE_HINT} / IANA timezone`)
    .transform((tz) => canonicalTimezone(tz)!)
    .default(DEFAULT_TIMEZONE),
  /** Folder the worker watches for ERP exports (issue 14; docs/operations.md). */
  IMPORT_DIR: z.string().min(1).optional(),
  /** When the worker looks at IMPORT_DIR (cron, company timezone); unset: always. */
  IMPORT_SCHEDULE: z
    .string()
    .refine((v) => {
      try {
        parseCron(v);
        return true;
      } catch {
        return false;
      }
    }, 'deve ser uma expressão cron de 5 campos, ex.: 0 6 * * 1-6 / 5-field cron')
    .transform((v) => parseCron(v).expression)
    .optional(),
  /** Reports warn when the last successful import is older than this (hours). */
  STALE_AFTER_HOURS: z.coerce
    .number({ error: 'deve ser um número de horas / hours' })
    .positive('deve ser um número de horas maior que zero / hours > 0')
    .max(24 * 60, 'no máximo 1440 horas / at most 1440 hours')
    .default(26),
  /** How long an "após a importação do dia" subscription waits for the import (hours). */
  IMPORT_WAIT_HOURS: z.coerce
    .number({ error: 'deve ser um número de horas / hours' })
    .min(0, 'deve ser 0 ou mais horas / hours ≥ 0')
    .max(12, 'no máximo 12 horas / at most 12 hours')
    .default(3),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'deve ser fatal, error, warn, info, debug, trace ou silent / must be a pino level',
    })
    .default('info'),
});

export type Config = z.infer<typeof configSchema>;

/** Names of variables holding secrets: never logged. */
export const SECRET_KEYS = [
  'DATABASE_URL',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DASHBOARD_PASSWORD',
  'REDIS_URL',
] as const;

/** Validates an environment; empty strings count as unset (compose passes `VAR=`). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') cleaned[key] = v.trim();
  }
  const r = configSchema.safeParse(cleaned);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const name = String(issue.path[0] ?? '?');
    throw new CarteiraError(
      'config_invalid',
      `Configuração inválida: ${name} ${issue.message} (variable ${name} is invalid)`,
    );
  }
  return r.data;
}

/** Requires variables a role needs (e.g. the bot needs the Slack token and secret). */
export function requireKeys<K extends keyof Config>(
  config: Config,
  keys: readonly K[],
): Config & Required<Pick<Config, K>> {
  for (const k of keys) {
    if (config[k] === undefined) {
      throw new CarteiraError(
        'config_invalid',
        `Configuração ausente: defina ${String(k)} (missing environment variable ${String(k)})`,
      );
    }
  }
  return config as Config & Required<Pick<Config, K>>;
}
