import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadJsonField, mediaType, parseApiArgs, readRaw, uploadedBytes } from './body.js';
import { IdFactory } from './ids.js';
import { channelArgument, METHODS } from './methods.js';
import { checkMessageBlocks, formatProblems, RATE_TIERS, TIER_PER_MINUTE } from './rules.js';
import type { Refusals, Surface } from './rules.js';
import type { MethodContext } from './methods.js';
import type {
  ChannelMessage,
  Fault,
  FakeChannel,
  FakeSlackOptions,
  FakeUser,
  Json,
  RecordedCall,
  RecordedFile,
  RecordedMessage,
  RecordedResponse,
  RecordedView,
} from './types.js';
import { Workspace } from './workspace.js';

/** The bot scopes slack-manifest.yml asks for (a `- scope` line under `bot:`). */
function manifestScopes(): string[] {
  const lines = readFileSync(new URL('../../slack-manifest.yml', import.meta.url), 'utf8').split(
    '\n',
  );
  const start = lines.findIndex((l) => l.trim() === 'bot:');
  const out: string[] = [];
  for (let i = start + 1; start >= 0 && i < lines.length; i++) {
    const m = /^\s+- ([a-z:._]+)\s*$/.exec(lines[i]!);
    if (m) out.push(m[1]!);
    else if (!/^\s+#/.test(lines[i]!)) break;
  }
  return out;
}

export interface FakeSlack {
  /** Web API base, ending in `/api/`: give it to WebClient as `slackApiUrl` (SLACK_API_URL). */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The one accepted bot token. */
  readonly token: string;
  readonly team: { id: string; name: string; domain: string };
  readonly bot: { userId: string; botId: string; appId: string; name: string };
  /** Every request received, in order (Web API calls, `upload`, `response_url`). */
  readonly calls: RecordedCall[];
  /** Accepted chat.postMessage / chat.postEphemeral / chat.update, optionally for one channel. */
  messages(channel?: string): RecordedMessage[];
  /** A channel's messages as they stand now (updates applied, deletions gone, file shares in). */
  history(channel: string): ChannelMessage[];
  /** Files completed with files.completeUploadExternal (optionally only those shared to `channel`). */
  files(channel?: string): RecordedFile[];
  /** Accepted views.open / push / update / publish, in order. */
  views(): RecordedView[];
  /** POSTs to response URLs; `id` may be the id or the whole URL. */
  responses(id?: string): RecordedResponse[];
  /** A fresh response_url on this server (what Slack puts in command and action payloads). */
  responseUrl(): string;
  /** A trigger_id views.open / views.push will accept for `triggerTtlMs` (3 s), once. */
  newTriggerId(): string;
  /** The next `count` calls to `method` (`'*'` for any; also `upload`, `response_url`) fail. */
  failNext(method: string, fault: Fault, count?: number): void;
  /**
   * Polls (every 10 ms) until `predicate` returns something truthy, and resolves with it.
   * Rejects after `timeoutMs` (default 5000) listing the calls received so far.
   */
  waitFor<T>(
    predicate: (calls: RecordedCall[], fake: FakeSlack) => T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<T>;
  addUser(user: FakeUser): void;
  addChannel(channel: FakeChannel): void;
  archiveChannel(channelId: string): void;
  /** The bot is removed from a channel (as when someone kicks it). */
  removeBot(channelId: string): void;
  /** The channel disappears (deleted, or never visible again). */
  deleteChannel(channelId: string): void;
  /** From now on Slack refuses blocks of `type` on `surface` (`invalid_blocks`). */
  refuse(surface: Surface, type: string): void;
  /** Back to the refusals given in the options. */
  clearRefusals(): void;
  /**
   * Payloads Slack would have refused so far (rules, scopes, response_url checks, view_submission
   * acks checked with `noteRefusal`). The harnesses assert it is empty after each test.
   */
  refused(): RefusedCall[];
  /** Records a refusal found outside the fake's server (e.g. a view_submission ack). */
  noteRefusal(refusal: RefusedCall): void;
  /** Forget the refusals recorded so far (a test that sends a bad payload on purpose). */
  forgiveRefusals(): void;
  /** files.info / conversations.history show a completed upload's share this long after. */
  setFileShareDelay(ms: number): void;
  /** The token loses a scope (its methods answer `missing_scope`) until `grantScope`. */
  revokeScope(scope: string): void;
  grantScope(scope: string): void;
  /** Forget everything recorded and go back to the configured users and channels. */
  reset(): void;
  close(): Promise<void>;
}

/** A payload Slack would refuse: where it went and Slack's error. */
export interface RefusedCall {
  method: string;
  error: string;
  messages?: string[];
}

/** Errors that mean "this payload is wrong" (not a fault the test injected). */
const REFUSAL_ERRORS = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'missing_scope',
  'invalid_payload',
  'no_text',
]);

