/**
 * The worker process killed with SIGKILL and restarted — a real child process, not a
 * simulation. Every due report ends up posted exactly once, including the one whose
 * process died between Slack's answer and the ledger write (found again through the
 * message's metadata in the channel history). The last test pins the honest limit: when
 * the history cannot be read, that one report is posted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import type { WorkerTuning } from '../../src/worker/index.js';
import {
  CHANNELS,
  createWorld,
  deliveriesOf,
  FAST_TUNING,
  flushPrefix,
  newPrefix,
  postsPerOccurrence,
  reportPosts,
  waitUntil,
  type World,
  OPERATOR,
} from './support.js';

let world: World;
const children = new Set<ChildProcess>();
const prefixes: string[] = [];
beforeAll(async () => {
  world = await createWorld();
});
afterEach(async () => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
  await world?.stopWorkers();
});
afterAll(async () => {
  for (const p of prefixes) await flushPrefix(p);
  await world?.close();
});

const operator = OPERATOR;
const TUNING: Partial<WorkerTuning> = {
  ...FAST_TUNING,
  claimStaleMs: 1_500,
  lockDurationMs: 1_500,
  stalledIntervalMs: 700,
};

async function spawnWorker(
  prefix: string,
  extra: { crashAfterPosts?: number; crashAfterCompletes?: number; mode?: 'run' } = {},
): Promise<ChildProcess> {
  if (!prefixes.includes(prefix)) prefixes.push(prefix);
  const config = world.config(prefix);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/worker/worker-entry.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      SLACK_BOT_TOKEN: config.SLACK_BOT_TOKEN,
      SLACK_API_URL: config.SLACK_API_URL,
      QUEUE_PREFIX: prefix,
      WORKER_PORT: '0',
      WORKER_CONCURRENCY: '4',
      LOG_LEVEL: process.env.WORKER_TEST_LOG ?? 'silent',
      WORKER_ENTRY: JSON.stringify({
        prefix,
        tuning: TUNING,
        now: world.clock().toISOString(),
        ...extra,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited before READY (${code})`)));
  });
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Each subscription of this file gets its own daily time, 06:00, 06:01…, so none repeats another. */
let nextMinute = 0;

