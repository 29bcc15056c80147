/**
 * "Cada responsável em privado": who receives a fan-out, and what each one sees.
 *
 * The subscription runs with its owner's rights (a gerente: the store; an admin: all).
 * Each recipient gets the view's rows restricted to the projects they are responsible
 * for — the intersection of the owner's scope, the view's own responsible filter and the
 * recipient — never anything the owner could not see. Recipients are the salespeople
 * responsible for at least one of those rows at the occurrence's report date.
 *
 * A goals view ("Metas do mês") has goal lines, not projects: its candidates are the people
 * the owner may see who have a goal of their own of the view's measure in the report date's
 * month — with or without projects (a salesperson who sold nothing yet still gets their
 * line, 0 realizado).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { goalsSpecOf, type ViewDefinition } from '../portfolio/definition.js';
import { runReport } from '../portfolio/query.js';
import { peopleInScope, projectsInScope, scopeOf } from '../access.js';
import { subordinatesOf, type Viewer } from '../portfolio/viewer.js';

export interface FanOutRecipient {
  salespersonId: number;
  name: string;
  slackUserId: string | null;
  rowCount: number;
}

/**
 * The view restricted to one responsible salesperson, or null when the view's own
 * responsible filter excludes them ("me" of the owner, or a list).
 */
export async function restrictToResponsible(
  db: Kysely<DB>,
  definition: ViewDefinition,
  owner: Viewer,
  salespersonId: number,
): Promise<ViewDefinition | null> {
  const responsible = definition.filters.responsible;
  if (responsible.mode !== 'all') {
    const base = responsible.mode === 'me' ? [owner.id] : responsible.salespersonIds;
    const allowed = new Set(base);
    if (responsible.includeSubordinates)
      for (const id of await subordinatesOf(db, base)) allowed.add(id);
    if (!allowed.has(salespersonId)) return null;
  }
  return {
    ...definition,
    filters: {
      ...definition.filters,
      responsible: { mode: 'list', salespersonIds: [salespersonId], includeSubordinates: false },
    },
  };
}

/**
 * The candidates: salespeople responsible for some project the owner may see; for a goals
 * view, the people the owner may see with a goal of their own in the report date's month.
 */
async function candidates(db: Kysely<DB>, owner: Viewer, definition: ViewDefinition, asOf: string) {
  const scope = await scopeOf(db, owner);
  const goals = goalsSpecOf(definition);
  if (goals) {
    const r = await sql<{ id: number; name: string; slack_user_id: string | null }>`
      SELECT sp.id, sp.name, sp.slack_user_id
      FROM salespeople sp
      WHERE sp.active AND ${peopleInScope(scope, 'sp')} AND EXISTS (
        SELECT 1 FROM goals g
        WHERE g.salesperson_id = sp.id AND g.measure = ${goals.measure}
          AND g.month = date_trunc('month', ${asOf}::date)::date)
      ORDER BY sp.name, sp.id`.execute(db);
    return r.rows;
  }
  const where = projectsInScope(scope, 'ps');
  const r = await sql<{ id: number; name: string; slack_user_id: string | null }>`
    SELECT sp.id, sp.name, sp.slack_user_id
    FROM salespeople sp
    WHERE sp.active AND EXISTS (
      SELECT 1 FROM project_summary ps WHERE ps.salesperson_id = sp.id AND ${where})
    ORDER BY sp.name, sp.id`.execute(db);
  return r.rows;
}

/** Every recipient of a fan-out at report date `asOf`, with how many rows each one gets. */
export async function fanOutRecipients(
  db: Kysely<DB>,
  opts: { definition: ViewDefinition; owner: Viewer; asOf: string; now: Date },
): Promise<FanOutRecipient[]> {
  const out: FanOutRecipient[] = [];
  for (const c of await candidates(db, opts.owner, opts.definition, opts.asOf)) {
    const definition = await restrictToResponsible(db, opts.definition, opts.owner, c.id);
    if (!definition) continue;
    const result = await runReport(db, {
      definition,
      viewer: opts.owner,
      asOf: opts.asOf,
      limit: 0,
      now: opts.now,
      compare: false,
    });
    if (result.totals.count > 0) {
      out.push({
        salespersonId: c.id,
        name: c.name,
        slackUserId: c.slack_user_id,
        rowCount: result.totals.count,
      });
    }
  }
  return out;
}
