/**
 * Structured logs (pino). Secrets are redacted wherever they appear as fields, and
 * connection strings are never logged whole.
 */
import { pino, type Logger } from 'pino';
import { SECRET_KEYS } from './config.js';

export type { Logger };

/** Field paths whose values are secrets, at the top level and one or two levels down. */
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  'token',
  '*.token',
  '*.*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * Last line of defence for secrets inside strings (error messages, stacks, URLs): Slack
 * tokens and the password part of any `scheme://user:password@host`.
 */
export function scrubSecrets(line: string): string {
  return line
    .replace(/\b(xox[abposr]|xapp)-[A-Za-z0-9-]+/g, '$1-[redacted]')
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@"]*:)[^\s@/"]+@/gi, '$1***@');
}

export function createLogger(
  level: string,
  name: string,
  destination?: NodeJS.WritableStream,
): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: scrubSecrets },
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** A connection string without its password, for logs: postgres://carteira:***@db:5432/carteira */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[url inválida]';
  }
}
