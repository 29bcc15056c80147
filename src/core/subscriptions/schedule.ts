/**
 * When a subscription fires. A `ScheduleSpec` is what a manager chose ("toda segunda às
 * 8h"); this module turns it into the cron pattern a BullMQ job scheduler runs, lists its
 * occurrences, and describes it in Portuguese.
 *
 * Semantics, pinned by tests:
 * - An occurrence is a wall-clock time in the spec's IANA timezone. Every matching
 *   wall-clock time happens exactly once: when the clocks go back, the first of the two
 *   instants counts; when they jump forward over it, it happens as much later as the jump
 *   (02:30 on a spring-forward night in New York → 03:30 EDT), as cron-parser's `next()`
 *   (which BullMQ uses) also does.
 * - Monthly day 29, 30 or 31 means "that day, or the last day of the month when the month
 *   is shorter": a report set for "dia 31" arrives on 30/04 and 28/02, never skips a month.
 *   Day 31 is exactly cron's `L` (last day of the month, supported by cron-parser 5); days
 *   29 and 30 cannot be one 5-field cron, so their pattern also fires on a few extra days
 *   (see `isCronExact`) and `occurrenceAt` says which firings are real.
 * - A custom cron must not fire more often than every 15 minutes (wall-clock): a report
 *   is not a heartbeat.
 */
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { CarteiraError } from '../errors.js';
import { isValidTimezone } from '../portfolio/periods.js';

/** The store timezone that needs no mention in descriptions. */
export const HOME_TIMEZONE = 'America/Sao_Paulo';

/** Shortest allowed time between two firings of a custom cron, in minutes. */
export const MIN_CRON_INTERVAL_MINUTES = 15;

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const CRON_EXAMPLE = '0 8 * * 1 (segundas às 8h)';
const CRON_INVALID = `Expressão cron inválida: use 5 campos, ex.: ${CRON_EXAMPLE}`;

const timeSchema = z
  .string()
  .regex(TIME_PATTERN, 'Horário inválido: use HH:MM entre 00:00 e 23:59, ex.: 08:00');

/** An IANA zone this runtime knows, canonicalised (`america/sao_paulo` → `America/Sao_Paulo`). */
const timezoneSchema = z
  .string()
  .refine(
    (tz) => !/^[+-]/.test(tz) && isValidTimezone(tz),
    'Fuso horário inválido: use um fuso IANA, ex.: America/Sao_Paulo',
  )
  .transform((tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone);

const weekdaysSchema = z
  .array(
    z
      .number()
      .int()
      .min(1, 'Dia da semana inválido: use 1 (segunda) a 7 (domingo)')
      .max(7, 'Dia da semana inválido: use 1 (segunda) a 7 (domingo)'),
  )
  .min(1, 'Escolha pelo menos um dia da semana')
  .transform((days) => [...new Set(days)].sort((a, b) => a - b));

const monthDaySchema = z.union([
  z
    .number()
    .int()
    .min(1, 'Dia do mês inválido: use 1 a 31 ou "last"')
    .max(31, 'Dia do mês inválido: use 1 a 31 ou "last"'),
  z.literal('last'),
]);

const cronExpressionSchema = z.string().transform((expression, ctx) => {
  try {
    return parseCron(expression).expression;
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : CRON_INVALID });
    return z.NEVER;
  }
});

const dailyRule = z.object({ kind: z.literal('daily'), time: timeSchema });
const weeklyRule = z.object({
  kind: z.literal('weekly'),
  weekdays: weekdaysSchema,
  time: timeSchema,
});
const monthlyRule = z.object({ kind: z.literal('monthly'), day: monthDaySchema, time: timeSchema });
const cronRule = z.object({ kind: z.literal('cron'), expression: cronExpressionSchema });

/** A schedule without its timezone (what the Slack quick form yields; the caller adds the zone). */
export const scheduleRuleSchema = z.discriminatedUnion('kind', [
  dailyRule,
  weeklyRule,
  monthlyRule,
  cronRule,
]);
export type ScheduleRule = z.infer<typeof scheduleRuleSchema>;

