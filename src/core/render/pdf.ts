/**
 * A report as a PDF (pdfmake 0.3, Node): A4 landscape, the title and what was asked (period,
 * filters, who ran it, when), the rows in a zebra table whose header repeats on every page,
 * group subtotals, the totals, and "Página x de y" at the foot.
 *
 * A PDF past a few thousand rows is no longer read and costs ~0.2 s and ~40 MB per 1,000
 * rows here (docs/benchmarks.md), so it is capped (5,000 rows by default) with a line that
 * says so and points to CSV/XLSX, which stream.
 *
 * Fonts: pdfmake's bundled Roboto (in `pdfmake/fonts/Roboto`), which covers Portuguese
 * accents; the 14 standard PDF fonts would not embed them reliably. pdfmake is a process
 * singleton, so it is configured once here: these font files are the only local files it
 * may read and it may fetch no URL (a report never loads images from the network).
 */
import { createRequire } from 'node:module';
import { ROBOTO } from './fonts.js';
import type { ColumnType } from '../portfolio/columns.js';
import type {
  ReportColumn,
  ReportGroup,
  ReportResult,
  ReportRow,
  ReportTotals,
} from '../portfolio/result.js';
import {
  EMPTY_CELL,
  formatCell,
  formatCount,
  formatDateTimeBr,
  formatMoney,
  formatPeriod,
  formatProjects,
  isNumericType,
  isTotalled,
  totalsRow,
  truncate,
  freshnessLine,
} from './format.js';
import { DEFAULT_TIMEZONE } from '../time/timezone.js';
import { comparisonLine } from './comparison-line.js';

export const DEFAULT_PDF_ROWS = 5000;
/** Longest text a cell prints; the full text is in CSV/XLSX. */
const MAX_CELL_CHARS = 160;

// pdfmake 0.3 ships no TypeScript types; these describe the little we use.
type PdfNode = Record<string, unknown> | string;
interface PdfMakeDocument {
  getBuffer(): Promise<Buffer>;
}
interface PdfMake {
  setFonts(
    fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>,
  ): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): PdfMakeDocument;
}

const require = createRequire(import.meta.url);
let configured: PdfMake | null = null;

/** The pdfmake singleton with Roboto registered and file/URL access locked down. */
function pdfmake(): PdfMake {
  if (configured) return configured;
  const pm = require('pdfmake') as PdfMake;
  const roboto = { ...ROBOTO };
  const allowed = new Set(Object.values(roboto));
  pm.setFonts({ Roboto: roboto });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((path) => allowed.has(path));
  configured = pm;
  return pm;
}

export interface PdfOptions {
  /** Rows printed at most (default 5,000). */
  maxRows?: number;
  /** Replaces the view name as the title. */
  title?: string;
  /** The view's chart as SVG (`renderChartSvg`), drawn as vectors on page 1 above the table. */
  chartSvg?: string;
}

/** Height of the chart on page 1, in points (the table starts below it). */
export const PDF_CHART_HEIGHT = 220;
/** Width of the page between the margins, in points. */
export const PDF_CONTENT_WIDTH = 841.89 - 2 * 28;

const COLORS = {
  header: '#dde4ec',
  zebra: '#eef2f6',
  subtotal: '#e9eef4',
  total: '#cfd9e4',
  muted: '#555555',
  warning: '#9a3412',
  rule: '#8899aa',
};

function fontSizeFor(columnCount: number): number {
  if (columnCount <= 10) return 8;
  if (columnCount <= 15) return 7;
  return 6;
}

/** Rough width of `chars` characters of Roboto at `size` pt (digits are ~0.56 em). */
function textWidth(chars: number, size: number): number {
  return chars * size * 0.56;
}

function longestWord(s: string): number {
  return Math.max(...s.split(/\s+/).map((w) => w.length));
}

/** Characters a column wants: its longest header word, or its typical value. */
function wantedChars(c: ReportColumn, sample: readonly ReportRow[], totals: ReportTotals): number {
  const header = longestWord(c.label) + 1; // headers are bold, a little wider
  if (c.id === 'project') {
    return sample.reduce((m, r) => Math.max(m, String(r.project ?? '').length), header);
  }
  const typical: Record<Exclude<ColumnType, 'text' | 'money'>, number> = {
    date: 10,
    integer: 6,
    boolean: 3,
    situation: 11,
    percent: 5,
    decimal: 6,
  };
  if (c.type === 'money') {
    const big = isTotalled(c.id) ? totals[c.id] : 0;
    const widest = sample.reduce((m, r) => Math.max(m, formatCell(r[c.id], 'money').length), 0);
    return Math.max(header, formatMoney(big).length, widest, 12);
  }
  if (c.type !== 'text') return Math.max(header, typical[c.type]);
  const lengths = sample.map((r) => formatCell(r[c.id], c.type).length).sort((a, b) => a - b);
  const p90 = lengths.length ? lengths[Math.floor(lengths.length * 0.9)] : 8;
  return Math.max(header, Math.min(p90, 40));
}

