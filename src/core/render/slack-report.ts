/**
 * A report as one Slack message: title, period and filters, the totals, group subtotals,
 * buttons, and the first rows as a table. Pure: the bot and the worker post what this
 * returns.
 *
 * The table comes in one of three styles (`tableStyle`), tried in this order when Slack
 * refuses one on a surface (see table-fallback.ts):
 * - `data_table` (default): Slack's sortable, paginated table, the last block of the
 *   message; numbers are `raw_number` cells (they sort as numbers and show in pt-BR), the
 *   caption is the view's name.
 * - `table`: the older table block, which Slack shows as an attachment at the bottom of the
 *   message, so it travels in `attachments[0].blocks`.
 * - `text`: a monospace text table in a section, which every surface accepts.
 * Slack allows one table per message and 10,000 characters in all its cells: the message
 * shows as many rows as fit that budget (up to 100), and "mostrando N de M" counts them.
 */
import type { ReportColumn, ReportResult, ReportRow } from '../portfolio/result.js';
import {
  EMPTY_CELL,
  formatCell,
  formatCount,
  formatPeriod,
  formatProjects,
  groupMoney,
  isNumericType,
  totalsSummary,
  truncate,
  freshnessLine,
} from './format.js';
import { SLACK_LIMITS } from './slack-limits.js';
import { comparisonLine } from './comparison-line.js';

export { truncate } from './format.js';

/** Action ids of the report buttons; the bot registers its handlers on these. */
export const ACTION_IDS = {
  pdf: 'report_pdf',
  csv: 'report_csv',
  xlsx: 'report_xlsx',
  chart: 'report_chart',
  edit: 'view_edit',
  subscribe: 'view_subscribe',
} as const;
export type ReportButton = keyof typeof ACTION_IDS;

const BUTTON_LABELS: Record<ReportButton, string> = {
  pdf: 'PDF',
  csv: 'CSV',
  xlsx: 'XLSX',
  chart: 'Gráfico',
  edit: 'Editar',
  subscribe: 'Assinar',
};
const EXPORT_BUTTONS: readonly ReportButton[] = ['pdf', 'csv', 'xlsx', 'chart'];
/** Every button, in the order shown; "Gráfico" only when asked for (the view has a chart). */
const ALL_BUTTONS: readonly ReportButton[] = ['pdf', 'csv', 'xlsx', 'chart', 'edit', 'subscribe'];
const DEFAULT_BUTTONS: readonly ReportButton[] = ALL_BUTTONS.filter((b) => b !== 'chart');

/** Rows a report message asks for (the budget may show fewer). */
export const DEFAULT_SLACK_ROWS = SLACK_LIMITS.dataTableRows - 1;
/** data_table: 101 rows minus the header row. */
export const MAX_SLACK_ROWS = SLACK_LIMITS.dataTableRows - 1;

/** How the report's rows are shown; see the module comment. */
export type TableStyle = 'data_table' | 'table' | 'text';
export const TABLE_STYLES: readonly TableStyle[] = ['data_table', 'table', 'text'];
/** Rows per page of a data_table (Slack's default is 5). */
const DATA_TABLE_PAGE_SIZE = 10;
/** The monospace table lives in one section (3000), inside a ``` fence. */
const TEXT_TABLE_CHARS = SLACK_LIMITS.sectionText - 10;
/** A text-table cell is cut shorter: the line must stay readable. */
const TEXT_CELL_CHARS = 30;
const MAX_GROUP_LINES = 20;
/** Long cells are cut: a table row is read at a glance, the files carry the full text. */
const MAX_CELL_CHARS = 200;
/** Context elements and mrkdwn lines we build ourselves stay well under Slack's 3000. */
const MAX_CONTEXT_CHARS = 2000;

export const EMPTY_RESULT_TEXT = 'Nenhum projeto encontrado para esta visão.';

export interface SlackReportOptions {
  /** Data rows in the table at most (default and cap 100; 99 for `table`). */
  maxRows?: number;
  /** How the rows are shown (default `data_table`). */
  tableStyle?: TableStyle;
  /** Replaces the view name in the header and the notification text. */
  title?: string;
  /** Shown in a context line, e.g. a scheduled report delivered late. */
  lateNote?: string;
  /** Adds the buttons; their value is the view id. */
  actions?: { viewId: string; buttons?: ReportButton[] };
}

/** Minimal Block Kit shapes we emit (Slack accepts more; these are what we build). */
export type TextObject =
  { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };
export interface RawTextCell {
  type: 'raw_text';
  text: string;
}
export interface RawNumberCell {
  type: 'raw_number';
  value: number;
  text: string;
}
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text: TextObject }
  | { type: 'context'; elements: TextObject[] }
  | {
      type: 'actions';
      block_id?: string;
      elements: { type: 'button'; text: TextObject; action_id: string; value: string }[];
    }
  | {
      type: 'table';
      rows: RawTextCell[][];
      column_settings?: { align?: 'left' | 'center' | 'right'; is_wrapped?: boolean }[];
    }
  | {
      type: 'data_table';
      caption: string;
      rows: (RawTextCell | RawNumberCell)[][];
      page_size?: number;
      row_header_column_index?: number;
    };

