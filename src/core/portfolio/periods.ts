/**
 * Calendar periods. A relative preset is resolved when the view runs, against the report
 * date (a calendar day in the store's timezone). All arithmetic here is on calendar dates
 * (`AAAA-MM-DD` strings), so no timezone can shift a boundary; the only timezone step is
 * `todayIn`, which turns "now" into the store's calendar day.
 */
import { localDate } from '../time/zoned.js';
export const PERIOD_PRESETS = [
  'today',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'last_30_days',
  'last_90_days',
  'this_quarter',
  'this_year',
  'last_year',
  'next_30_days',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PERIOD_PRESET_LABELS: Record<PeriodPreset, string> = {
  today: 'hoje',
  this_week: 'esta semana',
  last_week: 'semana passada',
  this_month: 'este mês',
  last_month: 'mês passado',
  last_30_days: 'últimos 30 dias',
  last_90_days: 'últimos 90 dias',
  this_quarter: 'este trimestre',
  this_year: 'este ano',
  last_year: 'ano passado',
  next_30_days: 'próximos 30 dias',
};

export interface DateRange {
  from: string;
  to: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date `AAAA-MM-DD` (rejects 2026-02-31). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(date: string): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`invalid date ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function fmt(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return fmt(utc(y, m, d + days));
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parts(date);
  const wd = utc(y, m, d).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The range a preset covers on report date `asOf`. Weeks start on Monday. */
export function resolvePreset(preset: PeriodPreset, asOf: string): DateRange {
  const [y, m] = parts(asOf);
  switch (preset) {
    case 'today':
      return { from: asOf, to: asOf };
    case 'this_week': {
      const from = addDays(asOf, 1 - isoWeekday(asOf));
      return { from, to: addDays(from, 6) };
    }
    case 'last_week': {
      const from = addDays(asOf, 1 - isoWeekday(asOf) - 7);
      return { from, to: addDays(from, 6) };
    }
    case 'this_month':
      return { from: fmt(utc(y, m, 1)), to: fmt(utc(y, m, daysInMonth(y, m))) };
    case 'last_month': {
      const first = utc(y, m - 1, 1);
      const ly = first.getUTCFullYear();
      const lm = first.getUTCMonth() + 1;
      return { from: fmt(first), to: fmt(utc(ly, lm, daysInMonth(ly, lm))) };
    }
    case 'last_30_days':
      return { from: addDays(asOf, -29), to: asOf };
    case 'last_90_days':
      return { from: addDays(asOf, -89), to: asOf };
    case 'this_quarter': {
      const qStart = Math.floor((m - 1) / 3) * 3 + 1;
      return {
        from: fmt(utc(y, qStart, 1)),
        to: fmt(utc(y, qStart + 2, daysInMonth(y, qStart + 2))),
      };
    }
    case 'this_year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'last_year':
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
    case 'next_30_days':
      return { from: asOf, to: addDays(asOf, 29) };
  }
}

/** The calendar day of instant `now` in IANA timezone `tz`, as `AAAA-MM-DD`. */
export function todayIn(tz: string, now: Date): string {
  return localDate(now, tz);
}

/** `2026-11-30` → `30/11/2026`. */
export function formatDateBr(date: string): string {
  const [y, m, d] = parts(date);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}