/** Characters a text column needs so that no word of its header or values is broken. */
function shortestUnbroken(c: ReportColumn, sample: readonly ReportRow[]): number {
  let chars = longestWord(c.label) + 1;
  for (const r of sample) {
    chars = Math.max(chars, Math.min(16, longestWord(formatCell(r[c.id], c.type))));
  }
  return chars;
}

/**
 * Fixed column widths that fill the page: each column gets what it wants, scaled up to the
 * page width. When the wants do not fit, text columns give room back (their cells wrap),
 * each down to its longest word; the project code, dates and numbers keep theirs.
 * Only if that is still too wide does every column shrink. Fixed numbers also spare
 * pdfmake from measuring every cell, as 'auto' widths would.
 */
function columnWidths(
  columns: readonly ReportColumn[],
  sample: readonly ReportRow[],
  totals: ReportTotals,
  size: number,
  available: number,
): number[] {
  const wants = columns.map((c) => textWidth(wantedChars(c, sample, totals), size));
  const mins = columns.map((c, i) =>
    c.type === 'text' && c.id !== 'project'
      ? Math.min(wants[i], textWidth(shortestUnbroken(c, sample), size))
      : wants[i],
  );
  const total = (ws: number[]) => ws.reduce((a, b) => a + b, 0);
  const sum = total(wants);
  if (sum <= available) return wants.map((w) => (w * available) / sum);
  const slack = sum - total(mins);
  const excess = sum - available;
  if (slack >= excess) return wants.map((w, i) => w - ((w - mins[i]) * excess) / slack);
  return mins.map((w) => (w * available) / total(mins));
}

function cut(s: string): string {
  return truncate(s, MAX_CELL_CHARS);
}

function dataCell(row: ReportRow, c: ReportColumn): PdfNode {
  const text = cut(formatCell(row[c.id], c.type));
  return isNumericType(c.type) ? { text, alignment: 'right' } : text;
}

function spanned(text: string, span: number, style: Record<string, unknown>): PdfNode[] {
  // pdfmake wants a placeholder object for every cell a colSpan covers.
  return [{ text, colSpan: span, ...style }, ...Array.from({ length: span - 1 }, () => ({}))];
}

/**
 * A subtotal or totals row: the label spans the columns before the first money column and
 * the money sums sit under their columns. When the first column is money the label gets a
 * row of its own above the sums.
 */
function summaryRows(
  columns: readonly ReportColumn[],
  totals: ReportTotals,
  label: string,
  fill: string,
): PdfNode[][] {
  const layout = totalsRow(columns, totals);
  const style = { bold: true, fillColor: fill };
  const sum = (cell: (typeof layout)[number]): PdfNode =>
    cell.kind === 'money'
      ? { text: formatMoney(cell.value), alignment: 'right', ...style }
      : { text: '', ...style };
  const firstMoney = layout.findIndex((c) => c.kind === 'money');
  if (firstMoney === 0) return [spanned(label, columns.length, style), layout.map(sum)];
  const span = firstMoney === -1 ? columns.length : firstMoney;
  return [[...spanned(label, span, style), ...layout.slice(span).map(sum)]];
}

function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null);
}

/** Finds the group of a row by its raw key (rows arrive sorted by group). */
function groupFor(groups: readonly ReportGroup[], key: unknown): ReportGroup | undefined {
  return groups.find((g) => sameKey(g.key, key));
}

function subtotalRows(columns: readonly ReportColumn[], group: ReportGroup): PdfNode[][] {
  const label = `Subtotal — ${group.label || EMPTY_CELL}: ${formatProjects(group.totals.count)}`;
  return summaryRows(columns, group.totals, label, COLORS.subtotal);
}

/** Table body: header, rows with a subtotal row whenever the group changes, totals. */
function tableBody(result: ReportResult, rows: readonly ReportRow[], capped: boolean): PdfNode[][] {
  const { columns } = result;
  const header = columns.map((c) => ({
    text: c.label,
    bold: true,
    alignment: isNumericType(c.type) ? 'right' : 'left',
  }));
  const body: PdfNode[][] = [header];
  const groupBy = result.groupBy;
  const grouped = groupBy !== null && result.groups.length > 0 && rows.every((r) => groupBy in r);
  let current: ReportGroup | undefined;
  let started = false;
  for (const row of rows) {
    if (grouped) {
      const key = row[groupBy];
      if (!started || !current || !sameKey(current.key, key)) {
        if (current) body.push(...subtotalRows(columns, current));
        current = groupFor(result.groups, key);
        started = true;
      }
    }
    body.push(columns.map((c) => dataCell(row, c)));
  }
  if (grouped && current) body.push(...subtotalRows(columns, current));
  const count = formatProjects(result.totals.count, result.totals.noun);
  const label = capped ? `Total (todos os ${count})` : `Total: ${count}`;
  body.push(...summaryRows(columns, result.totals, label, COLORS.total));
  return body;
}

