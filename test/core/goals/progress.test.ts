/**
 * What counts toward a goal (src/core/goals/progress.ts), pinned on the cases a store
 * argues about: the month boundary, a contract cancelled after the month, a store in
 * another timezone, a goal changed mid-month — and who sees which goals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDaysBetween, isBusinessDay } from '../../../src/core/goals/business-days.js';
import { goalHistory, setGoal } from '../../../src/core/goals/goals.js';
import { goalProgress } from '../../../src/core/goals/progress.js';
import { situationCode } from '../../../src/core/portfolio/situations.js';
import { testClock } from '../../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture, type Built } from '../../support/fixtures.js';

let t: TestDatabase;
let b: Built;
const clock = testClock('2026-11-10T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  b = await buildFixture(t.database, {
    stores: [
      { code: 'SP', timezone: 'America/Sao_Paulo' },
      { code: 'MAO', timezone: 'America/Manaus' },
    ],
    people: [
      { email: 'admin@x.br', store: 'SP', role: 'admin' },
      { email: 'ger@x.br', store: 'SP', role: 'gerente' },
      { email: 'ana@x.br', store: 'SP' },
      { email: 'bia@x.br', store: 'SP' },
      { email: 'caio@x.br', store: 'MAO' },
    ],
    projects: [
      {
        code: 'A1',
        store: 'SP',
        seller: 'ana@x.br',
        createdAt: '2026-10-20T10:00:00-03:00',
        contracts: [
          // 23:30 on 31/10 in São Paulo: October, although it is already November in UTC.
          {
            number: 'K-OCT',
            createdAt: '2026-10-31T23:30:00-03:00',
            stage: 'contratado',
            value: 1000,
          },
          // 00:10 on 01/11 in São Paulo: November.
          {
            number: 'K-NOV1',
            createdAt: '2026-11-01T00:10:00-03:00',
            stage: 'pedido',
            value: 2000,
          },
          // Signed in November, cancelled since: not counted.
          {
            number: 'K-CANC',
            createdAt: '2026-11-05T15:00:00-03:00',
            stage: 'cancelado',
            value: 5000,
          },
          // Signed after the report date: not counted yet.
          {
            number: 'K-LATE',
            createdAt: '2026-11-20T15:00:00-03:00',
            stage: 'contratado',
            value: 7000,
          },
        ],
      },
      {
        code: 'A2',
        store: 'SP',
        seller: 'ana@x.br',
        createdAt: '2026-11-02T09:00:00-03:00',
        contracts: [
          {
            number: 'K-NOV2',
            createdAt: '2026-11-09T10:00:00-03:00',
            stage: 'entrega',
            value: 500.55,
          },
        ],
      },
      {
        code: 'B1',
        store: 'SP',
        seller: 'bia@x.br',
        createdAt: '2026-11-03T09:00:00-03:00',
        contracts: [
          {
            number: 'K-BIA',
            createdAt: '2026-11-04T10:00:00-03:00',
            stage: 'contratado',
            value: 3000,
          },
        ],
      },
      {
        code: 'C1',
        store: 'MAO',
        seller: 'caio@x.br',
        // 00:30 on 01/11 in São Paulo is 23:30 on 31/10 in Manaus: October for this store.
        createdAt: '2026-11-01T00:30:00-03:00',
        contracts: [
          {
            number: 'K-MAO',
            createdAt: '2026-11-01T00:30:00-03:00',
            stage: 'contratado',
            value: 9000,
          },
        ],
      },
    ],
  });
  const admin = await b.viewer('admin@x.br');
  const set = (
    owner: Parameters<typeof setGoal>[1]['input']['owner'],
    measure: 'valor_contratado' | 'contratos' | 'projetos',
    target: number,
  ) =>
    setGoal(t.database.db, {
      actor: admin,
      input: { month: '2026-11', measure, owner, target },
      source: 'cli',
      now: clock(),
    });
  await set(
    { kind: 'salesperson', salespersonId: b.personId['ana@x.br']! },
    'valor_contratado',
    10_000,
  );
  await set({ kind: 'salesperson', salespersonId: b.personId['ana@x.br']! }, 'contratos', 4);
  await set({ kind: 'salesperson', salespersonId: b.personId['ana@x.br']! }, 'projetos', 3);
  await set(
    { kind: 'salesperson', salespersonId: b.personId['bia@x.br']! },
    'valor_contratado',
    6_000,
  );
  await set(
    { kind: 'salesperson', salespersonId: b.personId['caio@x.br']! },
    'valor_contratado',
    20_000,
  );
  await set({ kind: 'store', storeId: b.storeId['SP']! }, 'valor_contratado', 50_000);
  await set({ kind: 'company' }, 'valor_contratado', 100_000);
});
afterAll(() => t.drop());

const at = async (email: string, asOf = '2026-11-10') =>
  goalProgress(t.database.db, { viewer: await b.viewer(email), asOf, month: '2026-11' });

describe('what counts', () => {
  it('contracts created in the month up to the report date, in the store’s timezone, not cancelled now', async () => {
    const r = await at('admin@x.br');
    const ana = r.goals.filter((g) => g.salesperson === 'ana@x.br');
    const value = ana.find((g) => g.measure === 'valor_contratado')!;
    // K-NOV1 2000 + K-NOV2 500.55; not K-OCT (October in São Paulo), K-CANC, K-LATE.
    expect(value.achieved).toBe(2500.55);
    expect(ana.find((g) => g.measure === 'contratos')!.achieved).toBe(2);
    // A2 was created in November; A1 in October.
    expect(ana.find((g) => g.measure === 'projetos')!.achieved).toBe(1);
  });

  it('a store in another timezone counts by its own calendar', async () => {
    const r = await at('admin@x.br');
    expect(r.goals.find((g) => g.salesperson === 'caio@x.br')!.achieved).toBe(0);
    const december = await goalProgress(t.database.db, {
      viewer: await b.viewer('admin@x.br'),
      asOf: '2026-11-10',
      month: '2026-10',
    });
    expect(december.goals).toEqual([]); // no October goals: nothing invented
  });

  it('store and company goals add their people’s contracts', async () => {
    const r = await at('admin@x.br');
    expect(r.goals.find((g) => g.scope === 'store')!.achieved).toBe(2500.55 + 3000);
    expect(r.goals.find((g) => g.scope === 'company')!.achieved).toBe(2500.55 + 3000);
  });

  it('a contract signed later in the month counts once the report date reaches it', async () => {
    const r = await at('admin@x.br', '2026-11-30');
    const value = r.goals.find(
      (g) => g.salesperson === 'ana@x.br' && g.measure === 'valor_contratado',
    )!;
    expect(value.achieved).toBe(2500.55 + 7000);
    expect(value.businessDaysLeft).toBe(0);
    expect(value.dailyPaceNeeded).toBeNull();
  });
});

describe('month boundaries', () => {
  const october = async (email: string, target: number) => {
    await setGoal(t.database.db, {
      actor: await b.viewer('admin@x.br'),
      input: {
        month: '2026-10',
        measure: 'valor_contratado',
        owner: { kind: 'salesperson', salespersonId: b.personId[email]! },
        target,
      },
      source: 'cli',
      now: clock(),
    });
    return (
      await goalProgress(t.database.db, {
        viewer: await b.viewer('admin@x.br'),
        asOf: '2026-11-10',
        month: '2026-10',
      })
    ).goals.find((g) => g.salesperson === email)!;
  };

  it('a contract at 23:30 on the last day, local time, counts for that month and not the next', async () => {
    // K-OCT: 31/10 23:30 in São Paulo (already 01/11 in UTC).
    const ana = await october('ana@x.br', 4_000);
    expect(ana).toMatchObject({ achieved: 1000, remaining: 3000, businessDaysLeft: 0 });
    const nov = (await at('admin@x.br')).goals.find(
      (g) => g.salesperson === 'ana@x.br' && g.measure === 'valor_contratado',
    )!;
    expect(nov.achieved).toBe(2500.55); // no K-OCT in November
  });

  it('the boundary is the store’s own: 00:30 in São Paulo on 01/11 is October in Manaus', async () => {
    // K-MAO: 01/11 00:30 in São Paulo = 31/10 23:30 in Manaus.
    const caio = await october('caio@x.br', 9_000);
    expect(caio).toMatchObject({ achieved: 9000, ratio: 1, remaining: 0 });
  });

  it('a November contract cancelled after the month ended no longer counts for November', async () => {
    const db = t.database.db;
    const november = async () =>
      (
        await goalProgress(db, {
          viewer: await b.viewer('admin@x.br'),
          asOf: '2026-12-03',
          month: '2026-11',
        })
      ).goals.find((g) => g.salesperson === 'ana@x.br' && g.measure === 'valor_contratado')!;
    // The whole month counts from December (K-LATE included), nothing left to do in it.
    expect(await november()).toMatchObject({ achieved: 2500.55 + 7000, businessDaysLeft: 0 });
    const before = await db
      .selectFrom('contracts')
      .select('stage')
      .where('number', '=', 'K-NOV2')
      .executeTakeFirstOrThrow();
    // Cancelled in December: "not cancelled now" is judged now, not at the month's end.
    await db
      .updateTable('contracts')
      .set({ stage: situationCode('cancelado') })
      .where('number', '=', 'K-NOV2')
      .execute();
    try {
      const after = await november();
      expect(after.achieved).toBe(2000 + 7000);
      const count = (
        await goalProgress(db, {
          viewer: await b.viewer('admin@x.br'),
          asOf: '2026-12-03',
          month: '2026-11',
        })
      ).goals.find((g) => g.salesperson === 'ana@x.br' && g.measure === 'contratos')!;
      expect(count.achieved).toBe(2); // K-NOV1 and K-LATE
    } finally {
      await db
        .updateTable('contracts')
        .set({ stage: before.stage })
        .where('number', '=', 'K-NOV2')
        .execute();
    }
  });
});

describe('progress figures', () => {
  it('ratio, remaining, business days left, pace and projection', async () => {
    const r = await at('admin@x.br');
    const g = r.goals.find(
      (x) => x.salesperson === 'ana@x.br' && x.measure === 'valor_contratado',
    )!;
    expect(g.ratio).toBe(0.25);
    expect(g.remaining).toBe(7499.45);
    // After 10/11/2026: 11–14, 16–21 less 20/11 (Consciência Negra), 23–28, 30 → 4 + 5 + 6 + 1.
    expect(g.businessDaysLeft).toBe(16);
    expect(g.dailyPaceNeeded).toBe(Math.round((7499.45 / 16) * 100) / 100);
    // Elapsed business days 01–10/11: 3–7, 9–10 (02/11 Finados) = 7; the month has 23.
    expect(g.projection).toBe(Math.round((2500.55 / 7) * 23 * 100) / 100);
  });

  it('business days are Monday to Saturday less national holidays', () => {
    expect(isBusinessDay('2026-11-14')).toBe(true); // a Saturday
    expect(isBusinessDay('2026-11-15')).toBe(false); // Sunday (and a holiday)
    expect(isBusinessDay('2026-11-20')).toBe(false); // Consciência Negra
    expect(isBusinessDay('2026-04-03')).toBe(false); // Good Friday, a movable feast
    expect(businessDaysBetween('2026-11-01', '2026-11-30')).toBe(23);
  });

  it('a goal changed mid-month uses the new target, and the history keeps both', async () => {
    const admin = await b.viewer('admin@x.br');
    clock.set('2026-11-15T12:00:00Z');
    const r = await setGoal(t.database.db, {
      actor: admin,
      input: {
        month: '2026-11',
        measure: 'valor_contratado',
        owner: { kind: 'salesperson', salespersonId: b.personId['bia@x.br']! },
        target: 3000,
      },
      source: 'slack',
      now: clock(),
    });
    expect(r).toMatchObject({ changed: true, previous: 6000 });
    const bia = (await at('admin@x.br')).goals.find((g) => g.salesperson === 'bia@x.br')!;
    expect(bia).toMatchObject({ target: 3000, achieved: 3000, ratio: 1, remaining: 0 });
    // A report dated before the change shows the goal as it is now (the target is not
    // re-dated); the old one is in the history.
    const earlier = (await at('admin@x.br', '2026-11-05')).goals.find(
      (g) => g.salesperson === 'bia@x.br',
    )!;
    expect(earlier).toMatchObject({ target: 3000, achieved: 3000 });
    const history = await goalHistory(t.database.db, r.goalId);
    expect(history.map((h) => [h.oldTarget, h.newTarget])).toEqual([
      [6000, 3000],
      [null, 6000],
    ]);
    expect(history[0]).toMatchObject({ source: 'slack', changedBy: 'admin' });
    const again = await setGoal(t.database.db, {
      actor: admin,
      input: {
        month: '2026-11',
        measure: 'valor_contratado',
        owner: { kind: 'salesperson', salespersonId: b.personId['bia@x.br']! },
        target: 3000,
      },
      source: 'slack',
      now: clock(),
    });
    expect(again.changed).toBe(false);
    expect(await goalHistory(t.database.db, r.goalId)).toHaveLength(2);
  });
});

describe('who sees and sets which goals', () => {
  it('a vendedor sees only their own goals; a gerente their store’s; an admin all', async () => {
    const ana = await at('ana@x.br');
    expect(new Set(ana.goals.map((g) => g.salesperson))).toEqual(new Set(['ana@x.br']));
    const ger = await at('ger@x.br');
    expect(ger.goals.map((g) => g.salesperson ?? g.scope).sort()).toEqual(
      ['ana@x.br', 'ana@x.br', 'ana@x.br', 'bia@x.br', 'store'].sort(),
    );
    expect((await at('admin@x.br')).goals.some((g) => g.scope === 'company')).toBe(true);
  });

  it('a vendedor may not set goals; a gerente not for another store nor the company', async () => {
    const db = t.database.db;
    const input = (owner: Parameters<typeof setGoal>[1]['input']['owner']) => ({
      month: '2026-11',
      measure: 'contratos' as const,
      owner,
      target: 1,
    });
    await expect(
      setGoal(db, {
        actor: await b.viewer('ana@x.br'),
        input: input({ kind: 'salesperson', salespersonId: b.personId['ana@x.br']! }),
        source: 'slack',
        now: clock(),
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const ger = await b.viewer('ger@x.br');
    await expect(
      setGoal(db, {
        actor: ger,
        input: input({ kind: 'salesperson', salespersonId: b.personId['caio@x.br']! }),
        source: 'slack',
        now: clock(),
      }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/sua loja/) });
    await expect(
      setGoal(db, { actor: ger, input: input({ kind: 'company' }), source: 'slack', now: clock() }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const ok = await setGoal(db, {
      actor: ger,
      input: input({ kind: 'salesperson', salespersonId: b.personId['bia@x.br']! }),
      source: 'slack',
      now: clock(),
    });
    expect(ok.changed).toBe(true);
  });

  it('bad input is refused in Portuguese and changes nothing', async () => {
    const admin = await b.viewer('admin@x.br');
    const before = await t.database.db
      .selectFrom('goals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      setGoal(t.database.db, {
        actor: admin,
        input: { month: '2026-13', measure: 'contratos', owner: { kind: 'company' }, target: 1 },
        source: 'cli',
        now: clock(),
      }),
    ).rejects.toThrow(/Mês inválido.*AAAA-MM/);
    await expect(
      setGoal(t.database.db, {
        actor: admin,
        input: { month: '2026-11', measure: 'contratos', owner: { kind: 'company' }, target: 2.5 },
        source: 'cli',
        now: clock(),
      }),
    ).rejects.toThrow(/número inteiro/);
    const after = await t.database.db
      .selectFrom('goals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });
});
