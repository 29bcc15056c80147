/**
 * CSV export, streamed: rows come from an (async) iterable and leave in chunks, so a
 * 166,989-row company report never sits in memory.
 *
 * Written for Excel in Brazilian Portuguese, where most users open it: UTF-8 with a BOM
 * (without it Excel reads "Dormitório" as "DormitÃ³rio"), `;` between fields (`,` is the
 * decimal separator there), CRLF line ends, money as `1234,56` — no `R$`, no thousands
 * dots — so the cell is a number Excel can sum, dates `dd/mm/aaaa`, booleans `Sim`/`Não`.
 * Quoting follows RFC 4180. Text that Excel would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR at the start) gets a leading apostrophe (OWASP's CSV-injection advice).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CellValue, ReportColumn, ReportRow, ReportTotals } from '../portfolio/result.js';
import { formatBoolean, formatDate, formatProjects, formatSituation, totalsRow } from './format.js';

export const CSV_BOM = '\uFEFF';
const DELIMITER = ';';
const EOL = '\r\n';
/** Rows per yielded chunk: big enough to keep syscalls few, small enough to stay lazy. */
const ROWS_PER_CHUNK = 500;

export interface CsvOptions {
  /** Appends a totals row ("Total: 134 projetos" and the money sums). */
  totals?: ReportTotals;
  /**
   * Lines before the column header, one field each (the report's "Dados do ERP de …"). A
   * CSV without them starts with the header, as before any import.
   */
  preamble?: readonly string[];
}

/** `1234.5` → `1234,50`; no grouping so Excel pt-BR parses it as a number. */
export function csvMoney(value: number): string {
  const s = Math.abs(value).toFixed(2).replace('.', ',');
  return value < 0 && s !== '0,00' ? `-${s}` : s;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Quotes a field when it holds `;`, `"`, CR or LF, doubling inner quotes (RFC 4180). */
export function csvField(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A text value made safe from formula injection. */
function safeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function numeric(value: CellValue): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** One value as CSV text (before quoting). Absent values are empty fields. */
export function csvValue(value: CellValue | undefined, column: ReportColumn): string {
  if (value === null || value === undefined || value === '') return '';
  switch (column.type) {
    case 'money': {
      const n = numeric(value);
      return n === null ? safeText(String(value)) : csvMoney(n);
    }
    case 'integer': {
      const n = numeric(value);
      return n === null ? safeText(String(value)) : String(Math.trunc(n));
    }
    case 'percent': {
      // In points with a decimal comma, as the "%" header reads: 0.823 → 82,3.
      const n = numeric(value);
      return n === null
        ? safeText(String(value))
        : String(Math.round(n * 1000) / 10).replace('.', ',');
    }
    case 'decimal': {
      const n = numeric(value);
      return n === null ? safeText(String(value)) : String(n).replace('.', ',');
    }
    case 'date':
      return formatDate(String(value));
    case 'boolean':
      return formatBoolean(value);
    case 'situation':
      return safeText(formatSituation(String(value)));
    case 'text':
      return safeText(String(value));
  }
}

function line(fields: string[]): string {
  return fields.map(csvField).join(DELIMITER) + EOL;
}

function rowLine(columns: readonly ReportColumn[], row: ReportRow): string {
  return line(columns.map((c) => csvValue(row[c.id], c)));
}

function totalsLine(columns: readonly ReportColumn[], totals: ReportTotals): string {
  return line(
    totalsRow(columns, totals).map((cell) => {
      if (cell.kind === 'money') return csvMoney(cell.value);
      if (cell.kind === 'label') return `Total: ${formatProjects(totals.count, totals.noun)}`;
      return '';
    }),
  );
}

/**
 * The CSV as chunks of text: BOM and header first, then rows in batches, then the optional
 * totals row.
 *
 * @example
 * for await (const chunk of csvChunks(result.columns, streamRows(), { totals })) out.write(chunk);
 */
export async function* csvChunks(
  columns: readonly ReportColumn[],
  rows: AsyncIterable<ReportRow> | Iterable<ReportRow>,
  opts: CsvOptions = {},
): AsyncGenerator<string> {
  yield (
    CSV_BOM +
    (opts.preamble ?? []).map((l) => line([safeText(l)])).join('') +
    line(columns.map((c) => c.label))
  );
  let batch = '';
  let n = 0;
  for await (const row of rows) {
    batch += rowLine(columns, row);
    if (++n % ROWS_PER_CHUNK === 0) {
      yield batch;
      batch = '';
    }
  }
  if (opts.totals) batch += totalsLine(columns, opts.totals);
  if (batch) yield batch;
}

/** Writes every chunk, waiting for `drain` whenever the destination's buffer is full. */
async function writeAll(chunks: AsyncIterable<string>, out: Writable): Promise<void> {
  let failure: Error | null = null;
  const onError = (e: Error) => {
    failure = e;
  };
  out.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (failure) throw failure;
      if (!out.write(chunk, 'utf8')) {
        await once(out, 'drain'); // rejects if the stream errors meanwhile
      }
    }
  } finally {
    out.off('error', onError);
  }
}

/**
 * Streams the CSV to a file path or a Writable, honouring backpressure. A path is created
 * and closed here (and removed if the rows fail midway, rather than left half-written); a
 * Writable the caller passes is ended too unless `end: false`.
 */
export async function writeCsv(
  columns: readonly ReportColumn[],
  rows: AsyncIterable<ReportRow> | Iterable<ReportRow>,
  out: Writable | string,
  opts: CsvOptions & { end?: boolean } = {},
): Promise<void> {
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  const chunks = csvChunks(columns, rows, opts);
  try {
    await writeAll(chunks, stream);
  } catch (e) {
    if (typeof out === 'string') {
      stream.destroy();
      await rm(out, { force: true });
    }
    throw e;
  }
  if (typeof out === 'string' || opts.end !== false) {
    // A file is done when its descriptor is closed; other streams when they finish.
    const done = once(stream, typeof out === 'string' ? 'close' : 'finish');
    stream.end();
    await done;
  }
}
