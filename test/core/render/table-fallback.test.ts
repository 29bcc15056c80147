/**
 * The report table falls back data_table → table → text only when Slack refused the table
 * block itself; any other refusal or error surfaces unchanged and nothing is remembered.
 * Real errors: `@slack/web-api`'s WebClient (chat.postMessage) and the bot's response_url
 * poster, against the fake Slack refusing a given block type on a surface.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/core/logger.js';
import { renderSlackReport, type TableStyle } from '../../../src/core/render/slack-report.js';
import {
  isTableRefusal,
  sendWithTableFallback,
  TableSupport,
} from '../../../src/core/render/table-fallback.js';
import { postToResponseUrl } from '../../../src/bot/response-url.js';
import type { OutMessage } from '../../../src/bot/reply.js';
import { startFakeSlack, type FakeSlack } from '../../fake-slack/index.js';
import { makeResult } from './fixtures.js';

const CHANNEL = 'C0VENDAS001';
let fake: FakeSlack;
let slack: WebClient;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: [{ id: CHANNEL, name: 'vendas', botMember: true }] });
  slack = new WebClient(fake.token, {
    slackApiUrl: fake.url,
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** A report with buttons (an actions block beside the table). */
const render = (tableStyle: TableStyle) =>
  renderSlackReport(makeResult(), {
    tableStyle,
    actions: { viewId: '7' },
  }) as unknown as OutMessage;

function capture(): { logger: Logger; warnings: object[] } {
  const warnings: object[] = [];
  const noop = () => undefined;
  const logger = {
    warn: (obj: object) => warnings.push(obj),
    info: noop,
    error: noop,
    debug: noop,
    child: () => logger,
  } as unknown as Logger;
  return { logger, warnings };
}

const postMessage = (m: OutMessage) =>
  slack.chat.postMessage({ channel: CHANNEL, ...m } as never).then(() => undefined);

function outcome(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'sent',
    (e: unknown) => e,
  );
}

describe('chat.postMessage', () => {
  it('falls back when Slack refuses the table, remembers it and logs it once', async () => {
    const support = new TableSupport();
    const { logger, warnings } = capture();
    fake.refuse('message', 'data_table');
    const send = () =>
      sendWithTableFallback({ surface: 'message', render, send: postMessage, support, logger });
    expect(await send()).toBe('table');
    expect(await send()).toBe('table');
    const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.response.ok)).toEqual([false, true, true]);
    expect(warnings).toEqual([
      expect.objectContaining({ surface: 'message', style: 'data_table' }),
    ]);
    expect(support.styleFor('message')).toBe('table');
  });

  it('does not fall back when Slack refuses another block: the error surfaces', async () => {
    const support = new TableSupport();
    const { logger, warnings } = capture();
    fake.refuse('message', 'actions');
    const error = await outcome(
      sendWithTableFallback({ surface: 'message', render, send: postMessage, support, logger }),
    );
    expect((error as { data?: { error?: string } }).data?.error).toBe('invalid_blocks');
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(support.styleFor('message')).toBe('data_table');
    expect(warnings).toEqual([]);
  });

  it('does not fall back on a rate limit or a channel error', async () => {
    const support = new TableSupport();
    for (const fault of [{ status: 429, retryAfter: 1 }, { error: 'channel_not_found' }] as const) {
      fake.failNext('chat.postMessage', fault);
      const error = await outcome(
        sendWithTableFallback({ surface: 'message', render, send: postMessage, support }),
      );
      expect(error).toBeInstanceOf(Error);
    }
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(2);
    expect(support.styleFor('message')).toBe('data_table');
  });
});

describe('response_url', () => {
  const post = (url: string) => (m: OutMessage) => postToResponseUrl(url, m);

  it('falls back data_table → table → text as Slack refuses each, then goes straight to text', async () => {
    const support = new TableSupport();
    const { logger, warnings } = capture();
    fake.refuse('response_url', 'data_table');
    fake.refuse('response_url', 'table');
    const url = fake.responseUrl();
    const send = () =>
      sendWithTableFallback({ surface: 'response_url', render, send: post(url), support, logger });
    expect(await send()).toBe('text');
    expect(await send()).toBe('text');
    const statuses = fake.calls.filter((c) => c.method === 'response_url').map((c) => c.status);
    expect(statuses).toEqual([400, 400, 200, 200]);
    expect(warnings.map((w) => (w as { style: string }).style)).toEqual(['data_table', 'table']);
  });

  it('does not fall back when the refusal is of another block, nor on an expired url', async () => {
    const support = new TableSupport();
    fake.refuse('response_url', 'actions');
    const refused = await outcome(
      sendWithTableFallback({
        surface: 'response_url',
        render,
        send: post(fake.responseUrl()),
        support,
      }),
    );
    expect((refused as { statusCode?: number }).statusCode).toBe(400);
    const expired = await outcome(
      sendWithTableFallback({
        surface: 'response_url',
        render,
        send: post(`${fake.origin}/response/T0/never/issued`),
        support,
      }),
    );
    expect((expired as { data?: { error?: string } }).data?.error).toBe('expired_url');
    expect(fake.calls.filter((c) => c.method === 'response_url')).toHaveLength(2);
    expect(support.styleFor('response_url')).toBe('data_table');
  });
});

describe('isTableRefusal', () => {
  const message = render('data_table');
  const tableIndex = message.blocks!.findIndex(
    (b) => (b as { type: string }).type === 'data_table',
  );
  const error = (...messages: string[]) => ({
    data: { error: 'invalid_blocks', response_metadata: { messages } },
  });

  it('reads the json-pointer: the table block, or a block inside it, is the table', () => {
    expect(
      isTableRefusal(error(`[ERROR] x [json-pointer:/blocks/${tableIndex}/rows]`), message),
    ).toBe(true);
    expect(isTableRefusal(error('[ERROR] x [json-pointer:/blocks/0/text]'), message)).toBe(false);
    expect(
      isTableRefusal(
        error(
          `[ERROR] x [json-pointer:/blocks/${tableIndex}]`,
          '[ERROR] y [json-pointer:/blocks/0]',
        ),
        message,
      ),
    ).toBe(false);
  });

  it('takes a refusal naming the table type without a pointer, never one without messages', () => {
    expect(isTableRefusal(error('unsupported block type: data_table'), message)).toBe(true);
    expect(isTableRefusal(error('unsupported block type: table'), message)).toBe(false);
    expect(isTableRefusal(error(), message)).toBe(false);
    expect(isTableRefusal({ statusCode: 400 }, message)).toBe(false);
  });

  it('finds the table block inside attachments', () => {
    const old = render('table');
    expect(
      isTableRefusal(error('[ERROR] x [json-pointer:/attachments/0/blocks/0/rows]'), old),
    ).toBe(true);
  });
});
