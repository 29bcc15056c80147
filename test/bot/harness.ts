/**
 * End-to-end harness for the bot: a real test database with the hand-made portfolio (people
 * linked to Slack ids), the fake Slack Web API, and the real bot on an ephemeral port. Tests
 * talk to the bot the way Slack does (signed slash commands and `payload=` interactions) and
 * look at what reached the fake Slack.
 */
import { expect } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/core/config.js';
import type { Logger } from '../../src/core/logger.js';
import { runReport } from '../../src/core/portfolio/query.js';
import type { Viewer } from '../../src/core/portfolio/viewer.js';
import { validateMessage, validateModal } from '../../src/core/render/slack-limits.js';
import { getView, listViews, type SavedView } from '../../src/core/views/views.js';
import { startBot, type RunningBot } from '../../src/bot/main.js';
import { PORTFOLIO } from '../core/portfolio/portfolio-fixture.js';
import {
  checkMessageBlocks,
  checkView,
  checkViewErrors,
  blockActionPayload,
  initialState,
  sendInteraction,
  sendSlashCommand,
  startFakeSlack,
  viewSubmissionPayload,
  type FakeSlack,
  type RecordedResponse,
  type SendOptions,
  type SlackHttpResult,
  type StateValues,
  type ViewInput,
} from '../fake-slack/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, type Built, type Fixture } from '../support/fixtures.js';

export const SECRET = 'segredo-de-assinatura-dos-testes';
/** 27/11/2026 12:00 in São Paulo: the fixture's "this month" is November 2026. */
export const NOW = new Date('2026-11-27T15:00:00Z');
export const AS_OF = '2026-11-27';

/** Slack users of the workspace; all but vend3 and the stranger are linked by slack_id. */
export const U = {
  admin: 'U0ADMIN0001',
  gerenteSp: 'U0GERSP0001',
  gerenteMao: 'U0GERMAO001',
  sup: 'U0SUP000001',
  vend1: 'U0VEND10001',
  vend2: 'U0VEND20001',
  /** Not linked; their Slack e-mail matches vend3@carteira.test (linked on first use). */
  vend3: 'U0VEND30001',
  vman: 'U0VMAN00001',
  /** Not linked, and no salesperson has their e-mail. */
  stranger: 'U0ESTRANHO1',
} as const;

export const EMAIL: Record<keyof typeof U, string> = {
  admin: 'admin@carteira.test',
  gerenteSp: 'gerente.sp@carteira.test',
  gerenteMao: 'gerente.mao@carteira.test',
  sup: 'sup@carteira.test',
  vend1: 'vend1@carteira.test',
  vend2: 'vend2@carteira.test',
  vend3: 'vend3@carteira.test',
  vman: 'vman@carteira.test',
  stranger: 'fulano@outra-empresa.test',
};

export const CH = {
  /** Public, the bot is a member. */
  vendas: 'C0VENDAS001',
  /** Public, the bot is not a member (it joins to upload). */
  geral: 'C0GERAL0001',
  /** Private, the bot is not a member (invisible to it). */
  diretoria: 'C0DIRETORIA',
  /** A group DM between people (an app cannot be invited to it). */
  grupo: 'C0GRUPODM01',
} as const;

const SLACK_OF: Record<string, string> = {
  [EMAIL.admin]: U.admin,
  [EMAIL.gerenteSp]: U.gerenteSp,
  [EMAIL.gerenteMao]: U.gerenteMao,
  [EMAIL.sup]: U.sup,
  [EMAIL.vend1]: U.vend1,
  [EMAIL.vend2]: U.vend2,
  [EMAIL.vman]: U.vman,
};

/** The core tests' portfolio, with Slack ids on everyone but vend3. */
export const BOT_PORTFOLIO: Fixture = {
  ...PORTFOLIO,
  people: PORTFOLIO.people.map((p) => (SLACK_OF[p.email] ? { ...p, slack: SLACK_OF[p.email] } : p)),
};

