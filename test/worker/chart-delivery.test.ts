/**
 * The `chart` subscription formats end to end (real Redis and Postgres, the fake Slack):
 * `table+chart` posts the table, then the view's chart as a PNG with its alt text in the
 * same channel; `chart` alone posts only the image; a view without a chart sends its table.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import { createView } from '../../src/core/views/views.js';
import {
  CHANNELS,
  createWorld,
  deliveriesOf,
  MON_30_NOV,
  OPERATOR,
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

async function sentRow(subscriptionId: number) {
  const rows = await waitUntil(
    async () => {
      const rows = await deliveriesOf(world.db, subscriptionId);
      return rows.some((r) => r.status !== 'pending' && r.status !== 'sending') ? rows : null;
    },
    15_000,
    `subscription ${subscriptionId} deliveries`,
  );
  return rows[0]!;
}

function altTextOf(fileId: string): string | undefined {
  const call = world.fake.calls.find(
    (c) =>
      c.method === 'files.getUploadURLExternal' &&
      (c.response as { file_id?: string } | undefined)?.file_id === fileId,
  );
  return call ? String(call.args.alt_text ?? '') : undefined;
}

describe('chart formats', () => {
  it('table + chart: the table message, then the PNG with its alt text', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.extra,
      schedule: weeklyMonday8,
      format: 'table+chart',
    });
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, OPERATOR, sub.id, { occurrence: '2026-11-30T08:00' });
    const row = await sentRow(sub.id);
    expect(row).toMatchObject({ status: 'sent', row_count: 3 });
    expect(row.slack_ts).toBeTruthy();
    const file = world.fake.files(CHANNELS.extra).find((f) => f.id === row.slack_file_id)!;
    expect(file.filename).toBe('sem-contratos-no-mes-2026-11-30.png');
    expect(file.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect([file.bytes.readUInt32BE(16), file.bytes.readUInt32BE(20)]).toEqual([1200, 675]);
    expect(file.initial_comment).toContain('Projetos por responsável');
    const alt = altTextOf(file.id);
    expect(alt).toContain('Total: 3 projetos.');
    const [msg] = reportPosts(world.fake, CHANNELS.extra);
    expect(msg!.at).toBeLessThanOrEqual(file.at);
  });

  it('a view without a chart, subscribed as `chart`: its table is sent instead', async () => {
    const owner = await world.viewer('gerente@carteira.test');
    const view = await createView(world.db, owner, {
      name: 'Tabela só',
      visibility: 'private',
      definition: { columns: ['project', 'client'] },
    });
    const sub = await world.subscribe('gerente@carteira.test', {
      viewId: view.id,
      destination: 'dm',
      schedule: weeklyMonday8,
      format: 'chart',
    });
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, OPERATOR, sub.id, { occurrence: '2026-11-30T08:00' });
    const row = await sentRow(sub.id);
    expect(row.status).toBe('sent');
    expect(row.slack_ts).toBeTruthy();
    expect(row.slack_file_id).toBeNull();
  });
});