/**
 * A subscription's schedule. Weekdays are 1 = segunda … 7 = domingo (sorted and
 * deduplicated on parse); `time` is `HH:MM`; `timezone` is IANA.
 *
 * @example scheduleSpecSchema.parse({ kind: 'weekly', weekdays: [1], time: '08:00', timezone: 'America/Sao_Paulo' })
 */
export const scheduleSpecSchema = z.discriminatedUnion('kind', [
  dailyRule.extend({ timezone: timezoneSchema }),
  weeklyRule.extend({ timezone: timezoneSchema }),
  monthlyRule.extend({ timezone: timezoneSchema }),
  cronRule.extend({ timezone: timezoneSchema }),
]);
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

// ---------------------------------------------------------------------------------------
// Cron expressions typed by users

export interface ParsedCron {
  /** The expression with single spaces, as given to BullMQ. */
  expression: string;
}

function cronError(message: string): CarteiraError {
  return new CarteiraError('invalid_input', message);
}

/**
 * Validates a 5-field cron expression a user typed (minute hour day-of-month month
 * day-of-week). Throws a `CarteiraError` (`invalid_input`) whose message is a Portuguese
 * sentence for the user: 6-field (seconds) and `@daily`-style forms, `H` (random) values,
 * days that never exist (31 de fevereiro) and anything firing more often than every
 * 15 minutes are rejected.
 *
 * @example parseCron('0  8 * * 1-5') // → { expression: '0 8 * * 1-5' }
 */
export function parseCron(expression: string): ParsedCron {
  const fields = expression
    .trim()
    .split(/\s+/)
    .filter((f) => f !== '');
  if (fields.length === 6) {
    throw cronError(
      `Expressão cron inválida: o campo de segundos não é aceito; use 5 campos, ex.: ${CRON_EXAMPLE}`,
    );
  }
  if (fields.length !== 5 || fields.some((f) => f.startsWith('@'))) throw cronError(CRON_INVALID);
  const normalized = fields.join(' ');
  // `H` picks a random value per parse unless seeded, so the schedule would drift between
  // BullMQ and this module; day and month names (THU) are letters, not hashes.
  if (fields.some((f) => /h/i.test(f.replace(/[a-z]{3}/gi, '')))) {
    throw cronError(
      `Expressão cron inválida: o valor aleatório H não é aceito; use valores fixos, ex.: ${CRON_EXAMPLE}`,
    );
  }
  let parsed;
  try {
    parsed = CronExpressionParser.parse(normalized, { tz: 'UTC', currentDate: 0 });
    parsed.next();
  } catch (e) {
    const reason = e instanceof Error ? e.message : '';
    if (/day of month|loop limit/i.test(reason)) {
      throw cronError(
        `Expressão cron inválida: "${normalized}" nunca acontece (esse dia não existe nos meses escolhidos), ex.: ${CRON_EXAMPLE}`,
      );
    }
    throw cronError(CRON_INVALID);
  }
  const gap = shortestGapMinutes(
    parsed.fields.minute.values as number[],
    parsed.fields.hour.values as number[],
  );
  if (gap < MIN_CRON_INTERVAL_MINUTES) {
    throw cronError(
      `Expressão cron muito frequente: "${normalized}" dispara a cada ${gap === 1 ? 'minuto' : `${gap} minutos`}; ` +
        `um relatório pode ser enviado no máximo a cada ${MIN_CRON_INTERVAL_MINUTES} minutos, ex.: ${CRON_EXAMPLE}`,
    );
  }
  return { expression: normalized };
}

/**
 * Shortest wall-clock gap between firings on a day, counting the step from the last
 * time of one day to the first of the next (conservatively: as if every day fired).
 */
function shortestGapMinutes(minutes: number[], hours: number[]): number {
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
  let gap = 24 * 60 - times[times.length - 1]! + times[0]!;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}

