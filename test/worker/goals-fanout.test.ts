/**
 * "Metas do mês" subscribed "cada vendedor no privado" on Monday, end to end (real Redis,
 * Postgres, the fake Slack): each salesperson with a goal gets exactly one DM with their own
 * line only — not their store's, nobody else's (a vendedor sees only their own goals) — and no "what changed" lines (goal lines are
 * not projects); the unlinked one is skipped; another store's people get nothing; a new
 * salesperson with a goal and no project yet gets their line too (0 realizado).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setGoal } from '../../src/core/goals/goals.js';
import { formatMoney } from '../../src/core/render/format.js';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import {
  createWorld,
  deliveriesOf,
  MON_30_NOV,
  messageText,
  postsPerOccurrence,
  reportPosts,
  tableProjects,
  waitUntil,
  weeklyMonday8,
  type World,
} from './support.js';

let world: World;
/** Hired this month: a goal, no project at all yet. */
const NEW_HIRE = { email: 'nova@carteira.test', name: 'Nádia Nova', slack: 'U0NOVA00001' };
let newHireId: number;
beforeAll(async () => {
  world = await createWorld();
  const sp = await world.db
    .insertInto('salespeople')
    .values({
      email: NEW_HIRE.email,
      name: NEW_HIRE.name,
      store_id: world.built.storeId.SP!,
      role: 'vendedor',
      slack_user_id: NEW_HIRE.slack,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  newHireId = sp.id;
  world.built.personId[NEW_HIRE.email] = sp.id;
  world.fake.addUser({ id: NEW_HIRE.slack, name: 'nadia' });
  const put = async (email: string | null, target: number) =>
    setGoal(world.db, {
      actor: null,
      input: {
        month: '2026-11',
        measure: 'valor_contratado',
        owner: email
          ? { kind: 'salesperson', salespersonId: world.built.personId[email]! }
          : { kind: 'store', storeId: world.built.storeId.SP! },
        target,
      },
      source: 'cli',
      now: world.clock(),
    });
  await put('vend1@carteira.test', 11_111);
  await put('vend2@carteira.test', 22_222);
  await put('vend3@carteira.test', 33_333);
  await put('vman@carteira.test', 44_444);
  await put(NEW_HIRE.email, 55_555);
  await put(null, 99_999);
});
afterEach(async () => {
  await world?.stopWorkers();
});
afterAll(async () => {
  await world?.close();
});

describe('Metas do mês, cada vendedor no privado', () => {
  it('on Monday each salesperson gets one DM with their own line only (no store figure)', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      view: 'Metas do mês',
      destination: 'each_salesperson',
      schedule: weeklyMonday8,
    });
    const gerente = await world.viewer('gerente@carteira.test');
    await world.worker({ now: () => new Date(MON_30_NOV.getTime() + 30_000) });
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-30T08:00' });
    const rows = await waitUntil(
      async () => {
        const r = await deliveriesOf(world.db, sub.id);
        const done = r.filter((d) => d.status !== 'pending' && d.status !== 'sending');
        return done.length >= 4 ? r : null;
      },
      15_000,
      'fan-out deliveries',
    );
    const id = world.built.personId;
    const byPerson = new Map(rows.map((r) => [r.recipient, r]));
    expect(byPerson.get(String(id['vend1@carteira.test']))).toMatchObject({ status: 'sent' });
    expect(byPerson.get(String(id['vend2@carteira.test']))).toMatchObject({ status: 'sent' });
    // Not linked to Slack: skipped with the reason, as for any fan-out.
    expect(byPerson.get(String(id['vend3@carteira.test']))).toMatchObject({ status: 'skipped' });
    // Another store's salesperson: not the gerente's to send to.
    expect(byPerson.has(String(id['vman@carteira.test']))).toBe(false);

    // Exactly one post per recipient of this occurrence.
    const mine = [...postsPerOccurrence(world.fake)].filter(([k]) => k.startsWith(`${sub.id}|`));
    expect(mine.map(([, n]) => n)).toEqual([1, 1, 1]);

    const postTo = (email: string) => {
      const row = byPerson.get(String(id[email]))!;
      return reportPosts(world.fake, row.slack_channel!).find((m) => m.ts === row.slack_ts)!;
    };
    const vera = postTo('vend1@carteira.test');
    const valter = postTo('vend2@carteira.test');
    expect(vera.channel).toMatch(/^D/);
    expect(valter.channel).toMatch(/^D/);
    expect(vera.channel).not.toBe(valter.channel);
    expect(tableProjects(vera)).toEqual(['Vera Um']);
    expect(tableProjects(valter)).toEqual(['Válter Dois']);
    const veraText = messageText(vera);
    expect(veraText).toContain(formatMoney(11_111));
    // The store's goal (99 999) is the gerente's to see, not a vendedor's.
    expect(messageText(valter)).not.toContain(formatMoney(99_999));
    for (const other of [22_222, 33_333, 44_444, 99_999])
      expect(veraText).not.toContain(formatMoney(other));
    expect(veraText).toContain('Metas de Vera Um');
    expect(veraText).toContain('Metas de novembro de 2026');
    // Goal lines are not projects: no "what changed since the last delivery" line.
    expect(veraText).not.toContain(':arrows_counterclockwise:');

    // No project yet, a goal all the same: her own line, nothing achieved.
    expect(byPerson.get(String(newHireId))).toMatchObject({ status: 'sent' });
    const nadia = postTo(NEW_HIRE.email);
    expect(nadia.channel).toMatch(/^D/);
    expect(tableProjects(nadia)).toEqual([NEW_HIRE.name]);
    const nadiaText = messageText(nadia);
    expect(nadiaText).toContain(formatMoney(55_555));
    expect(nadiaText).toContain(formatMoney(0));
    expect(nadiaText).not.toContain(formatMoney(99_999));
  });
});
