/**
 * A report as plain text for the terminal (`carteira report`, the demo's `out/*.txt`):
 * title, period and filters, an aligned table with numbers on the right, totals, and
 * "mostrando N de M" when not every row is shown. Long text cells are cut with `…` so each
 * line fits the width (120 columns by default). Numbers and dates are never cut, so a view
 * with very many columns (all 20 need ~175) overflows rather than show a wrong value.
 */
import { columnInfo } from '../portfolio/columns.js';
import type { ReportColumn, ReportResult } from '../portfolio/result.js';
import {
  EMPTY_CELL,
  formatCell,
  formatCount,
  formatPeriod,
  formatProjects,
  groupMoney,
  isNumericType,
  totalsSummary,
  freshnessLine,
} from './format.js';
import { comparisonLine } from './comparison-line.js';

export interface TextTableOptions {
  /** Maximum line width in terminal columns (default 120). */
  width?: number;
  /** Print at most this many rows (default: all rows of the result). */
  maxRows?: number;
}

const GAP = '  ';
const MAX_GROUP_LINES = 50;

/** Terminal columns a string takes: emoji count 2, combining marks 0. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

function charWidth(ch: string): number {
  if (ch.charCodeAt(0) < 0x300) return 1; // Latin, accents included: the common case, fast
  if (/\p{M}/u.test(ch)) return 0;
  if (/\p{Extended_Pictographic}/u.test(ch)) return 2;
  return 1;
}

/** Cuts `s` to `width` terminal columns, ending in `…` when cut. */
export function fitWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** Word-wraps a line to `width`; a single word longer than that is cut. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (displayWidth(candidate) <= width) line = candidate;
    else {
      if (line) lines.push(line);
      line = fitWidth(word, width);
    }
  }
  if (line) lines.push(line);
  return lines;
}

interface Layout {
  widths: number[];
  numeric: boolean[];
}

/** The header in at most two lines of `width`; the second line is cut if it must be. */
function headerLines(label: string, width: number): [string, string] {
  const lines = wrap(label, width);
  if (lines.length <= 2) return [lines[0] ?? '', lines[1] ?? ''];
  return [lines[0], fitWidth(lines.slice(1).join(' '), width)];
}

/** Narrowest width at which a header fits in two lines uncut. */
function headerWidth(label: string): number {
  const full = displayWidth(label);
  for (let w = Math.max(...label.split(/\s+/).map(displayWidth)); w < full; w++) {
    if (wrap(label, w).length <= 2) return w;
  }
  return full;
}

/**
 * Column widths: each column's natural width (its widest value, or its header over two
 * lines), then the widest shrinkable column loses one character at a time until the line
 * fits. Text may shrink to a few characters; numbers, dates and booleans keep their
 * values whole and only their header is cut.
 */
function layout(columns: readonly ReportColumn[], body: string[][], width: number): Layout {
  const numeric = columns.map((c) => isNumericType(c.type));
  const dataWidths = columns.map((_, i) =>
    body.reduce((m, r) => Math.max(m, displayWidth(r[i])), 0),
  );
  const widths = columns.map((c, i) => Math.max(headerWidth(c.label), dataWidths[i]));
  // The project code is how a row is found again, so it is never cut either.
  const floors = columns.map((c, i) =>
    (c.type === 'text' || c.type === 'situation') && c.id !== 'project'
      ? Math.min(widths[i], 6)
      : Math.max(dataWidths[i], 3),
  );
  let total = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  while (total > width) {
    let pick = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i] > floors[i] && (pick < 0 || widths[i] > widths[pick])) pick = i;
    }
    if (pick < 0) break; // cannot fit: the line overflows rather than lose numbers
    widths[pick] -= 1;
    total -= 1;
  }
  return { widths, numeric };
}

function renderRow(cells: string[], l: Layout): string {
  return cells
    .map((c, i) => pad(fitWidth(c, l.widths[i]), l.widths[i], l.numeric[i]))
    .join(GAP)
    .trimEnd();
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

function tableLines(result: ReportResult, rowsShown: number, width: number): string[] {
  const body = result.rows
    .slice(0, rowsShown)
    .map((r) => result.columns.map((c) => oneLine(formatCell(r[c.id], c.type))));
  const l = layout(result.columns, body, width);
  const header = result.columns.map((c, i) => headerLines(c.label, l.widths[i]));
  const headerRows = header.some((h) => h[1] !== '')
    ? [header.map((h) => (h[1] === '' ? '' : h[0])), header.map((h) => (h[1] === '' ? h[0] : h[1]))]
    : [header.map((h) => h[0])];
  const rule = l.widths.map((w) => '─'.repeat(w)).join(GAP);
  return [
    ...headerRows.map((h) => renderRow(h, l)),
    rule,
    ...body.map((r) => renderRow(r, l)),
    rule,
  ];
}

function groupLines(result: ReportResult, width: number): string[] {
  if (result.groups.length === 0) return [];
  const by = columnInfo(result.groupBy!).label;
  const lines = [`Subtotais por ${by.toLowerCase()}:`];
  for (const g of result.groups.slice(0, MAX_GROUP_LINES)) {
    const money = groupMoney(result.columns, g.totals);
    const text = [`${g.label || EMPTY_CELL}: ${formatProjects(g.totals.count)}`, ...money].join(
      ' · ',
    );
    lines.push(fitWidth(`  ${oneLine(text)}`, width));
  }
  const rest = result.groups.length - MAX_GROUP_LINES;
  if (rest > 0) lines.push(`  e mais ${formatCount(rest)} ${rest === 1 ? 'grupo' : 'grupos'}`);
  return lines;
}

/**
 * Renders a report result as a terminal table.
 *
 * @example
 * process.stdout.write(renderTextTable(result, { width: process.stdout.columns ?? 120 }));
 */
export function renderTextTable(result: ReportResult, opts: TextTableOptions = {}): string {
  const width = Math.max(40, Math.floor(opts.width ?? 120));
  const rowsShown = Math.min(result.rows.length, opts.maxRows ?? result.rows.length);
  const lines: string[] = [fitWidth(oneLine(result.view.name), width)];
  const context = [`Período: ${formatPeriod(result.period)}`, result.filtersSummary]
    .filter(Boolean)
    .join(' · ');
  lines.push(...wrap(context, width));
  if (result.scopeNote) lines.push(...wrap(result.scopeNote, width));
  const compared = comparisonLine(result);
  if (compared) lines.push(...wrap(compared, width));
  const fresh = freshnessLine(result);
  if (fresh) lines.push(...wrap(fresh, width));
  lines.push('');

  if (result.totals.count === 0 || result.rows.length === 0) {
    lines.push(result.emptyText ?? 'Nenhum projeto encontrado para esta visão.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(...tableLines(result, rowsShown, width));
  lines.push(...wrap(totalsSummary(result.columns, result.totals), width));
  lines.push(...groupLines(result, width));
  if (rowsShown < result.totals.count) {
    lines.push(
      ...wrap(
        `mostrando ${formatCount(rowsShown)} de ${formatProjects(result.totals.count, result.totals.noun)} — para a lista completa, gere CSV, XLSX ou PDF.`,
        width,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
