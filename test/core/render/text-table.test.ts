import { describe, expect, it } from 'vitest';
import { displayWidth, renderTextTable } from '../../../src/core/render/text-table.js';
import { groupedBySituation, makeResult, makeRows } from './fixtures.js';

const widest = (s: string) => Math.max(...s.split('\n').map(displayWidth));

describe('renderTextTable', () => {
  it('prints title, period and filters, the rows, and the totals', () => {
    const out = renderTextTable(makeResult());
    const lines = out.split('\n');
    expect(lines[0]).toBe('Situação dos contratos');
    expect(out).toContain('Período: 01/11/2026 a 30/11/2026');
    expect(out).toContain('Maria Conceição');
    expect(out).toContain(
      '3 projetos · Valor do projeto R$ 120.000,50 · Valor contratado R$ 98.765,43',
    );
    expect(out).not.toContain('mostrando');
    expect(out.includes('\u001b')).toBe(false); // no ANSI colours
  });

  it('right-aligns numbers so their last digits line up', () => {
    const out = renderTextTable(makeResult({ rows: makeRows(12) }));
    const rows = out.split('\n').filter((l) => l.startsWith('P-'));
    // The last column is money: right-aligned, every row ends at the same column.
    expect(new Set(rows.map(displayWidth)).size).toBe(1);
    expect(rows[1].endsWith('    R$ 0,00')).toBe(true);
  });

  it('fits 120 columns by cutting long text with …', () => {
    const rows = makeRows(5).map((r, i) =>
      i === 2 ? { ...r, client: 'Cliente com um nome comprido '.repeat(20) } : r,
    );
    const out = renderTextTable(makeResult({ rows }));
    expect(widest(out)).toBeLessThanOrEqual(120);
    expect(out.split('\n').find((l) => l.startsWith('P-00003'))).toMatch(
      / Cliente com um nome c[^ ]*… /,
    );
    expect(out).toContain('R$ 1.236,56'); // numbers on the same row are kept whole
  });

  it('honours a narrower width', () => {
    expect(
      widest(renderTextTable(makeResult({ rows: makeRows(5) }), { width: 90 })),
    ).toBeLessThanOrEqual(90);
  });

  it('says "mostrando N de M" when not every row is shown', () => {
    const out = renderTextTable(
      makeResult({
        rows: makeRows(20),
        totals: { count: 134, estimated_value: 1, contract_value: 2 },
      }),
    );
    expect(out).toContain('mostrando 20 de 134 projetos');
    const capped = renderTextTable(makeResult({ rows: makeRows(50) }), { maxRows: 10 });
    expect(capped).toContain('mostrando 10 de 50 projetos');
  });

  it('lists group subtotals and handles an empty result', () => {
    expect(renderTextTable(groupedBySituation(12))).toContain('Em revisão: 2 projetos');
    const empty = renderTextTable(
      makeResult({ rows: [], totals: { count: 0, estimated_value: 0, contract_value: 0 } }),
    );
    expect(empty).toContain('Nenhum projeto encontrado para esta visão.');
  });
});