export interface Harness {
  fake: FakeSlack;
  bot: RunningBot;
  test: TestDatabase;
  built: Built;
  db: TestDatabase['database']['db'];
  /** A signed `/carteira` command; resolves when the bot acked. */
  command(user: string, text: string, opts?: CommandOptions): Promise<CommandResult>;
  /** A signed button click (block_actions). */
  click(
    user: string,
    actionId: string,
    value: string | undefined,
    opts?: ClickOptions,
  ): Promise<ClickResult>;
  /** A signed view_submission of `view` (a recorded view) with `values`. */
  submit(
    user: string,
    view: ViewInput,
    values: StateValues,
    opts?: SendOptions,
  ): Promise<SlackHttpResult>;
  /** Waits until `n` answers reached the response_url, and returns them. */
  responses(url: string, n?: number): Promise<RecordedResponse[]>;
  viewer(key: keyof typeof U): Promise<Viewer>;
  /** A view by name as `key` sees it. */
  view(key: keyof typeof U, name: string): Promise<SavedView>;
  /** What the core query answers for `key` (the first `limit` project codes and the count). */
  expected(
    key: keyof typeof U,
    view: SavedView,
    limit?: number,
  ): Promise<{ projects: string[]; count: number }>;
  close(): Promise<void>;
}

export interface CommandOptions extends SendOptions {
  channel?: string;
  /** Issue a trigger id (for commands that open a modal). */
  trigger?: boolean;
}

export interface CommandResult {
  res: SlackHttpResult;
  responseUrl: string;
  ackMs: number;
}

export interface ClickOptions {
  channel?: string;
  /** The message the button is on (e.g. a recorded response body). */
  message?: Record<string, unknown>;
  /** Clicked in the App Home (or a modal): no channel, no response_url. */
  view?: ViewInput;
  trigger?: boolean;
  isEphemeral?: boolean;
}

export interface ClickResult {
  res: SlackHttpResult;
  responseUrl: string | undefined;
  triggerId: string | undefined;
}

/** A logger that keeps quiet unless LOG_LEVEL asks otherwise. */
function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export async function startHarness(fixture: Fixture = BOT_PORTFOLIO): Promise<Harness> {
  const test = await createTestDatabase();
  const built = await buildFixture(test.database, fixture);
  const fake = await startFakeSlack({
    users: (Object.keys(U) as (keyof typeof U)[]).map((k) => ({
      id: U[k],
      name: k,
      email: EMAIL[k],
    })),
    channels: [
      { id: CH.vendas, name: 'vendas', botMember: true },
      { id: CH.geral, name: 'geral' },
      { id: CH.diretoria, name: 'diretoria', is_private: true },
      { id: CH.grupo, name: 'mpdm-ana--beto--caio-1', is_mpim: true },
    ],
  });
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    DATABASE_URL: test.url,
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot({
    config,
    database: test.database,
    logger: testLogger(),
    now: () => NOW,
    port: 0,
    host: '127.0.0.1',
  });
  const db = test.database.db;

  const viewer = (key: keyof typeof U) => built.viewer(EMAIL[key]);
  const h: Harness = {
    fake,
    bot,
    test,
    built,
    db,
    async command(user, text, opts = {}) {
      const responseUrl = fake.responseUrl();
      const started = performance.now();
      const res = await sendSlashCommand(
        bot.url,
        SECRET,
        {
          text,
          user_id: user,
          channel_id: opts.channel ?? CH.vendas,
          response_url: responseUrl,
          ...(opts.trigger ? { trigger_id: fake.newTriggerId() } : {}),
        },
        opts,
      );
      return { res, responseUrl, ackMs: performance.now() - started };
    },
    async click(user, actionId, value, opts = {}) {
      const responseUrl = opts.view ? undefined : fake.responseUrl();
      const triggerId = opts.trigger ? fake.newTriggerId() : undefined;
      const payload = blockActionPayload({
        user,
        actionId,
        value,
        ...(opts.view ? { view: opts.view } : { channel: opts.channel ?? CH.vendas, responseUrl }),
        ...(opts.message ? { message: opts.message } : {}),
        ...(opts.isEphemeral ? { isEphemeral: true } : {}),
        ...(triggerId ? { triggerId } : {}),
      });
      const res = await sendInteraction(bot.url, SECRET, payload);
      return { res, responseUrl, triggerId };
    },
    async submit(user, view, values, opts) {
      const res = await sendInteraction(
        bot.url,
        SECRET,
        viewSubmissionPayload({ user, view: { ...view, values } }),
        opts,
      );
      checkSubmissionAck(fake, view, res);
      return res;
    },
    async responses(url, n = 1) {
      return fake.waitFor((_c, f) => {
        const list = f.responses(url);
        return list.length >= n && list;
      });
    },
    viewer,
    async view(key, name) {
      const v = await viewer(key);
      const found = (await listViews(db, v)).find((x) => x.name === name);
      if (!found) throw new Error(`no view ${name} for ${key}`);
      return getView(db, v, found.id);
    },
    async expected(key, view, limit = 20) {
      const r = await runReport(db, {
        definition: view.definition,
        viewer: await viewer(key),
        asOf: AS_OF,
        limit,
        now: NOW,
      });
      return { projects: r.rows.map((row) => row.project), count: r.totals.count };
    },
    async close() {
      await bot.stop();
      await fake.close();
      await test.drop();
    },
  };
  return h;
}

