/**
 * `/carteira metas` end to end through the fake Slack: each person sees the goals their
 * rights allow, with the figures core computes, and a wrong month is answered in Portuguese.
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
    expect(await metas(U.vend1, 'metas 2020-01')).toMatch(/Nenhuma meta para 2020-01/);
    expect(await metas(U.vend1, 'metas novembro')).toMatch(/Mês inválido: “novembro”.*AAAA-MM/);
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
