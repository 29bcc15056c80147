/**
 * The numbers of a view's chart: ONE grouped query over `project_summary` with the very
 * WHERE of the rows (the view's filters and the viewer's scope, from `plan`), so the
 * series add up to the report's totals and a vendedor's chart shows only their rows.
 * Grouping, top N and "Outros" are then arranged here in memory (a few hundred groups at
 * most: one per salesperson, store, specifier, month…).
 *
 *   const chart = await runChart(db, req); // null when the view has no chart
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import {
  CHART_MEASURE_LABELS,
  describeChart,
  isTimeDimension,
  type CategoryDimension,
  type ChartDimension,
  type ChartMeasure,
  type ChartSpec,
} from './chart.js';
import type { ColumnId } from './columns.js';
import { addDays, formatDateBr } from './periods.js';
import { PERIOD_COLUMN, from, plan, type ReportRequest } from './query.js';
import type { ResolvedPeriod } from './result.js';
import { SITUATION_IDS, situationFromCode, situationLabel } from './situations.js';
import { describeScope } from '../access.js';

type Expr = RawBuilder<unknown>;

/** One bar (or point): `count` projects, `value` the measure's sum over them. */
export interface ChartPoint {
  /** Situation id, salesperson/store/specifier id, closing status text, `AAAA-MM` (month),
   * `AAAA-MM-DD` (the Monday of a week); null for "(sem …)"; `_outros` for the rest. */
  key: string | null;
  label: string;
  count: number;
  value: number;
  /** Stacked bars: the bar split by `stackBy`, in `stacks` order (zero parts included). */
  parts?: ChartPoint[];
}

export interface ChartResult {
  spec: ChartSpec;
  view: { id: string; name: string };
  asOf: string;
  period: ResolvedPeriod | null;
  /** "Situação dos contratos — 01/01/2026 a 31/12/2026". */
  title: string;
  /** "Valor contratado por situação". */
  subtitle: string;
  measureLabel: string;
  series: ChartPoint[];
  /** Stacked bars: the stack categories, in drawing order. */
  stacks: { key: string | null; label: string }[];
  /** Over every matching project: equal to the report's totals. */
  totals: { count: number; value: number };
  scopeNote: string;
}

export const OTHERS_KEY = '_outros';
const OTHERS_LABEL = 'Outros';
/** Stacks beyond this many become "Outros" (a legend past 8 colours is not read). */
const MAX_STACKS = 8;
/** Gaps in a month/week axis are filled with zeros up to this many points. */
const MAX_TIME_POINTS = 400;

const EMPTY_LABEL: Record<ChartDimension, string> = {
  situation: '(sem situação)',
  salesperson: '(sem responsável)',
  store: '(sem loja)',
  specifier: '(sem especificador)',
  closing_status: '(sem situação de fechamento)',
  month: '(sem data)',
  week: '(sem data)',
};

const MONTHS = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];

/** `2026-11` → `nov/2026`. */
export function monthLabel(key: string): string {
  const [y, m] = key.split('-');
  return `${MONTHS[Number(m) - 1]}/${y}`;
}

/** Key and label SQL of a dimension. Only whitelisted expressions. */
function dimensionSql(d: ChartDimension, spec: ChartSpec): { key: Expr; label: Expr } {
  switch (d) {
    case 'situation':
      return { key: sql`ps.situation::text`, label: sql`NULL::text` };
    case 'salesperson':
      return { key: sql`ps.salesperson_id::text`, label: sql`sp.name` };
    case 'store':
      return { key: sql`ps.store_id::text`, label: sql`st.name` };
    case 'specifier':
      return { key: sql`ps.specifier_id::text`, label: sql`sf.name` };
    case 'closing_status':
      return { key: sql`ps.closing_status`, label: sql`ps.closing_status` };
    case 'month':
    case 'week': {
      const col = sql.raw(`ps.${PERIOD_COLUMN[spec.dateField!]}`);
      const key =
        d === 'month'
          ? sql`to_char(${col}, 'YYYY-MM')`
          : sql`to_char(date_trunc('week', ${col})::date, 'YYYY-MM-DD')`;
      return { key, label: sql`NULL::text` };
    }
  }
}

function measureSql(m: ChartMeasure): Expr {
  switch (m) {
    case 'projects':
      return sql`count(*)::text`;
    case 'estimated_value':
      return sql`coalesce(sum(ps.estimated_value), 0)::text`;
    case 'contract_value':
      return sql`coalesce(sum(ps.contract_value), 0)::text`;
    case 'environment_count':
      return sql`coalesce(sum(ps.environment_count), 0)::text`;
    case 'environments_without_contract':
      return sql`coalesce(sum(ps.environments_without_contract), 0)::text`;
  }
}

