/**
 * Logging a contact with a client (docs/domain.md, "Contacts"). A contact is a row of
 * `contacts` with the day, the channel, a note, who wrote it and where (`source`); the
 * project's summary is refreshed in the same transaction, so the next report already shows
 * it in "Último contato" and "Dias sem contato". The ERP's `ultimo_contato` lives on the
 * project and the summary keeps the later of both, so a later import never erases it.
 *
 * "Lembrar em N dias" adds one `contact_reminders` row: a DM to the person who logged the
 * contact, at 09:00 of that day in the store's timezone, posted once by the worker.
 */
import type { Kysely } from 'kysely';
import type { ContactSource, DB } from '../db/schema.js';
import { kyselySession } from '../db/session.js';
import { CarteiraError } from '../errors.js';
import { addDays, formatDateBr, isIsoDate, todayIn } from '../portfolio/periods.js';
import { refreshSummary } from '../portfolio/summary.js';
import type { Viewer } from '../portfolio/viewer.js';
import { instantOfLocal } from '../time/zoned.js';
import { findProjectInScope, parseProjectCode } from './card.js';

export const CONTACT_CHANNELS = ['telefone', 'whatsapp', 'visita', 'email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const MAX_CONTACT_NOTE = 1000;
export const MAX_REMINDER_DAYS = 90;
/** The local time a reminder is posted at. */
export const REMINDER_TIME = '09:00';

export interface LogContactInput {
  projectCode: string;
  /** `AAAA-MM-DD`; default today in the project's store timezone. */
  on?: string | null;
  channel: string;
  note?: string | null;
  source: Exclude<ContactSource, 'erp'>;
  /** "Lembrar em N dias" (1–90); absent or null: no reminder. */
  remindInDays?: number | null;
}

export interface LoggedContact {
  contactId: number;
  projectId: number;
  projectCode: string;
  on: string;
  channel: ContactChannel;
  reminder: { id: number; dueAt: Date; on: string } | null;
}

type Field = 'date' | 'channel' | 'note' | 'remind';

const invalid = (field: Field, message: string) =>
  new CarteiraError('invalid_input', message, { field });

/** Checks the input as the modal and the CLI pass it; every message names what to fix. */
function validate(
  input: LogContactInput,
  today: string,
): { on: string; channel: ContactChannel; note: string | null; remindInDays: number | null } {
  const on = input.on?.trim() || today;
  if (!isIsoDate(on)) throw invalid('date', `Data inválida: “${on}”. Use AAAA-MM-DD.`);
  if (on > today)
    throw invalid(
      'date',
      `A data do contato não pode ser depois de hoje (${formatDateBr(today)}).`,
    );
  if (on < addDays(today, -366))
    throw invalid('date', 'A data do contato deve estar no último ano.');
  const channel = input.channel?.trim().toLowerCase().replace('-', '') as ContactChannel;
  if (!CONTACT_CHANNELS.includes(channel))
    throw invalid('channel', 'Escolha o canal do contato: telefone, WhatsApp, visita ou e-mail.');
  const note = input.note?.trim().replace(/\r\n/g, '\n') || null;
  if (note && note.length > MAX_CONTACT_NOTE)
    throw invalid(
      'note',
      `A anotação tem ${note.length} caracteres; o máximo é ${MAX_CONTACT_NOTE}.`,
    );
  const remind = input.remindInDays ?? null;
  if (remind !== null && (!Number.isInteger(remind) || remind < 1 || remind > MAX_REMINDER_DAYS))
    throw invalid(
      'remind',
      `“Lembrar em” deve ser um número de dias entre 1 e ${MAX_REMINDER_DAYS}.`,
    );
  return { on, channel, note, remindInDays: remind };
}

/**
 * Stores a contact on a project of the viewer's scope (a vendedor cannot log on another's
 * project) and refreshes its summary at once. Bad input changes nothing.
 */
export async function logContact(
  db: Kysely<DB>,
  viewer: Viewer,
  input: LogContactInput,
  opts: { now: Date },
): Promise<LoggedContact> {
  const code = parseProjectCode(input.projectCode);
  const project = await findProjectInScope(db, viewer, code);
  const tz = project.timezone;
  const today = todayIn(tz, opts.now);
  const v = validate(input, today);
  if (v.remindInDays !== null && viewer.id <= 0)
    throw invalid('remind', 'Lembretes são enviados a um vendedor no Slack; use --as EMAIL.');
  // Today's contact is stamped now; one of an earlier day at midday of that day, so its
  // calendar day is the same in the store's timezone whatever the offset.
  const contactedAt = v.on === today ? opts.now : instantOfLocal(v.on, '12:00', tz);
  const writer = viewer.id > 0 ? viewer.id : null;
  return db.transaction().execute(async (trx) => {
    const contact = await trx
      .insertInto('contacts')
      .values({
        project_id: project.id,
        salesperson_id: writer,
        contacted_at: contactedAt,
        channel: v.channel,
        note: v.note,
        source: input.source,
        created_by: writer,
        created_at: opts.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let reminder: LoggedContact['reminder'] = null;
    if (v.remindInDays !== null && writer !== null) {
      const day = addDays(today, v.remindInDays);
      const dueAt = instantOfLocal(day, REMINDER_TIME, tz);
      const r = await trx
        .insertInto('contact_reminders')
        .values({
          project_id: project.id,
          contact_id: contact.id,
          salesperson_id: writer,
          due_at: dueAt,
          created_at: opts.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      reminder = { id: Number(r.id), dueAt, on: day };
    }
    await refreshSummary(kyselySession(trx as unknown as Kysely<unknown>), [project.id]);
    return {
      contactId: contact.id,
      projectId: project.id,
      projectCode: project.code,
      on: v.on,
      channel: v.channel,
      reminder,
    };
  });
}
