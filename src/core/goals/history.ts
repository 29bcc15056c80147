/**
 * The history of a month's goals (docs/domain.md, "Goals"): every change kept in
 * `goal_changes` — who, when, from where, the old and the new target — of the goals the
 * viewer may see (src/core/access.ts, goalsVisibleTo), newest first. Shown by
 * `carteira goals history` and the "Histórico" button under `/carteira metas`.
 */
import { sql, type Kysely } from 'kysely';
import { goalsVisibleTo } from '../access.js';
import type { DB, GoalMeasure } from '../db/schema.js';
import { formatLocalDateTimeBr } from '../time/zoned.js';
import { monthName } from '../time/months.js';
import type { Viewer } from '../portfolio/viewer.js';
import { formatGoalFigure } from './format.js';
import { MEASURE_LABELS, monthStart, type GoalSource } from './goals.js';

export interface GoalChangeEntry {
  goalId: number;
  scope: 'salesperson' | 'store' | 'company';
  /** The goal's salesperson (e-mail and name), for a salesperson's goal. */
  salesperson: string | null;
  salespersonName: string | null;
  /** The store's code for a store goal (null otherwise, as in `goals progress`). */
  store: string | null;
  /** The goal's store name: a store goal's, or the salesperson's store. */
  storeName: string | null;
  measure: GoalMeasure;
  changedAt: Date;
  /** Who changed it (null: an import, or the terminal's operator). */
  changedBy: string | null;
  changedByName: string | null;
  source: GoalSource;
  /** Null when the change created the goal. */
  oldTarget: number | null;
  newTarget: number;
}

export interface GoalHistory {
  /** `AAAA-MM`. */
  month: string;
  changes: GoalChangeEntry[];
}

/** The changes of `month`'s goals that `viewer` may see, newest first. */
export async function goalChangesOf(
  db: Kysely<DB>,
  opts: { viewer: Viewer; month: string },
): Promise<GoalHistory> {
  const first = monthStart(opts.month);
  const rows = await db
    .selectFrom('goal_changes as gc')
    .innerJoin('goals as g', 'g.id', 'gc.goal_id')
    .leftJoin('salespeople as sp', 'sp.id', 'g.salesperson_id')
    .leftJoin('stores as st', (j) => j.on(sql<boolean>`st.id = coalesce(g.store_id, sp.store_id)`))
    .leftJoin('salespeople as by', 'by.id', 'gc.changed_by')
    .select([
      'g.id',
      'g.measure',
      'g.store_id',
      'g.salesperson_id',
      'sp.email',
      'sp.name as sp_name',
      'st.code as store_code',
      'st.name as store_name',
      'gc.changed_at',
      'by.email as by_email',
      'by.name as by_name',
      'gc.source',
      'gc.old_target',
      'gc.new_target',
    ])
    .where('g.month', '=', first)
    .where(goalsVisibleTo(opts.viewer, 'g', 'sp'))
    .orderBy('gc.changed_at', 'desc')
    .orderBy('gc.id', 'desc')
    .execute();
  return {
    month: opts.month,
    changes: rows.map((r) => {
      const scope =
        r.salesperson_id !== null ? 'salesperson' : r.store_id !== null ? 'store' : 'company';
      return {
        goalId: r.id,
        scope,
        salesperson: r.email,
        salespersonName: r.sp_name,
        store: scope === 'store' ? r.store_code : null,
        storeName: scope === 'company' ? null : r.store_name,
        measure: r.measure,
        changedAt: r.changed_at,
        changedBy: r.by_email,
        changedByName: r.by_name,
        source: r.source,
        oldTarget: r.old_target === null ? null : Number(r.old_target),
        newTarget: Number(r.new_target),
      };
    }),
  };
}

/** `2026-11` → `novembro de 2026`. */
export function goalMonthLabel(month: string): string {
  return `${monthName(Number(month.slice(5, 7)))} de ${month.slice(0, 4)}`;
}

const SOURCE_LABELS: Record<GoalSource, string> = {
  slack: 'no Slack',
  cli: 'no terminal',
  import: 'na importação (metas.csv)',
};

/** Whose goal, in words: "Ana Souza (Centro)", "Loja Centro", "Empresa". */
export function goalOwnerLabel(
  c: Pick<GoalChangeEntry, 'scope' | 'salespersonName' | 'salesperson' | 'storeName'>,
): string {
  if (c.scope === 'salesperson')
    return `${c.salespersonName ?? c.salesperson ?? ''}${c.storeName ? ` (${c.storeName})` : ''}`;
  if (c.scope === 'store') {
    const name = c.storeName ?? '';
    return /^loja\b/i.test(name) ? name : `Loja ${name}`;
  }
  return 'Empresa';
}

/**
 * One change as people read it, the time in `timezone` (the viewer's):
 * "10/11/2026 09:00 — Ana Souza (Centro) · valor contratado: R$ 150.000,00 → R$ 180.000,00 ·
 * por Gil Gerente no Slack". `style.escape` escapes the names (Slack mrkdwn); `style.owner`
 * dresses whose goal it is (bold in Slack).
 */
export function describeGoalChange(
  c: GoalChangeEntry,
  timezone: string,
  style: { escape?: (s: string) => string; owner?: (s: string) => string } = {},
): string {
  const escape = style.escape ?? ((s: string) => s);
  const owner = style.owner ?? ((s: string) => s);
  const figure = (n: number) => formatGoalFigure(c.measure, n);
  const what =
    c.oldTarget === null
      ? `definida em ${figure(c.newTarget)}`
      : `${figure(c.oldTarget)} → ${figure(c.newTarget)}`;
  const who = c.changedByName
    ? `por ${escape(c.changedByName)} ${SOURCE_LABELS[c.source]}`
    : c.source === 'import'
      ? 'pela importação (metas.csv)'
      : c.source === 'cli'
        ? 'pelo operador no terminal'
        : SOURCE_LABELS[c.source];
  return (
    `${formatLocalDateTimeBr(c.changedAt, timezone)} — ${owner(escape(goalOwnerLabel(c)))} · ` +
    `${MEASURE_LABELS[c.measure]}: ${what} · ${who}`
  );
}
