/**
 * The bot's HTTP surface: Slack's signature (bad, missing, stale, replayed → 401 and
 * nothing happens), acks well under Slack's 3 s while a large report is produced, the
 * health and readiness routes, and a graceful stop that lets acknowledged work finish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import pg from 'pg';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { Writable } from 'node:stream';
import { SocketModeReceiver } from '@slack/bolt';
import { createApp } from '../../src/bot/app.js';
import { startBot } from '../../src/bot/main.js';
import { createLogger } from '../../src/core/logger.js';
import { CH, NOW, SECRET, U, sleep, startHarness, tableProjects, type Harness } from './harness.js';
import type { SlackHttpResult } from '../fake-slack/index.js';
import { seedBigPortfolio, type BigPortfolio } from './big-portfolio.js';

let h: Harness;
let big: BigPortfolio;
beforeAll(async () => {
  h = await startHarness();
  big = await seedBigPortfolio(h.test.database, { projects: 20_000, stores: 3, people: 8 });
});
afterAll(() => h.close());

/** Calls the bot made to Slack (any Web API method, upload or response_url) after `mark`. */
function callsSince(mark: number) {
  return h.fake.calls.slice(mark);
}

describe('request signatures', () => {
  const forgeries = [
    ['a bad signature', { signature: 'bad' as const }],
    ['no signature', { signature: 'missing' as const }],
    ['a timestamp 6 minutes old', { stale: true }],
  ] as const;

  it.each(forgeries)('refuses %s with 401, and nothing happens', async (_label, forge) => {
    const mark = h.fake.calls.length;
    const { res, responseUrl } = await h.command(U.admin, 'ver Sem contratos no mês csv', forge);
    expect(res.status).toBe(401);
    await sleep(150);
    expect(callsSince(mark)).toEqual([]);
    expect(h.fake.responses(responseUrl)).toEqual([]);
  });

  it('refuses a forged button click and a forged modal submission', async () => {
    const mark = h.fake.calls.length;
    const { res } = await h.command(U.admin, 'nova', { signature: 'bad', trigger: true });
    expect(res.status).toBe(401);
    const view = await h.view('admin', 'Sem contratos no mês');
    const before = await h.db.selectFrom('saved_views').select('id').execute();
    const submit = await h.submit(
      U.admin,
      {
        callback_id: 'view_builder',
        private_metadata: JSON.stringify({ m: 'edit', v: view.id, c: null }),
      },
      {},
      { signature: 'bad' },
    );
    expect(submit.status).toBe(401);
    await sleep(100);
    expect(callsSince(mark)).toEqual([]);
    expect(await h.db.selectFrom('saved_views').select('id').execute()).toEqual(before);
  });

  it('refuses a replayed command: the identical request (same body, timestamp, signature) runs once', async () => {
    const { res, responseUrl } = await h.command(U.vend1, 'ver Sem contratos no mês');
    expect(res.status).toBe(200);
    await h.responses(responseUrl);
    const again = await res.replay();
    expect(again.status).toBe(401);
    await sleep(200);
    expect(h.fake.responses(responseUrl)).toHaveLength(1);
  });

  it('refuses a replayed file button: one upload only', async () => {
    const view = await h.view('vend2', 'Sem contratos no mês');
    const files = h.fake.files().length;
    const { res } = await h.click(U.vend2, 'report_csv', String(view.id));
    expect(res.status).toBe(200);
    await h.fake.waitFor((_c, f) => f.files().length > files);
    expect((await res.replay()).status).toBe(401);
    await sleep(300);
    expect(h.fake.files()).toHaveLength(files + 1);
  });

  it('a new request with the same text (new timestamp and signature) is not a replay', async () => {
    const first = await h.command(U.vend1, 'eu');
    await sleep(1100); // next second: a different timestamp
    const second = await h.command(U.vend1, 'eu');
    expect(first.res.status).toBe(200);
    expect(second.res.status).toBe(200);
  });
});

