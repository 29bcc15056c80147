/**
 * The worker's HTTP side: /healthz, /readyz, Prometheus /metrics (deliveries by status,
 * lag, queue depth) and the read-only dashboard behind DASHBOARD_PASSWORD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import type { WorkerHandle } from '../../src/worker/index.js';
import {
  CHANNELS,
  createWorld,
  deliveriesOf,
  waitUntil,
  weeklyMonday8,
  type World,
  OPERATOR,
} from './support.js';

let world: World;
let worker: WorkerHandle;
let base: string;
beforeAll(async () => {
  world = await createWorld();
  worker = await world.worker();
  base = `http://127.0.0.1:${worker.port}`;
});
afterAll(async () => {
  await world?.close();
});

const operator = OPERATOR;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('worker HTTP', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', worker: worker.workerId });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', redis: true, postgres: true });
  });

  it('exposes deliveries by status, delivery lag and queue depth on /metrics', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.vendas,
      schedule: weeklyMonday8,
    });
    await triggerOccurrence(world.db, operator, sub.id, { occurrence: '2026-11-30T08:00' });
    await waitUntil(async () => (await deliveriesOf(world.db, sub.id))[0]?.status === 'sent');
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/carteira_deliveries_total\{status="sent"\} 1/);
    expect(text).toContain('carteira_delivery_lag_seconds_bucket');
    expect(text).toMatch(/carteira_queue_jobs\{state="completed"\} \d+/);
    expect(text).toMatch(/carteira_queue_jobs\{state="delayed"\} \d+/);
  });

  it('keeps the dashboard behind the password, read-only', async () => {
    expect((await fetch(`${base}/dashboard`)).status).toBe(401);
    expect(
      (await fetch(`${base}/dashboard`, { headers: { authorization: basic('ops', 'errada') } }))
        .status,
    ).toBe(401);
    const auth = { authorization: basic('ops', 'segredo-do-painel') };
    const page = await fetch(`${base}/dashboard`, { headers: auth });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Carteira — fila de relatórios');
    expect(html).toContain('Agendamentos');
    const api = (await (await fetch(`${base}/dashboard/api`, { headers: auth })).json()) as {
      counts: Record<string, number>;
      schedulers: { id: string; pattern: string }[];
      deliveries: { status: string }[];
    };
    expect(api.schedulers.some((s) => s.pattern === '0 8 * * 1')).toBe(true);
    expect(api.deliveries[0]?.status).toBe('sent');
    expect((await fetch(`${base}/dashboard`, { method: 'POST', headers: auth })).status).toBe(405);
  });

  it('has no dashboard without DASHBOARD_PASSWORD', async () => {
    const config = { ...world.config('x'), DASHBOARD_PASSWORD: undefined };
    const other = await world.worker({ config, timers: false });
    const res = await fetch(`http://127.0.0.1:${other.port}/dashboard`, {
      headers: { authorization: basic('a', 'b') },
    });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('defina DASHBOARD_PASSWORD');
  });
});
