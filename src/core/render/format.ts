/**
 * pt-BR formatting of report values, shared by every renderer so a value reads the same in
 * Slack, the terminal and the PDF. Intl does the digit grouping, but its output is pinned:
 * the non-breaking spaces ICU puts after `R$` (and in some versions before `%` or between
 * date parts) are turned into plain spaces, and the currency symbol is placed by hand, so a
 * snapshot taken on one machine matches another.
 */
import { formatLocalDateTimeBr } from '../time/zoned.js';
import type { ColumnType } from '../portfolio/columns.js';
import { formatDateBr, isIsoDate } from '../portfolio/periods.js';
import type { CellValue, ReportColumn, ReportResult, ReportTotals } from '../portfolio/result.js';
import { SITUATION_IDS, situationLabel, type SituationId } from '../portfolio/situations.js';

/** What an absent value looks like wherever a cell must not be empty. */
export const EMPTY_CELL = '—';

const decimal2 = new Intl.NumberFormat('pt-BR', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: true,
});
const decimal1 = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1, useGrouping: true });
const integer = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0, useGrouping: true });

/** Any Unicode space Intl may emit (NBSP, narrow NBSP, thin space…) → a plain space. */
function plainSpaces(s: string): string {
  return s.replace(/[\u00A0\u202F\u2007\u2009]/g, ' ');
}

/**
 * Money in reais: `formatMoney(-1234.5)` → `-R$ 1.234,50`. A value that rounds to zero is
 * shown without a sign (no `-R$ 0,00`).
 */
export function formatMoney(value: number): string {
  const abs = plainSpaces(decimal2.format(Math.abs(value)));
  const negative = value < 0 && abs !== '0,00';
  return `${negative ? '-' : ''}R$ ${abs}`;
}

/** Whole numbers with a dot every three digits: `formatCount(1234)` → `1.234`. */
export function formatCount(value: number): string {
  const s = plainSpaces(integer.format(Math.abs(value)));
  return value < 0 && s !== '0' ? `-${s}` : s;
}

/**
 * `1 projeto`, `134 projetos`, `1.234 projetos`; with `noun` (a report whose rows are not
 * projects, e.g. a goals view): `3 metas`.
 */
