import { createHmac } from 'node:crypto';
import { slashCommandFields } from './payloads.js';
import type { SlashCommandInput } from './payloads.js';
import type { Json } from './types.js';

/**
 * Acting as Slack toward the bot's HTTP endpoint (`POST /slack/events`): signed slash
 * commands, interactions and events, with switches for the ways a request can be forged.
 */

export {
  appHomeOpenedEvent,
  blockActionPayload,
  blockSuggestionPayload,
  eventEnvelope,
  initialState,
  input,
  slashCommandFields,
  viewClosedPayload,
  viewObject,
  viewSubmissionPayload,
} from './payloads.js';
export type { SlashCommandInput } from './payloads.js';

export interface SignedHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/**
 * Slack's v0 signature: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`).
 * `timestamp` is in epoch seconds (default now).
 */
export function signRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SignedHeaders {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': String(timestamp) };
}

export interface SendOptions {
  /** `bad`: signed with another secret; `missing`: no X-Slack-Signature header. */
  signature?: 'valid' | 'bad' | 'missing';
  /** Epoch seconds to sign with (default now). */
  timestamp?: number;
  /** Sign correctly but with a timestamp 6 minutes old (Bolt rejects beyond 5). */
  stale?: boolean;
  /** Slack's retry headers for events it re-delivers (`X-Slack-Retry-Num`, `-Reason`). */
  retryNum?: number;
  retryReason?: string;
  headers?: Record<string, string>;
}

export interface SlackHttpResult {
  status: number;
  headers: Headers;
  /** Response body as text (Bolt answers `ack('text')` as plain text, objects as JSON). */
  body: string;
  json<T = unknown>(): T;
  /** Exactly what was sent. */
  request: { url: string; headers: Record<string, string>; body: string };
  /** Sends the identical request again: same body, timestamp and signature (a replay). */
  replay(): Promise<SlackHttpResult>;
}

/** `http://host:port` → `http://host:port/slack/events`; a URL with a path is kept. */
function endpoint(botUrl: string): string {
  const url = new URL(botUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/slack/events';
  return url.toString();
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<SlackHttpResult> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text,
    json: <T>() => JSON.parse(text) as T,
    request: { url, headers, body },
    replay: () => post(url, headers, body),
  };
}

/** POSTs `body` to the bot signed as Slack would (or forged, per `options`). */
export function sendSigned(
  botUrl: string,
  secret: string,
  request: { body: string; contentType: 'application/x-www-form-urlencoded' | 'application/json' },
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const timestamp = options.timestamp ?? (options.stale ? nowSeconds - 6 * 60 : nowSeconds);
  const signingSecret = options.signature === 'bad' ? `${secret}-wrong` : secret;
  const signed = signRequest(signingSecret, request.body, timestamp);
  // Bolt compares the content type exactly, and Slack sends it without a charset.
  const headers: Record<string, string> = {
    'Content-Type': request.contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'X-Slack-Request-Timestamp': signed['X-Slack-Request-Timestamp'],
  };
  if (options.signature !== 'missing') headers['X-Slack-Signature'] = signed['X-Slack-Signature'];
  if (options.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retryNum);
    headers['X-Slack-Retry-Reason'] = options.retryReason ?? 'http_timeout';
  }
  Object.assign(headers, options.headers);
  return post(endpoint(botUrl), headers, request.body);
}

/**
 * A `/carteira` command as Slack POSTs it (form-encoded, all the usual fields).
 *
 * @example
 * const res = await sendSlashCommand(botUrl, secret, {
 *   text: 'ver Fechamentos', user_id: 'U0ANA', channel_id: 'C0VENDAS',
 *   response_url: fake.responseUrl(), trigger_id: fake.newTriggerId(),
 * });
 * expect(res.status).toBe(200);
 */
export function sendSlashCommand(
  botUrl: string,
  secret: string,
  command: SlashCommandInput,
  options?: SendOptions,
): Promise<SlackHttpResult> {
  const body = new URLSearchParams(slashCommandFields(command)).toString();
  return sendSigned(
    botUrl,
    secret,
    { body, contentType: 'application/x-www-form-urlencoded' },
    options,
  );
}

/** An interaction (block_actions, view_submission, view_closed…): `payload=<url-encoded JSON>`. */
export function sendInteraction(
  botUrl: string,
  secret: string,
  payload: Json,
  options?: SendOptions,
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned(
    botUrl,
    secret,
    { body, contentType: 'application/x-www-form-urlencoded' },
    options,
  );
}

/** An Events API envelope (e.g. `appHomeOpenedEvent(…)`), POSTed as JSON. */
export function sendEvent(
  botUrl: string,
  secret: string,
  envelope: Json,
  options?: SendOptions,
): Promise<SlackHttpResult> {
  return sendSigned(
    botUrl,
    secret,
    { body: JSON.stringify(envelope), contentType: 'application/json' },
    options,
  );
}
