/**
 * The starter view "Metas do mês" in Slack through the fake Slack: `/carteira ver` shows a
 * vendedor only their own line (a vendedor supervising someone still sees no one else's),
 * a gerente the store's lines; the message has no chart, edit or project-details controls;
 * "Editar" answers that the view is fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setGoal } from '../../src/core/goals/goals.js';
import { goalProgress } from '../../src/core/goals/progress.js';
import { formatMoney } from '../../src/core/render/format.js';
import { runReport } from '../../src/core/portfolio/query.js';
import { TABLE_STYLES, renderSlackReport } from '../../src/core/render/slack-report.js';
import {
  AS_OF,
  CH,
  NOW,
  U,
  allText,
  expectValidMessage,
  startHarness,
  tableProjects,
  type Harness,
} from './harness.js';

let h: Harness;
const month = AS_OF.slice(0, 7);

beforeAll(async () => {
  h = await startHarness();
  const admin = await h.viewer('admin');
  const put = async (owner: Parameters<typeof setGoal>[1]['input']['owner'], target: number) =>
    setGoal(h.db, {
      actor: admin,
      input: { month, measure: 'valor_contratado', owner, target },
      source: 'cli',
      now: NOW,
    });
  const id = async (key: 'vend1' | 'vend2' | 'vman') => (await h.viewer(key)).id;
  await put({ kind: 'salesperson', salespersonId: await id('vend1') }, 41_111);
  await put({ kind: 'salesperson', salespersonId: await id('vend2') }, 42_222);
  await put({ kind: 'salesperson', salespersonId: await id('vman') }, 43_333);
  await put({ kind: 'store', storeId: (await h.viewer('gerenteSp')).storeId }, 250_000);
});
afterAll(() => h.close());

async function ver(user: string) {
  const { res, responseUrl } = await h.command(user, 'ver Metas do mês');
  expect(res.status).toBe(200);
  const [first] = await h.responses(responseUrl);
  expectValidMessage(first!.body);
  expect(first!.response_type).toBe('ephemeral');
  return first!.body as Record<string, unknown>;
}

type Block = { type: string; elements?: { action_id?: string }[] };

describe('/carteira ver Metas do mês', () => {
  it('a vendedor sees their own line only — not their subordinate’s, nor the store’s', async () => {
    const body = await ver(U.vend1);
    // The first column is the line's owner.
    expect(tableProjects(body)).toEqual(['Vera Um']);
    const text = allText(body);
    const core = await goalProgress(h.db, { viewer: await h.viewer('vend1'), asOf: AS_OF });
    expect(text).toContain(formatMoney(41_111));
    expect(text).toContain(formatMoney(core.goals[0]!.achieved));
    for (const other of [42_222, 43_333, 250_000]) expect(text).not.toContain(formatMoney(other));
    expect(text).toContain('apenas as próprias metas');
    expect(text).toContain('1 meta');
    // No chart, no builder, no project card for goal lines.
    const actionIds = ((body.blocks as Block[]) ?? [])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.action_id);
    expect(actionIds.length).toBeGreaterThan(0);
    expect(actionIds.some((a) => a && /edit|chart|details/.test(a))).toBe(false);
  });

  it('a gerente sees the store’s people and the store, not the other store’s', async () => {
    const rows = tableProjects(await ver(U.gerenteSp));
    expect(rows).toEqual([
      'Válter Dois',
      'Vera Um',
      'Equipe de Sérgio Supervisor',
      'Equipe de Vera Um',
      'Loja Paulista',
    ]);
    expect(rows).not.toContain('Vitor Manaus');
  });

  it('renders in every table style Slack may force (data_table → table → text) within its rules', async () => {
    const view = await h.view('admin', 'Metas do mês');
    const result = await runReport(h.db, {
      definition: view.definition,
      viewer: await h.viewer('admin'),
      asOf: AS_OF,
      view: { id: String(view.id), name: view.name, description: view.description },
      now: NOW,
    });
    for (const tableStyle of TABLE_STYLES) {
      const message = renderSlackReport(result, {
        actions: { viewId: String(view.id), buttons: ['pdf', 'csv', 'xlsx', 'subscribe'] },
        tableStyle,
      });
      expectValidMessage(message as unknown as Record<string, unknown>);
      const text = allText(message);
      for (const s of [
        'Vera Um',
        'Válter Dois',
        'Vitor Manaus',
        'Equipe de Vera Um',
        'Loja Paulista',
      ])
        expect(text, tableStyle).toContain(s);
      expect(text, tableStyle).toContain('6 metas');
    }
  });

  it('`ver Metas do mês csv` uploads the vendedor’s own line, said as metas for the month', async () => {
    const before = h.fake.files(CH.vendas).length;
    const { res } = await h.command(U.vend1, 'ver Metas do mês csv');
    expect(res.status).toBe(200);
    const file = (
      await h.fake.waitFor(
        (_c, f) => f.files(CH.vendas).length > before && f.files(CH.vendas).slice(before),
      )
    )[0]!;
    expect(file.filename).toBe(`metas-do-mes-${AS_OF}.csv`);
    expect(file.initial_comment).toContain('1 meta');
    expect(file.initial_comment).toContain(`01/${AS_OF.slice(5, 7)}/${AS_OF.slice(0, 4)} a`);
    const csv = file.bytes.toString('utf8');
    expect(csv).toContain('Vera Um;');
    expect(csv).not.toContain('Válter Dois');
  });

  it('"Editar" on it answers, in a modal, that the view is fixed', async () => {
    const before = h.fake.views().length;
    const { res } = await h.command(U.admin, 'editar Metas do mês', { trigger: true });
    expect(res.status).toBe(200);
    const opened = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
    expect(opened.method).toBe('views.open');
    // (The fake Slack checked the modal against its rules when it was opened.)
    expect(allText(opened.view)).toMatch(/é fixa/);
    // Only the answer: no builder replaced it.
    expect(
      h.fake
        .views()
        .slice(before)
        .map((v) => v.method),
    ).toEqual(['views.open']);
  });
});
