/**
 * How far each goal is (docs/domain.md, "Goals"). For the goal's month, from its first day
 * up to the report date inclusive, each project judged in its own store's timezone:
 *
 * - `valor_contratado`: the sum of the values of contracts **created** in that span that
 *   are not cancelled now, of the goal owner's projects (a salesperson: the projects they
 *   are responsible for; a store: the store's projects; the company: all);
 * - `contratos`: the number of those contracts;
 * - `projetos`: the projects created in that span.
 *
 * Business days are Monday to Saturday less national holidays (./business-days.ts). The
 * days left are those after the report date; the projection carries the pace so far
 * (achieved per elapsed business day) over the month's business days.
 */
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { goalsVisibleTo } from '../access.js';
import type { DB, GoalMeasure } from '../db/schema.js';
import { situationCode } from '../portfolio/situations.js';
import type { Viewer } from '../portfolio/viewer.js';
import { businessDaysBetween } from './business-days.js';
import { monthStart } from './goals.js';

export interface GoalProgress {
  goalId: number;
  scope: 'salesperson' | 'store' | 'company';
  /** The salesperson's id and e-mail (salesperson goals). */
  salespersonId: number | null;
  salesperson: string | null;
  salespersonName: string | null;
  /** The store's id and code (store goals; for salesperson goals, their store). */
  storeId: number | null;
  store: string | null;
  storeName: string | null;
  measure: GoalMeasure;
  target: number;
  achieved: number;
  /** achieved ÷ target (null for a zero target). */
  ratio: number | null;
  remaining: number;
  businessDaysLeft: number;
  /** What is still needed per business day left (null when none is left). */
  dailyPaceNeeded: number | null;
  /** The month's total at the pace so far (null before the first business day). */
  projection: number | null;
}

/** A goal's figures, as every output (report rows, JSON, CLI) shows them. */
export type GoalFigures = Pick<
  GoalProgress,
  | 'measure'
  | 'target'
  | 'achieved'
  | 'ratio'
  | 'remaining'
  | 'businessDaysLeft'
  | 'dailyPaceNeeded'
  | 'projection'
>;

/** Only the figures of a goal line, in the documented JSON order. */
export function goalFigures(g: GoalFigures): GoalFigures {
  return {
    measure: g.measure,
    target: g.target,
    achieved: g.achieved,
    ratio: g.ratio,
    remaining: g.remaining,
    businessDaysLeft: g.businessDaysLeft,
    dailyPaceNeeded: g.dailyPaceNeeded,
    projection: g.projection,
  };
}

export interface GoalsReport {
  /** `AAAA-MM`. */
  month: string;
  /** The report date, `AAAA-MM-DD`. */
  asOf: string;
  goals: GoalProgress[];
}

const CANCELLED = situationCode('cancelado');

const round2 = (n: number) => Math.round(n * 100) / 100;

function monthEnd(first: string): string {
  return DateTime.fromISO(first, { zone: 'UTC' }).endOf('month').toISODate()!;
}

/** The last day counted: the report date, clamped to the goal's month. */
function countedUntil(first: string, last: string, asOf: string): string | null {
  if (asOf < first) return null;
  return asOf > last ? last : asOf;
}

