/**
 * What a manager chose ("toda segunda às 8h"): the schedule's shape, validated by zod with
 * Portuguese messages. The semantics are in `../schedule.ts`.
 */
import { z } from 'zod';
import { canonicalTimezone, TIMEZONE_HINT } from '../../time/timezone.js';
import { CRON_INVALID, parseCron, TIME_PATTERN } from './cron.js';

const timeSchema = z
  .string()
  .regex(TIME_PATTERN, 'Horário inválido: use HH:MM entre 00:00 e 23:59, ex.: 08:00');

/** A timezone by the one rule (../../time/timezone.ts), canonicalised. */
const timezoneSchema = z
  .string()
  .refine((tz) => canonicalTimezone(tz) !== null, `Fuso horário inválido: ${TIMEZONE_HINT}`)
  .transform((tz) => canonicalTimezone(tz)!);

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