function tableLayout(): Record<string, unknown> {
  return {
    fillColor: (rowIndex: number) =>
      rowIndex === 0 ? COLORS.header : rowIndex % 2 === 0 ? COLORS.zebra : null,
    hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
      i === 1 || i === node.table.body.length ? 0.6 : 0,
    vLineWidth: () => 0,
    hLineColor: () => COLORS.rule,
    paddingLeft: () => CELL_PADDING,
    paddingRight: () => CELL_PADDING,
    paddingTop: () => 1.5,
    paddingBottom: () => 1.5,
  };
}

function headerLines(result: ReportResult, title: string, shown: number): PdfNode[] {
  const lines: PdfNode[] = [{ text: title, fontSize: 15, bold: true, margin: [0, 0, 0, 2] }];
  if (result.view.description)
    lines.push({ text: result.view.description, fontSize: 9, color: COLORS.muted });
  const asked = [`Período: ${formatPeriod(result.period)}`, result.filtersSummary]
    .filter(Boolean)
    .join(' · ');
  lines.push({ text: asked, fontSize: 8.5, margin: [0, 3, 0, 0] });
  if (result.scopeNote) lines.push({ text: result.scopeNote, fontSize: 8.5 });
  const compared = comparisonLine(result, { arrows: false });
  if (compared) lines.push({ text: compared, fontSize: 8.5, bold: true });
  const fresh = freshnessLine(result);
  if (fresh)
    lines.push({
      text: fresh,
      fontSize: 8.5,
      ...(result.freshness?.stale ? { bold: true, color: COLORS.warning } : {}),
    });
  const tz = result.timezone || DEFAULT_TIMEZONE;
  lines.push({
    text: `Gerado em ${formatDateTimeBr(result.generatedAt, tz)} (${tz})`,
    fontSize: 8,
    color: COLORS.muted,
  });
  if (shown < result.totals.count) {
    lines.push({
      text:
        `Relatório limitado às primeiras ${formatCount(shown)} linhas de ${formatCount(result.totals.count)}` +
        ' — use CSV ou XLSX para a lista completa.',
      fontSize: 8.5,
      bold: true,
      color: COLORS.warning,
      margin: [0, 3, 0, 0],
    });
  }
  return lines;
}

const PAGE = { width: 841.89, margin: 28 };
const CELL_PADDING = 3;

/**
 * Renders the report as a PDF.
 *
 * @example
 * const pdf = await renderPdf(result); // result.rows: the first ≤ 5,000 rows
 * await client.files.uploadV2({ file: pdf, filename: 'relatorio.pdf', channel_id });
 */
export async function renderPdf(result: ReportResult, opts: PdfOptions = {}): Promise<Buffer> {
  const title = opts.title?.trim() || result.view.name;
  const cap = Math.max(1, Math.floor(opts.maxRows ?? DEFAULT_PDF_ROWS));
  const rows = result.rows.slice(0, cap);
  const shown = rows.length;
  const size = fontSizeFor(result.columns.length);
  const available = PAGE.width - 2 * PAGE.margin - result.columns.length * 2 * CELL_PADDING;

  const content: PdfNode[] = headerLines(result, title, shown);
  if (opts.chartSvg) {
    content.push({
      svg: opts.chartSvg,
      width: PDF_CONTENT_WIDTH,
      height: PDF_CHART_HEIGHT,
      margin: [0, 8, 0, 0],
    });
  }
  if (result.totals.count === 0 || rows.length === 0 || result.columns.length === 0) {
    content.push({
      text: result.emptyText ?? 'Nenhum projeto encontrado para esta visão.',
      margin: [0, 12, 0, 0],
      fontSize: 10,
    });
  } else {
    content.push({
      margin: [0, 8, 0, 0],
      fontSize: size,
      layout: tableLayout(),
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: columnWidths(result.columns, rows.slice(0, 300), result.totals, size, available),
        body: tableBody(result, rows, shown < result.totals.count),
      },
    });
  }

  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [PAGE.margin, 28, PAGE.margin, 30],
    info: { title, creator: 'Carteira', producer: 'Carteira' },
    defaultStyle: { font: 'Roboto', fontSize: 8 },
    content,
    footer: (page: number, pages: number) => ({
      margin: [PAGE.margin, 8, PAGE.margin, 0],
      fontSize: 7.5,
      color: COLORS.muted,
      columns: [
        { text: cut(`Carteira — ${title}`) },
        { text: `Página ${page} de ${pages}`, alignment: 'right' },
      ],
    }),
  };
  return pdfmake().createPdf(doc).getBuffer();
}
