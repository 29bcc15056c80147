/**
 * The builder's "Gráfico" section end to end through the fake Slack: shown in the modal,
 * saved into the definition, validated by the core schema (errors on the chart's own
 * inputs, nothing saved), and prefilled when a view with a chart is edited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listViews } from '../../src/core/views/views.js';
import { input, type RecordedView, type StateValues } from '../fake-slack/index.js';
import {
  U,
  expectValidModal,
  initialState,
  optionValues,
  startHarness,
  withInputs,
  type Harness,
} from './harness.js';

type Json = Record<string, unknown>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function openModal(user: string, text: string): Promise<RecordedView> {
  const before = h.fake.views().length;
  const { res } = await h.command(user, text, { trigger: true });
  expect(res.status).toBe(200);
  // views.open first (a loading modal, within the trigger's 3 s), then the builder by update.
  const opened = await h.fake.waitFor(
    (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
  );
  expect(opened.method).toBe('views.update');
  expectValidModal(opened.view);
  return opened;
}

function values(view: Json, name: string, chart: Record<string, Json>): StateValues {
  return withInputs(initialState(view), {
    name: input.plainText(name),
    columns: input.multiStaticSelect(['project', 'salesperson', 'contract_value']),
    ...chart,
  });
}

describe('Gráfico section', () => {
  it('is in the modal, after the columns, with "Sem gráfico" chosen for a new view', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const ids = (opened.view.blocks as Json[]).map((b) => b.block_id);
    for (const id of [
      'chart_kind',
      'chart_dimension',
      'chart_date_field',
      'chart_measure',
      'chart_top',
      'chart_stack_by',
    ])
      expect(ids).toContain(id);
    expect(ids.indexOf('chart_kind')).toBeGreaterThan(ids.indexOf('group_by'));
    expect(ids.indexOf('chart_kind')).toBeLessThan(ids.indexOf('name'));
    expect(optionValues(opened.view, 'chart_kind')).toEqual([
      'none',
      'bar',
      'horizontal_bar',
      'stacked_bar',
      'line',
    ]);
    const state = initialState(opened.view) as unknown as Record<string, unknown>;
    expect(JSON.stringify(state.chart_kind)).toContain('"none"');
  });

  it('saves the chart into the definition', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const res = await h.submit(
      U.vend1,
      opened.view,
      values(opened.view, 'Vendas por pessoa', {
        chart_kind: input.staticSelect('horizontal_bar'),
        chart_dimension: input.staticSelect('salesperson'),
        chart_measure: input.staticSelect('contract_value'),
        chart_top: input.plainText('5'),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const saved = (await listViews(h.db, await h.viewer('vend1'))).find(
      (v) => v.name === 'Vendas por pessoa',
    )!;
    expect(saved.definition.version).toBe(2);
    expect(saved.definition.chart).toEqual({
      kind: 'horizontal_bar',
      dimension: 'salesperson',
      dateField: null,
      measure: 'contract_value',
      top: 5,
      stackBy: null,
    });
  });

  const cases: [string, Record<string, Json>, string, RegExp][] = [
    [
      'a line needs month or week',
      {
        chart_kind: input.staticSelect('line'),
        chart_dimension: input.staticSelect('salesperson'),
      },
      'chart_kind',
      /mês ou semana/,
    ],
    [
      'stacked bars need a stack',
      {
        chart_kind: input.staticSelect('stacked_bar'),
        chart_dimension: input.staticSelect('store'),
        chart_stack_by: input.staticSelect('none'),
      },
      'chart_stack_by',
      /empilhar/,
    ],
    [
      'top N must be a whole number from 2 to 30',
      { chart_kind: input.staticSelect('bar'), chart_top: input.plainText('x1') },
      'chart_top',
      /de 2 a 30/,
    ],
    [
      'top N of 1',
      { chart_kind: input.staticSelect('bar'), chart_top: input.plainText('1') },
      'chart_top',
      /de 2 a 30/,
    ],
    [
      'a forged measure',
      { chart_kind: input.staticSelect('bar'), chart_measure: input.staticSelect('lucro') },
      'chart_measure',
      /Opção inválida/,
    ],
  ];

  it.each(cases)('%s: error on its input, nothing saved', async (_l, chart, block, message) => {
    const opened = await openModal(U.vend2, 'nova');
    const name = `Gráfico inválido ${block}`;
    const res = await h.submit(U.vend2, opened.view, values(opened.view, name, chart));
    expect(res.status).toBe(200);
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([block]);
    expect(body.errors[block]).toMatch(message);
    const views = await listViews(h.db, await h.viewer('vend2'));
    expect(views.some((v) => v.name === name)).toBe(false);
  });

  it('editing a starter view shows its chart', async () => {
    const opened = await openModal(U.admin, 'editar Situação dos contratos');
    const state = initialState(opened.view) as unknown as Record<string, unknown>;
    expect(JSON.stringify(state.chart_kind)).toContain('"bar"');
    expect(JSON.stringify(state.chart_dimension)).toContain('"situation"');
    expect(JSON.stringify(state.chart_measure)).toContain('"contract_value"');
  });
});
