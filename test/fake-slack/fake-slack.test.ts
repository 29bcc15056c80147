/**
 * Proves the fake Slack behaves like Slack toward the real clients the bot and worker use:
 * `@slack/web-api`'s WebClient (encoding, uploads, retries, errors) and Bolt's HTTP receiver
 * (signature checks, ack bodies, respond() through response_url).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import type { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  appHomeOpenedEvent,
  blockActionPayload,
  checkViewErrors,
  RATE_TIERS,
  blockSuggestionPayload,
  checkOptionsResponse,
  input,
  sendEvent,
  sendInteraction,
  sendSlashCommand,
  signRequest,
  startFakeSlack,
  viewSubmissionPayload,
} from './index.js';
import type { FakeSlack } from './index.js';

const ANA = { id: 'U0ANA000001', name: 'ana', real_name: 'Ana Souza', email: 'ana@loja.com.br' };
const BRUNO = { id: 'U0BRUNO0001', name: 'bruno', email: 'bruno@loja.com.br' };
const CHANNELS = [
  { id: 'C0VENDAS001', name: 'vendas', botMember: true, members: [ANA.id] },
  { id: 'C0GERAL0001', name: 'geral' },
  { id: 'C0DIRETORIA', name: 'diretoria', is_private: true },
  { id: 'C0ANTIGO001', name: 'antigo', is_archived: true, botMember: true },
];

/** WebClient as the worker builds it, quiet, with fast retries for 5xx. */
function client(fake: FakeSlack, extra: ConstructorParameters<typeof WebClient>[1] = {}) {
  return new WebClient(fake.token, {
    slackApiUrl: fake.url,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 },
    ...extra,
  });
}

async function platformError(p: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as WebAPIPlatformError).code).toBe(ErrorCode.PlatformError);
  return error as WebAPIPlatformError;
}

