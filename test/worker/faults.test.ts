/**
 * Fault tests. Each ends with every due report posted exactly once (posts counted per
 * occurrence in the fake Slack): Redis flushed, two workers at once with duplicate jobs,
 * Slack answering 429 and 5xx, a deleted channel (owner told, paused after 3), and a stop
 * that does not hang when Redis is gone.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Subscription } from '../../src/core/subscriptions/subscription.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSubscription } from '../../src/core/subscriptions/subscription.js';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import {
  CHANNELS,
  createWorld,
  deliveriesOf,
  flushPrefix,
  MON_30_NOV,
  newPrefix,
  postsPerOccurrence,
  reportPosts,
  waitUntil,
  weeklyMonday8,
  type World,
  OPERATOR,
} from './support.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world?.stopWorkers();
});
afterAll(async () => {
  await world?.close();
});

const operator = OPERATOR;

function expectExactlyOnce(subscriptionIds: number[], perSubscription = 1) {
  const counts = postsPerOccurrence(world.fake);
  for (const id of subscriptionIds) {
    const mine = [...counts.entries()].filter(([k]) => k.startsWith(`${id}|`));
    expect(mine, `posts of subscription ${id}`).toHaveLength(perSubscription);
    for (const [key, n] of mine) expect(n, `posts for ${key}`).toBe(1);
  }
}

async function allDone(ids: number[], perSubscription = 1, timeoutMs = 20_000) {
  await waitUntil(
    async () => {
      for (const id of ids) {
        const rows = await deliveriesOf(world.db, id);
        if (
          rows.length < perSubscription ||
          rows.some((r) => r.status === 'pending' || r.status === 'sending')
        )
          return false;
      }
      return true;
    },
    timeoutMs,
    'all deliveries finished',
  );
}

describe('Redis flushed while subscriptions exist', () => {
  it('rebuilds the schedules and catches up the missed occurrence once', async () => {
    const created = new Date('2026-11-25T12:00:00Z');
    const a = await world.subscribe(
      'gerente@carteira.test',
      { destination: 'channel', channelId: CHANNELS.vendas, schedule: weeklyMonday8 },
      created,
    );
    const b = await world.subscribe(
      'gerente@carteira.test',
      { destination: 'channel', channelId: CHANNELS.geral, schedule: weeklyMonday8 },
      created,
    );
    const prefix = newPrefix();
    // The first worker runs on Wednesday 25/11, before the Monday report is due.
    const first = await world.worker({ prefix, now: () => created, timers: false });
    expect((await first.queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
      `sub-${a.id}`,
      `sub-${b.id}`,
    ]);
    await world.stopWorkers();

    // Redis loses everything of this queue (FLUSHALL, for our prefix) and the worker comes
    // back on Monday 30/11 at 08:30 in São Paulo: the 08:00 reports never went out.
    expect(await flushPrefix(prefix)).toBeGreaterThan(0);
    const now = new Date(MON_30_NOV.getTime() + 30 * 60_000);
    const second = await world.worker({ prefix, now: () => now, timers: false });
    const schedulers = await second.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([`sub-${a.id}`, `sub-${b.id}`]);
    expect(schedulers.every((s) => s.pattern === '0 8 * * 1' && s.tz === 'America/Sao_Paulo')).toBe(
      true,
    );
    await allDone([a.id, b.id]);
    // A second pass and a third worker on the same queue change nothing.
    await second.reconcile();
    const third = await world.worker({ prefix, now: () => now, timers: false });
    await third.reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expectExactlyOnce([a.id, b.id]);
    for (const id of [a.id, b.id]) {
      const [row] = await deliveriesOf(world.db, id);
      expect(row).toMatchObject({ status: 'sent', late: true, origin: 'catch_up' });
      expect(row!.scheduled_for.getTime()).toBe(MON_30_NOV.getTime());
    }
    expect(await second.queue.getJobSchedulersCount()).toBe(2);
  });
});

describe('two workers at once', () => {
  it('share the queue: one schedule per subscription, one post per occurrence, even with duplicate jobs', async () => {
    const channels = [CHANNELS.vendas, CHANNELS.geral, CHANNELS.loja];
    const subs: Subscription[] = [];
    for (let i = 0; i < 8; i++) {
      subs.push(
        await world.subscribe('admin@carteira.test', {
          destination: 'channel',
          channelId: channels[i % 3]!,
          schedule: {
            kind: 'weekly',
            weekdays: [1],
            time: `08:${String(i).padStart(2, '0')}`,
            timezone: 'America/Sao_Paulo',
          },
        }),
      );
    }
    const prefix = newPrefix();
    const now = () => new Date(MON_30_NOV.getTime() + 10 * 60_000);
    const [w1, w2] = await Promise.all([
      world.worker({ prefix, now }),
      world.worker({ prefix, now }),
    ]);
    const ids = subs.map((s) => s.id);
    expect(
      (await w1.queue.getJobSchedulers()).filter((s) => ids.includes(Number(s.key.slice(4)))),
    ).toHaveLength(8);
    for (const sub of subs) {
      const local = `2026-11-30T08:${String(subs.indexOf(sub)).padStart(2, '0')}`;
      await triggerOccurrence(world.db, operator, sub.id, { occurrence: local });
      // A duplicate of the same occurrence under another job id, as a re-delivered job would be.
      const at = new Date(MON_30_NOV.getTime() + subs.indexOf(sub) * 60_000).getTime();
      await w2.queue.add(
        'occurrence',
        { subscriptionId: sub.id, origin: 'schedule', scheduledFor: at },
        { jobId: `dup-${sub.id}` },
      );
    }
    await allDone(ids);
    await new Promise((r) => setTimeout(r, 800));
    expectExactlyOnce(ids);
    // Exactly one schedule per active subscription (these 8 and the earlier test's 2).
    const keys = (await w2.queue.getJobSchedulers()).map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => ids.includes(Number(k.slice(4))))).toHaveLength(8);
  });
});

describe('Slack rate limits and outages', () => {
  it('on 429 waits Retry-After without blocking other channels; 5xx is retried with backoff; each posts once', async () => {
    const at9 = { ...weeklyMonday8, time: '09:00' };
    const a = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.vendas,
      schedule: at9,
    });
    const b = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.geral,
      schedule: at9,
    });
    const c = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.loja,
      schedule: at9,
    });
    // The world's clock (24/11): the occurrences triggered below (30/11) are still ahead, so nothing else is due.
    await world.worker();
    const start = world.fake.calls.length;

    world.fake.failNext('chat.postMessage', { status: 429, retryAfter: 2 }, 1);
    await triggerOccurrence(world.db, operator, a.id, { occurrence: '2026-11-30T09:00' });
    const limited = await world.fake.waitFor((calls) =>
      calls.slice(start).find((x) => x.status === 429),
    );
    expect(limited.args.channel).toBe(CHANNELS.vendas);
    await triggerOccurrence(world.db, operator, b.id, { occurrence: '2026-11-30T09:00' });
    await allDone([a.id, b.id]);
    const [postA] = reportPosts(world.fake, CHANNELS.vendas).filter((m) => m.at > limited.at);
    const [postB] = reportPosts(world.fake, CHANNELS.geral);
    // A honoured Retry-After (2 s); B, on another channel, did not wait for it.
    expect(postA!.at - limited.at).toBeGreaterThanOrEqual(1900);
    expect(postB!.at).toBeLessThan(postA!.at);

    // Slack down for a while: three 503s, then it recovers.
    world.fake.failNext('chat.postMessage', { status: 503 }, 3);
    await triggerOccurrence(world.db, operator, c.id, { occurrence: '2026-11-30T09:00' });
    await allDone([c.id]);
    const [rowC] = await deliveriesOf(world.db, c.id);
    expect(rowC!.status).toBe('sent');
    expect(rowC!.attempts).toBeGreaterThanOrEqual(4); // three failed claims, then the good one
    expect(
      world.fake.calls
        .slice(start)
        .filter((x) => x.method === 'chat.postMessage' && x.status === 503),
    ).toHaveLength(3);
    expectExactlyOnce([a.id, b.id, c.id]);
  });
});

describe('a channel deleted', () => {
  it('fails without retrying, tells the owner why and how to fix it, and pauses after 3 failures', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.temp,
      schedule: weeklyMonday8,
    });
    const worker = await world.worker();
    world.fake.deleteChannel(CHANNELS.temp);
    for (const day of ['2026-11-16', '2026-11-23', '2026-11-30']) {
      await triggerOccurrence(world.db, operator, sub.id, { occurrence: `${day}T08:00` });
    }
    await allDone([sub.id], 3);
    const rows = await deliveriesOf(world.db, sub.id);
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(rows.every((r) => r.attempts === 1)).toBe(true); // permanent: never retried
    expect(rows[0]!.error).toContain('channel_not_found');

    // The ledger row is written first, then the failure is counted: wait for the third count.
    const after = await waitUntil(
      async () => {
        const s = await loadSubscription(world.db, sub.id);
        return s && !s.active && s;
      },
      5000,
      'subscription paused',
    );
    expect(after).toMatchObject({ active: false, consecutiveFailures: 3 });
    expect(after!.pausedReason).toContain('3 falhas seguidas');

    const dms = await world.fake.waitFor((_c, f) => {
      const m = f
        .messages()
        .filter((x) => x.channel.startsWith('D') && x.text?.includes(`assinatura #${sub.id}`));
      return m.length >= 3 && m;
    });
    const gerenteDm = dms.filter((m) => m.args.channel === dms[0]!.args.channel);
    expect(gerenteDm).toHaveLength(3);
    expect(dms[0]!.text).toContain('*Motivo:* o canal não existe mais');
    expect(dms[0]!.text).toContain('*Como resolver:*');
    expect(dms.filter((m) => m.text!.includes('A assinatura foi pausada'))).toHaveLength(1);
    // The pause reaches the scheduler (NOTIFY → reconcile): no more schedule for it.
    await waitUntil(
      async () => !(await worker.queue.getJobSchedulers()).some((s) => s.key === `sub-${sub.id}`),
      5000,
      'scheduler removed',
    );
    expect(reportPosts(world.fake, CHANNELS.temp)).toHaveLength(0);
  });
});

describe('stopping', () => {
  it('never hangs when Redis is gone', async () => {
    const sockets = new Set<Socket>();
    const proxy: Server = createServer((client) => {
      const upstream = connect(6379, '127.0.0.1');
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const port = (proxy.address() as AddressInfo).port;
    const worker = await world.worker({
      redis: `redis://127.0.0.1:${port}`,
      tuning: { shutdownTimeoutMs: 1500 },
    });
    // Redis disappears.
    proxy.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 300));
    await worker.stop(); // returns although Redis is gone (a hang fails on the test's timeout)
  });
});
