/**
 * Plans one occurrence of a follow-up alert: who is told today, in the delivery ledger.
 *
 * In one transaction (the subscription row locked, so two planners of the same alert take
 * turns):
 *   1. the matches at the report date, within the owner's rights;
 *   2. `alert_hits` follows them: new matches start counting (first_matched_on), matches
 *      that stopped matching are forgotten (a later match starts again);
 *   3. each responsible with a match not yet told today gets a ledger row `sp:<id>` (one DM
 *      with all their matching projects); their hits are marked told today;
 *   4. each hit matching for `escalate_after_days` days and never escalated is escalated,
 *      once, to the responsible's supervisor — or, without one, to the store's gerente — when
 *      the project is within that person's rights; each of them gets one row `esc:<id>`.
 * The ledger rows are written in the same transaction, so a hit is marked told exactly
 * when its delivery exists; the ledger then posts each row once.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { createDeliveries, type PlannedRecipient } from '../delivery/ledger.js';
import { SKIP_NOTES } from '../delivery/messages.js';
import type { OccurrenceOrigin } from '../delivery/schema.js';
import { scopeOf, projectsInScope } from '../access.js';
import { loadViewer, type Viewer } from '../portfolio/viewer.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { alertMatches } from './conditions.js';

export const ALERT_NOTES = {
  nothing: 'nenhum projeto atende à condição do alerta: nada a enviar',
  toldToday: 'responsáveis já avisados hoje: nada novo a enviar',
} as const;

/** Ledger recipient keys of an alert: the responsible, the escalation. */
export type AlertRecipient = { kind: 'responsible' | 'escalation'; salespersonId: number };

export function alertRecipientKey(r: AlertRecipient): string {
  return `${r.kind === 'responsible' ? 'sp' : 'esc'}:${r.salespersonId}`;
}