/**
 * Slack checks a view_submission ack like a views.update: `errors` must name input blocks of
 * the submitted view, an `update`/`push` view must pass the modal rules. A refusal is
 * recorded on the fake (the suite fails on it, see test/support/refusals.ts).
 */
export function checkSubmissionAck(fake: FakeSlack, view: ViewInput, res: SlackHttpResult): void {
  if (res.status !== 200 || !res.body.trim().startsWith('{')) return;
  const ack = res.json<Record<string, unknown>>();
  const problems = [
    ...checkViewErrors(view, ack),
    ...(ack.response_action === 'update' || ack.response_action === 'push'
      ? checkView(ack.view, 'modal')
      : []),
  ];
  if (problems.length > 0) {
    fake.noteRefusal({
      method: 'view_submission ack',
      error: 'invalid_arguments',
      messages: problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`),
    });
  }
}

type TableLike = { type: string; rows?: { text: string }[][]; text?: { text: string } };

/**
 * The project codes in a report message's table (first column; header row skipped), in
 * whichever style it came: data_table (blocks), table (attachment) or monospace text.
 */
export function tableProjects(body: Record<string, unknown>): string[] {
  const blocks = (body.blocks as TableLike[] | undefined) ?? [];
  const attachments = body.attachments as { blocks: TableLike[] }[] | undefined;
  const table =
    blocks.find((b) => b.type === 'data_table') ??
    attachments?.[0]?.blocks.find((b) => b.type === 'table');
  if (table?.rows) return table.rows.slice(1).map((r) => r[0]!.text);
  const text = blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('```'));
  if (!text?.text) return [];
  const lines = text.text.text.split('\n').slice(2, -1);
  return lines.map((l) => l.split(/\s{2,}/)[0]!.trim());
}

/** Every payload the bot sends passes our Slack limits check and the fake Slack's rules. */
export function expectValidMessage(body: Record<string, unknown>): void {
  expect(validateMessage(body)).toEqual([]);
  expect(checkMessageBlocks(body)).toEqual([]);
}

export function expectValidModal(view: unknown): void {
  expect(validateModal(view)).toEqual([]);
}

/** All text of a message (text, blocks, attachments) as one string, for `toContain`. */
export function allText(body: unknown): string {
  return JSON.stringify(body);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Json = Record<string, unknown>;

export { initialState };

/** `values` with some inputs replaced (block id → Slack state element). */
export function withInputs(values: StateValues, changes: Record<string, Json>): StateValues {
  const out: StateValues = { ...values };
  for (const [block, el] of Object.entries(changes)) out[block] = { [block]: el };
  return out;
}

/** The options an input offers (values, option groups flattened), for checking what a user may pick. */
export function optionValues(view: Json, blockId: string): string[] {
  const block = ((view.blocks as Json[]) ?? []).find((b) => b.block_id === blockId);
  const el = block?.element as Json | undefined;
  const groups = (el?.option_groups as { options: { value: string }[] }[] | undefined) ?? [];
  return [...((el?.options as { value: string }[]) ?? []), ...groups.flatMap((g) => g.options)].map(
    (o) => o.value,
  );
}
