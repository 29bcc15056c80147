/**
 * The comparison with the previous period (docs/domain.md, "Comparison with the previous
 * period"): a report whose period is relative is set against the period before it, cut at
 * the same point — this month to date against the previous month up to the same day, this
 * week against last week up to the same weekday, this year against last year to the same
 * date; a period already over (last month, last week, the last 30 days…) against the whole
 * one before it. Both sides are counted with the view's filters and the viewer's rights.
 */
import { DateTime } from 'luxon';
import type { ViewDefinition } from './definition.js';
import { addDays, type DateRange, type PeriodPreset } from './periods.js';
import type { ReportTotals } from './result.js';
import { monthName } from '../time/months.js';

export interface ComparisonSide {
  period: DateRange;
  count: number;
  totals: { estimated_value: number; contract_value: number };
}

export interface Comparison {
  /** The previous period and its figures. */
  previous: ComparisonSide;
  /** This period up to the report date, the side that is compared. */
  current: ComparisonSide;
  /** How the previous period is named in the line: "novembro até o dia 3". */
  label: string;
}

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const iso = (d: DateTime) => d.toISODate()!;
const br = (d: DateTime) => d.toFormat('dd/MM');

/** Luxon clamps month and year arithmetic to the month's last day (31/03 − 1 month = 28/02). */
function minus(date: string, unit: 'months' | 'years', n: number): string {
  return iso(day(date).minus({ [unit]: n }));
}

/**
 * The two ranges to compare and the previous one's name, for a relative period resolved
 * to `period` at report date `asOf`; null when there is nothing to compare with (a fixed
 * period, or the next 30 days, which have not happened).
 */
export function comparisonRanges(
  preset: PeriodPreset,
  period: DateRange,
  asOf: string,
): { current: DateRange; previous: DateRange; label: string } | null {
  const upTo = asOf < period.to ? asOf : period.to;
  switch (preset) {
    case 'today':
      return {
        current: period,
        previous: { from: addDays(asOf, -1), to: addDays(asOf, -1) },
        label: 'ontem',
      };
    case 'this_week':
      return {
        current: { from: period.from, to: upTo },
        previous: { from: addDays(period.from, -7), to: addDays(upTo, -7) },
        label: 'a semana passada até o mesmo dia',
      };
    case 'last_week':
      return {
        current: period,
        previous: { from: addDays(period.from, -7), to: addDays(period.to, -7) },
        label: 'a semana anterior',
      };
    case 'this_month': {
      const from = minus(period.from, 'months', 1);
      // On the month's last day the whole month is compared with the whole previous one.
      const to = upTo === period.to ? iso(day(from).endOf('month')) : minus(upTo, 'months', 1);
      const prev = day(from);
      const whole = to === iso(prev.endOf('month'));
      return {
        current: { from: period.from, to: upTo },
        previous: { from, to },
        label: `${monthName(prev.month)}${whole ? '' : ` até o dia ${day(to).day}`}`,
      };
    }
    case 'last_month': {
      const from = minus(period.from, 'months', 1);
      return {
        current: period,
        previous: { from, to: iso(day(from).endOf('month')) },
        label: monthName(day(from).month),
      };
    }
    case 'last_30_days':
    case 'last_90_days': {
      const n = preset === 'last_30_days' ? 30 : 90;
      return {
        current: period,
        previous: { from: addDays(period.from, -n), to: addDays(period.from, -1) },
        label: `os ${n} dias anteriores`,
      };
    }
    case 'this_quarter':
      return {
        current: { from: period.from, to: upTo },
        previous: { from: minus(period.from, 'months', 3), to: minus(upTo, 'months', 3) },
        label: 'o trimestre anterior até o mesmo dia',
      };
    case 'this_year': {
      const to = minus(upTo, 'years', 1);
      return {
        current: { from: period.from, to: upTo },
        previous: { from: minus(period.from, 'years', 1), to },
        label: `${day(to).year} até ${br(day(to))}`,
      };
    }
    case 'last_year': {
      const from = minus(period.from, 'years', 1);
      return {
        current: period,
        previous: { from, to: minus(period.to, 'years', 1) },
        label: String(day(from).year),
      };
    }
    case 'next_30_days':
      return null;
  }
}

/** The view with its period replaced by a fixed range on the same date field. */
export function withFixedPeriod(def: ViewDefinition, range: DateRange): ViewDefinition {
  const p = def.filters.period!;
  return {
    ...def,
    filters: {
      ...def.filters,
      period: { mode: 'fixed', field: p.field, from: range.from, to: range.to },
    },
  };
}

export function side(period: DateRange, totals: ReportTotals): ComparisonSide {
  return {
    period,
    count: totals.count,
    totals: { estimated_value: totals.estimated_value, contract_value: totals.contract_value },
  };
}

/** Change in percent, rounded; null when the previous figure is 0. */
export function changePercent(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / previous) * 100);
}