export function parseAlertRecipient(key: string): AlertRecipient | null {
  const m = /^(sp|esc):([1-9][0-9]*)$/.exec(key);
  if (!m) return null;
  const id = Number(m[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { kind: m[1] === 'sp' ? 'responsible' : 'escalation', salespersonId: id };
}

/** Whom a responsible's lingering match goes to: their supervisor, else the store's gerente. */
async function escalationCandidates(
  db: Kysely<DB>,
  responsibleId: number,
  storeId: number,
): Promise<number[]> {
  const r = await sql<{ id: number }>`
    SELECT id FROM (
      SELECT s.id, 0 AS rank FROM salespeople p JOIN salespeople s ON s.id = p.supervisor_id
       WHERE p.id = ${responsibleId}::int AND s.active
      UNION ALL
      SELECT g.id, 1 FROM salespeople g
       WHERE g.store_id = ${storeId}::int AND g.role = 'gerente' AND g.active
         AND g.id <> ${responsibleId}::int
    ) c ORDER BY rank, id`.execute(db);
  return [...new Set(r.rows.map((x) => x.id))];
}

/** Whether a project is within the rights of salesperson `viewerId` (access.ts). */
async function projectVisibleTo(
  db: Kysely<DB>,
  viewer: Viewer,
  projectId: number,
): Promise<boolean> {
  const where = projectsInScope(await scopeOf(db, viewer), 'ps');
  const r = await sql<{ ok: number }>`
    SELECT 1 AS ok FROM project_summary ps WHERE ps.project_id = ${projectId}::int AND ${where}`.execute(
    db,
  );
  return r.rows.length > 0;
}

export async function planAlert(
  db: Kysely<DB>,
  opts: {
    subscription: Subscription;
    owner: Viewer;
    scheduledFor: Date;
    asOf: string;
    origin: OccurrenceOrigin;
    late: boolean;
  },
): Promise<PlannedRecipient[]> {
  const { subscription: sub, owner, asOf } = opts;
  const alert = sub.alert;
  if (!alert) throw new Error(`subscription ${sub.id} is not an alert`);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT id FROM subscriptions WHERE id = ${sub.id}::int FOR UPDATE`.execute(trx);
    // Planned already (another job of the same occurrence): the rows it wrote.
    const existing = await trx
      .selectFrom('deliveries')
      .select(['recipient', 'status', 'note'])
      .where('subscription_id', '=', sub.id)
      .where('scheduled_for', '=', opts.scheduledFor)
      .execute();
    if (existing.length > 0)
      return existing.map((d) => ({
        recipient: d.recipient,
        status: d.status === 'skipped' ? ('skipped' as const) : ('pending' as const),
        note: d.note,
      }));

    const matches = await alertMatches(trx, {
      condition: alert.condition,
      days: alert.days,
      asOf,
      scope: await scopeOf(trx, owner),
    });
    const projects = matches.map((m) => m.projectId);
    const contracts = matches.map((m) => m.contractId);
    await sql`
      DELETE FROM alert_hits h
       WHERE h.subscription_id = ${sub.id}::int
         AND (h.project_id, h.contract_id) NOT IN (
           SELECT * FROM unnest(${projects}::int[], ${contracts}::int[]))`.execute(trx);
    if (matches.length > 0) {
      await sql`
        INSERT INTO alert_hits (subscription_id, project_id, contract_id, salesperson_id, first_matched_on)
        SELECT ${sub.id}::int, p, c, s, ${asOf}::date
          FROM unnest(${projects}::int[], ${contracts}::int[], ${matches.map((m) => m.salespersonId)}::int[]) AS u(p, c, s)
        ON CONFLICT (subscription_id, project_id, contract_id)
          DO UPDATE SET salesperson_id = EXCLUDED.salesperson_id`.execute(trx);
    }

    // 3. The responsibles not told today.
    const told = await sql<{ salesperson_id: number }>`
      UPDATE alert_hits h SET last_notified_on = ${asOf}::date
       WHERE h.subscription_id = ${sub.id}::int
         AND h.salesperson_id IN (
           SELECT salesperson_id FROM alert_hits
            WHERE subscription_id = ${sub.id}::int
              AND (last_notified_on IS NULL OR last_notified_on < ${asOf}::date))
      RETURNING h.salesperson_id`.execute(trx);
    const responsibles = [...new Set(told.rows.map((r) => r.salesperson_id))];

    // 4. Escalations due.
    const escalated = new Set<number>();
    if (alert.escalateAfterDays) {
      const due = await sql<{ project_id: number; contract_id: number; salesperson_id: number }>`
        SELECT h.project_id, h.contract_id, h.salesperson_id
          FROM alert_hits h
         WHERE h.subscription_id = ${sub.id}::int AND h.escalated_on IS NULL
           AND h.first_matched_on <= ${asOf}::date - ${alert.escalateAfterDays}::int
         ORDER BY h.project_id, h.contract_id`.execute(trx);
      const storeOf = new Map(matches.map((m) => [m.projectId, m.storeId]));
      const viewers = new Map<number, Viewer | null>();
      const viewerOf = async (id: number) => {
        if (!viewers.has(id)) viewers.set(id, await loadViewer(trx, { id }).catch(() => null));
        return viewers.get(id) ?? null;
      };
      for (const hit of due.rows) {
        const storeId = storeOf.get(hit.project_id);
        if (storeId === undefined) continue;
        for (const candidate of await escalationCandidates(trx, hit.salesperson_id, storeId)) {
          const viewer = await viewerOf(candidate);
          if (!viewer || !(await projectVisibleTo(trx, viewer, hit.project_id))) continue;
          await sql`
            UPDATE alert_hits SET escalated_on = ${asOf}::date, escalated_to = ${candidate}::int
             WHERE subscription_id = ${sub.id}::int AND project_id = ${hit.project_id}::int
               AND contract_id = ${hit.contract_id}::int`.execute(trx);
          escalated.add(candidate);
          break;
        }
      }
    }

    const people = await trx
      .selectFrom('salespeople')
      .select(['id', 'slack_user_id'])
      .where('id', 'in', [...responsibles, ...escalated, 0])
      .execute();
    const linked = new Map(people.map((p) => [p.id, p.slack_user_id]));
    const row = (r: AlertRecipient): PlannedRecipient =>
      linked.get(r.salespersonId)
        ? { recipient: alertRecipientKey(r), status: 'pending' }
        : { recipient: alertRecipientKey(r), status: 'skipped', note: SKIP_NOTES.notLinked };
    let recipients: PlannedRecipient[] = [
      ...responsibles.map((id) => row({ kind: 'responsible', salespersonId: id })),
      ...[...escalated].map((id) => row({ kind: 'escalation', salespersonId: id })),
    ];
    if (recipients.length === 0) {
      recipients = [
        {
          recipient: '',
          status: 'skipped',
          note: matches.length ? ALERT_NOTES.toldToday : ALERT_NOTES.nothing,
        },
      ];
    }
    await createDeliveries(trx, {
      subscriptionId: sub.id,
      scheduledFor: opts.scheduledFor,
      origin: opts.origin,
      late: opts.late,
      recipients,
    });
    return recipients;
  });
}
