/**
 * `/carteira metas` end to end through the fake Slack: each person sees the goals their
 * rights allow, with the figures core computes, and a wrong month is answered in Portuguese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setGoal } from '../../src/core/goals/goals.js';
import { goalProgress } from '../../src/core/goals/progress.js';
import { formatMoney } from '../../src/core/render/format.js';
import {
  AS_OF,
  NOW,
  U,
  allText,
  expectValidMessage,
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