interface PendingFault {
  method: string;
  fault: Fault;
  remaining: number;
}

interface Answer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
  /** A fault the test asked for (failNext), not a refusal. */
  injected?: boolean;
}

/** Sliding one-second windows of accepted posts per channel. */
class ChannelRateLimiter {
  private readonly windows = new Map<string, number[]>();
  constructor(private readonly perSecond: number) {}

  /** Seconds to wait (for `Retry-After`) if `channel` is over its limit now, else undefined. */
  retryAfter(channel: string, now: number): number | undefined {
    const recent = (this.windows.get(channel) ?? []).filter((t) => now - t < 1000);
    this.windows.set(channel, recent);
    if (recent.length < this.perSecond) return undefined;
    return Math.max(1, Math.ceil((recent[0] + 1000 - now) / 1000));
  }

  record(channel: string, now: number): void {
    const list = this.windows.get(channel) ?? [];
    list.push(now);
    this.windows.set(channel, list);
  }

  reset(): void {
    this.windows.clear();
  }
}

/** [rate tiers] in rules.ts: sliding 60 s windows of accepted calls per method. */
class TierLimiter {
  private readonly windows = new Map<string, number[]>();
  constructor(private readonly perMinute: Record<string, number>) {}

  retryAfter(method: string, now: number): number | undefined {
    const max = this.perMinute[method];
    if (max === undefined) return undefined;
    const recent = (this.windows.get(method) ?? []).filter((t) => now - t < 60_000);
    this.windows.set(method, recent);
    if (recent.length < max) return undefined;
    return Math.max(1, Math.ceil((recent[recent.length - max]! + 60_000 - now) / 1000));
  }

  record(method: string, now: number): void {
    if (this.perMinute[method] === undefined) return;
    const list = this.windows.get(method) ?? [];
    list.push(now);
    this.windows.set(method, list);
  }

  reset(): void {
    this.windows.clear();
  }
}

