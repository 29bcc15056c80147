/**
 * `/carteira metas` end to end through the fake Slack: each person sees the goals their
 * rights allow, with the figures core computes, and a wrong month is answered in Portuguese;
 * "Definir metas" only for those who may set goals (whoever many people they have), and
 * "Histórico" shows the changes of the goals the user may see, in their store's timezone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setGoal } from '../../src/core/goals/goals.js';
import { goalProgress } from '../../src/core/goals/progress.js';
import { formatMoney } from '../../src/core/render/format.js';
import { input } from '../fake-slack/index.js';
import {
  AS_OF,
  NOW,
  U,
  allText,
  expectValidMessage,
  expectValidModal,
  optionValues,
  startHarness,
  type Harness,
} from './harness.js';

let h: Harness;
const month = AS_OF.slice(0, 7);

beforeAll(async () => {
  h = await startHarness();
  const admin = await h.viewer('admin');
  const person = async (key: 'vend1' | 'vman') => (await h.viewer(key)).id;
  const put = async (owner: Parameters<typeof setGoal>[1]['input']['owner'], target: number) =>
    setGoal(h.db, {
      actor: admin,
      input: { month, measure: 'valor_contratado', owner, target },
      source: 'cli',
      now: NOW,
    });
  await put({ kind: 'salesperson', salespersonId: await person('vend1') }, 40_000);
  await put({ kind: 'salesperson', salespersonId: await person('vman') }, 70_000);
  await put({ kind: 'store', storeId: (await h.viewer('gerenteSp')).storeId }, 250_000);
  // October, already closed on the report date (27/11).
  await setGoal(h.db, {
    actor: admin,
    input: {
      month: '2026-10',
      measure: 'valor_contratado',
      owner: { kind: 'salesperson', salespersonId: await person('vend1') },
      target: 33_000,
    },
    source: 'cli',
    now: NOW,
  });
});
afterAll(() => h.close());

async function metas(user: string, text = 'metas') {
  const { res, responseUrl } = await h.command(user, text);
  expect(res.status).toBe(200);
  const [first] = await h.responses(responseUrl);
  expectValidMessage(first!.body);
  expect(first!.response_type).toBe('ephemeral');
  return allText(first!.body);
}

describe('/carteira metas', () => {
  it('a vendedor sees only their own goal, with the achieved value core computes', async () => {
    const text = await metas(U.vend1);
    const core = await goalProgress(h.db, { viewer: await h.viewer('vend1'), asOf: AS_OF });
    expect(core.goals).toHaveLength(1);
    expect(text).toContain(`${formatMoney(core.goals[0]!.achieved)} de ${formatMoney(40_000)}`);
    expect(text).not.toContain(formatMoney(70_000));
    expect(text).not.toContain(formatMoney(250_000));
  });

  it('a gerente sees their store and its people, not the other store’s', async () => {
    const text = await metas(U.gerenteSp);
    expect(text).toContain(formatMoney(40_000));
    expect(text).toContain(formatMoney(250_000));
    expect(text).not.toContain(formatMoney(70_000));
    expect(await metas(U.admin)).toContain(formatMoney(70_000));
  });

  it('another month without goals says so; a malformed month says how to write it', async () => {
    expect(await metas(U.vend1, 'metas 2020-01')).toMatch(/Nenhuma meta para janeiro de 2020/);
    expect(await metas(U.vend1, 'metas novembro')).toMatch(/Mês inválido: “novembro”.*AAAA-MM/);
  });

  it('the title names the month in Portuguese; a closed month is shown up to its last day', async () => {
    expect(await metas(U.vend1)).toContain('Metas de novembro de 2026 — até 27/11/2026');
    const october = await metas(U.vend1, 'metas 2026-10');
    expect(october).toContain('Metas de outubro de 2026 — mês encerrado (até 31/10/2026)');
    expect(october).not.toContain('27/11/2026');
    expect(october).toContain(formatMoney(33_000));
  });

  it('without goals, a gerente is pointed to the button and a vendedor to a gerente, not to the terminal', async () => {
    const gerente = await metas(U.gerenteSp, 'metas 2020-01');
    expect(gerente).toMatch(/botão \*Definir metas\* abaixo/);
    const vendedor = await metas(U.vend1, 'metas 2020-01');
    expect(vendedor).toMatch(/gerente ou administrador/);
    for (const text of [gerente, vendedor]) expect(text).not.toContain('carteira goals set');
  });
});

describe('Definir metas (modal)', () => {
  type Json = Record<string, unknown>;
  async function openFor(user: string): Promise<Json> {
    const before = h.fake.views().length;
    const { res } = await h.click(user, 'goals_open', month, { trigger: true });
    expect(res.status).toBe(200);
    // views.open first (a loading modal, within the trigger's 3 s), then the form by update.
    const opened = await h.fake.waitFor(
      (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
    );
    expect(h.fake.views()[before]!.method).toBe('views.open');
    expect(opened.method).toBe('views.update');
    expectValidModal(opened.view);
    return opened.view as Json;
  }
  const values = (owner: string, measure: string, value: string) => ({
    goal_month: { goal_month: input.staticSelect(month, month) },
    goal_owner: { goal_owner: input.staticSelect(owner, owner) },
    goal_measure: { goal_measure: input.staticSelect(measure, measure) },
    goal_value: { goal_value: input.plainText(value) },
  });

  it('a gerente is offered their store and its people only, and the goal they save counts at once', async () => {
    const view = await openFor(U.gerenteSp);
    const owners = optionValues(view, 'goal_owner');
    const sp = await h.viewer('gerenteSp');
    expect(owners).toContain(`store:${sp.storeId}`);
    expect(owners).not.toContain('company');
    expect(owners).not.toContain(`store:${(await h.viewer('gerenteMao')).storeId}`);
    expect(owners).not.toContain(`salesperson:${(await h.viewer('vman')).id}`);
    const vend2 = (await h.viewer('vend2')).id;
    const res = await h.submit(U.gerenteSp, view, values(`salesperson:${vend2}`, 'contratos', '7'));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const core = await goalProgress(h.db, { viewer: await h.viewer('vend2'), asOf: AS_OF });
    expect(core.goals).toMatchObject([{ measure: 'contratos', target: 7 }]);
  });

  it('a bad value answers on the field and saves nothing; a forged owner outside the store is refused', async () => {
    const view = await openFor(U.gerenteSp);
    const before = (await h.db.selectFrom('goals').select('id').execute()).length;
    const bad = await h.submit(
      U.gerenteSp,
      view,
      values(`store:${(await h.viewer('gerenteSp')).storeId}`, 'valor_contratado', 'muito'),
    );
    expect(bad.json<{ response_action: string; errors: Record<string, string> }>()).toEqual({
      response_action: 'errors',
      errors: { goal_value: expect.stringMatching(/Valor inválido/) },
    });
    const vman = (await h.viewer('vman')).id;
    const forged = await h.submit(
      U.gerenteSp,
      view,
      values(`salesperson:${vman}`, 'contratos', '3'),
    );
    expect(forged.json<{ errors: Record<string, string> }>().errors.goal_owner).toMatch(/sua loja/);
    expect((await h.db.selectFrom('goals').select('id').execute()).length).toBe(before);
  });

  it('a vendedor clicking a stale “Definir metas” is told who sets goals; no modal opens', async () => {
    const before = h.fake.views().length;
    const { res, responseUrl } = await h.click(U.vend1, 'goals_open', month, { trigger: true });
    expect(res.status).toBe(200);
    const [answer] = await h.responses(responseUrl!);
    expectValidMessage(answer!.body);
    expect(allText(answer!.body)).toMatch(/Só gerentes .* e administradores definem metas/);
    expect(h.fake.views().length).toBe(before);
  });

  it('a vendedor gets no button to set goals', async () => {
    const { res, responseUrl } = await h.command(U.vend1, 'metas');
    expect(res.status).toBe(200);
    const [first] = await h.responses(responseUrl);
    expect(JSON.stringify(first!.body)).not.toContain('goals_open');
    const { responseUrl: url2 } = await h.command(U.gerenteSp, 'metas');
    const [second] = await h.responses(url2);
    expect(JSON.stringify(second!.body)).toContain('goals_open');
  });
});

describe('Histórico das metas', () => {
  async function history(user: string, value = month): Promise<string> {
    const { res, responseUrl } = await h.click(user, 'goals_history', value);
    expect(res.status).toBe(200);
    const [answer] = await h.responses(responseUrl!);
    expectValidMessage(answer!.body);
    expect(answer!.response_type).toBe('ephemeral');
    return allText(answer!.body);
  }

  it('everyone with a goal gets the Histórico button under /carteira metas', async () => {
    for (const user of [U.vend1, U.gerenteSp]) {
      const { responseUrl } = await h.command(user, 'metas');
      const [first] = await h.responses(responseUrl);
      expect(JSON.stringify(first!.body)).toContain('goals_history');
    }
  });

  it('who changed what, when (in the store’s timezone) and from what to what — only goals the user may see', async () => {
    const vera = await history(U.vend1);
    expect(vera).toContain('Histórico das metas de novembro de 2026');
    // Set at 15:00 UTC: 12:00 in São Paulo.
    expect(vera).toContain(
      `27/11/2026 12:00 — *Vera Um (Loja Paulista)* · valor contratado: definida em ${formatMoney(40_000)} · por Alice Admin no terminal`,
    );
    expect(vera).not.toContain(formatMoney(70_000));
    expect(vera).not.toContain(formatMoney(250_000));
    // Vitor's store is in Manaus: the same instant reads 11:00 there.
    const vitor = await history(U.vman);
    expect(vitor).toContain(`27/11/2026 11:00 — *Vitor Manaus (Loja Manaus)*`);
    expect(vitor).not.toContain('Vera Um');
  });

  it('a change made in the modal shows old → new and who made it; the gerente sees their store only', async () => {
    const view = await (async () => {
      const before = h.fake.views().length;
      await h.click(U.gerenteSp, 'goals_open', month, { trigger: true });
      return (
        await h.fake.waitFor((_c, f) => f.views().length > before + 1 && f.views()[before + 1])
      ).view as Record<string, unknown>;
    })();
    const vera = (await h.viewer('vend1')).id;
    const res = await h.submit(U.gerenteSp, view, {
      goal_month: { goal_month: input.staticSelect(month, month) },
      goal_owner: { goal_owner: input.staticSelect(`salesperson:${vera}`, `salesperson:${vera}`) },
      goal_measure: { goal_measure: input.staticSelect('valor_contratado', 'valor_contratado') },
      goal_value: { goal_value: input.plainText('45.000,00') },
    });
    expect(res.status).toBe(200);
    const text = await history(U.gerenteSp);
    expect(text).toContain(
      `*Vera Um (Loja Paulista)* · valor contratado: ${formatMoney(40_000)} → ${formatMoney(45_000)} · por Gustavo Gerente no Slack`,
    );
    // Newest first.
    expect(text.indexOf(formatMoney(45_000))).toBeLessThan(text.indexOf('definida em'));
    expect(text).toContain('Loja Paulista* · valor contratado: definida em');
    expect(text).not.toContain('Vitor Manaus');
  });

  it('a month without changes says so', async () => {
    expect(await history(U.vend1, '2020-01')).toMatch(
      /Nenhuma alteração nas metas de janeiro de 2020/,
    );
  });
});

describe('Definir metas with more people than a Slack select holds', () => {
  it('offers every person of the store, in option groups Slack accepts', async () => {
    const sp = await h.viewer('gerenteSp');
    const many = await h.db
      .insertInto('salespeople')
      .values(
        Array.from({ length: 130 }, (_, i) => ({
          email: `extra${i}@carteira.test`,
          name: `Extra ${String(i).padStart(3, '0')}`,
          store_id: sp.storeId,
          role: 'vendedor' as const,
        })),
      )
      .returning('id')
      .execute();
    const before = h.fake.views().length;
    await h.click(U.gerenteSp, 'goals_open', month, { trigger: true });
    const opened = await h.fake.waitFor(
      (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
    );
    expect(opened.method).toBe('views.update');
    expectValidModal(opened.view);
    const owners = optionValues(opened.view as Record<string, unknown>, 'goal_owner');
    for (const p of many) expect(owners).toContain(`salesperson:${p.id}`);
    expect(owners).toContain(`salesperson:${(await h.viewer('vend1')).id}`);
    expect(owners).toContain(`store:${sp.storeId}`);
  });
});
