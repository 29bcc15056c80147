/**
 * Structured logs (pino). Secrets are redacted wherever they appear as fields, and
 * connection strings are never logged whole.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: [
          'token',
          '*.token',
          'config.SLACK_BOT_TOKEN',
          'config.SLACK_SIGNING_SECRET',
          'config.SLACK_APP_TOKEN',
          'config.DATABASE_URL',
          'config.REDIS_URL',
          'config.DASHBOARD_PASSWORD',
          'headers.authorization',
          '*.headers.authorization',
          'password',
        ],
        censor: '[redacted]',
      },
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
