import { describe, expect, it } from 'vitest';
import type { ReportGroup, ReportResult } from '../../../src/core/portfolio/result.js';
import { validateMessage } from '../../../src/core/render/slack-limits.js';
import {
  ACTION_IDS,
  renderSlackReport,
  rowsWithinBudget,
  TABLE_STYLES,
  type SlackBlock,
  type SlackReportMessage,
} from '../../../src/core/render/slack-report.js';
import { checkMessageBlocks } from '../../fake-slack/index.js';
import {
  ALL_COLUMNS,
  groupedBySituation,
  makeResult,
  makeRows,
  MIXED_COLUMNS,
} from './fixtures.js';

/** All the text a reader sees in the message body (blocks, not the table). */
function visibleText(m: SlackReportMessage): string {
  return JSON.stringify(m.blocks.filter((b) => b.type !== 'data_table'));
}

/** The `table` block (tableStyle: 'table'), which travels in the attachment. */
function tableOf(m: SlackReportMessage): Extract<SlackBlock, { type: 'table' }> | undefined {
  const b = m.attachments?.[0]?.blocks.find((x) => x.type === 'table');
  return b?.type === 'table' ? b : undefined;
}

/** The `data_table` block (the default), the last block of the message. */
function dataTableOf(
  m: SlackReportMessage,
): Extract<SlackBlock, { type: 'data_table' }> | undefined {
  const b = m.blocks.find((x) => x.type === 'data_table');
  return b?.type === 'data_table' ? b : undefined;
}

/** "mostrando N de M" → N, or null when the note is absent. */
function shownInNote(m: SlackReportMessage): number | null {
  const match = /mostrando (\d+) de/.exec(visibleText(m));
  return match ? Number(match[1]) : null;
}

const manyGroups = (n: number): ReportGroup[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `Vendedor ${i}`,
    label: `Vendedor Fictício ${i} da Conceição`,
    totals: { count: i + 1, estimated_value: 1000 * i + 0.5, contract_value: 10 * i },
  }));

const cases: [string, ReportResult][] = [
  ['empty', makeResult({ rows: [], totals: { count: 0, estimated_value: 0, contract_value: 0 } })],
  ['one row', makeResult({ rows: makeRows(1) })],
  ['134 rows', makeResult({ rows: makeRows(134) })],
  ['30 groups', makeResult({ rows: makeRows(60), groupBy: 'salesperson', groups: manyGroups(30) })],
  ['20 columns', makeResult({ columns: ALL_COLUMNS, rows: makeRows(99) })],
  [
    'very long texts',
    makeResult({
      view: { id: 'v'.repeat(300), name: 'Visão '.repeat(1000), description: 'd'.repeat(5000) },
      rows: makeRows(30).map((r) => ({ ...r, client: 'Cliente muito longo '.repeat(250) })),
      filtersSummary: 'Filtro '.repeat(800),
      scopeNote: 'Escopo '.repeat(800),
      groupBy: 'client',
      groups: manyGroups(5).map((g) => ({ ...g, label: 'Grupo '.repeat(1000) })),
    }),
  ],
  [
    'emoji',
    makeResult({
      view: { id: 'v1', name: '🛋️ Sem contratos no mês 🚀', description: null },
      rows: makeRows(5).map((r) => ({ ...r, client: '😀 João 👍'.repeat(60) })),
    }),
  ],
];