async function subscribeMany(n: number, channels: string[]) {
  const subs = [];
  for (let i = 0; i < n; i++) {
    const m = nextMinute++;
    const time = `${String(6 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const sub = await world.subscribe('admin@carteira.test', {
      destination: 'channel',
      channelId: channels[i % channels.length]!,
      schedule: { kind: 'daily', time, timezone: 'America/Sao_Paulo' },
    });
    subs.push({ sub, time });
  }
  for (const { sub, time } of subs) {
    await triggerOccurrence(world.db, operator, sub.id, { occurrence: `2026-11-30T${time}` });
  }
  return subs.map((s) => s.sub);
}

async function allSent(ids: number[], timeoutMs = 25_000) {
  await waitUntil(
    async () => {
      for (const id of ids) {
        const rows = await deliveriesOf(world.db, id);
        if (rows.length !== 1 || rows[0]!.status !== 'sent') return false;
      }
      return true;
    },
    timeoutMs,
    'every delivery sent',
  );
}

function onceEach(ids: number[]) {
  const counts = postsPerOccurrence(world.fake);
  return ids.map((id) =>
    [...counts.entries()].filter(([k]) => k.startsWith(`${id}|`)).reduce((n, [, c]) => n + c, 0),
  );
}

describe('worker killed with SIGKILL', () => {
  it('in the middle of a batch: the restarted worker posts the rest, nothing twice', async () => {
    const prefix = newPrefix();
    const before = reportPosts(world.fake).length;
    const first = await spawnWorker(prefix);
    const subs = await subscribeMany(9, [CHANNELS.vendas, CHANNELS.geral, CHANNELS.loja]);
    // One post per second per channel: the batch takes ~3 s; kill it part-way.
    await waitUntil(() => reportPosts(world.fake).length - before >= 3, 15_000, 'a few posts');
    first.kill('SIGKILL');
    await killed(first);
    const partial = reportPosts(world.fake).length - before;
    expect(partial).toBeLessThan(9);

    await spawnWorker(prefix);
    const ids = subs.map((s) => s.id);
    await allSent(ids);
    await new Promise((r) => setTimeout(r, 500));
    expect(onceEach(ids)).toEqual(ids.map(() => 1));
  });

  it('between Slack’s answer and the ledger write: the post is found in the channel, not repeated', async () => {
    const prefix = newPrefix();
    const first = await spawnWorker(prefix, { crashAfterPosts: 1 });
    const subs = await subscribeMany(3, [CHANNELS.extra]);
    await killed(first);
    const ids = subs.map((s) => s.id);
    // Killed right after its first post: one report is out, but its row says "sending".
    const orphan = (await Promise.all(ids.map((id) => deliveriesOf(world.db, id))))
      .flat()
      .find((r) => r.status === 'sending');
    expect(orphan).toBeDefined();
    expect(orphan!.post_started_at).not.toBeNull();
    expect(orphan!.slack_ts).toBeNull();
    const posted = reportPosts(world.fake, CHANNELS.extra).find(
      (m) =>
        (m.args.metadata as { event_payload: { delivery_id: string } }).event_payload
          .delivery_id === String(orphan!.id),
    );
    expect(posted).toBeDefined();

    await spawnWorker(prefix);
    await allSent(ids);
    await new Promise((r) => setTimeout(r, 500));
    expect(onceEach(ids)).toEqual([1, 1, 1]);
    const [row] = await deliveriesOf(world.db, orphan!.subscription_id);
    expect(row!.slack_ts).toBe(posted!.ts); // recorded from Slack, not posted again
  });

  it('the remaining risk, pinned: without channel history access, that one report is posted twice', async () => {
    world.fake.revokeScope('channels:history');
    try {
      const prefix = newPrefix();
      const first = await spawnWorker(prefix, { crashAfterPosts: 1 });
      const subs = await subscribeMany(1, [CHANNELS.temp]);
      await killed(first);
      await spawnWorker(prefix);
      await allSent([subs[0]!.id]);
      expect(onceEach([subs[0]!.id])).toEqual([2]);
      // The scope was taken away on purpose: the history read was refused, as intended.
      expect(world.fake.refused().map((r) => r.error)).toContain('missing_scope');
      world.fake.forgiveRefusals();
    } finally {
      world.fake.grantScope('channels:history');
    }
  });

  it('between files.completeUploadExternal and the ledger write: the file, shared late by Slack, is not uploaded again', async () => {
    // Slack shares a completed upload asynchronously; here it takes longer than the takeover,
    // so the restarted worker's files.info sees the file without a share at first.
    world.fake.setFileShareDelay(4_000);
    try {
      const prefix = newPrefix();
      const first = await spawnWorker(prefix, { crashAfterCompletes: 1 });
      const m = nextMinute++;
      const time = `${String(6 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const sub = await world.subscribe('admin@carteira.test', {
        destination: 'channel',
        channelId: CHANNELS.temp,
        format: 'csv',
        schedule: { kind: 'daily', time, timezone: 'America/Sao_Paulo' },
      });
      await triggerOccurrence(world.db, operator, sub.id, { occurrence: `2026-11-30T${time}` });
      await killed(first);
      const [orphan] = await deliveriesOf(world.db, sub.id);
      expect(orphan!.status).toBe('sending');
      expect(orphan!.pending_file_id).not.toBeNull();
      expect(orphan!.slack_file_id).toBeNull();
      const uploaded = world.fake
        .files(CHANNELS.temp)
        .filter((f) => f.id === orphan!.pending_file_id);
      expect(uploaded).toHaveLength(1);

      await spawnWorker(prefix);
      await allSent([sub.id]);
      const [row] = await deliveriesOf(world.db, sub.id);
      expect(row!.slack_file_id).toBe(orphan!.pending_file_id); // recorded from Slack
      const uploads = world.fake.calls.filter(
        (c) => c.method === 'files.completeUploadExternal' && c.response.ok === true,
      );
      expect(
        uploads.filter((c) => JSON.stringify(c.args).includes(orphan!.pending_file_id!)),
      ).toHaveLength(1);
      expect(
        world.fake.files(CHANNELS.temp).filter((f) => f.completedAt! >= uploaded[0]!.completedAt!),
      ).toHaveLength(1);
    } finally {
      world.fake.setFileShareDelay(1_500);
    }
  });

  it('SIGTERM: the production entry stops gracefully mid-batch; the next worker posts the rest once', async () => {
    const prefix = newPrefix();
    const first = await spawnWorker(prefix, { mode: 'run' });
    const before = reportPosts(world.fake, CHANNELS.geral).length;
    const subs = await subscribeMany(3, [CHANNELS.geral]);
    await waitUntil(
      () => reportPosts(world.fake, CHANNELS.geral).length > before,
      15_000,
      'a first post',
    );
    first.kill('SIGTERM');
    await killed(first); // a worker that hangs on SIGTERM fails the test on its timeout
    expect(first.exitCode).toBe(0);
    await spawnWorker(prefix);
    const ids = subs.map((s) => s.id);
    await allSent(ids);
    await new Promise((r) => setTimeout(r, 300));
    expect(onceEach(ids)).toEqual([1, 1, 1]);
  });
});
