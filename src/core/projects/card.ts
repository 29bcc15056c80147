/**
 * The card of one project (docs/domain.md, "The project card"): everything the portfolio
 * knows about it — client, responsible, store, specifier, dates, closing status and
 * forecast, each room with its value and contract, each contract, the purchase orders and
 * the latest contacts. Rights come from access.ts: a viewer opens only a project of their
 * scope; anyone else gets the Portuguese refusal and no data.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ContactSource, DB } from '../db/schema.js';
import { CarteiraError } from '../errors.js';
import { projectsInScope, scopeOf } from '../access.js';
import { ROLE_LABELS, type Viewer } from '../portfolio/viewer.js';
import { situationFromCode, type SituationId } from '../portfolio/situations.js';
import { isIsoDate, todayIn } from '../portfolio/periods.js';

/** Contacts a card lists (newest first). */
export const CARD_CONTACTS = 10;

export interface CardContact {
  /** Calendar day in the store's timezone, `AAAA-MM-DD`. */
  on: string;
  channel: string | null;
  note: string | null;
  /** Who wrote it (Slack, CLI), or the responsible for a contact the ERP recorded. */
  by: string | null;
  source: ContactSource;
}

export interface ProjectCard {
  id: number;
  code: string;
  client: {
    code: string;
    name: string;
    phone: string | null;
    email: string | null;
    city: string | null;
  };
  responsible: { id: number; name: string; email: string; slackUserId: string | null };
  store: { code: string; name: string; timezone: string };
  specifier: { code: string; name: string } | null;
  createdOn: string;
  closingStatus: string | null;
  probableSale: boolean;
  closingForecast: string | null;
  estimatedValue: number;
  contractValue: number;
  situation: SituationId;
  lastContactOn: string | null;
  /** Report date minus the last contact, in days (the report's "Dias sem contato"). */
  daysWithoutContact: number | null;
  asOf: string;
  rooms: { name: string; value: number; contract: string | null }[];
  contracts: { number: string; situation: SituationId; value: number; createdOn: string }[];
  purchaseOrders: {
    number: string;
    contract: string;
    supplier: string | null;
    issuedOn: string;
    status: string | null;
  }[];
  contacts: CardContact[];
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Trims and checks a project code as a user typed it. */
export function parseProjectCode(raw: string | undefined): string {
  const code = (raw ?? '').trim();
  if (!code || code.length > 60 || /\s/.test(code)) {
    throw new CarteiraError(
      'invalid_input',
      'Diga o código do projeto, sem espaços — por exemplo `/carteira projeto P-0123`.',
    );
  }
  return code;
}

/** Refusal for a project outside the viewer's scope (it says whose rights, not whose project). */
export function refusal(viewer: Viewer, code: string): CarteiraError {
  const reach =
    viewer.role === 'vendedor'
      ? 'como vendedor, você vê só os seus projetos e os dos seus subordinados'
      : `como ${ROLE_LABELS[viewer.role]}, você vê só os projetos da loja ${viewer.storeName}`;
  return new CarteiraError(
    'forbidden',
    `O projeto ${code} não está na sua carteira: ${reach}. Peça ao responsável ou a um gerente.`,
  );
}

/**
 * The project `code` as `viewer` may see it. Throws `project_not_found` when there is no
 * such project and `forbidden` when it exists outside the viewer's scope.
 */
export async function findProjectInScope(
  db: Kysely<DB>,
  viewer: Viewer,
  code: string,
): Promise<{ id: number; code: string; storeId: number; salespersonId: number; timezone: string }> {
  const scope = await scopeOf(db, viewer);
  const row = await db
    .selectFrom('project_summary as ps')
    .innerJoin('stores as st', 'st.id', 'ps.store_id')
    .select([
      'ps.project_id as id',
      'ps.project_code as code',
      'ps.store_id as storeId',
      'ps.salesperson_id as salespersonId',
      'st.timezone',
      sql<boolean>`${projectsInScope(scope, 'ps')}`.as('visible'),
    ])
    .where(sql`lower(ps.project_code)`, '=', code.toLowerCase())
    .orderBy(sql`ps.project_code = ${code}`, 'desc')
    .executeTakeFirst();
  if (!row)
    throw new CarteiraError(
      'project_not_found',
      `Nenhum projeto com o código ${code}. Confira o código (como aparece na coluna Projeto do relatório).`,
    );
  if (!row.visible) throw refusal(viewer, code);
  return {
    id: row.id,
    code: row.code,
    storeId: row.storeId,
    salespersonId: row.salespersonId,
    timezone: row.timezone,
  };
}

/**
 * Loads the card. `asOf` (`AAAA-MM-DD`) is the day "dias sem contato" counts to; by
 * default today in the project's store timezone at `now`.
 */
export async function getProjectCard(
  db: Kysely<DB>,
  viewer: Viewer,
  rawCode: string,
  opts: { now: Date; asOf?: string },
): Promise<ProjectCard> {
  const code = parseProjectCode(rawCode);
  if (opts.asOf !== undefined && !isIsoDate(opts.asOf))
    throw new CarteiraError('invalid_input', `Data inválida: “${opts.asOf}”. Use AAAA-MM-DD.`);
  const found = await findProjectInScope(db, viewer, code);
  const id = found.id;
  const tz = found.timezone;
  const asOf = opts.asOf ?? todayIn(tz, opts.now);
  const day = (col: string) => sql<string>`(${sql.ref(col)} AT TIME ZONE ${tz})::date::text`;

  const [head, rooms, contracts, orders, contacts] = await Promise.all([
    db
      .selectFrom('projects as p')
      .innerJoin('project_summary as ps', 'ps.project_id', 'p.id')
      .innerJoin('clients as c', 'c.id', 'p.client_id')
      .innerJoin('salespeople as sp', 'sp.id', 'p.salesperson_id')
      .innerJoin('stores as st', 'st.id', 'p.store_id')
      .leftJoin('specifiers as sf', 'sf.id', 'p.specifier_id')
      .select([
        'p.code',
        'c.code as clientCode',
        'c.name as clientName',
        'c.phone',
        'c.email as clientEmail',
        'c.city',
        'sp.id as spId',
        'sp.name as spName',
        'sp.email as spEmail',
        'sp.slack_user_id as spSlack',
        'st.code as storeCode',
        'st.name as storeName',
        'st.timezone',
        'sf.code as specCode',
        'sf.name as specName',
        'ps.created_on',
        'p.closing_status',
        'p.probable_sale',
        sql<string | null>`p.closing_forecast::text`.as('closing_forecast'),
        'p.estimated_value',
        'ps.contract_value',
        'ps.situation',
        'ps.last_contact_on',
        day('p.last_contact_at').as('erp_contact_on'),
      ])
      .where('p.id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('environments as e')
      .leftJoin('contracts as k', 'k.id', 'e.contract_id')
      .select(['e.name', 'e.value', 'k.number'])
      .where('e.project_id', '=', id)
      .orderBy('e.name')
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('contracts as k')
      .select(['k.number', 'k.stage', 'k.value', day('k.created_at').as('created_on')])
      .where('k.project_id', '=', id)
      .orderBy('k.created_at')
      .orderBy('k.id')
      .execute(),
    db
      .selectFrom('purchase_orders as po')
      .innerJoin('contracts as k', 'k.id', 'po.contract_id')
      .select([
        'po.number',
        'k.number as contract',
        'po.supplier',
        'po.status',
        day('po.issued_at').as('issued_on'),
      ])
      .where('k.project_id', '=', id)
      .orderBy('po.issued_at', 'desc')
      .orderBy('po.id', 'desc')
      .execute(),
    db
      .selectFrom('contacts as ct')
      .leftJoin('salespeople as w', (j) =>
        j.on(sql<SqlBool>`w.id = coalesce(ct.created_by, ct.salesperson_id)`),
      )
      .select([
        day('ct.contacted_at').as('on'),
        'ct.channel',
        'ct.note',
        'ct.source',
        'w.name as by',
      ])
      .where('ct.project_id', '=', id)
      .orderBy('ct.contacted_at', 'desc')
      .orderBy('ct.id', 'desc')
      .limit(CARD_CONTACTS)
      .execute(),
  ]);

  const list: CardContact[] = contacts.map((c) => ({
    on: c.on,
    channel: c.channel,
    note: c.note,
    by: c.by,
    source: c.source,
  }));
  // The ERP's "último contato" is a contact too; shown where it falls among the others.
  if (head.erp_contact_on) {
    list.push({
      on: head.erp_contact_on,
      channel: null,
      note: null,
      by: head.spName,
      source: 'erp',
    });
    list.sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
    list.splice(CARD_CONTACTS);
  }
  const last = head.last_contact_on;
  return {
    id,
    code: head.code,
    client: {
      code: head.clientCode,
      name: head.clientName,
      phone: head.phone,
      email: head.clientEmail,
      city: head.city,
    },
    responsible: {
      id: head.spId,
      name: head.spName,
      email: head.spEmail,
      slackUserId: head.spSlack,
    },
    store: { code: head.storeCode, name: head.storeName, timezone: head.timezone },
    specifier: head.specCode ? { code: head.specCode, name: head.specName ?? head.specCode } : null,
    createdOn: head.created_on,
    closingStatus: head.closing_status,
    probableSale: head.probable_sale,
    closingForecast: head.closing_forecast,
    estimatedValue: num(head.estimated_value),
    contractValue: num(head.contract_value),
    situation: situationFromCode(head.situation),
    lastContactOn: last,
    daysWithoutContact: last ? daysBetween(last, asOf) : null,
    asOf,
    rooms: rooms.map((r) => ({ name: r.name, value: num(r.value), contract: r.number })),
    contracts: contracts.map((k) => ({
      number: k.number,
      situation: situationFromCode(k.stage),
      value: num(k.value),
      createdOn: k.created_on,
    })),
    purchaseOrders: orders.map((o) => ({
      number: o.number,
      contract: o.contract,
      supplier: o.supplier,
      issuedOn: o.issued_on,
      status: o.status,
    })),
    contacts: list,
  };
}
