/**
 * LISTEN carteira_subscriptions on a dedicated Postgres connection, so the bot's and the
 * CLI's changes reach the worker at once. The connection is re-opened with backoff when
 * it drops; missed notifications are covered by the reconciler's timers.
 */
import type pg from 'pg';
import type { Database } from '../core/db/database.js';
import type { Logger } from '../core/logger.js';
import {
  parseNotice,
  SUBSCRIPTIONS_CHANNEL,
  type SubscriptionNotice,
} from '../core/subscriptions/notify.js';

export interface Listener {
  close(): Promise<void>;
}

export function listenForChanges(
  database: Database,
  logger: Logger,
  onNotice: (notice: SubscriptionNotice) => void,
  onReconnect: () => void,
): Listener {
  const pool = database.pool;
  if (!pool) {
    logger.warn('embedded database: no LISTEN/NOTIFY, relying on periodic reconcile');
    return { close: async () => {} };
  }
  let client: pg.PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = 500;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== SUBSCRIPTIONS_CHANNEL) return;
    const notice = parseNotice(msg.payload);
    if (notice) onNotice(notice);
  };

  const connect = async () => {
    if (closed) return;
    try {
      const c = await pool.connect();
      c.on('notification', onNotification);
      c.on('error', (err) => {
        logger.warn({ err }, 'LISTEN connection lost; reconnecting');
        drop(c, err);
      });
      await c.query(`LISTEN ${SUBSCRIPTIONS_CHANNEL}`);
      if (closed) {
        c.release();
        return;
      }
      client = c;
      const reconnected = delay > 500;
      delay = 500;
      if (reconnected) onReconnect();
    } catch (err) {
      logger.warn({ err }, 'cannot LISTEN for subscription changes; retrying');
      schedule();
    }
  };

  const drop = (c: pg.PoolClient, err?: Error) => {
    if (client === c) client = null;
    c.removeAllListeners('notification');
    try {
      c.release(err ?? true);
    } catch {
      // already released
    }
    schedule();
  };

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, 30_000);
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('notification');
        await c.query(`UNLISTEN ${SUBSCRIPTIONS_CHANNEL}`).catch(() => {});
        // Destroy rather than return it: a pooled connection must not keep LISTENing.
        c.release(true);
      }
    },
  };
}
