/**
 * Cron: validating an expression a user typed, and the 5-field pattern a BullMQ job
 * scheduler runs for a schedule.
 */
import { CronExpressionParser } from 'cron-parser';
import { CarteiraError } from '../../errors.js';
import type { ScheduleRule, ScheduleSpec } from './spec.js';

/** Shortest allowed time between two firings of a custom cron, in minutes. */
export const MIN_CRON_INTERVAL_MINUTES = 15;

export const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const CRON_EXAMPLE = '0 8 * * 1 (segundas às 8h)';
export const CRON_INVALID = `Expressão cron inválida: use 5 campos, ex.: ${CRON_EXAMPLE}`;

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
