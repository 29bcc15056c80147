/**
 * XLSX export with exceljs's streaming writer: each row is committed (serialised and handed
 * to the zip) as soon as it is added, so a million rows never sit in memory.
 *
 * Cells are typed so Excel can sort, filter and sum them: dates are real dates (built at
 * UTC midnight, which exceljs turns into a whole Excel serial, so no timezone can move the
 * day) shown `dd/mm/yyyy`; money is a number shown `"R$" #,##0.00`; counts are numbers;
 * booleans read `Sim`/`Não`; situations their label. The header row is bold, frozen and
 * filterable, and a totals row closes the sheet.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { EventEmitter, once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnType } from '../portfolio/columns.js';
import { isIsoDate } from '../portfolio/periods.js';
import type { CellValue, ReportColumn, ReportResult, ReportRow } from '../portfolio/result.js';
import type { ChartResult } from '../portfolio/chart-query.js';
import {
  CHART_DIMENSION_LABELS,
  CHART_MEASURE_LABELS,
  isMoneyMeasure,
} from '../portfolio/chart.js';
import {
  formatBoolean,
  formatCell,
  formatDateTimeBr,
  formatPeriod,
  formatProjects,
  formatSituation,
  isNumericType,
  totalsRow,
  freshnessLine,
} from './format.js';
import { DEFAULT_TIMEZONE } from '../time/timezone.js';

export const MONEY_FORMAT = '"R$" #,##0.00';
export const DATE_FORMAT = 'dd/mm/yyyy';
const INTEGER_FORMAT = '#,##0';
/** Rows looked at before writing, to size the columns. */
const SAMPLE_ROWS = 200;
/** Rows between checks that the zip keeps up (see `relieve`). */
const ROWS_PER_YIELD = 500;

/** What the sheet needs from the result besides the rows (a whole ReportResult fits). */
export type XlsxMeta = Pick<ReportResult, 'view' | 'period' | 'columns' | 'totals'> &
  Partial<
    Pick<ReportResult, 'filtersSummary' | 'scopeNote' | 'generatedAt' | 'timezone' | 'freshness'>
  >;

export interface WriteXlsxOptions {
  meta: XlsxMeta;
  rows: AsyncIterable<ReportRow> | Iterable<ReportRow>;
  /** A file path (created here) or a Writable (ended when the workbook is done). */
  out: string | Writable;
  /** Title lines above the header (view name, period, filters); default true. */
  titleRows?: boolean;
  /** The view's chart: its grouped figures go to a second sheet, "Resumo". */
  chart?: ChartResult | null;
}

/**
 * A valid Excel sheet name from a view name: no `: \ / ? * [ ]`, no apostrophe at either
 * end, at most 31 characters, never empty nor the reserved "History".
 */