// ---------------------------------------------------------------------------------------
// Cron patterns for the scheduler

function splitTime(time: string): { hour: number; minute: number } {
  const m = TIME_PATTERN.exec(time);
  if (!m) throw cronError('Horário inválido: use HH:MM entre 00:00 e 23:59, ex.: 08:00');
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** 1 = segunda … 7 = domingo → cron's day-of-week list (0 = domingo), ranges compressed. */
function cronWeekdays(weekdays: number[]): string {
  const days = [...new Set(weekdays.map((d) => d % 7))].sort((a, b) => a - b);
  if (days.length === 7) return '*';
  const out: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    out.push(j - i >= 2 ? `${days[i]}-${days[j]}` : days.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return out.join(',');
}

/**
 * The 5-field cron pattern (minute hour day-of-month month day-of-week) to give BullMQ
 * together with `spec.timezone`.
 *
 * Monthly day 31 and `last` → `L`. Monthly day 29 or 30 → `29,L` / `30,L`: that also fires
 * on the last day of months longer than the chosen day, so for those specs (see
 * `isCronExact`) the worker must run only the firings for which `occurrenceAt` is true.
 *
 * @example toCron({ kind: 'weekly', weekdays: [1, 3, 5], time: '08:00', timezone: 'America/Sao_Paulo' }) // '0 8 * * 1,3,5'
 */
export function toCron(spec: ScheduleRule | ScheduleSpec): string {
  if (spec.kind === 'cron') return parseCron(spec.expression).expression;
  const { hour, minute } = splitTime(spec.time);
  switch (spec.kind) {
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekly':
      return `${minute} ${hour} * * ${cronWeekdays(spec.weekdays)}`;
    case 'monthly':
      if (spec.day === 'last' || spec.day === 31) return `${minute} ${hour} L * *`;
      if (spec.day >= 29) return `${minute} ${hour} ${spec.day},L * *`;
      return `${minute} ${hour} ${spec.day} * *`;
  }
}

/** False when `toCron(spec)` also fires at instants that are not occurrences (monthly 29/30). */
export function isCronExact(spec: ScheduleRule | ScheduleSpec): boolean {
  return !(spec.kind === 'monthly' && (spec.day === 29 || spec.day === 30));
}

// ---------------------------------------------------------------------------------------
// Occurrences

/*
 * Occurrences are computed on a "wall-clock timeline": a Date whose UTC fields are the
 * local date and time in the spec's zone. cron-parser iterates that timeline in UTC (no
 * DST, so `next` and `prev` agree), and each wall time is then mapped to its instant.
 */

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(tz: string): Intl.DateTimeFormat {
  let f = wallFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    wallFormatters.set(tz, f);
  }
  return f;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: string;
}

function wallParts(instantMs: number, tz: string): WallParts {
  const p: Record<string, string> = {};
  for (const part of wallFormatter(tz).formatToParts(new Date(instantMs)))
    p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: p.weekday ?? '',
  };
}

/** The wall-clock time of an instant, as milliseconds on the wall-clock timeline. */
export function toWall(instantMs: number, tz: string): number {
  const w = wallParts(instantMs, tz);
  const whole = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return whole + (((instantMs % 1000) + 1000) % 1000);
}

/**
 * The instant of a wall-clock time: the earlier one when the time happens twice, and the
 * time shifted by the jump when it does not exist (02:30 → 03:30 on a spring-forward night).
 */