export interface SlackReportMessage {
  /** Plain-text fallback used in notifications and by screen readers. */
  text: string;
  blocks: SlackBlock[];
  /** Holds the table block when there are rows. */
  attachments?: { blocks: SlackBlock[] }[];
}

/** Slack mrkdwn needs `&`, `<` and `>` escaped in text that comes from data. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string, max: number = MAX_CONTEXT_CHARS): TextObject {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

function notificationText(result: ReportResult, title: string): string {
  const period = result.period ? ` (${formatPeriod(result.period)})` : '';
  const text = `${escapeMrkdwn(title)} — ${formatProjects(result.totals.count, result.totals.noun)}${period}`;
  return truncate(text, SLACK_LIMITS.messageText);
}

function contextBlock(result: ReportResult): SlackBlock {
  const elements = [mrkdwn(`:calendar: ${formatPeriod(result.period)}`)];
  if (result.filtersSummary) elements.push(mrkdwn(escapeMrkdwn(result.filtersSummary)));
  if (result.scopeNote) elements.push(mrkdwn(escapeMrkdwn(result.scopeNote)));
  const compared = comparisonLine(result);
  if (compared) elements.push(mrkdwn(escapeMrkdwn(compared)));
  const fresh = freshnessLine(result);
  if (fresh) elements.push(mrkdwn(escapeMrkdwn(fresh)));
  return { type: 'context', elements };
}

function cellText(row: ReportRow, column: ReportColumn): RawTextCell {
  const text = truncate(formatCell(row[column.id], column.type), MAX_CELL_CHARS);
  return { type: 'raw_text', text: text.trim() === '' ? EMPTY_CELL : text };
}

/** A data_table cell: numbers as `raw_number` (sortable), shown as their pt-BR text. */
function dataCell(row: ReportRow, column: ReportColumn): RawTextCell | RawNumberCell {
  const cell = cellText(row, column);
  const raw = row[column.id];
  if (!isNumericType(column.type) || raw === null || raw === undefined || raw === '') return cell;
  const value = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(value) ? { type: 'raw_number', value, text: cell.text } : cell;
}

function headerCells(cols: readonly ReportColumn[]): RawTextCell[] {
  return cols.map((c) => ({ type: 'raw_text', text: truncate(c.label, MAX_CELL_CHARS) || '-' }));
}

const cellsLength = (cells: readonly { text: string }[]) =>
  cells.reduce((n, c) => n + c.text.length, 0);

/**
 * How many of `rows` fit after the header in Slack's 10,000 characters of table cells,
 * at most `max`. Cells are measured as they will be sent (cut to MAX_CELL_CHARS).
 */
export function rowsWithinBudget(
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
  max: number,
): number {
  const cols = columns.slice(0, SLACK_LIMITS.tableColumns);
  let used = cellsLength(headerCells(cols));
  let n = 0;
  for (const row of rows.slice(0, max)) {
    used += cellsLength(cols.map((c) => cellText(row, c)));
    if (used > SLACK_LIMITS.tableCellChars) break;
    n += 1;
  }
  return n;
}

/** `table` style: header row + data rows; numbers right-aligned. */
function tableBlock(columns: readonly ReportColumn[], rows: readonly ReportRow[]): SlackBlock {
  const cols = columns.slice(0, SLACK_LIMITS.tableColumns);
  return {
    type: 'table',
    rows: [headerCells(cols), ...rows.map((r) => cols.map((c) => cellText(r, c)))],
    column_settings: cols.map((c) => ({ align: isNumericType(c.type) ? 'right' : 'left' })),
  };
}

/** `data_table` style: sortable and paginated in Slack, captioned with the view's name. */
function dataTableBlock(
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
  caption: string,
): SlackBlock {
  const cols = columns.slice(0, SLACK_LIMITS.tableColumns);
  return {
    type: 'data_table',
    caption: truncate(caption, 150),
    rows: [headerCells(cols), ...rows.map((r) => cols.map((c) => dataCell(r, c)))],
    page_size: Math.min(DATA_TABLE_PAGE_SIZE, Math.max(1, rows.length)),
  };
}

