/**
 * A goals view ("Metas do mês", docs/domain.md "Goals"): the month's goals of one measure
 * as a report — the same `ReportResult` (columns, rows, totals) the project views give, so
 * Slack, the terminal, PDF, CSV, XLSX and JSON render it without a case of their own.
 *
 * Lines, in this order, of the goals the viewer may see (src/core/access.ts):
 * 1. each salesperson's goal (by name);
 * 2. each supervisor's team — "Equipe de <supervisor>": the sum of the goals of the
 *    supervisor and of everyone below them in the chain who has one (targets, achieved
 *    and projections added; the percentage, what is missing and the pace recomputed from
 *    the sums). Shown when at least two of the team's goals are visible;
 * 3. each store's goal; 4. the company's.
 *
 * The month is the report date's month (the report date is already in the viewer's store
 * timezone; each project is counted in its own store's timezone, progress.ts).
 *
 * A fan-out (one salesperson's copy) restricts the view with the responsible filter: the
 * recipient's own line only (a vendedor sees only their own goals, access.ts). Without an
 * own goal the copy is empty.
 */
import type { Kysely } from 'kysely';
import { describeGoalsScope, goalInPeopleCopy } from '../access.js';
import type { DB, GoalMeasure } from '../db/schema.js';
import type { GoalsViewSpec, ViewDefinition } from '../portfolio/definition.js';
import type { ReportColumn, ReportResult, ReportRow } from '../portfolio/result.js';
import { subordinatesOf, type Viewer } from '../portfolio/viewer.js';
import { monthName } from '../time/months.js';
import { MEASURE_LABELS } from './goals.js';
import { goalFigures, goalProgress, type GoalFigures, type GoalProgress } from './progress.js';
import { dataFreshness, type FreshnessOptions } from '../import/runs.js';

/** A line of the report: one goal, or a team's sum. */
interface GoalLine extends GoalFigures {
  key: string;
  scope: 'salesperson' | 'team' | 'store' | 'company';
  label: string;
  storeName: string | null;
  salesperson: string | null;
  store: string | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function columnsFor(measure: GoalMeasure): ReportColumn[] {
  const figure = measure === 'valor_contratado' ? 'money' : 'integer';
  const pace = measure === 'valor_contratado' ? 'money' : 'decimal';
  return [
    { id: 'goal_line', label: 'Meta de', type: 'text' },
    { id: 'goal_store', label: 'Loja', type: 'text' },
    { id: 'goal_target', label: 'Meta', type: figure },
    { id: 'goal_achieved', label: 'Realizado', type: figure },
    { id: 'goal_ratio', label: '%', type: 'percent' },
    { id: 'goal_remaining', label: 'Falta', type: figure },
    { id: 'goal_pace', label: 'Ritmo necessário (por dia útil)', type: pace },
    { id: 'goal_projection', label: 'Projeção', type: figure },
  ];
}

/** "Loja Centro"; a store already named "Loja Paulista" is not called "Loja Loja Paulista". */
function storeLabel(name: string): string {
  return /^loja\b/i.test(name) ? name : `Loja ${name}`;
}

function lineOf(g: GoalProgress): GoalLine {
  const scope = g.scope;
  return {
    key:
      scope === 'salesperson'
        ? `salesperson:${g.salespersonId}`
        : scope === 'store'
          ? `store:${g.storeId}`
          : 'company',
    scope,
    label:
      scope === 'salesperson'
        ? (g.salespersonName ?? g.salesperson ?? '')
        : scope === 'store'
          ? storeLabel(g.storeName ?? g.store ?? '')
          : 'Empresa',
    storeName: scope === 'company' ? null : g.storeName,
    salesperson: scope === 'salesperson' ? g.salesperson : null,
    // As in `goals progress`: a store code on a store's line only (a salesperson's goal is
    // theirs, not their store's; the Loja column still names their store).
    store: scope === 'store' ? g.store : null,
    ...goalFigures(g),
  };
}

/** A team's line: the sum of its members' goals. */
function teamLine(
  supervisor: { id: number; name: string; email: string },
  members: GoalProgress[],
): GoalLine {
  const target = round2(members.reduce((n, g) => n + g.target, 0));
  const achieved = round2(members.reduce((n, g) => n + g.achieved, 0));
  const remaining = Math.max(0, round2(target - achieved));
  const left = members[0]!.businessDaysLeft;
  const projections = members.map((g) => g.projection);
  const stores = new Set(members.map((g) => g.storeName));
  return {
    key: `team:${supervisor.id}`,
    scope: 'team',
    label: `Equipe de ${supervisor.name}`,
    storeName: stores.size === 1 ? members[0]!.storeName : null,
    salesperson: supervisor.email,
    store: stores.size === 1 ? members[0]!.store : null,
    measure: members[0]!.measure,
    target,
    achieved,
    ratio: target > 0 ? Math.round((achieved / target) * 1000) / 1000 : null,
    remaining,
    businessDaysLeft: left,
    dailyPaceNeeded: left > 0 ? round2(remaining / left) : null,
    projection: projections.some((p) => p === null)
      ? null
      : round2(projections.reduce<number>((n, p) => n + p!, 0)),
  };
}

/** The salespeople whose lines a restricted view shows (the responsible filter), or null: all. */
async function restrictedTo(
  db: Kysely<DB>,
  def: ViewDefinition,
  viewer: Viewer,
): Promise<Set<number> | null> {
  const r = def.filters.responsible;
  if (r.mode === 'all') return null;
  const base = r.mode === 'me' ? [viewer.id] : r.salespersonIds;
  const ids = r.includeSubordinates ? [...base, ...(await subordinatesOf(db, base))] : base;
  return new Set(ids);
}

/** Supervisors (with their chain below) of the salespeople who have a visible goal. */
async function teams(db: Kysely<DB>, personal: GoalProgress[]): Promise<GoalLine[]> {
  if (personal.length < 2) return [];
  const ids = personal.map((g) => g.salespersonId!);
  const people = await db
    .selectFrom('salespeople')
    .select(['id', 'name', 'email', 'supervisor_id'])
    .execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  const withGoal = new Map(personal.map((g) => [g.salespersonId!, g]));
  // Everyone above a salesperson with a goal leads a team containing them.
  const members = new Map<number, GoalProgress[]>();
  for (const id of ids) {
    const seen = new Set<number>([id]);
    let up = byId.get(id)?.supervisor_id ?? null;
    while (up !== null && !seen.has(up)) {
      seen.add(up);
      const list = members.get(up) ?? [];
      list.push(withGoal.get(id)!);
      members.set(up, list);
      up = byId.get(up)?.supervisor_id ?? null;
    }
  }
  const out: GoalLine[] = [];
  for (const [supervisorId, list] of members) {
    const own = withGoal.get(supervisorId);
    const all = own ? [own, ...list] : list;
    if (all.length < 2) continue;
    const sup = byId.get(supervisorId)!;
    out.push(teamLine(sup, all));
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, 'pt-BR'));
}

