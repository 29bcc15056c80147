/**
 * The first middleware of every request: gives it an id and a child logger, refuses
 * replays, and counts it as in flight until its listener (including work after `ack()`)
 * has finished.
 */
import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, BufferedIncomingMessage, Context, Middleware } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import type { BotDeps } from '../deps.js';
import type { InFlight } from './in-flight.js';
import { ReplayedRequestError, type ReplayGuard } from './replay-guard.js';

/** What the HTTP receiver copies from a verified request into the context. */
export interface SlackDelivery {
  signature: string;
  timestamp: string;
  /** From a proxy's `X-Request-Id`, when there is one. */
  requestId?: string;
}

/** Context keys our middleware adds (names must not clash with Bolt's built-in keys). */
export interface CarteiraContext {
  requestId?: string;
  log?: Logger;
  slackDelivery?: SlackDelivery;
}

function header(req: BufferedIncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** For the HTTP receiver's `customPropertiesExtractor`: runs only after the signature was verified. */
export function extractDelivery(
  req: BufferedIncomingMessage,
): { slackDelivery: SlackDelivery } | Record<string, never> {
  const signature = header(req, 'x-slack-signature');
  const timestamp = header(req, 'x-slack-request-timestamp');
  if (!signature || !timestamp) return {};
  const requestId = header(req, 'x-request-id')?.slice(0, 100);
  return { slackDelivery: { signature, timestamp, ...(requestId ? { requestId } : {}) } };
}

/** A short description of the request for logs: `command /carteira`, `block_actions report_pdf`… */
function describe(body: AnyMiddlewareArgs['body']): Record<string, unknown> {
  const b = body as Record<string, unknown>;
  if (typeof b.command === 'string')
    return { kind: 'command', command: b.command, user: b.user_id };
  const user = (b.user as { id?: string } | undefined)?.id;
  if (b.type === 'block_actions') {
    const actions = b.actions as { action_id?: string }[] | undefined;
    return { kind: 'block_actions', action: actions?.[0]?.action_id, user };
  }
  if (b.type === 'view_submission' || b.type === 'view_closed') {
    return {
      kind: b.type,
      callback: (b.view as { callback_id?: string } | undefined)?.callback_id,
      user,
    };
  }
  if (b.type === 'event_callback') {
    const ev = b.event as { type?: string; user?: string } | undefined;
    return { kind: 'event', event: ev?.type, user: ev?.user };
  }
  return { kind: String(b.type ?? 'unknown') };
}

export function requestContext(
  deps: BotDeps,
  opts: { guard?: ReplayGuard; inFlight: InFlight },
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const ctx = context as Context & CarteiraContext;
    const delivery = ctx.slackDelivery;
    const requestId = delivery?.requestId ?? randomUUID().slice(0, 8);
    const log = deps.logger.child({ reqId: requestId });
    ctx.requestId = requestId;
    ctx.log = log;
    if (delivery && opts.guard) {
      const first = await opts.guard.firstSeen(`${delivery.timestamp}:${delivery.signature}`);
      if (!first) {
        log.warn({ ...describe(body) }, 'refused a replayed Slack request');
        throw new ReplayedRequestError('replayed Slack request');
      }
    }
    const started = performance.now();
    await opts.inFlight.track(async () => {
      try {
        await next();
      } finally {
        log.info(
          { ...describe(body), ms: Math.round(performance.now() - started) },
          'slack request handled',
        );
      }
    });
  };
}

/** The request's deps: the same, with the request's child logger. */
export function scoped(deps: BotDeps, context: Context): BotDeps {
  const log = (context as Context & CarteiraContext).log;
  return log ? { ...deps, logger: log } : deps;
}