describe('fake Slack Web API, through the real WebClient', () => {
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await startFakeSlack({ users: [ANA, BRUNO], channels: CHANNELS });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers auth.test with the bot identity Bolt needs', async () => {
    const res = await client(fake).auth.test();
    expect(res).toMatchObject({
      ok: true,
      user_id: fake.bot.userId,
      bot_id: fake.bot.botId,
      team_id: fake.team.id,
    });
  });

  it('rejects a missing or wrong token like Slack', async () => {
    expect(
      (await platformError(new WebClient(undefined, { slackApiUrl: fake.url }).auth.test())).data
        .error,
    ).toBe('not_authed');
    const wrong = new WebClient('xoxb-not-this-one', { slackApiUrl: fake.url });
    expect((await platformError(wrong.auth.test())).data.error).toBe('invalid_auth');
  });

  it('receives postMessage blocks decoded and answers with channel, ts and message', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Carteira — segunda' } },
      { type: 'section', block_id: 'resumo', text: { type: 'mrkdwn', text: '*12* projetos' } },
    ];
    const web = client(fake);
    const first = await web.chat.postMessage({ channel: 'C0VENDAS001', text: 'Carteira', blocks });
    const second = await web.chat.postMessage({ channel: '#vendas', text: 'de novo' });

    expect(first.channel).toBe('C0VENDAS001');
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message?.blocks?.[1]?.block_id).toBe('resumo');
    expect(first.message?.blocks?.[0]?.block_id).toBeTruthy(); // Slack fills missing block_ids

    const [call] = fake.calls;
    expect(call.contentType).toBe('application/x-www-form-urlencoded');
    expect(call.args.blocks).toEqual(blocks); // arrived as a JSON string inside the form
    expect(fake.messages('C0VENDAS001').map((m) => m.text)).toEqual(['Carteira', 'de novo']);
  });

  it('accepts JSON bodies with a Bearer token', async () => {
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${fake.token}`,
      },
      body: JSON.stringify({ channel: 'C0VENDAS001', blocks: [{ type: 'divider' }], text: 'x' }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0VENDAS001' });
    expect(fake.calls[0].args.blocks).toEqual([{ type: 'divider' }]);
  });

  it('rejects blocks over Slack limits with invalid_blocks', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const error = await platformError(
      client(fake).chat.postMessage({ channel: 'C0VENDAS001', text: 'x', blocks: tooMany }),
    );
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata?.messages?.[0]).toContain('json-pointer:/blocks');
  });

  it('updates and deletes messages, keeping the channel history current', async () => {
    const web = client(fake);
    const posted = await web.chat.postMessage({ channel: 'C0VENDAS001', text: 'gerando…' });
    const updated = await web.chat.update({
      channel: 'C0VENDAS001',
      ts: posted.ts!,
      text: 'pronto',
    });
    expect(updated).toMatchObject({
      ok: true,
      channel: 'C0VENDAS001',
      ts: posted.ts,
      text: 'pronto',
    });
    expect(fake.history('C0VENDAS001').map((m) => m.text)).toEqual(['pronto']);
    await web.chat.delete({ channel: 'C0VENDAS001', ts: posted.ts! });
    expect(fake.history('C0VENDAS001')).toEqual([]);
    expect(
      (await platformError(web.chat.update({ channel: 'C0VENDAS001', ts: posted.ts!, text: 'x' })))
        .data.error,
    ).toBe('message_not_found');
  });

  it('posts ephemeral messages only to members', async () => {
    const web = client(fake);
    const res = await web.chat.postEphemeral({
      channel: 'C0VENDAS001',
      user: ANA.id,
      text: 'só você vê',
    });
    expect(res.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.messages()[0]).toMatchObject({
      kind: 'ephemeral',
      user: ANA.id,
      channel: 'C0VENDAS001',
    });
    const error = await platformError(
      web.chat.postEphemeral({ channel: 'C0VENDAS001', user: BRUNO.id, text: 'x' }),
    );
    expect(error.data.error).toBe('user_not_in_channel');
  });

  it('surfaces channel errors as WebAPIPlatformError with data.error', async () => {
    const web = client(fake);
    const errorOf = async (channel: string) =>
      (await platformError(web.chat.postMessage({ channel, text: 'relatório' }))).data.error;
    expect(await errorOf('C0GERAL0001')).toBe('not_in_channel'); // public, bot not in it
    expect(await errorOf('C0NAOEXISTE')).toBe('channel_not_found');
    expect(await errorOf('C0DIRETORIA')).toBe('channel_not_found'); // private: invisible to the bot
    expect(await errorOf('C0ANTIGO001')).toBe('is_archived');
    expect(fake.messages()).toEqual([]);
  });

  it('lets the bot join public channels, not private ones', async () => {
    const web = client(fake);
    const joined = await web.conversations.join({ channel: 'C0GERAL0001' });
    expect(joined.channel).toMatchObject({ id: 'C0GERAL0001', is_member: true });
    await web.chat.postMessage({ channel: 'C0GERAL0001', text: 'agora sim' });
    const again = await web.conversations.join({ channel: 'C0GERAL0001' });
    expect(again.warning).toBe('already_in_channel');
    const error = await platformError(web.conversations.join({ channel: 'C0DIRETORIA' }));
    expect(error.data.error).toBe('method_not_supported_for_channel_type');
  });

  it('reports channel state through conversations.info and reacts to removals', async () => {
    const web = client(fake);
    expect((await web.conversations.info({ channel: 'C0VENDAS001' })).channel).toMatchObject({
      name: 'vendas',
      is_member: true,
      is_archived: false,
    });
    fake.removeBot('C0VENDAS001');
    expect(
      (await platformError(web.chat.postMessage({ channel: 'C0VENDAS001', text: 'x' }))).data.error,
    ).toBe('not_in_channel');
    fake.reset(); // back to the configured membership
    fake.deleteChannel('C0VENDAS001');
    expect(
      (await platformError(web.conversations.info({ channel: 'C0VENDAS001' }))).data.error,
    ).toBe('channel_not_found');
  });

  it('opens DMs with D… ids and delivers to them', async () => {
    const web = client(fake);
    const opened = await web.conversations.open({ users: ANA.id });
    expect(opened.channel?.id).toMatch(/^D/);
    const again = await web.conversations.open({ users: ANA.id });
    expect(again).toMatchObject({ already_open: true, channel: { id: opened.channel?.id } });
    const viaUserId = await web.chat.postMessage({ channel: ANA.id, text: 'seu relatório' });
    expect(viaUserId.channel).toBe(opened.channel?.id);
    expect((await platformError(web.conversations.open({ users: 'U0NINGUEM01' }))).data.error).toBe(
      'user_not_found',
    );
  });

  it('answers users.info and users.lookupByEmail with the configured email', async () => {
    const web = client(fake);
    const info = await web.users.info({ user: ANA.id });
    expect(info.user?.profile?.email).toBe('ana@loja.com.br');
    expect(info.user?.tz).toBe('America/Sao_Paulo');
    expect(info.user?.tz_offset).toBe(-10800);
    const found = await web.users.lookupByEmail({ email: 'BRUNO@loja.com.br' });
    expect(found.user?.id).toBe(BRUNO.id);
    expect((await platformError(web.users.lookupByEmail({ email: 'x@y.z' }))).data.error).toBe(
      'users_not_found',
    );
    expect((await platformError(web.users.info({ user: 'U0NINGUEM01' }))).data.error).toBe(
      'user_not_found',
    );
  });

  it('uploads a Buffer with files.uploadV2 end to end: bytes intact, shared in the channel', async () => {
    const bytes = Buffer.from([
      0x25,
      0x50,
      0x44,
      0x46,
      0x00,
      0xff,
      0x0a,
      0x0d,
      ...Buffer.from('relatório'),
    ]);
    const res = await client(fake).files.uploadV2({
      channel_id: 'C0VENDAS001',
      file: bytes,
      filename: 'carteira-2026-05-04.pdf',
      title: 'Carteira — 04/05',
      initial_comment: 'Relatório semanal',
    });
    expect(res.ok).toBe(true);

    expect(fake.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [getUrl, upload, complete] = fake.calls;
    expect(getUrl.args).toMatchObject({
      filename: 'carteira-2026-05-04.pdf',
      length: String(bytes.length),
    });
    // WebClient POSTs the bytes as multipart/form-data, one file part named "body".
    expect(upload.contentType).toBe('multipart/form-data');
    expect(upload.args).toMatchObject({ multipartField: 'body', multipartFilename: 'Untitled' });
    expect(complete.args).toMatchObject({
      channel_id: 'C0VENDAS001',
      initial_comment: 'Relatório semanal',
      files: [{ id: getUrl.response.file_id, title: 'Carteira — 04/05' }],
    });

    const [file] = fake.files('C0VENDAS001');
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file).toMatchObject({
      filename: 'carteira-2026-05-04.pdf',
      title: 'Carteira — 04/05',
      channel: 'C0VENDAS001',
    });
    expect(fake.history('C0VENDAS001')).toMatchObject([
      { text: 'Relatório semanal', files: [file.id] },
    ]);
  });

  it('refuses to share an upload into a channel the bot is not in', async () => {
    const error = await platformError(
      client(fake).files.uploadV2({
        channel_id: 'C0GERAL0001',
        content: 'a;b\n1;2\n',
        filename: 'x.csv',
      }),
    );
    expect(error.data.error).toBe('not_in_channel');
    expect(fake.files('C0GERAL0001')).toEqual([]);
  });

  it('has WebClient wait Retry-After on a 429 and then succeed', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const rateLimited: number[] = [];
    const web = client(fake, { rejectRateLimitedCalls: false });
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    const started = Date.now();
    const res = await web.chat.postMessage({ channel: 'C0VENDAS001', text: 'depois do 429' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(rateLimited).toEqual([1]);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.calls[0].response).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.messages('C0VENDAS001')).toHaveLength(1);
  });

  it('surfaces a 429 as WebAPIRateLimitedError with retryAfter when rejectRateLimitedCalls is set', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const error = await client(fake, { rejectRateLimitedCalls: true })
      .chat.postMessage({ channel: 'C0VENDAS001', text: 'x' })
      .catch((e: WebAPIRateLimitedError) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(fake.calls).toHaveLength(1);
  });

  it('has WebClient retry a 500 and injected errors surface once', async () => {
    const web = client(fake);
    fake.failNext('chat.postMessage', { status: 500 });
    expect((await web.chat.postMessage({ channel: 'C0VENDAS001', text: 'x' })).ok).toBe(true);
    expect(fake.calls.map((c) => c.status)).toEqual([500, 200]);

    fake.failNext('users.info', { error: 'account_inactive' }, 2);
    expect((await platformError(web.users.info({ user: ANA.id }))).data.error).toBe(
      'account_inactive',
    );
    expect((await platformError(web.users.info({ user: ANA.id }))).data.error).toBe(
      'account_inactive',
    );
    expect((await web.users.info({ user: ANA.id })).ok).toBe(true);
  });

  it('answers unknown methods with unknown_method', async () => {
    expect(
      (await platformError(client(fake).apiCall('reactions.add', { name: 'x' }))).data.error,
    ).toBe('unknown_method');
  });

  it('only accepts trigger_ids it issued, once, within 3 seconds', async () => {
    const modal = {
      type: 'modal' as const,
      callback_id: 'nova_visao',
      title: { type: 'plain_text' as const, text: 'Nova visão' },
      submit: { type: 'plain_text' as const, text: 'Salvar' },
      blocks: [
        {
          type: 'input' as const,
          label: { type: 'plain_text' as const, text: 'Nome' },
          element: { type: 'plain_text_input' as const },
        },
      ],
    };
    const web = client(fake);
    const trigger = fake.newTriggerId();
    const opened = await web.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({ callback_id: 'nova_visao', state: { values: {} } });
    expect(opened.view?.id).toMatch(/^V/);
    expect(opened.view?.blocks?.[0].block_id).toBeTruthy();
    expect(fake.views()[0]).toMatchObject({ method: 'views.open', viewId: opened.view?.id });

    const errorOf = async (trigger_id: string, view: typeof modal = modal) =>
      (await platformError(web.views.open({ trigger_id, view }))).data.error;
    expect(await errorOf(trigger)).toBe('exchanged_trigger_id');
    expect(await errorOf('12345.98765.abcd2358fdea')).toBe('invalid_trigger_id');
    const longTitle = {
      ...modal,
      title: { type: 'plain_text' as const, text: 'Um título longo demais p/ Slack' },
    };
    const bad = await platformError(
      web.views.open({ trigger_id: fake.newTriggerId(), view: longTitle }),
    );
    expect(bad.data.error).toBe('invalid_arguments');
    expect(bad.data.response_metadata?.messages).toContain(
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    );

    const updated = await web.views.update({
      view_id: opened.view!.id!,
      hash: opened.view!.hash!,
      view: modal,
    });
    expect(updated.view?.id).toBe(opened.view?.id);
    const stale = await platformError(
      web.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal }),
    );
    expect(stale.data.error).toBe('hash_conflict');
  });

  it('expires trigger_ids after the configured time', async () => {
    const short = await startFakeSlack({ triggerTtlMs: 30 });
    try {
      const trigger = short.newTriggerId();
      await new Promise((r) => setTimeout(r, 60));
      const error = await platformError(
        client(short).views.open({
          trigger_id: trigger,
          view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
        }),
      );
      expect(error.data.error).toBe('expired_trigger_id');
    } finally {
      await short.close();
    }
  });

  it('rate-limits posts per channel with Retry-After, other channels unaffected', async () => {
    const limited = await startFakeSlack({
      rateLimitPerChannel: { perSecond: 1 },
      channels: [
        { id: 'C0A00000001', name: 'a', botMember: true },
        { id: 'C0B00000001', name: 'b', botMember: true },
      ],
    });
    try {
      const web = client(limited, { rejectRateLimitedCalls: true });
      await web.chat.postMessage({ channel: 'C0A00000001', text: '1' });
      await web.chat.postMessage({ channel: 'C0B00000001', text: '1' });
      const error = await web.chat
        .postMessage({ channel: 'C0A00000001', text: '2' })
        .catch((e: WebAPIRateLimitedError) => e);
      expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
      const waiting = client(limited);
      expect((await waiting.chat.postMessage({ channel: 'C0A00000001', text: '2' })).ok).toBe(true);
      expect(limited.messages('C0A00000001').map((m) => m.text)).toEqual(['1', '2']);
      const gap = limited.messages('C0A00000001')[1].at - limited.messages('C0A00000001')[0].at;
      expect(gap).toBeGreaterThanOrEqual(1000);
    } finally {
      await limited.close();
    }
  });

  it('waitFor resolves with what the predicate finds and times out with the calls seen', async () => {
    setTimeout(
      () => void client(fake).chat.postMessage({ channel: 'C0VENDAS001', text: 'tarde' }),
      50,
    );
    const found = await fake.waitFor(
      (calls) => calls.find((c) => c.method === 'chat.postMessage'),
      2000,
    );
    expect(found.args.text).toBe('tarde');
    await expect(fake.waitFor(() => false, 50)).rejects.toThrow(/timed out.*chat\.postMessage/);
  });
});

describe('fake Slack: history metadata, delayed file shares, rate tiers, refusals', () => {
  let at = Date.parse('2026-11-24T15:00:00Z');
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ users: [ANA], channels: CHANNELS, now: () => at });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('conversations.history returns message metadata only with include_all_metadata', async () => {
    const web = client(fake);
    const metadata = { event_type: 'carteira_delivery', event_payload: { delivery_id: '7' } };
    await web.chat.postMessage({ channel: 'C0VENDAS001', text: 'relatório', metadata });
    at += 1000;
    await web.chat.postMessage({ channel: 'C0VENDAS001', text: 'depois' });
    const plain = await web.conversations.history({ channel: 'C0VENDAS001' });
    expect(plain.messages!.map((m) => m.text)).toEqual(['depois', 'relatório']); // newest first
    expect(plain.messages!.some((m) => 'metadata' in m)).toBe(false);
    const full = await web.conversations.history({
      channel: 'C0VENDAS001',
      include_all_metadata: true,
    });
    expect(full.messages![1]!.metadata).toEqual(metadata);
    fake.revokeScope('channels:history');
    const denied = await platformError(web.conversations.history({ channel: 'C0VENDAS001' }));
    expect(denied.data).toMatchObject({ error: 'missing_scope', needed: 'channels:history' });
    expect(fake.refused().map((r) => r.error)).toEqual(['missing_scope']);
    fake.forgiveRefusals();
  });

  it('files.info shows a completed upload shared only after Slack’s asynchronous share', async () => {
    const web = client(fake);
    const started = await web.files.getUploadURLExternal({ filename: 'r.csv', length: 4 });
    const fileId = started.file_id!;
    await fetch(started.upload_url!, { method: 'POST', body: 'a;b\n' });
    // Not completed yet: Slack knows no such file.
    expect((await platformError(web.files.info({ file: fileId }))).data.error).toBe(
      'file_not_found',
    );
    await web.files.completeUploadExternal({ files: [{ id: fileId }], channel_id: 'C0VENDAS001' });
    const early = await web.files.info({ file: fileId });
    expect(early.file!.shares).toEqual({});
    expect(early.file!.channels).toEqual([]);
    const history = await web.conversations.history({ channel: 'C0VENDAS001' });
    expect(history.messages).toEqual([]);
    at += 1500; // the default share delay
    const late = await web.files.info({ file: fileId });
    expect(Object.keys(late.file!.shares!.public!)).toEqual(['C0VENDAS001']);
    expect(late.file!.channels).toEqual(['C0VENDAS001']);
    const shared = await web.conversations.history({ channel: 'C0VENDAS001' });
    expect(shared.messages!.map((m) => m.files?.[0]?.id)).toEqual([fileId]);
  });

  it('limits each method to its tier per minute: Tier 4 users.info, Tier 3 conversations.info', async () => {
    const web = client(fake, { rejectRateLimitedCalls: true });
    for (let i = 0; i < 100; i++) await web.users.info({ user: ANA.id });
    const tier4 = await web.users.info({ user: ANA.id }).catch((e: WebAPIRateLimitedError) => e);
    expect(tier4).toMatchObject({ code: ErrorCode.RateLimitedError });
    expect((tier4 as WebAPIRateLimitedError).retryAfter).toBeGreaterThan(0);
    // Per method: another method is not affected.
    for (let i = 0; i < 50; i++) await web.conversations.info({ channel: 'C0VENDAS001' });
    const tier3 = await web.conversations
      .info({ channel: 'C0VENDAS001' })
      .catch((e: WebAPIRateLimitedError) => e);
    expect(tier3).toMatchObject({ code: ErrorCode.RateLimitedError });
    at += 60_000; // the window has passed
    expect((await web.users.info({ user: ANA.id })).ok).toBe(true);
    expect((await web.conversations.info({ channel: 'C0VENDAS001' })).ok).toBe(true);
  });

  it('limits a Tier 1 or Tier 2 method when configured, and views.* as Tier 4', async () => {
    const tiny = await startFakeSlack({
      users: [ANA],
      channels: CHANNELS,
      now: () => at,
      rateTiers: { 'conversations.join': 1, 'conversations.open': 20 },
    });
    try {
      const web = client(tiny, { rejectRateLimitedCalls: true });
      await web.conversations.join({ channel: 'C0GERAL0001' });
      const t1 = await web.conversations
        .join({ channel: 'C0GERAL0001' })
        .catch((e: WebAPIRateLimitedError) => e);
      expect(t1).toMatchObject({ code: ErrorCode.RateLimitedError });
      for (let i = 0; i < 20; i++) await web.conversations.open({ users: ANA.id });
      const t2 = await web.conversations
        .open({ users: ANA.id })
        .catch((e: WebAPIRateLimitedError) => e);
      expect(t2).toMatchObject({ code: ErrorCode.RateLimitedError });
    } finally {
      await tiny.close();
    }
    expect(RATE_TIERS['views.open']).toBe(4);
    expect(RATE_TIERS['conversations.history']).toBe(3);
  });

  it('view_submission errors must name an input block of the view', () => {
    const view = {
      blocks: [
        { type: 'input', block_id: 'nome', element: { type: 'plain_text_input' } },
        { type: 'section', block_id: 'pessoas', text: { type: 'mrkdwn', text: 'Nenhuma pessoa' } },
      ],
    };
    expect(checkViewErrors(view, { response_action: 'errors', errors: { nome: 'x' } })).toEqual([]);
    expect(
      checkViewErrors(view, { response_action: 'errors', errors: { pessoas: 'x' } }),
    ).toMatchObject([{ pointer: '/errors/pessoas' }]);
    expect(checkViewErrors(view, { response_action: 'clear' })).toEqual([]);
  });

  it('records refused payloads (not injected faults) for the harnesses to assert on', async () => {
    const web = client(fake);
    await platformError(
      web.chat.postMessage({ channel: 'C0VENDAS001', text: 'x', blocks: [{ type: 'nope' }] }),
    );
    fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    await platformError(web.chat.postMessage({ channel: 'C0VENDAS001', text: 'x' }));
    expect(fake.refused()).toMatchObject([{ method: 'chat.postMessage', error: 'invalid_blocks' }]);
    fake.forgiveRefusals();
    expect(fake.refused()).toEqual([]);
  });
});

describe('signing helpers against a real Bolt app', () => {
  const SECRET = 'signing-secret-de-teste';
  let fake: FakeSlack;
  let app: App;
  let botUrl: string;

  beforeAll(async () => {
    fake = await startFakeSlack({ users: [ANA], channels: CHANNELS });
    app = new App({
      token: fake.token,
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.url },
    });
    app.command('/carteira', async ({ ack, respond, command }) => {
      await ack('ok');
      await respond({ response_type: 'ephemeral', text: `recebi: ${command.text}` });
    });
    app.action('abrir', async ({ ack, body, client: web }) => {
      await ack();
      await web.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: {
          type: 'modal',
          callback_id: 'nova_visao',
          title: { type: 'plain_text', text: 'Nova visão' },
          blocks: [],
        },
      });
    });
    app.view('nova_visao', async ({ ack, view }) => {
      const nome = view.state.values.nome?.nome?.value ?? '';
      if (nome.length < 3) {
        await ack({ response_action: 'errors', errors: { nome: 'Nome curto demais' } });
        return;
      }
      await ack();
    });
    app.options('busca', async ({ ack, options }) => {
      const typed = (options as { value: string }).value;
      await ack({
        options: [1, 2].map((n) => ({
          text: { type: 'plain_text', text: `${typed} ${n}` },
          value: `${typed}-${n}`,
        })),
      });
    });
    app.event('app_home_opened', async ({ event, client: web }) => {
      await web.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Olá' } }],
        },
      });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });
  afterEach(() => fake.reset());

  const command = () => ({
    text: 'ver Fechamentos',
    user_id: ANA.id,
    channel_id: 'C0VENDAS001',
    channel_name: 'vendas',
    response_url: fake.responseUrl(),
    trigger_id: fake.newTriggerId(),
  });

  it('computes Slack v0 signatures', () => {
    // Expected value computed independently: printf 'v0:1531420618:body' | openssl dgst -sha256 -hmac secret
    expect(signRequest('secret', 'body', 1531420618)).toEqual({
      'X-Slack-Signature': 'v0=78e394d129df51c593e1d449277f576c39c361411fecc54edd326794263d3f84',
      'X-Slack-Request-Timestamp': '1531420618',
    });
  });

  it('gets a signed slash command accepted, and respond() reaches the response_url', async () => {
    const cmd = command();
    const res = await sendSlashCommand(botUrl, SECRET, cmd);
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok');
    const [response] = await fake.waitFor(
      (_c, f) => f.responses(cmd.response_url).length > 0 && f.responses(cmd.response_url),
    );
    expect(response).toMatchObject({ text: 'recebi: ver Fechamentos', response_type: 'ephemeral' });
    expect(res.request.body).toContain('command=%2Fcarteira');
    expect(res.request.body).toContain('is_enterprise_install=false');
  });

  it('is rejected with 401 for a bad signature, a missing one, or an old timestamp', async () => {
    expect((await sendSlashCommand(botUrl, SECRET, command(), { signature: 'bad' })).status).toBe(
      401,
    );
    expect(
      (await sendSlashCommand(botUrl, SECRET, command(), { signature: 'missing' })).status,
    ).toBe(401);
    expect((await sendSlashCommand(botUrl, SECRET, command(), { stale: true })).status).toBe(401);
    expect(fake.responses()).toEqual([]);
  });

  it('replays the identical request: Bolt accepts it again (dedupe is the app’s job)', async () => {
    const first = await sendSlashCommand(botUrl, SECRET, command());
    const again = await first.replay();
    expect(again.request).toEqual(first.request);
    expect(again.status).toBe(200);
    await fake.waitFor((_c, f) => f.responses().length === 2);
  });

  it('delivers a button click whose trigger_id opens a modal in the fake', async () => {
    const payload = blockActionPayload({
      user: ANA.id,
      channel: 'C0VENDAS001',
      actionId: 'abrir',
      value: 'x',
      triggerId: fake.newTriggerId(),
      responseUrl: fake.responseUrl(),
    });
    expect((await sendInteraction(botUrl, SECRET, payload)).status).toBe(200);
    const [opened] = await fake.waitFor((_c, f) => f.views().length > 0 && f.views());
    expect(opened.view.callback_id).toBe('nova_visao');

    // Submitting exactly the view the bot opened (id, hash, private_metadata) plus values.
    const submission = viewSubmissionPayload({
      user: ANA.id,
      view: { ...opened.view, values: { nome: { nome: input.plainText('Fechamentos') } } },
    });
    expect(submission.view).toMatchObject({ id: opened.viewId, callback_id: 'nova_visao' });
    expect((await sendInteraction(botUrl, SECRET, submission)).status).toBe(200);
  });

  it('returns the view_submission ack body (response_action errors) to the sender', async () => {
    const short = viewSubmissionPayload({
      user: ANA.id,
      view: { callback_id: 'nova_visao', values: { nome: { nome: input.plainText('ab') } } },
    });
    const res = await sendInteraction(botUrl, SECRET, short);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { nome: 'Nome curto demais' },
    });

    const good = viewSubmissionPayload({
      user: ANA.id,
      view: {
        callback_id: 'nova_visao',
        values: {
          nome: { nome: input.plainText('Fechamentos') },
          periodo: { periodo: input.staticSelect('this_month', 'Este mês') },
          colunas: { colunas: input.multiStaticSelect(['project', 'estimated_value']) },
          ate: { ate: input.datepicker('2026-05-31') },
          hora: { hora: input.timepicker('08:00') },
          dono: { dono: input.usersSelect(ANA.id) },
          canal: { canal: input.conversationsSelect('C0VENDAS001') },
          formato: { formato: input.radioButtons('pdf') },
          opcoes: { opcoes: input.checkboxes([{ value: 'skip_empty', text: 'Pular vazio' }]) },
        },
      },
    });
    const state = (good.view as { state: { values: Record<string, Record<string, unknown>> } })
      .state.values;
    expect(state.periodo.periodo).toEqual({
      type: 'static_select',
      selected_option: {
        text: { type: 'plain_text', text: 'Este mês', emoji: true },
        value: 'this_month',
      },
    });
    expect(state.canal.canal).toEqual({
      type: 'conversations_select',
      selected_conversation: 'C0VENDAS001',
    });
    const ok = await sendInteraction(botUrl, SECRET, good);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('');
  });

  it('delivers app_home_opened as an Events API envelope', async () => {
    const res = await sendEvent(botUrl, SECRET, appHomeOpenedEvent({ user: ANA.id }));
    expect(res.status).toBe(200);
    const [published] = await fake.waitFor((_c, f) => f.views().length > 0 && f.views());
    expect(published).toMatchObject({
      method: 'views.publish',
      user: ANA.id,
      view: { type: 'home' },
    });
  });

  it('sends a signed block_suggestion and gets the options back; the rule checks them', async () => {
    const res = await sendInteraction(
      botUrl,
      SECRET,
      blockSuggestionPayload({
        user: ANA.id,
        actionId: 'busca',
        value: 'P-0',
        channel: 'C0VENDAS001',
      }),
    );
    expect(res.status).toBe(200);
    const body = res.json<{ options: { value: string }[] }>();
    expect(body.options.map((o) => o.value)).toEqual(['P-0-1', 'P-0-2']);
    expect(checkOptionsResponse(body)).toEqual([]);
    const option = (i: number, text = `Projeto ${i}`) => ({
      text: { type: 'plain_text', text },
      value: String(i),
    });
    expect(
      checkOptionsResponse({ options: Array.from({ length: 101 }, (_, i) => option(i)) }),
    ).toEqual([{ pointer: '/options', message: 'no more than 100 items allowed' }]);
    expect(checkOptionsResponse({ options: [option(1, 'x'.repeat(76))] })).toEqual([
      { pointer: '/options/0/text/text', message: 'must be less than 76 characters' },
    ]);
    expect(checkOptionsResponse({})).toEqual([
      { pointer: '/options', message: 'must provide options or option_groups' },
    ]);
  });
});
