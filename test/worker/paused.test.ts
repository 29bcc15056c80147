/**
 * A subscription paused while a crashed worker still held one of its rows (`sending`, claim
 * gone stale): the next worker skips that row instead of leaving it for the reconciler to
 * re-queue on every pass.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_NOTES } from '../../src/core/delivery/messages.js';
import { ledgerDb } from '../../src/core/delivery/schema.js';
import {
  CHANNELS,
  createWorld,
  deliveriesOf,
  MON_30_NOV,
  reportPosts,
  waitUntil,
  weeklyMonday8,
  type World,
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

describe('paused subscription', () => {
  it('a stale `sending` row ends skipped and is not re-queued again', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.loja,
      schedule: weeklyMonday8,
    });
    const db = ledgerDb(world.db);
    await db
      .insertInto('occurrences')
      .values({
        subscription_id: sub.id,
        scheduled_for: MON_30_NOV,
        origin: 'schedule',
        status: 'planned',
        recipients: 1,
      })
      .execute();
    // Claimed an hour ago by a worker that died before reaching Slack.
    await db
      .insertInto('deliveries')
      .values({
        subscription_id: sub.id,
        scheduled_for: MON_30_NOV,
        status: 'sending',
        origin: 'schedule',
        attempts: 1,
        claimed_by: 'dead-worker/1',
        claimed_at: sql<Date>`now() - interval '1 hour'`,
      })
      .execute();
    await db
      .updateTable('subscriptions')
      .set({ active: false, paused_reason: 'pausada no teste' })
      .where('id', '=', sub.id)
      .execute();

    const before = reportPosts(world.fake, CHANNELS.loja).length;
    // Its startup reconcile finds the orphan and queues it.
    const worker = await world.worker({ timers: false });
    const [row] = await waitUntil(async () => {
      const rows = await deliveriesOf(world.db, sub.id);
      return rows[0]?.status === 'skipped' && rows;
    });
    expect(row!.note).toBe(SKIP_NOTES.paused);
    expect((await worker.reconcile()).orphans).toBe(0);
    expect((await worker.reconcile()).orphans).toBe(0);
    expect(reportPosts(world.fake, CHANNELS.loja)).toHaveLength(before);
    expect(
      (await worker.metrics.deliveries.get()).values.find((v) => v.labels.status === 'skipped')
        ?.value,
    ).toBe(1);
  });
});
