/**
 * Who runs a view: the salesperson behind a Slack user, an e-mail or an id, and the
 * supervisor chain below them. What a viewer may see is decided in ../access.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.js';
import { CarteiraError } from '../errors.js';

export interface Viewer {
  id: number;
  name: string;
  email: string;
  role: Role;
  storeId: number;
  storeName: string;
  /** The viewer's store timezone: the report date and periods are resolved in it. */
  timezone: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  vendedor: 'vendedor',
  gerente: 'gerente',
  admin: 'administrador',
};

type ViewerLookup = { id: number } | { email: string } | { slackUserId: string };

/** Loads a salesperson as a viewer; throws `salesperson_not_found` in Portuguese. */
export async function loadViewer(db: Kysely<DB>, by: ViewerLookup): Promise<Viewer> {
  let q = db
    .selectFrom('salespeople as sp')
    .innerJoin('stores as st', 'st.id', 'sp.store_id')
    .select([
      'sp.id',
      'sp.name',
      'sp.email',
      'sp.role',
      'sp.store_id as storeId',
      'st.name as storeName',
      'st.timezone',
    ])
    .where('sp.active', '=', true);
  if ('id' in by) q = q.where('sp.id', '=', by.id);
  else if ('email' in by) q = q.where('sp.email', '=', by.email.trim().toLowerCase());
  else q = q.where('sp.slack_user_id', '=', by.slackUserId);
  const row = await q.executeTakeFirst();
  if (!row) {
    const message =
      'email' in by
        ? `Nenhum vendedor ativo com o e-mail ${by.email}. Confira o e-mail ou importe vendedores.csv.`
        : 'id' in by
          ? `Nenhum vendedor ativo com o nº ${by.id}.`
          : 'Seu usuário do Slack não está vinculado a um vendedor ativo. Peça a um gerente: ' +
            '`/carteira vincular @você seu.email@loja.com.br` (ou preencha slack_id em vendedores.csv).';
    throw new CarteiraError('salesperson_not_found', message);
  }
  return row;
}

/** Ids of everyone below `ids` in the supervisor chain (not including `ids`). */
export async function subordinatesOf(db: Kysely<DB>, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const r = await sql<{ id: number }>`
    WITH RECURSIVE below(id) AS (
      SELECT id FROM salespeople WHERE supervisor_id = ANY(${[...ids]}::int[])
      UNION
      SELECT s.id FROM salespeople s JOIN below b ON s.supervisor_id = b.id
    )
    SELECT id FROM below`.execute(db);
  const start = new Set(ids);
  return r.rows.map((x) => x.id).filter((id) => !start.has(id));
}