/** Every fake started in this process and not closed yet (for the suite's refusal check). */
export const LIVE_FAKES = new Set<FakeSlack>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a fake Slack Web API on 127.0.0.1 (a free port). Point `@slack/web-api` at it with
 * `new WebClient(fake.token, { slackApiUrl: fake.url })`, or the app with SLACK_API_URL.
 *
 * @example
 * const fake = await startFakeSlack({
 *   channels: [{ id: 'C0VENDAS', name: 'vendas', botMember: true }],
 *   users: [{ id: 'U0ANA', name: 'ana', email: 'ana@loja.com.br' }],
 * });
 * // … run the bot or worker with SLACK_API_URL = fake.url, SLACK_BOT_TOKEN = fake.token
 * const [msg] = fake.messages('C0VENDAS');
 * await fake.close();
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const now = options.now ?? Date.now;
  const ids = new IdFactory(now);
  const ws = new Workspace(options, ids, now);
  const calls: RecordedCall[] = [];
  let faults: PendingFault[] = [];
  const limit = options.rateLimitPerChannel;
  const limiter = limit ? new ChannelRateLimiter(limit.perSecond) : undefined;
  const limitedMethods = new Set(limit?.methods ?? ['chat.postMessage']);
  let origin = '';
  // The manifest's scopes (what a real install grants), sent in `x-oauth-scopes`.
  const scopes = new Set(options.scopes ?? manifestScopes());
  const configuredScopes = [...scopes];
  let fileShareDelayMs = options.fileShareDelayMs ?? 1500;
  const refusedCalls: RefusedCall[] = [];
  const tiers =
    options.rateTiers === false
      ? undefined
      : new TierLimiter({
          ...Object.fromEntries(
            Object.entries(RATE_TIERS).map(([m, tier]) => [m, TIER_PER_MINUTE[tier]]),
          ),
          ...options.rateTiers,
        });
  const refusals: Record<string, string[]> = {};
  const configuredRefusals = () => {
    for (const key of Object.keys(refusals)) delete refusals[key];
    for (const [surface, types] of Object.entries(options.refuse ?? {})) {
      refusals[surface] = [...(types ?? [])];
    }
  };
  configuredRefusals();
  /** response_url id → times used, for Slack's 5 uses in 30 minutes. */
  const responseUses = new Map<string, { issuedAt: number; uses: number }>();

  const ctx = (): MethodContext => ({
    ws,
    origin,
    triggerTtlMs: options.triggerTtlMs ?? 3000,
    validateBlocks: options.validateBlocks ?? true,
    refusals: refusals as Refusals,
    scopes,
    fileShareDelayMs,
  });

  function takeFault(method: string): Fault | undefined {
    const pending = faults.find((f) => f.method === method || f.method === '*');
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) faults = faults.filter((f) => f !== pending);
    return pending.fault;
  }

  /** The answer for an injected fault, or undefined when it only delays the call. */
  async function applyFault(fault: Fault): Promise<Answer | undefined> {
    if ('delayMs' in fault && fault.delayMs) await sleep(fault.delayMs);
    if ('until' in fault) await fault.until;
    if ('status' in fault && fault.status === 429) {
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(fault.retryAfter ?? 1) },
      };
    }
    if ('status' in fault) {
      return { status: fault.status, body: { ok: false, error: 'fatal_error' } };
    }
    if ('error' in fault)
      return { status: 200, body: { ok: false, error: fault.error, ...fault.extra } };
    return undefined;
  }

  function send(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-oauth-scopes': [...scopes].join(','),
      ...answer.headers,
    });
    res.end(JSON.stringify(answer.body));
  }

  function record(req: IncomingMessage, method: string, args: Json, at: number, answer: Answer) {
    const error = typeof answer.body.error === 'string' ? answer.body.error : undefined;
    const messages = (answer.body.response_metadata as { messages?: string[] } | undefined)
      ?.messages;
    // A block type the test asked the fake to refuse (`refuse`) is the test's doing.
    const requested = messages?.every((m) => m.includes('unsupported block type:')) ?? false;
    if (error && REFUSAL_ERRORS.has(error) && !answer.injected && !requested) {
      refusedCalls.push({ method, error, ...(messages ? { messages } : {}) });
    }
    calls.push({
      method,
      args,
      at,
      status: answer.status,
      response: answer.body,
      contentType: mediaType(req.headers['content-type']),
      authorization: req.headers.authorization,
    });
  }

  async function webApi(
    req: IncomingMessage,
    url: URL,
    method: string,
    raw: Buffer,
  ): Promise<[Json, Answer]> {
    let args: Json;
    try {
      args = parseApiArgs(url, req.headers['content-type'], raw);
    } catch (e) {
      const error =
        e instanceof BadJsonField
          ? e.field === 'blocks'
            ? 'invalid_blocks_format'
            : 'invalid_arguments'
          : 'invalid_json';
      return [{ raw: raw.toString('utf8') }, { status: 200, body: { ok: false, error } }];
    }
    // Slack takes the token from the Authorization header, or (form bodies only) a token field.
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const formToken =
      mediaType(req.headers['content-type']) === 'application/json' ? undefined : args.token;
    const token = bearer ?? (typeof formToken === 'string' ? formToken : undefined);
    if (!token) return [args, { status: 200, body: { ok: false, error: 'not_authed' } }];
    if (token !== ws.token)
      return [args, { status: 200, body: { ok: false, error: 'invalid_auth' } }];

    const fault = takeFault(method);
    if (fault) {
      const answer = await applyFault(fault);
      if (answer) return [args, { ...answer, injected: true }];
    }

    const tierWait = tiers?.retryAfter(method, now());
    if (tierWait !== undefined) {
      return [
        args,
        {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(tierWait) },
        },
      ];
    }

    let limitedChannel: string | undefined;
    if (limiter && limitedMethods.has(method)) {
      const ref = channelArgument(args);
      limitedChannel = ws.resolve(ref)?.id ?? (typeof ref === 'string' ? ref : undefined);
      const wait = limitedChannel ? limiter.retryAfter(limitedChannel, now()) : undefined;
      if (wait !== undefined) {
        return [
          args,
          {
            status: 429,
            body: { ok: false, error: 'ratelimited' },
            headers: { 'retry-after': String(wait) },
          },
        ];
      }
    }

    const handler = METHODS[method];
    const extra = options.handlers?.[method];
    let body: Json;
    if (extra) body = extra(args);
    else if (handler) body = handler(args, ctx());
    else body = { ok: false, error: 'unknown_method', req_method: method };
    if (body.ok === true && limiter && limitedChannel) limiter.record(limitedChannel, now());
    tiers?.record(method, now());
    return [args, { status: 200, body }];
  }

  async function upload(req: IncomingMessage, key: string, raw: Buffer): Promise<[Json, Answer]> {
    const fileId = ws.uploadKeys.get(key);
    const file = fileId ? ws.files.get(fileId) : undefined;
    const { bytes, multipartField, multipartFilename } = await uploadedBytes(
      req.headers['content-type'],
      raw,
    );
    const args: Json = { file_id: fileId, length: bytes.length, multipartField, multipartFilename };
    const fault = takeFault('upload');
    if (fault) {
      const answer = await applyFault(fault);
      if (answer) return [args, { ...answer, injected: true }];
    }
    if (!file) return [args, { status: 404, body: { ok: false, error: 'upload_url_not_found' } }];
    file.bytes = bytes;
    file.uploaded = true;
    return [args, { status: 200, body: { ok: true, text: `OK - ${bytes.length}` } }];
  }

  async function responseUrlPost(
    req: IncomingMessage,
    id: string,
    raw: Buffer,
  ): Promise<[Json, Answer]> {
    let body: Json;
    try {
      body = JSON.parse(raw.toString('utf8') || 'null') as Json;
      if (!body || typeof body !== 'object') throw new Error('not an object');
    } catch {
      return [
        { raw: raw.toString('utf8') },
        { status: 400, body: { ok: false, error: 'invalid_payload' } },
      ];
    }
    const fault = takeFault('response_url');
    if (fault) {
      const answer = await applyFault(fault);
      if (answer) return [body, { ...answer, injected: true }];
    }
    if (!ws.responseIds.has(id))
      return [body, { status: 404, body: { ok: false, error: 'expired_url' } }];
    // https://docs.slack.dev/interactivity/handling-user-interaction#message_responses :
    // a response_url may be used up to 5 times within 30 minutes.
    const use = responseUses.get(id) ?? { issuedAt: now(), uses: 0 };
    if (use.uses >= 5 || now() - use.issuedAt > 30 * 60 * 1000) {
      return [body, { status: 404, body: { ok: false, error: 'expired_url' } }];
    }
    if (options.validateBlocks ?? true) {
      const problems = checkMessageBlocks(body, 'response_url', refusals as Refusals);
      if (problems.length > 0) {
        return [
          body,
          {
            status: 400,
            body: {
              ok: false,
              error: 'invalid_blocks',
              response_metadata: { messages: formatProblems(problems) },
            },
          },
        ];
      }
    }
    const empty =
      body.text === undefined && body.blocks === undefined && body.attachments === undefined;
    if (empty && body.delete_original !== true && body.delete_original !== 'true') {
      return [body, { status: 400, body: { ok: false, error: 'no_text' } }];
    }
    use.uses += 1;
    responseUses.set(id, use);
    ws.responses.push({
      id,
      url: `${origin}/response/${id}`,
      body,
      text: typeof body.text === 'string' ? body.text : undefined,
      blocks: Array.isArray(body.blocks) ? (body.blocks as Json[]) : undefined,
      response_type: typeof body.response_type === 'string' ? body.response_type : undefined,
      replace_original: body.replace_original === true || body.replace_original === 'true',
      delete_original: body.delete_original === true || body.delete_original === 'true',
      at: now(),
    });
    return [body, { status: 200, body: { ok: true } }];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now();
    const url = new URL(req.url ?? '/', origin);
    const raw = await readRaw(req);
    const path = url.pathname;
    let method: string;
    let result: [Json, Answer];
    if (path.startsWith('/api/')) {
      method = decodeURIComponent(path.slice('/api/'.length));
      result = await webApi(req, url, method, raw);
    } else if (path.startsWith('/upload/v1/') && req.method === 'POST') {
      method = 'upload';
      result = await upload(req, path.slice('/upload/v1/'.length), raw);
    } else if (path.startsWith('/response/') && req.method === 'POST') {
      method = 'response_url';
      result = await responseUrlPost(req, path.slice('/response/'.length), raw);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const [args, answer] = result;
    record(req, method, args, at, answer);
    if (method === 'upload' && answer.status === 200) {
      // Slack's upload endpoint answers plain text.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(answer.body.text));
      return;
    }
    send(res, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake slack crashed: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    url: `${origin}/api/`,
    origin,
    token: ws.token,
    team: ws.team,
    bot: ws.bot,
    calls,
    messages: (channel) =>
      ws.messageLog.filter((m) => channel === undefined || m.channel === channel),
    history: (channel) => [...(ws.histories.get(channel) ?? [])],
    files: (channel) =>
      [...ws.files.values()]
        .filter((f) => f.completed && (channel === undefined || f.channel === channel))
        .map(({ uploadKey: _k, uploaded: _u, alt_text: _a, snippet_type: _s, ...file }) => file),
    views: () => [...ws.viewLog],
    responses: (id) => {
      const key = id?.includes('/response/') ? id.split('/response/')[1] : id;
      return ws.responses.filter((r) => key === undefined || r.id === key);
    },
    responseUrl: () => {
      const id = `${ws.team.id}/${ids.id('R')}/${ids.shortRandom()}${ids.shortRandom()}`;
      ws.responseIds.add(id);
      responseUses.set(id, { issuedAt: now(), uses: 0 });
      return `${origin}/response/${id}`;
    },
    newTriggerId: () => {
      const id = ids.triggerId();
      ws.triggers.set(id, { issuedAt: now(), exchanged: false });
      return id;
    },
    failNext: (method, fault, count = 1) => {
      faults.push({ method, fault, remaining: count });
    },
    waitFor: async (predicate, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate(calls, fake);
        if (value) return value;
        if (Date.now() > deadline) {
          const seen = calls.map(
            (c) => `${c.method}${c.response.ok === false ? `(${String(c.response.error)})` : ''}`,
          );
          throw new Error(
            `fake slack: waitFor timed out after ${timeoutMs} ms; calls: ${seen.join(', ') || 'none'}`,
          );
        }
        await sleep(10);
      }
    },
    addUser: (user) => ws.addUser(user),
    addChannel: (channel) => ws.addChannel(channel),
    archiveChannel: (channelId) => {
      const c = ws.conversations.get(channelId);
      if (c) c.is_archived = true;
    },
    removeBot: (channelId) => {
      ws.conversations.get(channelId)?.members.delete(ws.bot.userId);
    },
    deleteChannel: (channelId) => {
      ws.conversations.delete(channelId);
    },
    clearRefusals: () => configuredRefusals(),
    refused: () => [...refusedCalls],
    noteRefusal: (r) => {
      refusedCalls.push(r);
    },
    forgiveRefusals: () => {
      refusedCalls.length = 0;
    },
    setFileShareDelay: (ms) => {
      fileShareDelayMs = ms;
    },
    revokeScope: (scope) => {
      scopes.delete(scope);
    },
    grantScope: (scope) => {
      scopes.add(scope);
    },
    refuse: (surface, type) => {
      refusals[surface] = [...(refusals[surface] ?? []), type];
    },
    reset: () => {
      ws.reset();
      configuredRefusals();
      responseUses.clear();
      calls.length = 0;
      faults = [];
      limiter?.reset();
      tiers?.reset();
      refusedCalls.length = 0;
      scopes.clear();
      for (const sc of configuredScopes) scopes.add(sc);
      fileShareDelayMs = options.fileShareDelayMs ?? 1500;
    },
    close: async () => {
      LIVE_FAKES.delete(fake);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  LIVE_FAKES.add(fake);
  return fake;
}
