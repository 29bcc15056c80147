/**
 * Which period a report is compared with (src/core/portfolio/comparison.ts) and the line
 * people read. Dates here are inputs of a pure function, not "today".
 */
import { describe, expect, it } from 'vitest';
import { comparisonRanges } from '../../../src/core/portfolio/comparison.js';
import { resolvePreset, type PeriodPreset } from '../../../src/core/portfolio/periods.js';
import { comparisonLine } from '../../../src/core/render/comparison-line.js';
import { formatMoney } from '../../../src/core/render/format.js';

const ranges = (preset: PeriodPreset, asOf: string) =>
  comparisonRanges(preset, resolvePreset(preset, asOf), asOf);

describe('the previous period, cut at the same point', () => {
  it('this month to date against the previous month up to the same day', () => {
    expect(ranges('this_month', '2026-12-03')).toEqual({
      current: { from: '2026-12-01', to: '2026-12-03' },
      previous: { from: '2026-11-01', to: '2026-11-03' },
      label: 'novembro até o dia 3',
    });
  });

  it('a day the previous month does not have is its last day; the last day of a month compares whole months', () => {
    expect(ranges('this_month', '2026-03-30')?.previous).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(ranges('this_month', '2026-03-31')).toMatchObject({
      previous: { from: '2026-02-01', to: '2026-02-28' },
      label: 'fevereiro',
    });
    expect(ranges('this_month', '2027-01-31')?.label).toBe('dezembro');
  });

  it('this week to the same weekday; this year to the same date (29/02 → 28/02)', () => {
    // Thursday 03/12/2026: Monday 30/11 to Thursday against 23/11 to 26/11.
    expect(ranges('this_week', '2026-12-03')).toMatchObject({
      current: { from: '2026-11-30', to: '2026-12-03' },
      previous: { from: '2026-11-23', to: '2026-11-26' },
    });
    expect(ranges('this_year', '2028-02-29')).toEqual({
      current: { from: '2028-01-01', to: '2028-02-29' },
      previous: { from: '2027-01-01', to: '2027-02-28' },
      label: '2027 até 28/02',
    });
  });

  it('periods already over against the whole one before; the future against nothing', () => {
    expect(ranges('last_month', '2026-01-15')).toMatchObject({
      previous: { from: '2025-11-01', to: '2025-11-30' },
      label: 'novembro',
    });
    expect(ranges('last_30_days', '2026-12-03')?.previous).toEqual({
      from: '2026-10-05',
      to: '2026-11-03',
    });
    expect(ranges('today', '2026-01-01')?.previous).toEqual({
      from: '2025-12-31',
      to: '2025-12-31',
    });
    expect(ranges('next_30_days', '2026-12-03')).toBeNull();
  });
});

describe('the line', () => {
  const side = (count: number, contract: number) => ({
    period: { from: '2026-11-01', to: '2026-11-03' },
    count,
    totals: { estimated_value: 0, contract_value: contract },
  });
  it('says up or down in percent for the count and the view’s money column', () => {
    const line = comparisonLine({
      columns: [{ id: 'contract_value', label: 'Valor contratado', type: 'money' }],
      comparison: {
        current: side(34, 90_000),
        previous: side(30, 100_000),
        label: 'novembro até o dia 3',
      },
    });
    expect(line).toBe(
      `▲ 13% em projetos (34) · ▼ 10% em valor contratado (${formatMoney(90_000)}) vs. novembro até o dia 3`,
    );
  });

  it('says there was nothing before instead of dividing by zero', () => {
    const line = comparisonLine({
      columns: [],
      comparison: { current: side(3, 0), previous: side(0, 0), label: 'ontem' },
    });
    expect(line).toBe('projetos: 3 (antes, nenhum) vs. ontem');
  });
});
