/**
 * What a follow-up alert matches (docs/domain.md, "Follow-up alerts"), always within a
 * scope from access.ts:
 *
 * - `no_contact`: open projects (situation neither `concluido` nor `cancelado`) whose last
 *   contact — or, never contacted, whose creation — is more than N days before the report
 *   date.
 * - `stalled_contract`: contracts in an open stage (not `concluido`, not `cancelado`) that have
 *   been in it for more than N days: since the import last saw the stage change
 *   (`contracts.stage_since`), or, never seen changing, since the latest of the contract's
 *   creation and its latest purchase order, as a calendar date in the store's timezone.
 *
 * Only projects of active salespeople match: the responsible is who is told.
 */
import { sql, type Kysely } from 'kysely';
import type { AlertCondition, DB } from '../db/schema.js';
import { projectsInScope, type Scope } from '../access.js';

export interface AlertMatch {
  projectId: number;
  /** The stalled contract; 0 for `no_contact`. */
  contractId: number;
  projectCode: string;
  clientName: string;
  salespersonId: number;
  salespersonName: string;
  storeId: number;
  /** The project's situation (no_contact) or the contract's stage (stalled), as stored. */
  situation: number;
  contractNumber: string | null;
  /** Days without contact, or days in the stage, at the report date. */
  days: number;
  /** The date counted from: last contact (or creation), or when the stage began. */
  since: string;
}

const CLOSED = [7, 8];

export async function alertMatches(
  db: Kysely<DB>,
  opts: {
    condition: AlertCondition;
    days: number;
    asOf: string;
    scope: Scope;
    /** Only this responsible's projects. */
    salespersonId?: number;
    /** Only these (project, contract) pairs. */
    only?: { projectId: number; contractId: number }[];
  },
): Promise<AlertMatch[]> {
  const scope = projectsInScope(opts.scope, 'ps');
  const person =
    opts.salespersonId === undefined
      ? sql`TRUE`
      : sql`ps.salesperson_id = ${opts.salespersonId}::int`;
  const onlyProjects = opts.only?.map((o) => o.projectId) ?? [];
  const onlyContracts = opts.only?.map((o) => o.contractId) ?? [];
  const only = opts.only
    ? sql`(m.project_id, m.contract_id) IN (SELECT * FROM unnest(${onlyProjects}::int[], ${onlyContracts}::int[]))`
    : sql`TRUE`;
  const inner =
    opts.condition === 'no_contact'
      ? sql`
        SELECT ps.project_id, 0 AS contract_id, ps.project_code, ps.client_name, ps.salesperson_id,
               sp.name AS salesperson_name, ps.store_id, ps.situation, NULL::text AS contract_number,
               COALESCE(ps.last_contact_on, ps.created_on) AS since
          FROM project_summary ps
          JOIN salespeople sp ON sp.id = ps.salesperson_id AND sp.active
         WHERE ${scope} AND ${person} AND NOT (ps.situation = ANY(${CLOSED}::int[]))`
      : sql`
        SELECT ps.project_id, c.id AS contract_id, ps.project_code, ps.client_name, ps.salesperson_id,
               sp.name AS salesperson_name, ps.store_id, c.stage AS situation, c.number AS contract_number,
               (COALESCE(c.stage_since, GREATEST(c.created_at, po.last_issued_at))
                  AT TIME ZONE st.timezone)::date AS since
          FROM contracts c
          JOIN project_summary ps ON ps.project_id = c.project_id
          JOIN stores st ON st.id = ps.store_id
          JOIN salespeople sp ON sp.id = ps.salesperson_id AND sp.active
          LEFT JOIN LATERAL (
            SELECT max(o.issued_at) AS last_issued_at FROM purchase_orders o WHERE o.contract_id = c.id
          ) po ON TRUE
         WHERE ${scope} AND ${person} AND NOT (c.stage = ANY(${CLOSED}::int[]))`;
  const r = await sql<{
    project_id: number;
    contract_id: number;
    project_code: string;
    client_name: string;
    salesperson_id: number;
    salesperson_name: string;
    store_id: number;
    situation: number;
    contract_number: string | null;
    since: string;
    days: number;
  }>`
    SELECT m.*, (${opts.asOf}::date - m.since)::int AS days
      FROM (${inner}) m
     WHERE m.since < ${opts.asOf}::date - ${opts.days}::int AND ${only}
     ORDER BY days DESC, m.project_code, m.contract_number`.execute(db);
  return r.rows.map((x) => ({
    projectId: x.project_id,
    contractId: x.contract_id,
    projectCode: x.project_code,
    clientName: x.client_name,
    salespersonId: x.salesperson_id,
    salespersonName: x.salesperson_name,
    storeId: x.store_id,
    situation: x.situation,
    contractNumber: x.contract_number,
    days: x.days,
    since: x.since,
  }));
}