async function achievedFor(
  db: Kysely<DB>,
  goal: { measure: GoalMeasure; store_id: number | null; salesperson_id: number | null },
  from: string,
  to: string,
): Promise<number> {
  const owner =
    goal.salesperson_id !== null
      ? sql`p.salesperson_id = ${goal.salesperson_id}`
      : goal.store_id !== null
        ? sql`p.store_id = ${goal.store_id}`
        : sql`TRUE`;
  if (goal.measure === 'projetos') {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n
      FROM projects p JOIN stores st ON st.id = p.store_id
      WHERE ${owner}
        AND (p.created_at AT TIME ZONE st.timezone)::date BETWEEN ${from}::date AND ${to}::date`.execute(
      db,
    );
    return r.rows[0]?.n ?? 0;
  }
  const r = await sql<{ n: number; v: string }>`
    SELECT count(*)::int AS n, coalesce(sum(c.value), 0)::text AS v
    FROM contracts c
    JOIN projects p ON p.id = c.project_id
    JOIN stores st ON st.id = p.store_id
    WHERE ${owner}
      AND c.stage <> ${CANCELLED}
      AND (c.created_at AT TIME ZONE st.timezone)::date BETWEEN ${from}::date AND ${to}::date`.execute(
    db,
  );
  const row = r.rows[0];
  if (!row) return 0;
  return goal.measure === 'contratos' ? row.n : round2(Number(row.v));
}

/**
 * Progress of the goals of `month` (default: the report date's month) that `viewer` may
 * see, at report date `asOf` (`AAAA-MM-DD`). Salespeople first (by name), then stores,
 * then the company.
 */
export async function goalProgress(
  db: Kysely<DB>,
  opts: {
    viewer: Viewer;
    asOf: string;
    month?: string;
    /** Only these goals (of those the viewer may see), so the others are not counted. */
    keep?: (goal: {
      measure: GoalMeasure;
      salespersonId: number | null;
      /** The goal's store: a store goal's, or the salesperson's. */
      storeId: number | null;
    }) => boolean;
  },
): Promise<GoalsReport> {
  const month = opts.month ?? opts.asOf.slice(0, 7);
  const first = monthStart(month);
  const last = monthEnd(first);
  const goals = await db
    .selectFrom('goals as g')
    .leftJoin('salespeople as sp', 'sp.id', 'g.salesperson_id')
    .leftJoin('stores as st', (j) => j.on(sql<boolean>`st.id = coalesce(g.store_id, sp.store_id)`))
    .select([
      'g.id',
      'g.measure',
      'g.store_id',
      'g.salesperson_id',
      'g.target',
      'sp.email',
      'sp.name as sp_name',
      'st.id as st_id',
      'st.code as store_code',
      'st.name as store_name',
    ])
    .where('g.month', '=', first)
    .where(goalsVisibleTo(opts.viewer, 'g', 'sp'))
    .orderBy(
      sql`CASE WHEN g.salesperson_id IS NOT NULL THEN 0 WHEN g.store_id IS NOT NULL THEN 1 ELSE 2 END`,
    )
    .orderBy('sp.name')
    .orderBy('st.name')
    .orderBy('g.measure')
    .execute();

  const until = countedUntil(first, last, opts.asOf);
  const totalDays = businessDaysBetween(first, last);
  const elapsed = until ? businessDaysBetween(first, until) : 0;
  const dayAfter = DateTime.fromISO(until ?? first, { zone: 'UTC' })
    .plus({ days: until ? 1 : 0 })
    .toISODate()!;
  const left = opts.asOf > last ? 0 : businessDaysBetween(dayAfter, last);

  const out: GoalProgress[] = [];
  const keep = opts.keep;
  const kept = keep
    ? goals.filter((g) =>
        keep({ measure: g.measure, salespersonId: g.salesperson_id, storeId: g.st_id }),
      )
    : goals;
  for (const g of kept) {
    const target = Number(g.target);
    const achieved = until ? await achievedFor(db, g, first, until) : 0;
    const remaining = Math.max(0, round2(target - achieved));
    out.push({
      goalId: g.id,
      scope: g.salesperson_id !== null ? 'salesperson' : g.store_id !== null ? 'store' : 'company',
      salespersonId: g.salesperson_id,
      salesperson: g.email,
      salespersonName: g.sp_name,
      storeId: g.st_id,
      store: g.store_code,
      storeName: g.store_name,
      measure: g.measure,
      target,
      achieved,
      ratio: target > 0 ? Math.round((achieved / target) * 1000) / 1000 : null,
      remaining,
      businessDaysLeft: left,
      dailyPaceNeeded: left > 0 ? round2(remaining / left) : null,
      projection: elapsed > 0 ? round2((achieved / elapsed) * totalDays) : null,
    });
  }
  return { month, asOf: opts.asOf, goals: out };
}