describe('renderSlackReport', () => {
  it.each(cases)('produces a valid Slack message: %s', (_name, result) => {
    const m = renderSlackReport(result, {
      actions: { viewId: result.view.id.slice(0, 100) },
      lateNote: 'Entregue às 09:12 (atrasado)',
    });
    expect(validateMessage(m)).toEqual([]);
  });

  it('is valid for every maxRows, including above the table limit', () => {
    const r = makeResult({
      rows: makeRows(150),
      totals: { count: 150, estimated_value: 1, contract_value: 2 },
    });
    for (const maxRows of [1, 20, 99, 100, 500]) {
      const m = renderSlackReport(r, { maxRows });
      expect(validateMessage(m)).toEqual([]);
      expect(checkMessageBlocks(m)).toEqual([]);
      const fit = rowsWithinBudget(r.columns, r.rows, Math.min(maxRows, 100));
      expect(dataTableOf(m)!.rows.length).toBe(fit + 1);
      expect(shownInNote(m)).toBe(fit);
      const t = renderSlackReport(r, { maxRows, tableStyle: 'table' });
      expect(checkMessageBlocks(t)).toEqual([]);
      expect(tableOf(t)!.rows.length).toBe(Math.min(maxRows, 99) + 1);
    }
  });

  it('shows the view name, the period, the filters and who it is for', () => {
    const m = renderSlackReport(makeResult());
    expect(m.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Situação dos contratos', emoji: true },
    });
    const text = visibleText(m);
    expect(text).toContain('01/11/2026 a 30/11/2026');
    expect(text).toContain('Responsável: todos');
    expect(text).toContain('Ana Souza (gerente)');
  });

  it('says "sem período" when the view has no period', () => {
    const m = renderSlackReport(makeResult({ period: null }));
    expect(visibleText(m)).toContain('sem período');
    expect(m.text).toBe('Situação dos contratos — 3 projetos');
  });

  it('shows as many of 134 rows as fit (up to 100) and says how many, with totals of all 134', () => {
    const result = makeResult({
      rows: makeRows(134),
      totals: { count: 134, estimated_value: 1234567.89, contract_value: 98765.4 },
    });
    const m = renderSlackReport(result);
    const table = dataTableOf(m)!;
    const shown = table.rows.length - 1;
    expect(shown).toBe(rowsWithinBudget(result.columns, result.rows, 100));
    expect(shown).toBeGreaterThan(20);
    expect(table.caption).toBe('Situação dos contratos');
    expect(table.rows[0].map((c) => c.text)).toEqual(MIXED_COLUMNS.map((c) => c.label));
    const text = visibleText(m);
    expect(text).toContain(`mostrando ${shown} de 134 projetos`);
    expect(text).toMatch(/PDF.*CSV.*XLSX/);
    expect(text).toContain(
      '*134 projetos* · Valor do projeto R$ 1.234.567,89 · Valor contratado R$ 98.765,40',
    );
    expect(m.text).toBe('Situação dos contratos — 134 projetos (01/11/2026 a 30/11/2026)');
  });

  it('does not say "mostrando" when every row is shown', () => {
    expect(visibleText(renderSlackReport(makeResult()))).not.toContain('mostrando');
  });

  it('sends numbers as raw_number cells in the data_table, shown in pt-BR', () => {
    const m = renderSlackReport(makeResult({ rows: makeRows(1) }));
    const [header, row] = dataTableOf(m)!.rows;
    const at = (label: string) => row[header.findIndex((h) => h.text === label)];
    expect(at('Valor do projeto')).toEqual({
      type: 'raw_number',
      value: 1234.56,
      text: 'R$ 1.234,56',
    });
    expect(at('Cliente')).toEqual({ type: 'raw_text', text: 'João da Silva' });
    expect(at('Último contato')).toEqual({ type: 'raw_text', text: '—' });
  });

  it('a 20-column view with long texts stays within the 10,000-character cell budget', () => {
    const rows = makeRows(150).map((r) => ({
      ...r,
      client: 'Cliente com nome muito comprido '.repeat(10),
      project: 'Projeto de nome igualmente comprido '.repeat(10),
    }));
    const result = makeResult({
      columns: ALL_COLUMNS,
      rows,
      totals: { count: 150, estimated_value: 1, contract_value: 2 },
    });
    for (const tableStyle of TABLE_STYLES) {
      const m = renderSlackReport(result, { tableStyle });
      expect(checkMessageBlocks(m)).toEqual([]);
      expect(validateMessage(m)).toEqual([]);
      const t = tableStyle === 'table' ? tableOf(m) : dataTableOf(m);
      if (t) expect(t.rows.length - 1).toBe(shownInNote(m));
      else {
        const section = m.blocks.find((b) => b.type === 'section' && b.text.text.startsWith('```'));
        const lines = section?.type === 'section' ? section.text.text.split('\n').length - 2 : 0;
        expect(lines - 1).toBe(shownInNote(m));
      }
      expect(shownInNote(m)).toBeLessThan(150);
    }
  });

  it('formats cells in pt-BR, right-aligns numbers, and shows nulls as —', () => {
    const m = renderSlackReport(makeResult({ rows: makeRows(1) }), { tableStyle: 'table' });
    const [header, row] = tableOf(m)!.rows;
    const cell = (label: string) => row[header.findIndex((h) => h.text === label)].text;
    expect(cell('Cliente')).toBe('João da Silva');
    expect(cell('Situação')).toBe('Sem contrato');
    expect(cell('Provável venda')).toBe('Sim');
    expect(cell('Último contato')).toBe('—');
    expect(cell('Valor do projeto')).toBe('R$ 1.234,56');
    const settings = tableOf(m)!.column_settings!;
    expect(settings[MIXED_COLUMNS.findIndex((c) => c.id === 'estimated_value')]).toEqual({
      align: 'right',
    });
    expect(settings[MIXED_COLUMNS.findIndex((c) => c.id === 'client')]).toEqual({ align: 'left' });
  });

  it('says nothing was found and sends no table when empty', () => {
    const m = renderSlackReport(
      makeResult({ rows: [], totals: { count: 0, estimated_value: 0, contract_value: 0 } }),
      {
        actions: { viewId: 'view-123' },
      },
    );
    expect(visibleText(m)).toContain('Nenhum projeto encontrado para esta visão.');
    expect(m.attachments).toBeUndefined();
    expect(dataTableOf(m)).toBeUndefined();
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => e.action_id)).toEqual([
      ACTION_IDS.edit,
      ACTION_IDS.subscribe,
    ]);
  });

  it('lists group subtotals, at most 20, then "e mais N grupos"', () => {
    const m = renderSlackReport(
      makeResult({ rows: makeRows(60), groupBy: 'salesperson', groups: manyGroups(30) }),
    );
    const text = visibleText(m);
    expect(text).toContain('*Vendedor Fictício 0 da Conceição*: 1 projeto · R$ 0,50 · R$ 0,00');
    expect(text).toContain('Vendedor Fictício 19 ');
    expect(text).not.toContain('Vendedor Fictício 20 ');
    expect(text).toContain('e mais 10 grupos');
  });

  it('shows subtotals by situation label', () => {
    const text = visibleText(renderSlackReport(groupedBySituation(12)));
    expect(text).toContain('*Em revisão*: 2 projetos');
    expect(text).toContain('*Assistência técnica*: 1 projeto');
  });

  it('adds buttons whose action ids are the exported constants and whose value is the view id', () => {
    const m = renderSlackReport(makeResult(), { actions: { viewId: 'view-123' } });
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(actions?.type).toBe('actions');
    if (actions?.type !== 'actions') return;
    expect(actions.elements.map((e) => [e.text.text, e.action_id, e.value])).toEqual([
      ['PDF', 'report_pdf', 'view-123'],
      ['CSV', 'report_csv', 'view-123'],
      ['XLSX', 'report_xlsx', 'view-123'],
      ['Editar', 'view_edit', 'view-123'],
      ['Assinar', 'view_subscribe', 'view-123'],
    ]);
  });

  it('can leave buttons out', () => {
    const m = renderSlackReport(makeResult(), {
      actions: { viewId: 'v', buttons: ['pdf', 'subscribe'] },
    });
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => e.action_id)).toEqual([
      'report_pdf',
      'view_subscribe',
    ]);
    expect(renderSlackReport(makeResult()).blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('shows the late note and honours a title override', () => {
    const m = renderSlackReport(makeResult(), {
      lateNote: 'Relatório das 08:00 entregue às 09:12',
      title: 'Resumo semanal',
    });
    expect(visibleText(m)).toContain('Relatório das 08:00 entregue às 09:12');
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Resumo semanal' } });
    expect(m.text.startsWith('Resumo semanal — ')).toBe(true);
  });

  it('escapes Slack control characters coming from data', () => {
    const m = renderSlackReport(makeResult({ scopeNote: 'Ana <admin> & cia' }));
    expect(visibleText(m)).toContain('Ana &lt;admin&gt; &amp; cia');
  });
});