function fromWall(wallMs: number, tz: string): number {
  const day = 24 * 3600_000;
  const before = toWall(wallMs - day, tz) - (wallMs - day);
  const after = toWall(wallMs + day, tz) - (wallMs + day);
  const candidates = [wallMs - before, wallMs - after].filter(
    (instant) => toWall(instant, tz) === wallMs,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - before;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a wall time the pattern fires at is an occurrence (monthly 29/30 clamp). */
function isOccurrenceWall(spec: ScheduleRule, wall: Date): boolean {
  if (spec.kind !== 'monthly' || spec.day === 'last') return true;
  const length = daysInMonth(wall.getUTCFullYear(), wall.getUTCMonth() + 1);
  return wall.getUTCDate() === Math.min(spec.day, length);
}

// Wider than any DST jump (1 h almost everywhere, 30 min on Lord Howe Island).
const MARGIN_MS = 3 * 3600_000;

function wallIterator(spec: ScheduleSpec, startWallMs: number) {
  return CronExpressionParser.parse(toCron(spec), { tz: 'UTC', currentDate: startWallMs });
}

/**
 * The next `count` occurrences strictly after `from`, in order.
 *
 * @example nextOccurrences(mondays8h, new Date('2026-11-27T12:00:00Z'), 1) // [2026-11-30T11:00:00.000Z]
 */
export function nextOccurrences(spec: ScheduleSpec, from: Date, count: number): Date[] {
  const out: Date[] = [];
  if (count <= 0) return out;
  const it = wallIterator(spec, toWall(from.getTime(), spec.timezone) - MARGIN_MS);
  let last = from.getTime();
  while (out.length < count) {
    const wall = it.next().toDate();
    if (!isOccurrenceWall(spec, wall)) continue;
    const instant = fromWall(wall.getTime(), spec.timezone);
    // `> last` skips what precedes `from` and a wall time shifted onto the next one.
    if (instant > last) {
      out.push(new Date(instant));
      last = instant;
    }
  }
  return out;
}

/**
 * The latest occurrence strictly before `before` (the worker catches up on it after
 * downtime), or null when the schedule never fired before then.
 */
export function previousOccurrence(spec: ScheduleSpec, before: Date): Date | null {
  const it = wallIterator(spec, toWall(before.getTime(), spec.timezone) + MARGIN_MS);
  for (;;) {
    let wall: Date;
    try {
      wall = it.prev().toDate();
    } catch {
      return null;
    }
    if (!isOccurrenceWall(spec, wall)) continue;
    const instant = fromWall(wall.getTime(), spec.timezone);
    if (instant < before.getTime()) return new Date(instant);
  }
}

/** Whether `date` is exactly (to the millisecond) one of the schedule's occurrences. */
export function occurrenceAt(spec: ScheduleSpec, date: Date): boolean {
  const ms = date.getTime();
  if (!Number.isFinite(ms) || ms % 60_000 !== 0) return false;
  const [next] = nextOccurrences(spec, new Date(ms - 1), 1);
  return next !== undefined && next.getTime() === ms;
}

// ---------------------------------------------------------------------------------------
// Portuguese text

const WEEKDAY_ABBR: Record<string, string> = {
  Mon: 'seg.',
  Tue: 'ter.',
  Wed: 'qua.',
  Thu: 'qui.',
  Fri: 'sex.',
  Sat: 'sáb.',
  Sun: 'dom.',
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * An occurrence as a user reads it, in `tz`. Built from parts with a fixed weekday table,
 * so it does not depend on the ICU version.
 *
 * @example formatOccurrence(new Date('2026-11-30T11:00:00Z'), 'America/Sao_Paulo') // 'seg., 30/11/2026 08:00'
 */
export function formatOccurrence(date: Date, tz: string): string {
  const w = wallParts(date.getTime(), tz);
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
 * The schedule as a Portuguese sentence, with the timezone when it is not the store's
 * home zone.
 *
 * @example describeSchedule({ kind: 'weekly', weekdays: [1, 3, 5], time: '08:00', timezone: 'America/Sao_Paulo' })
 * // 'Toda segunda, quarta e sexta às 08:00'
 */
export function describeSchedule(
  spec: ScheduleSpec,
  options: { homeTimezone?: string } = {},
): string {
  const text = describeRule(spec);
  const home = options.homeTimezone ?? HOME_TIMEZONE;
  return spec.timezone === home ? text : `${text} (fuso ${spec.timezone})`;
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