export function formatProjects(count: number, noun?: { one: string; many: string }): string {
  const [one, many] = noun ? [noun.one, noun.many] : ['projeto', 'projetos'];
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * An instant as the wall-clock time in `timeZone`, `dd/mm/aaaa hh:mm` — the "gerado em" of
 * reports. Assembled from parts so the separator never depends on the ICU version.
 */
export function formatDateTimeBr(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return formatLocalDateTimeBr(date, timeZone);
}

/** `2026-11-01`..`2026-11-30` → `01/11/2026 a 30/11/2026`; no period → `sem período`. */
export function formatPeriod(period: { from: string; to: string } | null): string {
  if (!period) return 'sem período';
  return `${formatDateBr(period.from)} a ${formatDateBr(period.to)}`;
}

function isSituationId(value: string): value is SituationId {
  return (SITUATION_IDS as readonly string[]).includes(value);
}

/** Situation id → its label (`em_revisao` → `Em revisão`); unknown ids pass through. */
export function formatSituation(id: string): string {
  return isSituationId(id) ? situationLabel(id) : id;
}

/** `AAAA-MM-DD` (or an ISO timestamp starting with one) → `dd/mm/aaaa`; other text unchanged. */
export function formatDate(value: string): string {
  const day = value.slice(0, 10);
  return isIsoDate(day) ? formatDateBr(day) : value;
}

function toNumber(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * One cell as a user reads it, by column type. Absent values (null, undefined, empty
 * text) become `—`, so a cell is never blank — Slack's table block rejects empty cells.
 */
export function formatCell(value: CellValue | undefined, type: ColumnType): string {
  if (value === null || value === undefined || value === '') return EMPTY_CELL;
  switch (type) {
    case 'money': {
      const n = toNumber(value);
      return n === null ? String(value) : formatMoney(n);
    }
    case 'integer': {
      const n = toNumber(value);
      return n === null ? String(value) : formatCount(n);
    }
    case 'percent': {
      const n = toNumber(value);
      return n === null ? String(value) : `${formatCount(Math.round(n * 100))}%`;
    }
    case 'decimal': {
      const n = toNumber(value);
      return n === null ? String(value) : plainSpaces(decimal1.format(n));
    }
    case 'date':
      return formatDate(String(value));
    case 'boolean':
      return formatBoolean(value);
    case 'situation':
      return formatSituation(String(value));
    case 'text':
      return String(value);
  }
}

/** `true` → `Sim`, `false` → `Não` (also for the strings the query might pass through). */
export function formatBoolean(value: CellValue): string {
  if (value === true || value === 'true' || value === 't' || value === 1) return 'Sim';
  if (value === false || value === 'false' || value === 'f' || value === 0) return 'Não';
  return String(value);
}

/** Money and counts are right-aligned in every tabular renderer. */
export function isNumericType(type: ColumnType): boolean {
  return type === 'money' || type === 'integer' || type === 'percent' || type === 'decimal';
}

/** The money columns whose sums `ReportTotals` carries. */
export type TotalledColumnId = 'estimated_value' | 'contract_value';

/** Columns whose values are summed in totals and subtotals. */
export function isTotalled(id: string): id is TotalledColumnId {
  return id === 'estimated_value' || id === 'contract_value';
}

/** What goes in each column of a totals (or subtotal) row. */
export type TotalsCell = { kind: 'label' } | { kind: 'money'; value: number } | { kind: 'empty' };

/**
 * Lays a totals row out over the view's columns: the money sums under their columns and
 * the label ("Total: 134 projetos") in the first column that has nothing else to show.
 * Used by the CSV, XLSX, PDF and terminal renderers so they agree.
 */
export function totalsRow(columns: readonly ReportColumn[], totals: ReportTotals): TotalsCell[] {
  let labelPlaced = false;
  return columns.map((c): TotalsCell => {
    if (isTotalled(c.id)) return { kind: 'money', value: totals[c.id] };
    if (!labelPlaced) {
      labelPlaced = true;
      return { kind: 'label' };
    }
    return { kind: 'empty' };
  });
}

/** The money subtotals of a group, for the money columns the view shows (no labels). */
export function groupMoney(columns: readonly ReportColumn[], totals: ReportTotals): string[] {
  return columns
    .filter((c) => isTotalled(c.id))
    .map((c) => formatMoney(totals[c.id as TotalledColumnId]));
}

/**
 * "134 projetos · Valor do projeto R$ … · Valor contratado R$ …": the count always, and
 * the money totals of the money columns the view shows.
 */
export function totalsSummary(
  columns: readonly ReportColumn[],
  totals: ReportTotals,
  opts: { boldCount?: boolean } = {},
): string {
  const count = formatProjects(totals.count, totals.noun);
  const parts = [opts.boldCount ? `*${count}*` : count];
  for (const c of columns) {
    if (isTotalled(c.id)) parts.push(`${c.label} ${formatMoney(totals[c.id])}`);
  }
  return parts.join(' · ');
}

/**
 * Cuts `s` to at most `max` UTF-16 units, ending in `…` when cut, never splitting an emoji
 * (surrogate pair) in half.
 *
 * @example truncate('Dormitório casal', 10) // → 'Dormitóri…'
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // high surrogate: keep the pair together
  return `${s.slice(0, end)}…`;
}

/**
 * The report's freshness line, the one every renderer prints: the stale warning ("⚠️ Dados
 * do ERP de 03/12/2026 06:02 — mais de 26 h sem importação") when the data is old, else
 * "Dados do ERP de 03/12/2026 06:02"; null before any import.
 */
export function freshnessLine(result: Pick<ReportResult, 'freshness'>): string | null {
  return result.freshness?.warning ?? result.freshness?.line ?? null;
}