function toRow(line: GoalLine): ReportRow {
  return {
    project: line.key,
    goal_line: line.label,
    goal_store: line.storeName,
    goal_target: line.target,
    goal_achieved: line.achieved,
    goal_ratio: line.ratio,
    goal_remaining: line.remaining,
    goal_pace: line.dailyPaceNeeded,
    goal_projection: line.projection,
  };
}

/** The lines of a goals view for `viewer` at report date `asOf`. */
async function goalLines(
  db: Kysely<DB>,
  spec: GoalsViewSpec,
  def: ViewDefinition,
  viewer: Viewer,
  asOf: string,
): Promise<{ month: string; lines: GoalLine[] }> {
  const only = await restrictedTo(db, def, viewer);
  const report = await goalProgress(db, {
    viewer,
    asOf,
    // A restricted copy (one salesperson's DM) holds the people's own goals only (access.ts).
    keep: (g) => g.measure === spec.measure && (!only || goalInPeopleCopy(g, only)),
  });
  const goals = report.goals;
  const personal = goals
    .filter((g) => g.scope === 'salesperson')
    // By name as people sort it (Válter before Vera), whatever the database's collation.
    .sort((x, y) => (x.salespersonName ?? '').localeCompare(y.salespersonName ?? '', 'pt-BR'));
  if (only) return { month: report.month, lines: personal.map(lineOf) };
  const rest = goals.filter((g) => g.scope !== 'salesperson');
  return {
    month: report.month,
    lines: [
      ...personal.map(lineOf),
      ...(await teams(db, personal)),
      ...rest.filter((g) => g.scope === 'store').map(lineOf),
      ...rest.filter((g) => g.scope === 'company').map(lineOf),
    ],
  };
}

/** `2026-11` → `novembro de 2026`. */
function monthLabel(month: string): string {
  return `${monthName(Number(month.slice(5, 7)))} de ${month.slice(0, 4)}`;
}

/**
 * The goals view as a report. `limit` cuts the rows (the count stays over every line),
 * as for any view.
 */
export async function runGoalsReport(
  db: Kysely<DB>,
  req: {
    definition: ViewDefinition;
    spec: GoalsViewSpec;
    viewer: Viewer;
    asOf: string;
    view?: { id: string; name: string; description: string | null };
    limit?: number;
    now: Date;
    freshness?: FreshnessOptions;
  },
): Promise<ReportResult> {
  const { spec, viewer, asOf } = req;
  const [{ month, lines }, freshness] = await Promise.all([
    goalLines(db, spec, req.definition, viewer, asOf),
    dataFreshness(db, req.now, req.freshness),
  ]);
  const rows = lines.map(toRow);
  const limit =
    req.limit === undefined || !Number.isFinite(req.limit)
      ? rows.length
      : Math.max(0, Math.floor(req.limit));
  const first = `${month}-01`;
  const countedTo = asOf < first ? first : asOf;
  const daysLeft = lines[0]?.businessDaysLeft;
  const measure = MEASURE_LABELS[spec.measure];
  return {
    view: req.view ?? { id: '', name: 'Metas do mês', description: null },
    asOf,
    timezone: viewer.timezone,
    period: {
      field: spec.measure === 'projetos' ? 'project_created_at' : 'contract_created_at',
      from: first,
      to: countedTo,
    },
    columns: columnsFor(spec.measure),
    rows: rows.slice(0, limit),
    totals: {
      count: rows.length,
      estimated_value: 0,
      contract_value: 0,
      noun: { one: 'meta', many: 'metas' },
    },
    truncated: limit < rows.length,
    groupBy: null,
    groups: [],
    filtersSummary:
      `Metas de ${monthLabel(month)} · ${measure}` +
      (daysLeft === undefined
        ? ''
        : ` · ${daysLeft} ${daysLeft === 1 ? 'dia útil restante' : 'dias úteis restantes'}`),
    scopeNote: describeGoalsScope(viewer),
    generatedAt: req.now.toISOString(),
    comparison: null,
    freshness,
    emptyText: `Nenhuma meta de ${measure} para ${monthLabel(month)}. Um gerente define em \`/carteira metas\`.`,
    goals: {
      month,
      asOf,
      measure: spec.measure,
      goals: lines.map((l) => ({
        scope: l.scope,
        salesperson: l.salesperson,
        store: l.store,
        ...goalFigures(l),
      })),
    },
  };
}
