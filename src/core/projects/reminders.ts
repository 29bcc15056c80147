/**
 * "Lembrar em N dias" after a contact (contacts.ts books a `contact_reminders` row): the
 * worker claims the rows that are due and DMs each person once. Like the delivery ledger,
 * a claim is a token (`claimed_by`) and every later write is fenced by it; the mark
 * `post_started_at` is written right before the Slack call, so a worker that takes over a
 * stale claim whose mark has no result does not post again (at most one DM: the row is
 * marked failed with a note that the DM may have gone out).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { formatDateBr } from '../portfolio/periods.js';
import { ms } from '../delivery/ledger/rows.js';
import { CONTACT_CHANNEL_LABELS } from '../render/project-card.js';

export interface DueReminder {
  id: number;
  token: string;
  projectCode: string;
  clientName: string;
  slackUserId: string | null;
  contactOn: string | null;
  channel: string | null;
  note: string | null;
  /** The previous holder wrote its mark and died: the DM may already exist. */
  interrupted: boolean;
}

/** Claims up to `limit` reminders due at `now` (pending, or sending with a stale claim). */
export async function claimDueReminders(
  db: Kysely<DB>,
  opts: { token: string; now: Date; staleMs: number; limit?: number },
): Promise<DueReminder[]> {
  const r = await sql<{
    id: string;
    project_code: string;
    client_name: string;
    slack_user_id: string | null;
    contact_on: string | null;
    channel: string | null;
    note: string | null;
    interrupted: boolean;
  }>`
    WITH due AS (
      SELECT id FROM contact_reminders
      WHERE due_at <= ${opts.now}
        AND (status = 'pending'
             OR (status = 'sending' AND claimed_at < now() - ${ms(opts.staleMs)}))
      ORDER BY due_at, id
      LIMIT ${opts.limit ?? 50}
      FOR UPDATE SKIP LOCKED),
    claimed AS (
      UPDATE contact_reminders r
      SET status = 'sending', claimed_by = ${opts.token}, claimed_at = now(),
          attempts = r.attempts + 1
      FROM due WHERE r.id = due.id
      RETURNING r.id, r.project_id, r.contact_id, r.salesperson_id,
                (r.post_started_at IS NOT NULL) AS interrupted)
    SELECT c.id::text, p.code AS project_code, cl.name AS client_name, sp.slack_user_id,
           ((k.contacted_at AT TIME ZONE st.timezone)::date)::text AS contact_on,
           k.channel, k.note, c.interrupted
    FROM claimed c
    JOIN projects p ON p.id = c.project_id
    JOIN clients cl ON cl.id = p.client_id
    JOIN stores st ON st.id = p.store_id
    JOIN salespeople sp ON sp.id = c.salesperson_id AND sp.active
    LEFT JOIN contacts k ON k.id = c.contact_id`.execute(db);
  return r.rows.map((x) => ({
    id: Number(x.id),
    token: opts.token,
    projectCode: x.project_code,
    clientName: x.client_name,
    slackUserId: x.slack_user_id,
    contactOn: x.contact_on,
    channel: x.channel,
    note: x.note,
    interrupted: x.interrupted,
  }));
}

async function fenced(
  db: Kysely<DB>,
  r: Pick<DueReminder, 'id' | 'token'>,
  set: Record<string, unknown>,
): Promise<boolean> {
  const u = await db
    .updateTable('contact_reminders')
    .set(set)
    .where('id', '=', String(r.id))
    .where('claimed_by', '=', r.token)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(u.numUpdatedRows) > 0;
}

export const markReminderStarted = (db: Kysely<DB>, r: DueReminder) =>
  fenced(db, r, { post_started_at: sql`now()` });

export const finishReminder = (
  db: Kysely<DB>,
  r: DueReminder,
  result: { status: 'sent' | 'failed'; channel?: string; error?: string },
) =>
  fenced(db, r, {
    status: result.status,
    ...(result.status === 'sent' ? { sent_at: sql`now()` } : {}),
    ...(result.channel ? { slack_channel: result.channel } : {}),
    ...(result.error ? { error: result.error } : {}),
  });

/**
 * Gives a claim back after a transient error. `clearMark` only when Slack certainly did not
 * act (a 429, or a failure before the post): otherwise the mark stays and the next claim
 * sees an interrupted post instead of posting twice.
 */
export const releaseReminder = (
  db: Kysely<DB>,
  r: DueReminder,
  error: string,
  clearMark: boolean,
) =>
  fenced(db, r, {
    status: 'pending',
    claimed_by: null,
    ...(clearMark ? { post_started_at: null } : {}),
    error,
  });

export const REMINDER_NOTES = {
  notLinked: 'responsável sem usuário do Slack vinculado',
  interrupted: 'o envio foi interrompido e pode ter chegado; não reenviado para não duplicar',
} as const;

/** The DM, in Portuguese: which project, which client, what was said last time. */
export function reminderText(r: DueReminder): string {
  const last = r.contactOn
    ? ` Último contato registrado: ${formatDateBr(r.contactOn)}${
        r.channel ? ` (${CONTACT_CHANNEL_LABELS[r.channel] ?? r.channel})` : ''
      }${r.note ? ` — “${r.note}”` : ''}.`
    : '';
  return (
    `:alarm_clock: Lembrete: retome o contato com ${r.clientName} sobre o projeto ${r.projectCode}.` +
    `${last} Abra a ficha com \`/carteira projeto ${r.projectCode}\` para registrar o novo contato.`
  );
}