/** The joins a dimension's label reads. */
function joinsFor(d: ChartDimension | null): ColumnId[] {
  return d === 'salesperson' || d === 'store' || d === 'specifier' ? [d] : [];
}

function keyOf(d: ChartDimension, raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (d === 'situation') return situationFromCode(Number(raw));
  return String(raw);
}

function labelOf(d: ChartDimension, key: string | null, raw: unknown): string {
  if (key === null) return EMPTY_LABEL[d];
  if (d === 'situation') return situationLabel(key as never);
  if (d === 'month') return monthLabel(key);
  if (d === 'week') return formatDateBr(key);
  return raw === null || raw === undefined ? key : String(raw);
}

const cents = (n: number) => Math.round(n * 100) / 100;

function sumPoints(points: readonly ChartPoint[]): { count: number; value: number } {
  let count = 0;
  let value = 0;
  for (const p of points) {
    count += p.count;
    value += p.value;
  }
  return { count, value: cents(value) };
}

/** Largest first; ties by count, then label, so the order is stable. */
function byMeasure(a: ChartPoint, b: ChartPoint): number {
  return b.value - a.value || b.count - a.count || a.label.localeCompare(b.label, 'pt-BR');
}

function situationOrder(key: string | null): number {
  if (key === null) return SITUATION_IDS.length;
  if (key === OTHERS_KEY) return SITUATION_IDS.length + 1;
  return (SITUATION_IDS as readonly string[]).indexOf(key);
}

/** Display order: situations in their order, time ascending, the rest by the measure. */
function ordered(d: ChartDimension, points: ChartPoint[]): ChartPoint[] {
  const last = (p: ChartPoint) => (p.key === OTHERS_KEY ? 2 : p.key === null ? 1 : 0);
  if (d === 'situation')
    return [...points].sort((a, b) => situationOrder(a.key) - situationOrder(b.key));
  if (isTimeDimension(d)) {
    return [...points].sort(
      (a, b) => last(a) - last(b) || String(a.key).localeCompare(String(b.key)),
    );
  }
  return [...points].sort((a, b) => last(a) - last(b) || byMeasure(a, b));
}

/** Keeps the `top` largest; the rest are added up as one "Outros". */
function keepTop(points: ChartPoint[], top: number | null): ChartPoint[] {
  if (top === null || points.length <= top) return points;
  const sorted = [...points].sort(byMeasure);
  const kept = sorted.slice(0, top);
  const rest = sorted.slice(top);
  return [...kept, { key: OTHERS_KEY, label: OTHERS_LABEL, ...sumPoints(rest) }];
}

