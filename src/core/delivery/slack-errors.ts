/**
 * What a failed Slack call means for a delivery. Pure: it reads the shape of
 * `@slack/web-api`'s errors (their `code`, `retryAfter`, `statusCode`, `data.error`)
 * without importing the library, so core stays free of transport code.
 *
 * - `rate_limited`: HTTP 429; wait `Retry-After` and try again — never counts as an attempt.
 * - `permanent`: retrying cannot help (channel gone, archived, bot removed, token revoked,
 *   missing scope, a payload Slack refuses). `scope` says whose problem it is: the
 *   subscription's (counts towards pausing it) or one fan-out recipient's.
 * - `transient`: 5xx, network, timeouts, anything unknown; retried with backoff.
 */

export type DeliveryFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; code: 'ratelimited' }
  | { kind: 'permanent'; code: string; scope: 'subscription' | 'recipient' }
  | { kind: 'transient'; code: string };

/** Slack refused the message itself (our bug, or a report too big): retrying cannot help. */
export const PAYLOAD_ERRORS: ReadonlySet<string> = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'too_many_attachments',
  'msg_too_long',
  'no_text',
  'invalid_arguments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
]);

/** Errors about where the report goes or the app's access: the subscription must change. */
const SUBSCRIPTION_ERRORS = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
  'org_login_required',
  ...PAYLOAD_ERRORS,
  'as_user_not_supported',
  // Our own, raised before calling Slack.
  'owner_not_linked',
  'owner_inactive',
  'view_unavailable',
]);

/** Errors about one person of a fan-out. */
const RECIPIENT_ERRORS = new Set([
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'user_not_visible',
  'cannot_dm_bot',
  'recipient_not_linked',
]);

/** Slack-side hiccups that say "try again". */
const TRANSIENT_PLATFORM = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'upstream_error',
]);

interface SlackishError {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  message?: unknown;
}

/** A failure we raise ourselves with a Slack-like code (e.g. the owner has no Slack link). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}

export function classifySlackError(e: unknown): DeliveryFailure {
  if (e instanceof DeliveryError) {
    if (RECIPIENT_ERRORS.has(e.code))
      return { kind: 'permanent', code: e.code, scope: 'recipient' };
    if (SUBSCRIPTION_ERRORS.has(e.code))
      return { kind: 'permanent', code: e.code, scope: 'subscription' };
    return { kind: 'transient', code: e.code };
  }
  const err = (e ?? {}) as SlackishError;
  switch (err.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof err.retryAfter === 'number' && err.retryAfter > 0 ? err.retryAfter : 1;
      return { kind: 'rate_limited', retryAfterMs: seconds * 1000, code: 'ratelimited' };
    }
    case 'slack_webapi_platform_error': {
      const code = typeof err.data?.error === 'string' ? err.data.error : 'unknown_error';
      if (code === 'ratelimited' || code === 'rate_limited') {
        return { kind: 'rate_limited', retryAfterMs: 1000, code: 'ratelimited' };
      }
      if (RECIPIENT_ERRORS.has(code)) return { kind: 'permanent', code, scope: 'recipient' };
      if (SUBSCRIPTION_ERRORS.has(code)) return { kind: 'permanent', code, scope: 'subscription' };
      if (TRANSIENT_PLATFORM.has(code)) return { kind: 'transient', code };
      // Unknown codes are retried a few times, then reported as a failure.
      return { kind: 'transient', code };
    }
    case 'slack_webapi_http_error': {
      const status = typeof err.statusCode === 'number' ? err.statusCode : 0;
      if (status === 429) return { kind: 'rate_limited', retryAfterMs: 1000, code: 'ratelimited' };
      return { kind: 'transient', code: `http_${status}` };
    }
    case 'slack_webapi_request_error':
      return { kind: 'transient', code: 'network_error' };
    default:
      return { kind: 'transient', code: e instanceof Error ? e.name || 'error' : 'error' };
  }
}
