/**
 * A view as a file (PDF, CSV, XLSX): the one place that turns a query into a document,
 * used by the CLI, the bot's buttons and the worker. CSV and XLSX stream rows from a
 * cursor, so a million rows never sit in memory; PDFs are capped (docs/benchmarks.md).
 */
import { PassThrough, type Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { foldName } from '../views/views.js';
import { runReport, streamReport, type ReportRequest } from '../portfolio/query.js';
import { DEFAULT_PDF_ROWS, PDF_CHART_HEIGHT, PDF_CONTENT_WIDTH, renderPdf } from '../render/pdf.js';
import { runChart } from '../portfolio/chart-query.js';
import { renderChartSvg } from '../render/chart.js';
import { writeCsv } from '../render/csv.js';
import { freshnessLine } from '../render/format.js';
import { writeXlsx } from '../render/xlsx.js';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export const FILE_FORMATS = ['pdf', 'csv', 'xlsx'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const MIME: Record<FileFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A file name from the view name and report date: `sem-contratos-no-mes-2026-11-27.pdf`. */
export function reportFileName(viewName: string, asOf: string, format: FileFormat): string {
  const slug =
    foldName(viewName)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'relatorio';
  return `${slug}-${asOf}.${format}`;
}

export interface FileReport {
  filename: string;
  format: FileFormat;
  /** Rows in the view (all of them, even when the PDF printed fewer). */
  count: number;
  /** What the rows are when not projects (a goals view: metas). */
  noun?: { one: string; many: string };
  /** The report's resolved period (a goals view: its month up to the report date). */
  period: { from: string; to: string } | null;
  rowsWritten: number;
}

/** Writes the report to `out` (a path or a stream). */
export async function writeReportFile(
  db: Kysely<DB>,
  req: ReportRequest,
  format: FileFormat,
  out: string | Writable,
): Promise<FileReport> {
  const name = req.view?.name ?? 'relatorio';
  if (format === 'pdf') {
    const [result, chart] = await Promise.all([
      runReport(db, { ...req, limit: DEFAULT_PDF_ROWS }),
      runChart(db, req),
    ]);
    // The chart is drawn for the PDF's box (a 1,048 px wide picture at 0.75 pt per px), so
    // its text keeps the size it has in the PNG relative to the page.
    const chartSvg = chart
      ? renderChartSvg(chart, {
          width: 1048,
          height: Math.round((1048 * PDF_CHART_HEIGHT) / PDF_CONTENT_WIDTH),
          framed: false,
        })
      : undefined;
    const pdf = await renderPdf(result, { chartSvg });
    if (typeof out === 'string') {
      await pipeline(async function* () {
        yield pdf;
      }, createWriteStream(out));
    } else {
      await new Promise<void>((resolve, reject) =>
        out.end(pdf, (e?: Error | null) => (e ? reject(e) : resolve())),
      );
    }
    return {
      filename: reportFileName(name, req.asOf, 'pdf'),
      format,
      count: result.totals.count,
      noun: result.totals.noun,
      period: result.period,
      rowsWritten: result.rows.length,
    };
  }
  const [{ meta, rows }, chart] = await Promise.all([
    streamReport(db, req),
    format === 'xlsx' ? runChart(db, req) : null,
  ]);
  let written = 0;
  async function* counted() {
    for await (const r of rows) {
      written++;
      yield r;
    }
  }
  if (format === 'csv') {
    const fresh = freshnessLine(meta);
    await writeCsv(meta.columns, counted(), out, {
      totals: meta.totals,
      ...(fresh ? { preamble: [fresh] } : {}),
    });
  } else {
    await writeXlsx({ meta, rows: counted(), out, chart });
  }
  return {
    filename: reportFileName(name, req.asOf, format),
    format,
    count: meta.totals.count,
    noun: meta.totals.noun,
    period: meta.period,
    rowsWritten: written,
  };
}

/** The report as bytes in memory (for a Slack upload). */
export async function renderReportFile(
  db: Kysely<DB>,
  req: ReportRequest,
  format: FileFormat,
): Promise<FileReport & { bytes: Buffer }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const info = await writeReportFile(db, req, format, sink);
  if (!sink.writableEnded) sink.end();
  await done;
  return { ...info, bytes: Buffer.concat(chunks) };
}
