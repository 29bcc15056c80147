/**
 * Reports that wait for the data, and the warning when it is old (issue 14):
 * - a subscription "após a importação do dia" waits at its time until the day's import has
 *   finished, then goes out once, saying "Dados do ERP de …";
 * - when the import never comes, it goes out once at the cutoff (IMPORT_WAIT_HOURS), with the
 *   stale warning;
 * - past STALE_AFTER_HOURS the admins get one DM a day about it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/core/import/index.js';
import { formatLocalDateTimeBr } from '../../src/core/time/zoned.js';
import { STANDARD, writeExport } from '../core/import/fixtures.js';
import {
  CHANNELS,
  createWorld,
  deliveriesOf,
  messageText,
  MON_07_DEC,
  MON_30_NOV,
  reportPosts,
  SLACK,
  SP,
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

const MIN = 60_000;
const HOUR = 3_600_000;

async function importAt(at: Date) {
  const folder = await writeExport(STANDARD);
  const r = await importFolder({ database: world.t.database, folder, now: () => at });
  expect(r.status).toBe('ok');
  return r;
}

/** Lets the worker run a few recheck rounds (real time: BullMQ delays are real). */
const rounds = (n: number) => new Promise((r) => setTimeout(r, n * 250));

describe('após a importação do dia', () => {
  it('waits for the day’s import, then sends once, with its time and not as late', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.vendas,
      schedule: weeklyMonday8,
      waitForImport: true,
    });
    expect(sub.waitForImport).toBe(true);
    let now = new Date(MON_30_NOV.getTime() + MIN);
    await world.worker({ now: () => now, tuning: { importRecheckMs: 150 } });

    // 08:01 in São Paulo, no import today: the occurrence is recorded, nothing is posted.
    await waitUntil(
      async () =>
        (
          await world.db
            .selectFrom('occurrences')
            .select('status')
            .where('subscription_id', '=', sub.id)
            .executeTakeFirst()
        )?.status === 'requested',
      10_000,
      'the occurrence recorded',
    );
    await rounds(4);
    expect(reportPosts(world.fake, CHANNELS.vendas)).toHaveLength(0);
    expect(await deliveriesOf(world.db, sub.id)).toHaveLength(0);

    // The import finishes at 08:40; the next look sends the report.
    const importedAt = new Date(MON_30_NOV.getTime() + 40 * MIN);
    now = new Date(importedAt.getTime() + MIN);
    await importAt(importedAt);
    const [post] = await waitUntil(
      () => {
        const p = reportPosts(world.fake, CHANNELS.vendas);
        return p.length ? p : null;
      },
      10_000,
      'the report after the import',
    );
    const text = messageText(post!);
    expect(text).toContain(`Dados do ERP de ${formatLocalDateTimeBr(importedAt, SP)}`);
    expect(text).not.toContain('sem importação');
    expect(text).not.toContain('enviado com atraso');
    await rounds(3);
    expect(reportPosts(world.fake, CHANNELS.vendas)).toHaveLength(1);
    const rows = await deliveriesOf(world.db, sub.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'sent', late: false });
  });

  it('sends once at the cutoff with the stale warning when the import never comes', async () => {
    const sub = await world.subscribe(
      'gerente@carteira.test',
      {
        destination: 'channel',
        channelId: CHANNELS.geral,
        schedule: weeklyMonday8,
        waitForImport: true,
      },
      new Date(MON_07_DEC.getTime() - 24 * HOUR),
    );
    let now = new Date(MON_07_DEC.getTime() + MIN);
    await world.worker({ now: () => now, tuning: { importRecheckMs: 150 } });
    await rounds(4);
    expect(reportPosts(world.fake, CHANNELS.geral)).toHaveLength(0);

    // 3 h after 08:00 (IMPORT_WAIT_HOURS): it goes out with what there is.
    now = new Date(MON_07_DEC.getTime() + 3 * HOUR + MIN);
    const [post] = await waitUntil(
      () => {
        const p = reportPosts(world.fake, CHANNELS.geral);
        return p.length ? p : null;
      },
      10_000,
      'the report at the cutoff',
    );
    expect(messageText(post!)).toMatch(
      /⚠️ Dados do ERP de \d\d\/\d\d\/2026 \d\d:\d\d — mais de 26 h sem importação/,
    );
    await rounds(3);
    expect(reportPosts(world.fake, CHANNELS.geral)).toHaveLength(1);
    expect(await deliveriesOf(world.db, sub.id)).toHaveLength(1);
  });
});

describe('stale data', () => {
  it('DMs the admins once a day while the data is older than STALE_AFTER_HOURS', async () => {
    const last = new Date(MON_07_DEC.getTime() + 6 * HOUR);
    await importAt(last);
    let now = new Date(last.getTime() + 25 * HOUR);
    const worker = await world.worker({ now: () => now, timers: false });
    const staleDms = () =>
      world.fake
        .messages(`D${SLACK.admin.slice(1)}`)
        .filter((m) => String(m.text).includes('sem importação'));
    const before = staleDms().length;
    expect(await worker.staleCheck()).toBe(0);

    now = new Date(last.getTime() + 27 * HOUR);
    const passes = await Promise.all([worker.staleCheck(), worker.staleCheck()]);
    expect(passes[0]! + passes[1]!).toBe(1);
    expect(await worker.staleCheck()).toBe(0);
    expect(staleDms().length).toBe(before + 1);
    expect(String(staleDms().at(-1)!.text)).toContain(
      `Dados do ERP de ${formatLocalDateTimeBr(last, SP)} — mais de 26 h sem importação`,
    );
    // Only admins: the gerente gets nothing.
    expect(
      world.fake
        .messages(`D${SLACK.gerente.slice(1)}`)
        .filter((m) => String(m.text).includes('sem importação')),
    ).toHaveLength(0);

    // The next day, one more.
    now = new Date(last.getTime() + 51 * HOUR);
    expect(await worker.staleCheck()).toBe(1);
    expect(await worker.staleCheck()).toBe(0);
    expect(staleDms().length).toBe(before + 2);
  });
});
