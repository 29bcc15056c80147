/**
 * Posting to a response_url (slash commands, buttons on messages): the one place the bot
 * does it. Bolt's `respond` keeps only the HTTP status of a failure; Slack's answer to a
 * refused payload is `{ ok: false, error: 'invalid_blocks', response_metadata: { messages } }`
 * with HTTP 400, and the json-pointers in those messages say which block was refused — the
 * report's table fallback needs them (core/render/table-fallback.ts `isTableRefusal`).
 * https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
import type { OutMessage } from './reply.js';

/** What a response_url post carries besides the message. */
export interface ResponseOptions {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

/** A response_url post Slack answered with an error; `data` as WebClient errors carry it. */
export class ResponseUrlError extends Error {
  readonly statusCode: number;
  readonly data: { error?: string; response_metadata?: { messages?: string[] } };
  constructor(statusCode: number, data: ResponseUrlError['data']) {
    super(
      `response_url answered ${statusCode}${data.error ? ` ${data.error}` : ''}` +
        (data.response_metadata?.messages?.length
          ? `: ${data.response_metadata.messages.join('; ')}`
          : ''),
    );
    this.name = 'ResponseUrlError';
    this.statusCode = statusCode;
    this.data = data;
  }
}

async function errorBody(res: Response): Promise<ResponseUrlError['data']> {
  const raw = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed === 'object' && parsed !== null) return parsed as ResponseUrlError['data'];
  } catch {
    // Slack answers some failures in plain text (`expired_url`, `no_text`).
  }
  const word = raw.trim();
  return /^[a-z_]+$/.test(word) ? { error: word } : {};
}

/** POSTs `message` to `url`; throws `ResponseUrlError` with Slack's error and messages. */
export async function postToResponseUrl(
  url: string,
  message: OutMessage,
  options: ResponseOptions = {},
): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...message, ...options }),
  });
  if (!res.ok) throw new ResponseUrlError(res.status, await errorBody(res));
  await res.body?.cancel().catch(() => undefined);
}
