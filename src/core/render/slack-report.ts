/**
 * A report as one Slack message: title, period and filters, the totals, group subtotals,
 * buttons, and the first rows as a native `table` block. Pure: the bot and the worker
 * post what this returns.
 *
 * Slack shows a table block as an attachment at the bottom of the message and allows one
 * per message, so the table travels in `attachments[0].blocks` and everything a reader
 * needs first (totals, "mostrando 20 de 134", buttons) sits above it in `blocks`.
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

export const DEFAULT_SLACK_ROWS = 20;
/** 100 table rows minus the header row. */
export const MAX_SLACK_ROWS = SLACK_LIMITS.tableRows - 1;
const MAX_GROUP_LINES = 20;
/** Long cells are cut: a table row is read at a glance, the files carry the full text. */
const MAX_CELL_CHARS = 200;
/** Context elements and mrkdwn lines we build ourselves stay well under Slack's 3000. */
const MAX_CONTEXT_CHARS = 2000;

export const EMPTY_RESULT_TEXT = 'Nenhum projeto encontrado para esta visão.';

export interface SlackReportOptions {
  /** Data rows in the table (default 20, at most 99). */
  maxRows?: number;
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
  const text = `${escapeMrkdwn(title)} — ${formatProjects(result.totals.count)}${period}`;
  return truncate(text, SLACK_LIMITS.messageText);
}

function contextBlock(result: ReportResult): SlackBlock {
  const elements = [mrkdwn(`:calendar: ${formatPeriod(result.period)}`)];
  if (result.filtersSummary) elements.push(mrkdwn(escapeMrkdwn(result.filtersSummary)));
  if (result.scopeNote) elements.push(mrkdwn(escapeMrkdwn(result.scopeNote)));
  const compared = comparisonLine(result);
  if (compared) elements.push(mrkdwn(escapeMrkdwn(compared)));
  return { type: 'context', elements };
}

function cellText(row: ReportRow, column: ReportColumn): RawTextCell {
  const text = truncate(formatCell(row[column.id], column.type), MAX_CELL_CHARS);
  return { type: 'raw_text', text: text.trim() === '' ? EMPTY_CELL : text };
}

/** Header row + data rows; numbers right-aligned. */
function tableBlock(columns: readonly ReportColumn[], rows: readonly ReportRow[]): SlackBlock {
  const cols = columns.slice(0, SLACK_LIMITS.tableColumns);
  const header = cols.map((c): RawTextCell => ({
    type: 'raw_text',
    text: truncate(c.label, MAX_CELL_CHARS),
  }));
  return {
    type: 'table',
    rows: [header, ...rows.map((r) => cols.map((c) => cellText(r, c)))],
    column_settings: cols.map((c) => ({ align: isNumericType(c.type) ? 'right' : 'left' })),
  };
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

function clampRows(maxRows: number | undefined): number {
  const n = Math.floor(maxRows ?? DEFAULT_SLACK_ROWS);
  return Math.max(1, Math.min(MAX_SLACK_ROWS, Number.isFinite(n) ? n : DEFAULT_SLACK_ROWS));
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
  const shownRows = result.rows.slice(0, clampRows(opts.maxRows));
  const empty = result.totals.count === 0 || result.rows.length === 0;

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
    blocks.push({ type: 'section', text: mrkdwn(EMPTY_RESULT_TEXT) });
  } else {
    blocks.push({
      type: 'section',
      text: mrkdwn(totalsSummary(result.columns, result.totals, { boldCount: true })),
    });
    const groups = groupsBlock(result);
    if (groups) blocks.push(groups);
    if (shownRows.length < result.totals.count) {
      const note =
        `mostrando ${formatCount(shownRows.length)} de ${formatProjects(result.totals.count)} na tabela abaixo` +
        ' — para a lista completa, gere o PDF, o CSV ou o XLSX.';
      blocks.push({ type: 'context', elements: [mrkdwn(note)] });
    }
  }
  if (opts.actions) {
    const actions = actionsBlock(opts.actions, empty);
    if (actions) blocks.push(actions);
  }

  const message: SlackReportMessage = { text: notificationText(result, title), blocks };
  if (!empty) message.attachments = [{ blocks: [tableBlock(result.columns, shownRows)] }];
  return message;
}
