import { describe, expect, it } from 'vitest';
import {
  PERIOD_PRESETS,
  resolvePreset,
  todayIn,
  isIsoDate,
  formatDateBr,
} from '../../../src/core/portfolio/periods.js';

describe('relative periods', () => {
  // 27/11/2026 is a Friday.
  it.each([
    ['today', '2026-11-27', '2026-11-27', '2026-11-27'],
    ['this_week', '2026-11-27', '2026-11-23', '2026-11-29'],
    ['this_week', '2026-11-23', '2026-11-23', '2026-11-29'], // Monday starts the week
    ['this_week', '2026-11-29', '2026-11-23', '2026-11-29'], // Sunday ends it
    ['last_week', '2026-11-27', '2026-11-16', '2026-11-22'],
    ['last_week', '2027-01-01', '2026-12-21', '2026-12-27'],
    ['this_month', '2026-11-27', '2026-11-01', '2026-11-30'],
    ['this_month', '2026-12-31', '2026-12-01', '2026-12-31'],
    ['this_month', '2028-02-10', '2028-02-01', '2028-02-29'], // leap year
    ['last_month', '2026-11-27', '2026-10-01', '2026-10-31'],
    ['last_month', '2027-01-01', '2026-12-01', '2026-12-31'], // across the year
    ['last_month', '2027-03-31', '2027-02-01', '2027-02-28'],
    ['last_30_days', '2026-11-27', '2026-10-29', '2026-11-27'],
    ['last_30_days', '2026-03-01', '2026-01-31', '2026-03-01'],
    ['last_90_days', '2026-11-27', '2026-08-30', '2026-11-27'],
    ['this_quarter', '2026-11-27', '2026-10-01', '2026-12-31'],
    ['this_quarter', '2026-01-01', '2026-01-01', '2026-03-31'],
    ['this_quarter', '2026-06-30', '2026-04-01', '2026-06-30'],
    ['this_year', '2026-12-31', '2026-01-01', '2026-12-31'],
    ['this_year', '2027-01-01', '2027-01-01', '2027-12-31'],
    ['last_year', '2027-01-01', '2026-01-01', '2026-12-31'],
    ['next_30_days', '2026-12-15', '2026-12-15', '2027-01-13'],
  ] as const)('%s on %s is %s … %s', (preset, asOf, from, to) => {
    expect(resolvePreset(preset, asOf)).toEqual({ from, to });
  });

  it('every preset resolves to a valid, ordered range', () => {
    for (const p of PERIOD_PRESETS) {
      const r = resolvePreset(p, '2026-02-28');
      expect(isIsoDate(r.from) && isIsoDate(r.to) && r.from <= r.to).toBe(true);
    }
  });

  it('today is the calendar day in the store timezone', () => {
    // 02:30 UTC on 1 Dec is still 30 Nov in São Paulo (UTC−3) and in Manaus (UTC−4).
    const instant = new Date('2026-12-01T02:30:00Z');
    expect(todayIn('America/Sao_Paulo', instant)).toBe('2026-11-30');
    expect(todayIn('America/Manaus', instant)).toBe('2026-11-30');
    expect(todayIn('UTC', instant)).toBe('2026-12-01');
    expect(todayIn('America/Sao_Paulo', new Date('2027-01-01T03:00:00Z'))).toBe('2027-01-01');
  });

  it('rejects dates that do not exist and formats pt-BR', () => {
    expect(isIsoDate('2026-02-31')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(formatDateBr('2026-03-05')).toBe('05/03/2026');
  });
});