function nextKey(d: 'month' | 'week', key: string): string {
  if (d === 'week') return addDays(key, 7);
  const [y, m] = key.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function bucketOf(d: 'month' | 'week', date: string): string {
  if (d === 'month') return date.slice(0, 7);
  const [y, m, day] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, day)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

/**
 * A month/week axis without holes: every bucket from the first to the last (or over the
 * whole period when the period filters this same date field), zeros where nothing fell.
 */
function fillTime(
  d: 'month' | 'week',
  spec: ChartSpec,
  period: ResolvedPeriod | null,
  points: ChartPoint[],
): ChartPoint[] {
  const dated = points.filter((p) => p.key !== null);
  if (!dated.length && !(period && period.field === spec.dateField)) return points;
  const keys = dated.map((p) => p.key!).sort();
  let first = keys[0];
  let last = keys[keys.length - 1];
  if (period && period.field === spec.dateField) {
    const from = bucketOf(d, period.from);
    const to = bucketOf(d, period.to);
    first = first === undefined || from < first ? from : first;
    last = last === undefined || to > last ? to : last;
  }
  const byKey = new Map(dated.map((p) => [p.key!, p]));
  const out: ChartPoint[] = [];
  for (let k = first!; k <= last! && out.length < MAX_TIME_POINTS; k = nextKey(d, k)) {
    out.push(byKey.get(k) ?? { key: k, label: labelOf(d, k, null), count: 0, value: 0 });
  }
  if (out.length >= MAX_TIME_POINTS) return points; // too wide to fill: keep what there is
  return [...out, ...points.filter((p) => p.key === null)];
}

interface RawGroup {
  key: unknown;
  label: unknown;
  skey?: unknown;
  slabel?: unknown;
  count: number;
  value: string;
}

/**
 * Runs the chart of `req.definition` (null when it has none) with the rows' filters and
 * rights. One SQL query, grouped by the dimension (and the stack, for stacked bars).
 */
export async function runChart(db: Kysely<DB>, req: ReportRequest): Promise<ChartResult | null> {
  const spec = req.definition.chart;
  if (!spec) return null;
  const p = await plan(db, req.definition, req.viewer, req.asOf);
  const dim = dimensionSql(spec.dimension, spec);
  const stack = spec.stackBy ? dimensionSql(spec.stackBy, spec) : null;
  const select = [
    sql`${dim.key} AS key`,
    sql`${dim.label} AS label`,
    ...(stack ? [sql`${stack.key} AS skey`, sql`${stack.label} AS slabel`] : []),
    sql`count(*)::int AS count`,
    sql`${measureSql(spec.measure)} AS value`,
  ];
  const groups = stack ? sql`GROUP BY 1, 2, 3, 4` : sql`GROUP BY 1, 2`;
  const read = [...joinsFor(spec.dimension), ...joinsFor(spec.stackBy)];
  const { rows } = await sql<RawGroup>`
    SELECT ${sql.join(select)} ${from(read)} ${p.where} ${groups}`.execute(db);

  // Bars (summing the stacks of each bar), then top N and order.
  const bars = new Map<string | null, ChartPoint>();
  const stackTotals = new Map<string | null, ChartPoint>();
  const cells = new Map<
    string,
    { bar: string | null; stack: string | null; count: number; value: number }
  >();
  for (const r of rows) {
    const key = keyOf(spec.dimension, r.key);
    const bar = bars.get(key) ?? {
      key,
      label: labelOf(spec.dimension, key, r.label),
      count: 0,
      value: 0,
    };
    const value = Number(r.value);
    bar.count += r.count;
    bar.value = cents(bar.value + value);
    bars.set(key, bar);
    if (spec.stackBy) {
      const skey = keyOf(spec.stackBy, r.skey);
      const s = stackTotals.get(skey) ?? {
        key: skey,
        label: labelOf(spec.stackBy, skey, r.slabel),
        count: 0,
        value: 0,
      };
      s.count += r.count;
      s.value = cents(s.value + value);
      stackTotals.set(skey, s);
      const id = JSON.stringify([key, skey]);
      const cell = cells.get(id) ?? { bar: key, stack: skey, count: 0, value: 0 };
      cell.count += r.count;
      cell.value += value;
      cells.set(id, cell);
    }
  }
  let series = [...bars.values()];
  if (isTimeDimension(spec.dimension)) series = fillTime(spec.dimension, spec, p.period, series);
  else series = keepTop(series, spec.top);
  series = ordered(spec.dimension, series);

  let stacks: ChartResult['stacks'] = [];
  if (spec.stackBy) {
    const stackBy: CategoryDimension = spec.stackBy;
    const kept = ordered(stackBy, keepTop([...stackTotals.values()], MAX_STACKS));
    stacks = kept.map((s) => ({ key: s.key, label: s.label }));
    const keptKeys = new Set(kept.map((s) => s.key));
    const barMembers = (bar: ChartPoint): (string | null)[] =>
      bar.key === OTHERS_KEY
        ? [...bars.keys()].filter((k) => !series.some((s) => s.key === k))
        : [bar.key];
    for (const bar of series) {
      const members = barMembers(bar);
      bar.parts = stacks.map((s) => {
        let count = 0;
        let value = 0;
        for (const cell of cells.values()) {
          if (!members.includes(cell.bar)) continue;
          const inStack = s.key === OTHERS_KEY ? !keptKeys.has(cell.stack) : cell.stack === s.key;
          if (inStack) {
            count += cell.count;
            value += cell.value;
          }
        }
        return { key: s.key, label: s.label, count, value: cents(value) };
      });
    }
  }

  const name = req.view?.name ?? 'Visão sem nome';
  const period = p.period;
  return {
    spec,
    view: { id: req.view?.id ?? '', name },
    asOf: req.asOf,
    period,
    title: period
      ? `${name} — ${formatDateBr(period.from)} a ${formatDateBr(period.to)}`
      : `${name} — em ${formatDateBr(req.asOf)}`,
    subtitle: describeChart(spec),
    measureLabel: CHART_MEASURE_LABELS[spec.measure],
    series,
    stacks,
    totals: sumPoints([...bars.values()]),
    scopeNote: describeScope(req.viewer, p.scope),
  };
}

/** The `chart` object of the JSON report (docs/report-format.md); null without a chart. */
export function toChartJson(c: ChartResult | null): unknown {
  if (!c) return null;
  const point = (s: ChartPoint): Record<string, unknown> => ({
    key: s.key,
    label: s.label,
    count: s.count,
    value: s.value,
    ...(s.parts ? { parts: s.parts.map(point) } : {}),
  });
  return {
    kind: c.spec.kind,
    dimension: c.spec.dimension,
    ...(c.spec.dateField ? { dateField: c.spec.dateField } : {}),
    measure: c.spec.measure,
    ...(c.spec.stackBy ? { stackBy: c.spec.stackBy } : {}),
    top: c.spec.top,
    series: c.series.map(point),
  };
}
