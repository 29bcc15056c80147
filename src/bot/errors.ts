/**
 * Turning failures into what the user reads. A `CarteiraError` already carries its
 * Portuguese sentence; anything else is logged with the request id and the user gets a
 * generic apology (never a stack trace or an English message).
 */
import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { isCarteiraError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { esc } from './blocks/elements.js';
import { texts } from './texts.js';

/** Slack refused a modal because the interaction's trigger id was too old or already used. */
const STALE_TRIGGER = new Set(['expired_trigger_id', 'invalid_trigger_id', 'exchanged_trigger_id']);

export function userText(e: unknown, log: Logger): string {
  // Core messages quote what the user typed; `<…>` in it must not become a Slack link.
  if (isCarteiraError(e)) return esc(e.message);
  const code = slackErrorCode(e);
  if (code && STALE_TRIGGER.has(code)) {
    log.warn({ err: e, code }, 'views.open failed: the trigger id is no longer valid');
    return texts.builder.triggerExpired;
  }
  log.error({ err: e }, 'unexpected error while handling a Slack request');
  return texts.generic.unexpected;
}

/** Slack's error code (`not_in_channel`, `channel_not_found`…) of a failed Web API call. */
export function slackErrorCode(e: unknown): string | undefined {
  if (
    typeof e === 'object' &&
    e !== null &&
    (e as { code?: unknown }).code === ErrorCode.PlatformError
  ) {
    return (e as WebAPIPlatformError).data.error;
  }
  return undefined;
}
