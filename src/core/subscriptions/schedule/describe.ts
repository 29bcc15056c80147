/** Schedules and occurrences as a user reads them, in Portuguese. */
import { wallTime } from '../../time/zoned.js';
import { CronExpressionParser } from 'cron-parser';
import { parseCron } from './cron.js';
import type { ScheduleRule, ScheduleSpec } from './spec.js';

/** ISO weekday (1 = Monday) → its abbreviation, from a fixed table (not the ICU version's). */
const WEEKDAY_ABBR = ['', 'seg.', 'ter.', 'qua.', 'qui.', 'sex.', 'sáb.', 'dom.'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * An occurrence as a user reads it, in `tz`. Built from parts with a fixed weekday table,
 * so it does not depend on the ICU version.
 *
 * @example formatOccurrence(new Date('2026-11-30T11:00:00Z'), 'America/Sao_Paulo') // 'seg., 30/11/2026 08:00'
 */
export function formatOccurrence(date: Date, tz: string): string {
  const w = wallTime(date, tz);
  return `${WEEKDAY_ABBR[w.weekday] ?? ''}, ${pad2(w.day)}/${pad2(w.month)}/${w.year} ${pad2(w.hour)}:${pad2(w.minute)}`;
}

/** 1 = segunda … 7 = domingo. */
const WEEKDAY_SHORT = ['', 'segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado', 'domingo'];
const WEEKDAY_FULL = [
  '',
  'segunda-feira',
  'terça-feira',
  'quarta-feira',
  'quinta-feira',
  'sexta-feira',
  'sábado',
  'domingo',
];

/** `['a']` → `a`; `['a', 'b', 'c']` → `a, b e c`. */
function joinPt(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} e ${items[items.length - 1]}`;
}

/** Weekdays (1..7, sorted) as a sentence start: "Toda segunda-feira", "Dias úteis"… */
function describeWeekdays(days: number[]): string {
  const key = days.join(',');
  if (key === '1,2,3,4,5,6,7') return 'Todo dia';
  if (key === '1,2,3,4,5') return 'Dias úteis';
  if (days.length === 1) {
    const d = days[0]!;
    return `${d >= 6 ? 'Todo' : 'Toda'} ${WEEKDAY_FULL[d]}`;
  }
  // "segunda" … "sexta" are feminine ("toda"), "sábado" and "domingo" masculine ("todo").
  const feminine = days.filter((d) => d <= 5).map((d) => WEEKDAY_SHORT[d]!);
  const masculine = days.filter((d) => d >= 6).map((d) => WEEKDAY_SHORT[d]!);
  if (feminine.length === 0) return `Todo ${joinPt(masculine)}`;
  if (masculine.length > 0) masculine[0] = `todo ${masculine[0]}`;
  return `Toda ${joinPt([...feminine, ...masculine])}`;
}

function describeMonthDays(days: (number | 'last')[]): string {
  if (days.length === 1 && days[0] === 'last') return 'Último dia de cada mês';
  const labels = days.map((d) => (d === 'last' ? 'último dia' : d === 1 ? '1º' : String(d)));
  return `Todo dia ${joinPt(labels)}`;
}

function describeTimes(times: string[]): string {
  return `às ${joinPt(times)}`;
}

/** Best effort for a custom cron: simple shapes in words, anything else as the expression. */
function describeCron(expression: string): string {
  const fallback = `Expressão cron: ${expression}`;
  const [, , domF, , dowF] = expression.split(' ') as [string, string, string, string, string];
  const parsed = CronExpressionParser.parse(expression, { tz: 'UTC', currentDate: 0 });
  const f = parsed.fields;
  const minutes = f.minute.values as number[];
  const hours = f.hour.values as number[];
  if (minutes.length * hours.length > 4 || f.month.values.length !== 12) return fallback;
  const times = hours.flatMap((h) => minutes.map((m) => `${pad2(h)}:${pad2(m)}`));
  const anyDom = domF === '*' || domF === '?';
  const anyDow = dowF === '*' || dowF === '?';
  if (anyDom && anyDow) return `Todo dia ${describeTimes(times)}`;
  if (anyDom && !dowF.includes('L') && !dowF.includes('#')) {
    const days = [...new Set((f.dayOfWeek.values as number[]).map((d) => (d === 0 ? 7 : d)))].sort(
      (a, b) => a - b,
    );
    return `${describeWeekdays(days)} ${describeTimes(times)}`;
  }
  // Cron's "31" skips shorter months, unlike a monthly spec's day 31: keep it literal.
  const days = f.dayOfMonth.values.map((d) => (d === 'L' ? ('last' as const) : Number(d)));
  if (
    anyDow &&
    /^(\d{1,2}|L)(,(\d{1,2}|L))*$/.test(domF) &&
    days.every((d) => d === 'last' || d <= 28)
  ) {
    return `${describeMonthDays(days)} ${describeTimes(times)}`;
  }
  return fallback;
}

/**
 * The schedule as a Portuguese sentence, with the timezone when it is not `homeTimezone`
 * (the zone of the owner's store, which readers take for granted).
 *
 * @example describeSchedule({ kind: 'weekly', weekdays: [1, 3, 5], time: '08:00', timezone: 'America/Sao_Paulo' })
 * // 'Toda segunda, quarta e sexta às 08:00'
 */
export function describeSchedule(spec: ScheduleSpec, homeTimezone: string): string {
  const text = describeRule(spec);
  return spec.timezone === homeTimezone ? text : `${text} (fuso ${spec.timezone})`;
}

/** The schedule as a Portuguese sentence, without any timezone. */
export function describeRule(spec: ScheduleRule | ScheduleSpec): string {
  switch (spec.kind) {
    case 'daily':
      return `Todo dia ${describeTimes([spec.time])}`;
    case 'weekly':
      return `${describeWeekdays([...new Set(spec.weekdays)].sort((a, b) => a - b))} ${describeTimes([spec.time])}`;
    case 'monthly':
      if (spec.day !== 'last' && spec.day >= 29) {
        return `Todo dia ${spec.day} (ou o último dia, nos meses mais curtos) ${describeTimes([spec.time])}`;
      }
      return `${describeMonthDays([spec.day])} ${describeTimes([spec.time])}`;
    case 'cron':
      return describeCron(parseCron(spec.expression).expression);
  }
}
