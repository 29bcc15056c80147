/**
 * The worker end to end on real Redis and Postgres and the fake Slack: a schedule fires and
 * posts; the occurrence's report date drives its period; late catch-up; fan-out; formats;
 * skip-if-empty; up to 100 rows in the data_table; a subscription never shows more than its owner sees.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendNow } from '../../src/core/subscriptions/send-now.js';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import { createView } from '../../src/core/views/views.js';
import { checkMessageBlocks } from '../fake-slack/index.js';
import {
  allProjectsView,
  CHANNELS,
  createWorld,
  deliveriesOf,
  MON_07_DEC,
  MON_23_NOV,
  MON_30_NOV,
  messageText,
  postsPerOccurrence,
  reportPosts,
  tableProjects,
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

async function sentRows(subscriptionId: number, count = 1) {
  return waitUntil(
    async () => {
      const rows = await deliveriesOf(world.db, subscriptionId);
      const done = rows.filter((r) => r.status !== 'pending' && r.status !== 'sending');
      return done.length >= count ? rows : null;
    },
    15_000,
    `subscription ${subscriptionId} deliveries`,
  );
}

describe('scheduled delivery', () => {
  it('fires from its BullMQ job scheduler and posts the report to the channel', async () => {
    const viewId = await allProjectsView(world, 'gerente@carteira.test', 'Carteira da loja');
    const sub = await world.subscribe('gerente@carteira.test', {
      viewId,
      destination: 'channel',
      channelId: CHANNELS.vendas,
      schedule: weeklyMonday8,
    });
    const worker = await world.worker({ timers: false });
    const [scheduler] = (await worker.queue.getJobSchedulers()).filter(
      (s) => s.key === `sub-${sub.id}`,
    );
    expect(scheduler).toMatchObject({ pattern: '0 8 * * 1', tz: 'America/Sao_Paulo' });
    // The scheduler's next job is the next Monday 08:00 in São Paulo; make its time come now.
    const [job] = (await worker.queue.getDelayed()).filter(
      (j) => j.id === `repeat:sub-${sub.id}:${scheduler!.next}`,
    );
    expect(job).toBeDefined();
    const occurrence = new Date(scheduler!.next!);
    expect(occurrence.getUTCHours()).toBe(11);
    expect(occurrence.getUTCDay()).toBe(1);
    await job!.promote();

    const rows = await sentRows(sub.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'sent',
      late: false,
      slack_channel: CHANNELS.vendas,
      row_count: 4,
    });
    expect(rows[0]!.scheduled_for.getTime()).toBe(occurrence.getTime());
    const [post] = reportPosts(world.fake, CHANNELS.vendas).filter(
      (m) => m.ts === rows[0]!.slack_ts,
    );
    expect(post).toBeDefined();
    // The gerente's rights: store SP only (not P-05 of Manaus, not the BIG store).
    expect(tableProjects(post!)).toEqual(['P-01', 'P-02', 'P-03', 'P-04']);
    expect(messageText(post!)).toContain('Carteira da loja');
    // The scheduler moved on to the following week.
    const [after] = (await worker.queue.getJobSchedulers()).filter(
      (s) => s.key === `sub-${sub.id}`,
    );
    expect(after!.next).toBe(occurrence.getTime() + 7 * 24 * 3600_000);
  });

  it('runs the view at the occurrence’s report date: a Monday in November reports November', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.geral,
      schedule: weeklyMonday8,
    });
    const gerente = await world.viewer('gerente@carteira.test');
    await world.worker({ now: () => new Date(MON_07_DEC.getTime() + 60_000) });
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-30T08:00' });
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-12-07T08:00' });
    const rows = await sentRows(sub.id, 2);
    const posts = reportPosts(world.fake, CHANNELS.geral);
    const nov = posts.find(
      (m) =>
        m.ts === rows.find((r) => r.scheduled_for.getTime() === MON_30_NOV.getTime())!.slack_ts,
    )!;
    const dec = posts.find(
      (m) =>
        m.ts === rows.find((r) => r.scheduled_for.getTime() === MON_07_DEC.getTime())!.slack_ts,
    )!;
    // "Sem contratos no mês": projects created in the occurrence's month.
    expect(tableProjects(nov)).toEqual(['P-01', 'P-02', 'P-03']);
    expect(messageText(nov)).toContain('01/11/2026 a 30/11/2026');
    expect(tableProjects(dec)).toEqual(['P-04']);
    expect(messageText(dec)).toContain('01/12/2026 a 31/12/2026');
    // The November one went out a week late and says so.
    expect(messageText(nov)).toContain('enviado com atraso: previsto para seg., 30/11 08:00');
    expect(messageText(dec)).not.toContain('atraso');
  });

  it('catches up an occurrence missed while down, once, marked late; older ones are recorded as missed', async () => {
    const sub = await world.subscribe(
      'gerente@carteira.test',
      { destination: 'channel', channelId: CHANNELS.loja, schedule: weeklyMonday8 },
      new Date('2026-11-20T12:00:00Z'),
    );
    // The worker comes back on Monday 30/11 at 10:00 in São Paulo: 08:00 was 2 h ago,
    // the 23/11 occurrence a week ago (beyond the 12 h grace window).
    const now = new Date(MON_30_NOV.getTime() + 2 * 3600_000);
    const worker = await world.worker({
      now: () => now,
      timers: false,
      tuning: { lookbackMs: 10 * 24 * 3600_000 },
    });
    const rows = await sentRows(sub.id, 2);
    const missed = rows.find((r) => r.scheduled_for.getTime() === MON_23_NOV.getTime())!;
    const sent = rows.find((r) => r.scheduled_for.getTime() === MON_30_NOV.getTime())!;
    expect(missed).toMatchObject({ status: 'missed', late: true });
    expect(sent).toMatchObject({ status: 'sent', late: true });
    const posts = reportPosts(world.fake, CHANNELS.loja);
    expect(posts).toHaveLength(1);
    expect(messageText(posts[0]!)).toContain('enviado com atraso: previsto para seg., 30/11 08:00');
    // Another pass (or another worker starting) changes nothing.
    const again = await worker.reconcile();
    expect(again.caughtUp).toBe(0);
    expect(again.missed).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(reportPosts(world.fake, CHANNELS.loja)).toHaveLength(1);
  });
});

describe('fan-out: cada responsável em privado', () => {
  it('sends each salesperson only their own rows, by DM; unlinked ones are skipped with the reason', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'each_salesperson',
      schedule: weeklyMonday8,
    });
    const gerente = await world.viewer('gerente@carteira.test');
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-30T08:00' });
    const rows = await sentRows(sub.id, 3);
    const byPerson = new Map(rows.map((r) => [r.recipient, r]));
    const id = world.built.personId;
    expect(byPerson.get(String(id['vend1@carteira.test']))).toMatchObject({
      status: 'sent',
      row_count: 1,
    });
    expect(byPerson.get(String(id['vend2@carteira.test']))).toMatchObject({
      status: 'sent',
      row_count: 1,
    });
    expect(byPerson.get(String(id['vend3@carteira.test']))).toMatchObject({ status: 'skipped' });
    expect(byPerson.has(String(id['vman@carteira.test']))).toBe(false); // another store: not the gerente's
    const postTo = (email: string) => {
      const row = byPerson.get(String(id[email]))!;
      return reportPosts(world.fake, row.slack_channel!).find((m) => m.ts === row.slack_ts)!;
    };
    const vera = postTo('vend1@carteira.test');
    const valter = postTo('vend2@carteira.test');
    // Each in their own DM with the bot.
    expect(vera.channel).toMatch(/^D/);
    expect(valter.channel).toMatch(/^D/);
    expect(vera.channel).not.toBe(valter.channel);
    expect(tableProjects(vera)).toEqual(['P-01']);
    expect(tableProjects(valter)).toEqual(['P-02']);
    expect(messageText(vera)).toContain('Projetos de Vera Um');
  });
});

describe('what a delivery posts', () => {
  it('table + PDF: the table message, then the file in the same channel', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.extra,
      schedule: weeklyMonday8,
      format: 'table+pdf',
    });
    const gerente = await world.viewer('gerente@carteira.test');
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-30T08:00' });
    const [row] = await sentRows(sub.id);
    expect(row).toMatchObject({ status: 'sent', row_count: 3 });
    expect(row!.slack_ts).toBeTruthy();
    expect(row!.slack_file_id).toBeTruthy();
    const [file] = world.fake.files(CHANNELS.extra);
    expect(file).toMatchObject({
      id: row!.slack_file_id,
      filename: 'sem-contratos-no-mes-2026-11-30.pdf',
    });
    expect(file!.bytes.subarray(0, 4).toString()).toBe('%PDF');
    const [msg] = reportPosts(world.fake, CHANNELS.extra);
    expect(msg!.at).toBeLessThanOrEqual(file!.at);
  });

  it('a file-only subscription joins a public channel that removed the bot, and shares the file', async () => {
    const viewId = await allProjectsView(world, 'gerente@carteira.test', 'Só o arquivo');
    const sub = await world.subscribe('gerente@carteira.test', {
      viewId,
      destination: 'channel',
      channelId: CHANNELS.extra,
      schedule: weeklyMonday8,
      format: 'csv',
    });
    world.fake.removeBot(CHANNELS.extra);
    const gerente = await world.viewer('gerente@carteira.test');
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-30T08:00' });
    const [row] = await sentRows(sub.id);
    expect(row).toMatchObject({ status: 'sent', slack_channel: CHANNELS.extra });
    const methods = world.fake.calls.map((c) => c.method);
    expect(methods).toContain('conversations.join');
    expect(world.fake.files(CHANNELS.extra).map((f) => f.id)).toContain(row!.slack_file_id);
  });

  it('a CSV alone, with a comment naming the view; a 25-row result shows all 25 rows in the data_table', async () => {
    const big = await world.subscribe('gerente.big@carteira.test', {
      destination: 'dm',
      schedule: weeklyMonday8,
      format: 'table+csv',
    });
    const csv = await world.subscribe('gerente@carteira.test', {
      destination: 'dm',
      schedule: weeklyMonday8,
      format: 'csv',
    });
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, operator, big.id, { occurrence: '2026-11-30T08:00' });
    await triggerOccurrence(world.db, operator, csv.id, { occurrence: '2026-11-30T08:00' });
    const [bigRow] = await sentRows(big.id);
    const [csvRow] = await sentRows(csv.id);
    const bigMsg = reportPosts(world.fake).find((m) => m.ts === bigRow!.slack_ts)!;
    expect(tableProjects(bigMsg)).toHaveLength(25);
    expect(messageText(bigMsg)).not.toContain('mostrando');
    expect(checkMessageBlocks(bigMsg.args)).toEqual([]);
    const bigFile = world.fake.files(bigRow!.slack_channel!)[0]!;
    expect(
      bigFile.bytes
        .toString('utf8')
        .split('\n')
        .filter((l) => l.startsWith('B-')),
    ).toHaveLength(25);
    expect(csvRow!.slack_ts).toBeNull();
    const csvFile = world.fake.files().find((f) => f.id === csvRow!.slack_file_id)!;
    expect(csvFile.filename).toBe('sem-contratos-no-mes-2026-11-30.csv');
    expect(csvFile.initial_comment).toContain('Sem contratos no mês');
  });

  it('“não enviar se vazio” skips and records the skip', async () => {
    const owner = await world.viewer('gerente@carteira.test');
    const empty = await createView(world.db, owner, {
      name: 'Nada',
      visibility: 'private',
      definition: { columns: ['project'], filters: { search: 'zzz-nao-existe' } },
    });
    const sub = await world.subscribe('gerente@carteira.test', {
      viewId: empty.id,
      destination: 'channel',
      channelId: CHANNELS.vendas,
      schedule: weeklyMonday8,
      skipEmpty: true,
    });
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    const before = reportPosts(world.fake).length;
    await triggerOccurrence(world.db, owner, sub.id, { occurrence: '2026-11-30T08:00' });
    const [row] = await sentRows(sub.id);
    expect(row).toMatchObject({ status: 'skipped', row_count: 0 });
    expect(row!.note).toContain('não enviar se vazio');
    expect(reportPosts(world.fake).length).toBe(before);
  });
});

describe('rights and exactly once', () => {
  it('a vendedor’s subscription shows only what the vendedor may see, even on a view for “todos”', async () => {
    const sub = await world.subscribe('vend1@carteira.test', {
      destination: 'dm',
      schedule: weeklyMonday8,
    });
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, operator, sub.id, { occurrence: '2026-11-30T08:00' });
    const [row] = await sentRows(sub.id);
    const msg = reportPosts(world.fake).find((m) => m.ts === row!.slack_ts)!;
    // vend1 and vend2 (who reports to vend1); never vend3's P-03 or Manaus' P-05.
    expect(tableProjects(msg)).toEqual(['P-01', 'P-02']);
    expect(messageText(msg)).toContain('apenas a própria carteira e a dos subordinados');
  });

  it('“Enviar agora” twice and a CLI trigger twice post once each', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.vendas,
      schedule: weeklyMonday8,
    });
    const gerente = await world.viewer('gerente@carteira.test');
    await world.worker();
    const first = await sendNow(world.db, gerente, sub.id, { now: world.clock() });
    const second = await sendNow(world.db, gerente, sub.id, { now: world.clock() });
    expect(first.occurrence.created).toBe(true);
    expect(second.occurrence.created).toBe(false);
    const t1 = await triggerOccurrence(world.db, gerente, sub.id, {
      occurrence: '2026-11-30T08:00',
    });
    const t2 = await triggerOccurrence(world.db, gerente, sub.id, {
      occurrence: '2026-11-30T08:00',
    });
    expect([t1.occurrence.created, t2.occurrence.created]).toEqual([true, false]);
    const rows = await sentRows(sub.id, 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    const counts = [...postsPerOccurrence(world.fake).entries()].filter(([k]) =>
      k.startsWith(`${sub.id}|`),
    );
    expect(counts).toHaveLength(2);
    expect(counts.every(([, n]) => n === 1)).toBe(true);
  });
});
