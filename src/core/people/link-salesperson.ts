/**
 * `vincular`: a gerente or admin links a Slack user to a salesperson (the e-mail in the
 * ERP); who may link whom is the access rule (../access.ts). A Slack user is linked to one
 * salesperson at most and a salesperson to one Slack user, so older links are undone —
 * in one transaction, and only when the actor may touch both.
 */
import type { Kysely } from 'kysely';
import { canLinkPeople, canLinkPersonOf } from '../access.js';
import type { DB } from '../db/schema.js';
import { CarteiraError } from '../errors.js';
import { ROLE_LABELS, type Viewer } from '../portfolio/viewer.js';

/** The refusals of a link, in Portuguese (the bot shows them as they are). */
export const linkRefusals = {
  forbidden: 'Só gerentes e administradores podem vincular pessoas. Peça a um deles.',
  otherStore: (store: string) =>
    `Como gerente, você só pode vincular pessoas da sua loja (${store}). Peça a um administrador.`,
  noSalesperson: (email: string) =>
    `Não encontrei um vendedor ativo com o e-mail ${email}. Confira o e-mail ou importe vendedores.csv.`,
};

export interface LinkResult {
  changed: boolean;
  salesperson: { id: number; name: string; email: string; role: string; storeName: string };
  /** Slack user the salesperson was linked to before (now unlinked). */
  previousUser: string | null;
  /** Salesperson the Slack user was linked to before (now unlinked). */
  previousPerson: string | null;
}

const EMAIL = /^[^\s@<>|]+@[^\s@<>|]+\.[^\s@<>|]+$/;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

export async function linkSlackUser(
  db: Kysely<DB>,
  actor: Viewer,
  slackUserId: string,
  email: string,
): Promise<LinkResult> {
  if (!canLinkPeople(actor)) throw new CarteiraError('forbidden', linkRefusals.forbidden);
  const normalized = email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const target = await trx
      .selectFrom('salespeople as sp')
      .innerJoin('stores as st', 'st.id', 'sp.store_id')
      .select([
        'sp.id',
        'sp.name',
        'sp.email',
        'sp.role',
        'sp.store_id as storeId',
        'st.name as storeName',
        'sp.slack_user_id as slackUserId',
      ])
      .where('sp.email', '=', normalized)
      .where('sp.active', '=', true)
      .forUpdate()
      .executeTakeFirst();
    if (!target)
      throw new CarteiraError('salesperson_not_found', linkRefusals.noSalesperson(normalized));
    if (!canLinkPersonOf(actor, target.storeId)) {
      throw new CarteiraError('forbidden', linkRefusals.otherStore(actor.storeName));
    }
    const salesperson = {
      id: target.id,
      name: target.name,
      email: target.email,
      role: ROLE_LABELS[target.role],
      storeName: target.storeName,
    };
    if (target.slackUserId === slackUserId) {
      return { changed: false, salesperson, previousUser: null, previousPerson: null };
    }
    const holder = await trx
      .selectFrom('salespeople')
      .select(['id', 'name', 'store_id as storeId'])
      .where('slack_user_id', '=', slackUserId)
      .forUpdate()
      .executeTakeFirst();
    if (holder && !canLinkPersonOf(actor, holder.storeId)) {
      throw new CarteiraError('forbidden', linkRefusals.otherStore(actor.storeName));
    }
    if (holder)
      await trx
        .updateTable('salespeople')
        .set({ slack_user_id: null })
        .where('id', '=', holder.id)
        .execute();
    await trx
      .updateTable('salespeople')
      .set({ slack_user_id: slackUserId })
      .where('id', '=', target.id)
      .execute();
    return {
      changed: true,
      salesperson,
      previousUser: target.slackUserId,
      previousPerson: holder ? holder.name : null,
    };
  });
}