export function sheetName(name: string): string {
  let s = name
    .replace(/[:\\/?*[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(/^'+|'+$/g, '').trim();
  s = Array.from(s).slice(0, 31).join('').trim();
  s = s.replace(/'+$/, '').trim();
  if (s === '' || s.toLowerCase() === 'history') return 'Relatório';
  return s;
}

/** `AAAA-MM-DD` → a Date at UTC midnight (Excel then shows exactly that day). */
export function excelDate(value: string): Date | null {
  const day = value.slice(0, 10);
  if (!isIsoDate(day)) return null;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function numberOrText(value: CellValue): number | string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : String(value);
}

/** A cell value typed for Excel. */
export function xlsxValue(value: CellValue | undefined, type: ColumnType): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'date':
      return excelDate(String(value)) ?? String(value);
    case 'money':
    case 'integer':
    case 'percent':
    case 'decimal':
      return numberOrText(value);
    case 'boolean':
      return formatBoolean(value);
    case 'situation':
      return formatSituation(String(value));
    case 'text':
      return String(value);
  }
}

function numFmt(type: ColumnType): string | undefined {
  if (type === 'money') return MONEY_FORMAT;
  if (type === 'date') return DATE_FORMAT;
  if (type === 'integer') return INTEGER_FORMAT;
  if (type === 'percent') return '0%';
  if (type === 'decimal') return '#,##0.0';
  return undefined;
}

/** Width in characters: the header or the widest sampled value, within 8–50. */
function columnWidth(column: ReportColumn, sample: readonly ReportRow[]): number {
  let widest = column.label.length;
  for (const row of sample)
    widest = Math.max(widest, formatCell(row[column.id], column.type).length);
  return Math.min(50, Math.max(8, widest + 2));
}

function titleLines(meta: XlsxMeta): string[] {
  const lines = [meta.view.name];
  lines.push(
    [`Período: ${formatPeriod(meta.period)}`, meta.filtersSummary].filter(Boolean).join(' · '),
  );
  if (meta.scopeNote) lines.push(meta.scopeNote);
  const fresh = freshnessLine(meta);
  if (fresh) lines.push(fresh);
  if (meta.generatedAt) {
    const tz = meta.timezone ?? DEFAULT_TIMEZONE;
    lines.push(`Gerado em ${formatDateTimeBr(meta.generatedAt, tz)} (${tz})`);
  }
  return lines;
}

/** Reads up to `n` rows, returning them and an iterator positioned after them. */
async function peek(
  rows: AsyncIterable<ReportRow> | Iterable<ReportRow>,
  n: number,
): Promise<{ head: ReportRow[]; rest: AsyncIterator<ReportRow> | Iterator<ReportRow> }> {
  const it: AsyncIterator<ReportRow> | Iterator<ReportRow> =
    Symbol.asyncIterator in rows
      ? (rows as AsyncIterable<ReportRow>)[Symbol.asyncIterator]()
      : (rows as Iterable<ReportRow>)[Symbol.iterator]();
  const head: ReportRow[] = [];
  while (head.length < n) {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
  }
  return { head, rest: it };
}

/**
 * exceljs hands each sheet's XML to the zip through a PassThrough and ignores its
 * backpressure, so when deflate is slower than we produce rows the XML piles up in that
 * PassThrough (~80 MB at 250k rows). We find it — an internal of exceljs 4: the sheet's
 * StreamBuf keeps its consumers in `pipes`, a readable-stream PassThrough from archiver —
 * and wait for it to drain whenever more than 1 MB is pending. If a later exceljs hides
 * it, this degrades to yielding to the event loop.
 */
interface PendingPipe extends EventEmitter {
  _writableState: { length: number };
}

function sheetPipe(ws: ExcelJS.Worksheet): PendingPipe | null {
  const pipes = (ws as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  const first: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  const state = (first as { _writableState?: { length?: unknown } } | undefined)?._writableState;
  return first instanceof EventEmitter && typeof state?.length === 'number'
    ? (first as PendingPipe)
    : null;
}

const MAX_PENDING_BYTES = 1024 * 1024;
const DRAIN_WAIT_MS = 250;

async function relieve(pipe: PendingPipe | null): Promise<void> {
  if (pipe && pipe._writableState.length > MAX_PENDING_BYTES) {
    // The timeout only guards against waiting on a pipe the zip is not reading yet.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), DRAIN_WAIT_MS);
    try {
      await once(pipe, 'drain', { signal: timeout.signal });
    } catch (e) {
      if (!timeout.signal.aborted) throw e;
    } finally {
      clearTimeout(timer);
    }
  } else {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

type Sheet = ExcelJS.Worksheet;

function addTitleRows(ws: Sheet, meta: XlsxMeta): void {
  const lines = titleLines(meta);
  lines.forEach((text, i) => {
    const row = ws.addRow([text]);
    row.getCell(1).numFmt = 'General';
    row.font = i === 0 ? { bold: true, size: 14 } : { italic: true, color: { argb: 'FF555555' } };
    row.commit();
  });
  ws.addRow([]).commit();
}

function addHeaderRow(ws: Sheet, columns: readonly ReportColumn[]): void {
  const row = ws.addRow(columns.map((c) => c.label));
  row.eachCell((cell, i) => {
    cell.numFmt = 'General';
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDFE6EE' } };
    cell.alignment = {
      vertical: 'middle',
      horizontal: isNumericType(columns[i - 1].type) ? 'right' : 'left',
    };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8899AA' } } };
  });
  row.commit();
}

function addTotalsRow(ws: Sheet, meta: XlsxMeta): void {
  const values = totalsRow(meta.columns, meta.totals).map((cell) => {
    if (cell.kind === 'money') return cell.value;
    if (cell.kind === 'label')
      return `Total: ${formatProjects(meta.totals.count, meta.totals.noun)}`;
    return null;
  });
  const row = ws.addRow(values);
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.border = { top: { style: 'thin', color: { argb: 'FF8899AA' } } };
  });
  row.commit();
}

/** Adds the sheet and streams every row into it. */
async function writeSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  opts: WriteXlsxOptions,
): Promise<void> {
  const { meta } = opts;
  const { head, rest } = await peek(opts.rows, SAMPLE_ROWS);
  const titleCount = opts.titleRows === false ? 0 : titleLines(meta).length + 1;
  const headerRow = titleCount + 1;
  // Views and column widths are written with the sheet's first row, so they go first.
  const ws = wb.addWorksheet(sheetName(meta.view.name), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }],
  });
  ws.columns = meta.columns.map((c) => ({
    key: c.id,
    width: columnWidth(c, head),
    style: numFmt(c.type) ? { numFmt: numFmt(c.type) } : {},
  }));

  if (opts.titleRows !== false) addTitleRows(ws, meta);
  addHeaderRow(ws, meta.columns);

  const pipe = sheetPipe(ws);
  let written = 0;
  const writeRow = async (r: ReportRow) => {
    ws.addRow(meta.columns.map((c) => xlsxValue(r[c.id], c.type))).commit();
    if (++written % ROWS_PER_YIELD === 0) await relieve(pipe);
  };
  for (const r of head) await writeRow(r);
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    await writeRow(next.value);
  }

  if (meta.columns.length > 0) {
    ws.autoFilter = {
      from: { row: headerRow, column: 1 },
      to: { row: headerRow + Math.max(written, 1), column: meta.columns.length },
    };
  }
  addTotalsRow(ws, meta);
  ws.commit();
}

