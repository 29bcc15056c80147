/**
 * Schedules in BullMQ: the reconciler gives each subscription a job scheduler whose cron
 * and timezone produce the same next send time as our schedule module, in São Paulo and
 * elsewhere; the `L` firing of a "dia 30" schedule in a 31-day month is not an occurrence.
 */
import type { Subscription } from '../../src/core/subscriptions/subscription.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalOccurrence } from '../../src/core/delivery/occurrence-time.js';
import { nextOccurrences, type ScheduleSpec } from '../../src/core/subscriptions/schedule.js';
import { CHANNELS, createWorld, deliveriesOf, SP, waitUntil, type World } from './support.js';

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

const SPECS: [string, ScheduleSpec, string][] = [
  [
    'weekly Mon/Wed/Fri',
    { kind: 'weekly', weekdays: [1, 3, 5], time: '08:00', timezone: SP },
    '0 8 * * 1,3,5',
  ],
  [
    'weekdays 07:30',
    { kind: 'weekly', weekdays: [1, 2, 3, 4, 5], time: '07:30', timezone: SP },
    '30 7 * * 1-5',
  ],
  ['monthly day 5', { kind: 'monthly', day: 5, time: '09:00', timezone: SP }, '0 9 5 * *'],
  ['monthly day 31', { kind: 'monthly', day: 31, time: '18:00', timezone: SP }, '0 18 L * *'],
  [
    'last day of the month',
    { kind: 'monthly', day: 'last', time: '17:45', timezone: SP },
    '45 17 L * *',
  ],
  [
    'cron for experts',
    { kind: 'cron', expression: '15 6 1,15 * *', timezone: SP },
    '15 6 1,15 * *',
  ],
  ['daily in Manaus', { kind: 'daily', time: '08:00', timezone: 'America/Manaus' }, '0 8 * * *'],
];

describe('job schedulers', () => {
  it('one per active subscription, with the next send time our schedule computes', async () => {
    const subs: Subscription[] = [];
    for (const [, spec] of SPECS) {
      subs.push(
        await world.subscribe('admin@carteira.test', {
          destination: 'channel',
          channelId: CHANNELS.vendas,
          schedule: spec,
        }),
      );
    }
    const worker = await world.worker({ timers: false });
    const schedulers = new Map((await worker.queue.getJobSchedulers()).map((s) => [s.key, s]));
    for (const [i, [what, spec, cron]] of SPECS.entries()) {
      const s = schedulers.get(`sub-${subs[i]!.id}`);
      expect(s, what).toMatchObject({ pattern: cron, tz: spec.timezone });
      const [expected] = nextOccurrences(spec, new Date(), 1);
      expect(new Date(s!.next!).toISOString(), what).toBe(expected!.toISOString());
    }
    // Pausing one removes its scheduler on the next pass; nothing else changes.
    await world.db
      .updateTable('subscriptions')
      .set({ active: false })
      .where('id', '=', subs[0]!.id)
      .execute();
    const report = await worker.reconcile();
    expect(report.schedulers).toMatchObject({ added: 0, updated: 0, removed: 1 });
    expect(
      (await worker.queue.getJobSchedulers()).some((s) => s.key === `sub-${subs[0]!.id}`),
    ).toBe(false);
  });

  it('“dia 30” runs on the 30th, or the last day of shorter months, never on the 31st', async () => {
    const spec: ScheduleSpec = { kind: 'monthly', day: 30, time: '08:00', timezone: SP };
    const jan31 = new Date('2027-01-31T11:00:00Z'); // cron `30,L` fires here too
    const feb28 = new Date('2027-02-28T11:00:00Z');
    expect(canonicalOccurrence(spec, jan31)).toBeNull();
    expect(canonicalOccurrence(spec, feb28)?.toISOString()).toBe(feb28.toISOString());

    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.geral,
      schedule: spec,
    });
    expect(sub.cron).toBe('0 8 30,L * *');
    const worker = await world.worker({
      timers: false,
      now: () => new Date(feb28.getTime() + 30_000),
    });
    for (const at of [jan31, feb28]) {
      await worker.queue.add(
        'occurrence',
        { subscriptionId: sub.id, origin: 'schedule', scheduledFor: at.getTime() },
        { jobId: `t-${at.getTime()}` },
      );
    }
    const rows = await waitUntil(async () => {
      const r = await deliveriesOf(world.db, sub.id);
      return r.some((x) => x.status === 'sent') ? r : null;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await deliveriesOf(world.db, sub.id)).map((r) => r.scheduled_for.toISOString()),
    ).toEqual([feb28.toISOString()]);
    expect(rows[0]!.status).toBe('sent');
  });
});
