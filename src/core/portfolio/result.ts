/**
 * What the portfolio query returns. Renderers (Slack, PDF, CSV, XLSX, terminal) are pure
 * functions of this value; the JSON report format (docs/report-format.md) is `toReportJson`.
 */
import type { ColumnId, ColumnType, GroupableColumnId, PeriodField } from './columns.js';
import type { Comparison } from './comparison.js';
import type { DataFreshness } from '../import/runs.js';
import type { GoalFigures } from '../goals/progress.js';

/** A cell: text, money/integer as number, date as `AAAA-MM-DD`, boolean, situation id, or null. */
export type CellValue = string | number | boolean | null;

/**
 * The columns of a goals view ("Metas do mês", src/core/goals/goals-report.ts): not
 * project columns, so never offered by the builder nor read from SQL by the query.
 */
export type GoalColumnId =
  | 'goal_line'
  | 'goal_store'
  | 'goal_target'
  | 'goal_achieved'
  | 'goal_ratio'
  | 'goal_remaining'
  | 'goal_pace'
  | 'goal_projection';

/** Any column a report may carry: a project column or a goals column. */
export type ReportColumnId = ColumnId | GoalColumnId;

/**
 * One row: a project (its code in `project`), or for a goals view one goal line (a stable
 * key such as `salesperson:12` in `project`). Other keys are the view's columns.
 */
export type ReportRow = { project: string } & Partial<Record<ReportColumnId, CellValue>>;

export interface ReportColumn {
  id: ReportColumnId;
  label: string;
  type: ColumnType;
}

export interface ReportTotals {
  /** Number of projects matching the view (not just the rows returned). */
  count: number;
  /** Sum of estimated_value over all matching projects (R$). */
  estimated_value: number;
  /** Sum of contract_value over all matching projects (R$). */
  contract_value: number;
  /** What is counted when it is not projects (a goals view: "3 metas"). */
  noun?: { one: string; many: string };
}

export interface ReportGroup {
  /** The raw group value (situation id, salesperson name, …); null for "(sem valor)". */
  key: CellValue;
  /** How the group is shown ("Em revisão", "Ana Souza", "(sem especificador)"). */
  label: string;
  totals: ReportTotals;
}

export interface ResolvedPeriod {
  field: PeriodField;
  from: string;
  to: string;
}

export interface ReportResult {
  view: { id: string; name: string; description: string | null };
  /** The report date relative periods were resolved against (`AAAA-MM-DD`). */
  asOf: string;
  /** IANA timezone the report date and dates are expressed in. */
  timezone: string;
  period: ResolvedPeriod | null;
  columns: ReportColumn[];
  /** Rows in the view's order; may be only the first N (see `truncated`). */
  rows: ReportRow[];
  totals: ReportTotals;
  /** True when `rows.length < totals.count` because the caller asked for a limit. */
  truncated: boolean;
  groupBy: GroupableColumnId | null;
  /** Subtotals per group, in display order (empty when not grouped). */
  groups: ReportGroup[];
  /** The active filters in one pt-BR line, e.g. "Situação: Sem contrato · Criação do projeto: 01/11/2026 a 30/11/2026 · Responsável: todos". */
  filtersSummary: string;
  /** Who ran it and what they may see, e.g. "Ana Souza (vendedor) — apenas a própria carteira". */
  scopeNote: string;
  /** Instant the report was generated (ISO 8601). */
  generatedAt: string;
  /** Against the previous period (relative periods only; see comparison.ts). */
  comparison?: Comparison | null;
  /**
   * How fresh the data is: the latest successful ERP import ("Dados do ERP de …") and,
   * past STALE_AFTER_HOURS, the warning. Every renderer prints `freshnessLine(result)`.
   */
  freshness?: DataFreshness;
  /** Said instead of "Nenhum projeto encontrado…" when there are no rows. */
  emptyText?: string;
  /** A goals view: its goal lines in the JSON report's shape (docs/report-format.md). */
  goals?: GoalsJson;
}

/** The `goals` member of a goals view's JSON report. */
export interface GoalsJson {
  month: string;
  asOf: string;
  measure: string;
  goals: ({
    scope: 'salesperson' | 'team' | 'store' | 'company';
    salesperson: string | null;
    store: string | null;
  } & GoalFigures)[];
}

/** The JSON report format of docs/report-format.md, exactly. */
export function toReportJson(r: ReportResult): unknown {
  return {
    view: { id: r.view.id, name: r.view.name },
    asOf: r.asOf,
    dataAsOf: r.freshness?.dataAsOf ?? null,
    period: r.period ? { field: r.period.field, from: r.period.from, to: r.period.to } : null,
    columns: r.columns.map((c) => ({ id: c.id, label: c.label })),
    rows: r.rows,
    totals: {
      count: r.totals.count,
      estimated_value: r.totals.estimated_value,
      contract_value: r.totals.contract_value,
    },
    comparison: r.comparison
      ? {
          period: r.comparison.previous.period,
          count: r.comparison.previous.count,
          totals: r.comparison.previous.totals,
          label: r.comparison.label,
          current: r.comparison.current,
        }
      : null,
    ...(r.goals ? { goals: r.goals } : {}),
  };
}
