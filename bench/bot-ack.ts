/**
 * How fast the bot acknowledges `/carteira` while it is busy: rounds of 50 concurrent,
 * signed `ver Sem contratos no mês` commands (an admin, gerentes and vendedores of a large
 * seeded portfolio) against the real bot over HTTP, with the fake Slack taking the answers.
 *
 * The bot runs in its own process, as in production, so the load generator and the fake
 * Slack do not compete with it for the event loop. Two figures:
 * - ack: from sending the request to receiving the bot's HTTP 200 (what Slack's 3 s limit
 *   is about; includes the generator's own overhead);
 * - in the bot: from the bot's HTTP server receiving the request to the ack being sent.
 * The answer latency (until the message reaches the response_url) is reported beside them.
 * Target: p99 ack under 100 ms.
 *
 * "Sem contratos no mês" has a chart (migration 0005), so each `ver` also uploads the PNG to
 * the user's DM (send-chart.ts): the commanding users exist in the fake workspace (the bot
 * opens each one's DM once), and the two upload methods' per-minute tier is lifted — the
 * benchmark sends a few hundred `ver` in about a minute, which is load, not what it measures.
 * Every other tier stays on; any call Slack refused fails the run.
 *
 *   npm run bench                                  # part of the whole benchmark
 *   node --import tsx bench/bot-ack.ts             # alone: 200,000 projects, 4 rounds
 *   node --import tsx bench/bot-ack.ts 50000 8     # projects, rounds
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type Database } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import { slashCommandFields, startFakeSlack } from '../test/fake-slack/index.js';
import { bigSlackId, seedBigPortfolio } from '../test/bot/big-portfolio.js';

const SECRET = 'segredo-do-benchmark-do-bot';
const NOW = '2026-11-27T15:00:00Z';
const CHILD_FLAG = 'CARTEIRA_BENCH_BOT_CHILD';

export interface BenchBotAckOptions {
  /** Makes an empty migrated database (bench/run.ts passes its own). */
  freshDatabase?: (name: string) => Promise<{ database: Database; drop: () => Promise<void> }>;
  /** Projects to seed (default 200,000). */
  projects?: number;
  /** Commands in flight at once (default 50). */
  concurrency?: number;
  /** Rounds of `concurrency` commands (default 4). */
  rounds?: number;
  out?: (line: string) => void;
}

export interface BenchBotAckResult {
  /** Ack latency as the sender sees it (ms). */
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /** Inside the bot: request received → ack sent (ms). */
  botP50: number;
  botP99: number;
  /** Until the answer reached Slack's response_url (ms). */
  answerP50: number;
  answerP99: number;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function defaultFreshDatabase(name: string) {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  await migrateToLatest(database.db);
  return {
    database,
    drop: async () => {
      await database.close();
      await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

// ---- the bot's process ------------------------------------------------------------------

type ChildMessage = { port: number } | { botTimes: number[] } | { error: string };

/** Runs in the forked process: starts the bot, times request → ack inside it, obeys the parent. */
async function runChild(): Promise<void> {
  const times: number[] = [];
  const createServer = http.createServer;
  // Time each request from the moment the bot's HTTP server gets it to the ack leaving.
  (http as { createServer: unknown }).createServer = (...args: unknown[]) => {
    const options = (args.find((a) => typeof a === 'object') ?? {}) as http.ServerOptions;
    const handler = args.find((a) => typeof a === 'function') as http.RequestListener;
    return createServer(options, (req, res) => {
      const started = performance.now();
      res.on('finish', () => {
        if (req.url?.startsWith('/slack/events')) times.push(performance.now() - started);
      });
      handler(req, res);
    });
  };
  const send = (m: ChildMessage) => process.send?.(m);
  try {
    const { loadConfig } = await import('../src/core/config.js');
    const { startBot } = await import('../src/bot/main.js');
    const bot = await startBot({
      config: loadConfig(),
      logger: pino({ level: 'silent' }),
      now: () => new Date(NOW),
      port: 0,
      host: '127.0.0.1',
    });
    process.on('message', (m: { cmd: string }) => {
      if (m.cmd === 'times') send({ botTimes: times.splice(0) });
      if (m.cmd === 'stop') void bot.stop().then(() => process.exit(0));
    });
    send({ port: bot.port });
  } catch (e) {
    send({ error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  }
}

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    // BENCH_BOT_PROF=<dir> writes a CPU profile of the bot's process there.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_BOT_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_BOT_PROF}`]
        : []),
    ],
    env: { ...process.env, ...env, [CHILD_FLAG]: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ChildMessage) => {
      if ('port' in m) resolve({ child, port: m.port });
      else reject(new Error('error' in m ? m.error : 'unexpected message from the bot process'));
    });
    child.once('exit', (code) => reject(new Error(`bot process exited with ${code}`)));
  });
}

function ask<T extends ChildMessage>(child: ChildProcess, cmd: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m: T) => resolve(m));
    child.send({ cmd });
  });
}

// ---- the load generator -----------------------------------------------------------------