describe('acks', () => {
  /**
   * Holds an exclusive lock on `project_summary` (what reports read) until `release` is called: no report can be
   * produced meanwhile, so an ack that arrives while it is held did not wait for one.
   * (Ordering, not a stopwatch: how fast the ack is, is bench/bot-ack.ts's job.)
   */
  async function holdProjects() {
    const client = new pg.Client({ connectionString: h.test.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE project_summary IN ACCESS EXCLUSIVE MODE');
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  }

  it('acks at once while a large report is still being produced', async () => {
    // 20,000 projects; the admin's "Sem contratos no mês" counts all of them (plus the fixture's).
    const release = await holdProjects();
    let res: SlackHttpResult;
    let responseUrl: string;
    try {
      ({ res, responseUrl } = await h.command(big.admin, 'ver Sem contratos no mês'));
      expect(res.status).toBe(200);
      expect(res.body).toBe('');
      await sleep(200);
      expect(h.fake.responses(responseUrl)).toEqual([]); // acked, the report not produced yet
    } finally {
      await release();
    }
    const [answer] = await h.responses(responseUrl);
    expect(answer!.body.text).toContain('20.003 projetos');
    const shown = tableProjects(answer!.body).length;
    expect(shown).toBeGreaterThan(20);
    expect(shown).toBeLessThanOrEqual(100);
    expect(JSON.stringify(answer!.body)).toContain(`mostrando ${shown} de 20.003 projetos`);
  });

  it('acks every command of a burst of 30 before any of their reports exists', async () => {
    const release = await holdProjects();
    let runs: Awaited<ReturnType<Harness['command']>>[];
    try {
      runs = await Promise.all(
        Array.from({ length: 30 }, (_v, i) =>
          h.command(i % 2 ? big.gerente : big.vendedor, 'ver Sem contratos no mês'),
        ),
      );
      for (const r of runs) expect(r.res.status).toBe(200);
      for (const r of runs) expect(h.fake.responses(r.responseUrl)).toEqual([]);
    } finally {
      await release();
    }
    const answers = await Promise.all(runs.map((r) => h.responses(r.responseUrl)));
    for (const [a] of answers) expect(a!.body.text).toMatch(/\d+ projetos?/);
  });

  it('acks before Slack has taken the answer when Slack is slow', async () => {
    let letSlackAnswer!: () => void;
    h.fake.failNext('response_url', { until: new Promise<void>((r) => (letSlackAnswer = r)) });
    const { res, responseUrl } = await h.command(U.vend1, 'ajuda');
    expect(res.status).toBe(200);
    // Slack is still holding the answer: the ack did not wait for it.
    expect(h.fake.responses(responseUrl)).toEqual([]);
    letSlackAnswer();
    const [answer] = await h.responses(responseUrl);
    expect(answer!.body.text).toBeTruthy();
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${h.bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('/readyz is 503 when Postgres is unreachable (and /healthz still 200)', async () => {
    const database = await openDatabase({ url: 'postgres://root@127.0.0.1:1/nada', poolSize: 1 });
    const config = loadConfig({
      SLACK_BOT_TOKEN: h.fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: h.fake.url,
    });
    const bot = await startBot({
      config,
      database,
      logger: pino({ level: 'silent' }),
      port: 0,
      host: '127.0.0.1',
    });
    try {
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop();
      await database.close();
    }
  });

  it('refuses to start with a token Slack rejects, in one clear line', async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-errado',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: h.fake.url,
      DATABASE_URL: h.test.url,
    });
    await expect(startBot({ config, logger: pino({ level: 'silent' }), port: 0 })).rejects.toThrow(
      /SLACK_BOT_TOKEN \(invalid_auth\)/,
    );
  });

  it('refuses to start without the signing secret in HTTP mode, naming the variable', async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: h.fake.token,
      SLACK_API_URL: h.fake.url,
      DATABASE_URL: h.test.url,
    });
    await expect(startBot({ config, logger: pino({ level: 'silent' }), port: 0 })).rejects.toThrow(
      /SLACK_SIGNING_SECRET/,
    );
  });
});

describe('graceful stop', () => {
  it('stops receiving, lets acknowledged work finish, then closes its own database', async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: h.fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: h.fake.url,
      DATABASE_URL: h.test.url,
    });
    const bot = await startBot({
      config,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      port: 0,
      host: '127.0.0.1',
    });
    const { sendSlashCommand } = await import('../fake-slack/index.js');
    const responseUrl = h.fake.responseUrl();
    h.fake.failNext('response_url', { delayMs: 700 });
    const res = await sendSlashCommand(bot.url, SECRET, {
      text: 'ver Sem contratos no mês',
      user_id: U.vend1,
      channel_id: CH.vendas,
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);
    await bot.stop(); // waits for the slow answer
    expect(h.fake.responses(responseUrl)).toHaveLength(1);
    await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
  });
});

describe('logs and modes', () => {
  it('logs each request with a request id, and never the secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      SLACK_BOT_TOKEN: h.fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: h.fake.url,
      LOG_LEVEL: 'debug',
    });
    const logger = createLogger('debug', 'carteira-bot', sink);
    const bot = await startBot({
      config,
      database: h.test.database,
      logger,
      now: () => NOW,
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const { sendSlashCommand } = await import('../fake-slack/index.js');
      const responseUrl = h.fake.responseUrl();
      await sendSlashCommand(bot.url, SECRET, {
        text: 'ver Sem contratos no mês',
        user_id: U.vend1,
        channel_id: CH.vendas,
        response_url: responseUrl,
      });
      await h.fake.waitFor((_c, f) => f.responses(responseUrl).length > 0);
      await sleep(50);
    } finally {
      await bot.stop();
    }
    const handled = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'slack request handled');
    expect(handled).toMatchObject({ kind: 'command', command: '/carteira', user: U.vend1 });
    expect(handled!.reqId).toMatch(/^[0-9a-f]{8}$/);
    const all = lines.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(h.fake.token);
  });

  it('uses Socket Mode when SLACK_APP_TOKEN is set (no signing secret needed)', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: h.fake.token,
      SLACK_APP_TOKEN: 'xapp-1-teste',
      SLACK_API_URL: h.fake.url,
    });
    const deps = {
      database: h.test.database,
      db: h.db,
      config,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
    };
    const app = createApp(deps, { bot: { botId: h.fake.bot.botId, botUserId: h.fake.bot.userId } });
    expect((app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
  });
});
