/**
 * Creates a subscription: a view, sent on a schedule to a channel, the owner's DM or each
 * responsible salesperson's DM. The owner must see the view; a vendedor may only subscribe
 * their own DM. Errors are `CarteiraError`s in Portuguese whose `details.field` names the
 * form field at fault (`view`, `destination`, `channel`, `schedule`, `format`), so a modal
 * can show each one beside its input.
 *
 *   const sub = await createSubscription(db, {
 *     owner,
 *     input: { viewId: 1, destination: 'channel', channelId: 'C0VENDAS',
 *              schedule: { kind: 'weekly', weekdays: [1], time: '08:00', timezone: 'America/Sao_Paulo' },
 *              format: 'table+pdf' },
 *   });
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB, Destination } from '../db/schema.js';
import { ledgerDb } from '../delivery/schema.js';
import { CarteiraError } from '../errors.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getView } from '../views/views.js';
import { notifyWorker } from './notify.js';
import { assertCanCreateSubscription } from '../access.js';
import { scheduleSpecSchema, toCron } from './schedule.js';
import {
  DESTINATIONS,
  loadSubscription,
  subscriptionFormatSchema,
  type Subscription,
  type SubscriptionFormat,
} from './subscription.js';

export interface SubscriptionInput {
  viewId: number;
  destination: Destination;
  /** Slack channel id (`C…`, or `G…` for older private channels); only for `channel`. */
  channelId?: string | null;
  schedule: z.input<typeof scheduleSpecSchema>;
  format?: SubscriptionFormat | string;
  skipEmpty?: boolean;
  /** "Só enviar se algo mudou" (docs/domain.md, "What changed since the last delivery"). */
  onlyIfChanged?: boolean;
  /** "Após a importação do dia" (docs/domain.md, "Subscriptions that wait for the data"). */
  waitForImport?: boolean;
}

export type SubscriptionField = 'view' | 'destination' | 'channel' | 'schedule' | 'format';

function invalid(field: SubscriptionField, message: string): CarteiraError {
  return new CarteiraError('invalid_input', message, { field });
}

/** The field a creation error belongs to, when it has one. */
export function errorField(e: unknown): SubscriptionField | undefined {
  if (!(e instanceof CarteiraError)) return undefined;
  if (e.code === 'view_not_found' || e.code === 'view_ambiguous') return 'view';
  const d = e.details as { field?: SubscriptionField } | undefined;
  return d?.field;
}

/** A Slack channel id a report can be posted to (public C…, private G…), not a DM (D…). */
export function isChannelId(id: string | null | undefined): id is string {
  return !!id && /^[CG][A-Z0-9]{2,}$/.test(id);
}

/** The schedule of a new subscription or alert, validated, with its cron expression. */
export function parseSchedule(input: z.input<typeof scheduleSpecSchema>): {
  spec: z.output<typeof scheduleSpecSchema>;
  cron: string;
} {
  const schedule = scheduleSpecSchema.safeParse(input);
  if (!schedule.success) {
    throw invalid('schedule', schedule.error.issues[0]?.message ?? 'Agenda inválida.');
  }
  try {
    return { spec: schedule.data, cron: toCron(schedule.data) };
  } catch (e) {
    throw invalid('schedule', e instanceof Error ? e.message : 'Agenda inválida.');
  }
}

/** The refusal of a second identical subscription or alert (`what`: "essa assinatura"). */
export function alreadyExists(what: string, id: number): CarteiraError {
  return new CarteiraError(
    'invalid_input',
    `Você já tem ${what} (#${id}). Veja em \`/carteira assinaturas\`.`,
    { field: 'schedule', subscriptionId: id },
  );
}

/** Tells the worker about a subscription just inserted, and returns it as the app reads it. */
export async function announceCreated(db: Kysely<DB>, id: number): Promise<Subscription> {
  await notifyWorker(db, { kind: 'subscription', subscriptionId: id });
  const sub = await loadSubscription(db, id);
  if (!sub) throw new Error(`subscription ${id} vanished after insert`);
  return sub;
}

export async function createSubscription(
  db: Kysely<DB>,
  opts: { owner: Viewer; input: SubscriptionInput; now: Date },
): Promise<Subscription> {
  const { owner, input } = opts;
  if (!DESTINATIONS.includes(input.destination)) {
    throw invalid(
      'destination',
      'Escolha o destino: um canal, a sua DM ou cada responsável em privado.',
    );
  }
  assertCanCreateSubscription(owner, input.destination);
  let channelId: string | null = null;
  if (input.destination === 'channel') {
    channelId = input.channelId?.trim() ?? '';
    if (!channelId) throw invalid('channel', 'Escolha o canal que vai receber o relatório.');
    if (channelId.startsWith('D')) {
      throw invalid('channel', 'Para receber em mensagem direta, escolha “Minha DM” como destino.');
    }
    if (!isChannelId(channelId)) {
      throw invalid(
        'channel',
        `Canal inválido: “${channelId}”. Escolha um canal da lista (ex.: C0123ABCD).`,
      );
    }
  }
  const { spec, cron } = parseSchedule(input.schedule);
  const format = subscriptionFormatSchema.safeParse(input.format ?? 'table');
  if (!format.success) {
    throw invalid(
      'format',
      `Formato “${String(input.format)}” não suportado: use tabela, pdf, csv, xlsx ou tabela com um arquivo (ex.: table+pdf).`,
    );
  }
  // Throws view_not_found when the owner cannot see the view (private view of someone else).
  const view = await getView(db, owner, input.viewId);

  const ldb = ledgerDb(db);
  const duplicate = await ldb
    .selectFrom('subscriptions')
    .select('id')
    .where('owner_id', '=', owner.id)
    .where('view_id', '=', view.id)
    .where('destination', '=', input.destination)
    .where('cron', '=', cron)
    .where('timezone', '=', spec.timezone)
    .where((eb) => (channelId ? eb('channel_id', '=', channelId) : eb('channel_id', 'is', null)))
    .executeTakeFirst();
  if (duplicate) throw alreadyExists('essa assinatura', duplicate.id);

  const row = await ldb
    .insertInto('subscriptions')
    .values({
      view_id: view.id,
      owner_id: owner.id,
      destination: input.destination,
      channel_id: channelId,
      schedule: JSON.stringify(spec),
      cron,
      timezone: spec.timezone,
      format: format.data,
      skip_empty: input.skipEmpty ?? false,
      only_if_changed: input.onlyIfChanged ?? false,
      wait_for_import: input.waitForImport ?? false,
      active_since: opts.now,
      created_at: opts.now,
      updated_at: opts.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return announceCreated(db, row.id);
}