/** A signed slash command, ready to send (signed just before the round). */
function signedCommand(fields: [string, string][]): {
  body: string;
  headers: Record<string, string>;
} {
  const body = new URLSearchParams(fields).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${sig}`,
    },
  };
}

/** POSTs and resolves with the ms until the response headers (the ack) arrived. */
function post(
  agent: http.Agent,
  port: number,
  req: { body: string; headers: Record<string, string> },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        headers: req.headers,
        agent,
      },
      (res) => {
        const ms = performance.now() - started;
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(ms) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

export async function benchBotAck(opts: BenchBotAckOptions = {}): Promise<BenchBotAckResult> {
  const out = opts.out ?? (() => {});
  const projects = opts.projects ?? 200_000;
  const concurrency = opts.concurrency ?? 50;
  const rounds = opts.rounds ?? 4;
  const stores = 8;
  const people = 25;
  // An admin (all stores), every store's gerente, and vendedores: [store, person] of
  // seedBigPortfolio, whose Slack ids are bigSlackId(store, person).
  const members: [number, number][] = [
    [1, 0],
    ...Array.from({ length: stores }, (_v, s): [number, number] => [s + 1, 1]),
    ...Array.from({ length: 20 }, (_v, i): [number, number] => [
      1 + (i % stores),
      2 + (i % (people - 2)),
    ]),
  ];
  const users = members.map(([s, n]) => bigSlackId(s, n));
  // The chart's DM upload, once per command (see the header).
  const commands = (rounds + 1) * concurrency;
  const { database, drop } = await (opts.freshDatabase ?? defaultFreshDatabase)(
    'carteira_bench_bot',
  );
  const url = database.pool?.options.connectionString;
  if (!url) throw new Error('benchBotAck needs a Postgres database (with a connection string)');
  const fake = await startFakeSlack({
    validateBlocks: false,
    users: members.map(([s, n]) => ({
      id: bigSlackId(s, n),
      name: `pessoa.${s}.${n}`,
      email: `big${s}.${n}@grande.test`,
    })),
    rateTiers: {
      'files.getUploadURLExternal': commands,
      'files.completeUploadExternal': commands,
    },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency + 10 });
  let child: ChildProcess | undefined;
  try {
    const t0 = performance.now();
    await seedBigPortfolio(database, { projects, stores, people });
    out(
      `Seeded ${projects.toLocaleString('en-US')} projects in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
    );
    const started = await startChild({
      DATABASE_URL: url,
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      LOG_LEVEL: 'silent',
    });
    child = started.child;
    const port = started.port;
    const acks: number[] = [];
    const answers: number[] = [];
    const round = async (n: number, text: string, record: boolean) => {
      const jobs = Array.from({ length: n }, (_v, i) => {
        const responseUrl = fake.responseUrl();
        const fields = slashCommandFields({
          text,
          user_id: users[i % users.length]!,
          channel_id: 'C0BENCH0001',
          response_url: responseUrl,
        });
        return { responseUrl, request: signedCommand(fields) };
      });
      await Promise.all(
        jobs.map(async (job) => {
          const sent = performance.now();
          const ack = await post(agent, port, job.request);
          await fake.waitFor((_c, f) => f.responses(job.responseUrl).length > 0, 60_000);
          if (record) {
            acks.push(ack);
            answers.push(performance.now() - sent);
          }
        }),
      );
    };
    // Warm-up: open the connections, let the JIT and the database caches settle.
    await round(concurrency, 'ajuda', false);
    await round(concurrency, 'ver Sem contratos no mês', false);
    await ask(child, 'times');
    for (let r = 0; r < rounds; r++) await round(concurrency, 'ver Sem contratos no mês', true);
    const { botTimes } = await ask<{ botTimes: number[] }>(child, 'times');
    // An answer that says "Gráfico não enviado" would time a different path: refuse the run.
    const failed = fake.calls.filter((c) => c.status !== 200 || c.response.ok === false);
    if (failed.length > 0) {
      const counts = new Map<string, number>();
      for (const c of failed) {
        const key = `${c.method}(${String(c.response.error ?? c.status)})`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      throw new Error(
        `Slack refused ${failed.length} calls: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
      );
    }
    // …and so would one whose chart was never drawn (no Slack call to refuse).
    const uploads = fake.calls.filter((c) => c.method === 'files.completeUploadExternal').length;
    if (uploads !== commands)
      throw new Error(`${uploads} charts uploaded for ${commands} commands`);
    acks.sort((a, b) => a - b);
    answers.sort((a, b) => a - b);
    botTimes.sort((a, b) => a - b);
    const result: BenchBotAckResult = {
      p50: percentile(acks, 0.5),
      p99: percentile(acks, 0.99),
      max: acks[acks.length - 1] ?? NaN,
      samples: acks.length,
      botP50: percentile(botTimes, 0.5),
      botP99: percentile(botTimes, 0.99),
      answerP50: percentile(answers, 0.5),
      answerP99: percentile(answers, 0.99),
    };
    out(
      `${result.samples} commands in ${rounds} rounds of ${concurrency}: ack p50 ${result.p50.toFixed(1)} ms, ` +
        `p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms (inside the bot: p50 ` +
        `${result.botP50.toFixed(1)} ms, p99 ${result.botP99.toFixed(1)} ms); answer posted p50 ` +
        `${result.answerP50.toFixed(0)} ms, p99 ${result.answerP99.toFixed(0)} ms.`,
    );
    return result;
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.send({ cmd: 'stop' });
      await exited;
    }
    agent.destroy();
    await fake.close();
    await drop();
  }
}

if (process.env[CHILD_FLAG] === '1') {
  void runChild();
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [projects, rounds] = process.argv.slice(2).map(Number);
  benchBotAck({
    projects: projects || undefined,
    rounds: rounds || undefined,
    out: (line) => console.log(line),
  }).then(
    (r) =>
      console.log(`p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (target p99 < 100 ms)`),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
