/**
 * `GET /healthz` (the process is up) and `GET /readyz` (Postgres answers `select 1`), as
 * receiver custom routes so they share the bot's port.
 */
import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../core/db/schema.js';
import type { Logger } from '../../core/logger.js';

/** How long /readyz waits for Postgres before answering 503. */
const READY_TIMEOUT_MS = 2000;

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(body);
}

export async function databaseReady(db: Kysely<DB>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    const ok = sql`select 1`.execute(db).then(
      () => true,
      () => false,
    );
    return await Promise.race([ok, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(db: Kysely<DB>, logger: Logger): CustomRoute[] {
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: (_req, res) => text(res, 200, 'ok') },
    {
      path: '/readyz',
      method: ['GET', 'HEAD'],
      handler: (_req, res) => {
        databaseReady(db).then(
          (ok) => {
            if (!ok) logger.warn('readiness check failed: database not reachable');
            text(res, ok ? 200 : 503, ok ? 'ok' : 'database unavailable');
          },
          () => text(res, 503, 'database unavailable'),
        );
      },
    },
  ];
}