/** `text` style: the monospace lines of the first rows that fit one section. */
function textTableLines(
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
): { lines: string[]; shown: number } {
  const cols = columns.slice(0, SLACK_LIMITS.tableColumns);
  const cut = (s: string) => truncate(s.replace(/\s+/g, ' '), TEXT_CELL_CHARS);
  const grid = [
    cols.map((c) => cut(c.label)),
    ...rows.map((r) => cols.map((c) => cut(cellText(r, c).text))),
  ];
  const widths = cols.map((_c, i) => Math.max(...grid.map((g) => g[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((v, i) => (isNumericType(cols[i]!.type) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines: string[] = [];
  let used = 0;
  for (const cells of grid) {
    const l = line(cells);
    if (used + l.length + 1 > TEXT_TABLE_CHARS) break;
    lines.push(l);
    used += l.length + 1;
  }
  return { lines, shown: Math.max(0, lines.length - 1) };
}

function groupLine(result: ReportResult, index: number): string {
  const g = result.groups[index];
  const label = escapeMrkdwn(truncate(g.label || EMPTY_CELL, 80));
  return [
    `*${label}*: ${formatProjects(g.totals.count)}`,
    ...groupMoney(result.columns, g.totals),
  ].join(' · ');
}

/**
 * Subtotals per group as one section, at most ~20 lines and always under the section
 * limit, ending in "e mais N grupos" when some did not fit.
 */
function groupsBlock(result: ReportResult): SlackBlock | null {
  const total = result.groups.length;
  if (total === 0) return null;
  const budget = SLACK_LIMITS.sectionText - 40; // room for the "e mais" line
  const lines: string[] = [];
  let used = 0;
  for (let i = 0; i < total && lines.length < MAX_GROUP_LINES; i++) {
    const line = groupLine(result, i);
    if (used + line.length + 1 > budget) break;
    lines.push(line);
    used += line.length + 1;
  }
  const rest = total - lines.length;
  if (rest > 0) lines.push(`_e mais ${rest} ${rest === 1 ? 'grupo' : 'grupos'}_`);
  return { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } };
}

function actionsBlock(
  opts: NonNullable<SlackReportOptions['actions']>,
  empty: boolean,
): SlackBlock | null {
  const wanted = opts.buttons ?? DEFAULT_BUTTONS;
  // An empty result has nothing to export; editing or subscribing still makes sense.
  const buttons = ALL_BUTTONS.filter(
    (b) => wanted.includes(b) && !(empty && EXPORT_BUTTONS.includes(b)),
  );
  if (buttons.length === 0) return null;
  return {
    type: 'actions',
    elements: buttons.map((b) => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: BUTTON_LABELS[b] },
      action_id: ACTION_IDS[b],
      value: opts.viewId,
    })),
  };
}

function clampRows(maxRows: number | undefined, style: TableStyle): number {
  const cap = style === 'table' ? SLACK_LIMITS.tableRows - 1 : MAX_SLACK_ROWS;
  const n = Math.floor(maxRows ?? DEFAULT_SLACK_ROWS);
  return Math.max(1, Math.min(cap, Number.isFinite(n) ? n : DEFAULT_SLACK_ROWS));
}

/** The table part of the message in `style`, and how many data rows it shows. */
function renderTable(
  result: ReportResult,
  style: TableStyle,
  maxRows: number,
  caption: string,
): { block: SlackBlock; shown: number; inAttachment: boolean } {
  if (style === 'text') {
    const { lines, shown } = textTableLines(result.columns, result.rows.slice(0, maxRows));
    const text = '```\n' + lines.map(escapeMrkdwn).join('\n') + '\n```';
    return {
      block: { type: 'section', text: { type: 'mrkdwn', text } },
      shown,
      inAttachment: false,
    };
  }
  const shown = rowsWithinBudget(result.columns, result.rows, maxRows);
  const rows = result.rows.slice(0, Math.max(1, shown));
  if (style === 'table') {
    return { block: tableBlock(result.columns, rows), shown: rows.length, inAttachment: true };
  }
  return {
    block: dataTableBlock(result.columns, rows, caption),
    shown: rows.length,
    inAttachment: false,
  };
}

/**
 * Renders a report result as a Slack message.
 *
 * @example
 * const msg = renderSlackReport(result, { actions: { viewId: view.id } });
 * await respond({ ...msg, response_type: 'in_channel' });
 */
export function renderSlackReport(
  result: ReportResult,
  opts: SlackReportOptions = {},
): SlackReportMessage {
  const title = opts.title?.trim() || result.view.name.trim() || 'Relatório';
  const style = opts.tableStyle ?? 'data_table';
  const empty = result.totals.count === 0 || result.rows.length === 0;
  const table = empty
    ? null
    : renderTable(result, style, clampRows(opts.maxRows, style), result.view.name.trim() || title);
  const shown = table?.shown ?? 0;

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText), emoji: true },
    },
    contextBlock(result),
  ];
  if (opts.lateNote) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`:hourglass: ${escapeMrkdwn(opts.lateNote)}`)],
    });
  }

  if (empty) {
    blocks.push({ type: 'section', text: mrkdwn(result.emptyText ?? EMPTY_RESULT_TEXT) });
  } else {
    blocks.push({
      type: 'section',
      text: mrkdwn(totalsSummary(result.columns, result.totals, { boldCount: true })),
    });
    const groups = groupsBlock(result);
    if (groups) blocks.push(groups);
    if (shown < result.totals.count) {
      const note =
        `mostrando ${formatCount(shown)} de ${formatProjects(result.totals.count, result.totals.noun)} na tabela abaixo` +
        ' — para a lista completa, gere o PDF, o CSV ou o XLSX.';
      blocks.push({ type: 'context', elements: [mrkdwn(note)] });
    }
  }
  if (opts.actions) {
    const actions = actionsBlock(opts.actions, empty);
    if (actions) blocks.push(actions);
  }

  const message: SlackReportMessage = { text: notificationText(result, title), blocks };
  if (table?.inAttachment) message.attachments = [{ blocks: [table.block] }];
  else if (table) blocks.push(table.block);
  return message;
}
