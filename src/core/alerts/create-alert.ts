/**
 * Creates a follow-up alert: a subscription that is a condition instead of a view
 * (docs/domain.md, "Follow-up alerts"). Errors are Portuguese `CarteiraError`s whose
 * `details.field` names the field at fault (`alert`, `days`, `escalate`, `schedule`,
 * `destination`), like createSubscription's.
 *
 *   await createAlert(db, {
 *     owner, now,
 *     input: { condition: 'no_contact', days: 15, escalateAfterDays: 7,
 *              schedule: { kind: 'cron', expression: '0 8 * * 1-5', timezone: 'America/Sao_Paulo' } },
 *   });
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AlertCondition, DB } from '../db/schema.js';
import { assertCanCreateAlert } from '../access.js';
import { CarteiraError } from '../errors.js';
import type { Viewer } from '../portfolio/viewer.js';
import {
  alreadyExists,
  announceCreated,
  parseSchedule,
} from '../subscriptions/create-subscription.js';
import type { scheduleSpecSchema } from '../subscriptions/schedule.js';
import type { Subscription } from '../subscriptions/subscription.js';

export const ALERT_CONDITIONS: readonly AlertCondition[] = ['no_contact', 'stalled_contract'];
export const MAX_ALERT_DAYS = 3650;

export interface AlertInput {
  condition: AlertCondition | string;
  days: number;
  escalateAfterDays?: number | null;
  schedule: z.input<typeof scheduleSpecSchema>;
}

function invalid(field: string, message: string): CarteiraError {
  return new CarteiraError('invalid_input', message, { field });
}

const isDays = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ALERT_DAYS;

export async function createAlert(
  db: Kysely<DB>,
  opts: { owner: Viewer; input: AlertInput; now: Date },
): Promise<Subscription> {
  const { owner, input } = opts;
  assertCanCreateAlert(owner);
  if (!ALERT_CONDITIONS.includes(input.condition as AlertCondition)) {
    throw invalid(
      'alert',
      'Escolha a condição do alerta: projetos sem contato (no-contact) ou contratos parados na mesma situação (stalled).',
    );
  }
  const condition = input.condition as AlertCondition;
  if (!isDays(input.days)) {
    throw invalid(
      'days',
      `Número de dias inválido: use um número inteiro de 1 a ${MAX_ALERT_DAYS} (ex.: 15).`,
    );
  }
  const escalate = input.escalateAfterDays ?? null;
  if (escalate !== null && !isDays(escalate)) {
    throw invalid(
      'escalate',
      `Escalonar depois de quantos dias? Use um número inteiro de 1 a ${MAX_ALERT_DAYS}, ou deixe em branco para não escalonar.`,
    );
  }
  const { spec, cron } = parseSchedule(input.schedule);
  const duplicate = await db
    .selectFrom('subscriptions')
    .select('id')
    .where('owner_id', '=', owner.id)
    .where('kind', '=', 'alert')
    .where('alert_condition', '=', condition)
    .where('alert_days', '=', input.days)
    .where('cron', '=', cron)
    .where('timezone', '=', spec.timezone)
    .executeTakeFirst();
  if (duplicate) throw alreadyExists('esse alerta', duplicate.id);
  const row = await db
    .insertInto('subscriptions')
    .values({
      view_id: null,
      kind: 'alert',
      alert_condition: condition,
      alert_days: input.days,
      escalate_after_days: escalate,
      owner_id: owner.id,
      destination: 'each_salesperson',
      channel_id: null,
      schedule: JSON.stringify(spec),
      cron,
      timezone: spec.timezone,
      format: 'table',
      skip_empty: true,
      active_since: opts.now,
      created_at: opts.now,
      updated_at: opts.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return announceCreated(db, row.id);
}