/**
 * The "Resumo" sheet: the chart's figures, one row per bar (with "Outros" when the chart
 * keeps only the largest), typed numbers, each bar's share of the total and the total row
 * — the same numbers as the chart, from the same grouped query. Stacked charts add one
 * column per stack.
 */
function writeSummarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, chart: ChartResult): void {
  const ws = wb.addWorksheet('Resumo', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 4, topLeftCell: 'A5' }],
  });
  const m = chart.spec.measure;
  const money = isMoneyMeasure(m);
  const withValue = m !== 'projects';
  const fmt = money ? MONEY_FORMAT : INTEGER_FORMAT;
  const stackCols = chart.stacks.map((s) => s.label);
  ws.columns = [
    { width: 34 },
    { width: 12, style: { numFmt: INTEGER_FORMAT } },
    ...(withValue ? [{ width: 20, style: { numFmt: fmt } }] : []),
    { width: 12, style: { numFmt: '0.0%' } },
    ...stackCols.map(() => ({ width: 18, style: { numFmt: fmt } })),
  ];
  const title = ws.addRow([chart.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const sub = ws.addRow([`${chart.subtitle}${chart.scopeNote ? ` · ${chart.scopeNote}` : ''}`]);
  sub.font = { italic: true, color: { argb: 'FF555555' } };
  sub.commit();
  ws.addRow([]).commit();
  const header = ws.addRow([
    CHART_DIMENSION_LABELS[chart.spec.dimension],
    'Projetos',
    ...(withValue ? [CHART_MEASURE_LABELS[m]] : []),
    '% do total',
    ...stackCols,
  ]);
  header.eachCell((cell, i) => {
    cell.numFmt = 'General';
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDFE6EE' } };
    cell.alignment = { horizontal: i === 1 ? 'left' : 'right' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8899AA' } } };
  });
  header.commit();
  const total = chart.totals.value;
  for (const p of chart.series) {
    ws.addRow([
      p.label,
      p.count,
      ...(withValue ? [p.value] : []),
      total ? p.value / total : 0,
      ...(p.parts ?? []).map((x) => x.value),
    ]).commit();
  }
  const last = ws.addRow([
    'Total',
    chart.totals.count,
    ...(withValue ? [total] : []),
    total ? 1 : 0,
  ]);
  last.eachCell((cell) => {
    cell.font = { bold: true };
    cell.border = { top: { style: 'thin', color: { argb: 'FF8899AA' } } };
  });
  last.commit();
  ws.commit();
}

/**
 * Streams the report to an .xlsx file or stream. A file that cannot be completed (the rows
 * fail midway) is removed rather than left half-written.
 *
 * @example
 * await writeXlsx({ meta: result, rows: streamRows(), out: 'out/sem-contratos.xlsx' });
 */
export async function writeXlsx(opts: WriteXlsxOptions): Promise<void> {
  const path = typeof opts.out === 'string' ? opts.out : null;
  const stream = path === null ? (opts.out as Writable) : createWriteStream(path);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Carteira';
  try {
    await writeSheet(wb, opts);
    if (opts.chart) writeSummarySheet(wb, opts.chart);
    const closed = path === null ? Promise.resolve() : once(stream, 'close');
    await wb.commit();
    await closed;
  } catch (e) {
    if (path !== null) {
      stream.destroy();
      await rm(path, { force: true });
    }
    throw e;
  }
}
