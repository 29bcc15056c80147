/**
 * A view's chart as a file (PNG or SVG): the one place that turns a view into a chart
 * image, used by the CLI, the demo, the bot and the worker. Null when the view has none.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { runChart, type ChartResult } from '../portfolio/chart-query.js';
import type { ReportRequest } from '../portfolio/query.js';
import { chartAltText } from '../render/chart-format.js';
import { renderChartPng, renderChartSvg, type ChartSize } from '../render/chart.js';
import { foldName } from '../views/views.js';

export const CHART_FORMATS = ['png', 'svg'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

export const CHART_MIME: Record<ChartFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
};

/** `situacao-dos-contratos-2026-11-27.png` (same slug as the report files). */
export function chartFileName(viewName: string, asOf: string, format: ChartFormat): string {
  const slug =
    foldName(viewName)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'grafico';
  return `${slug}-${asOf}.${format}`;
}

export interface ChartFile {
  filename: string;
  format: ChartFormat;
  bytes: Buffer;
  /** What the chart says, for alt text. */
  altText: string;
  chart: ChartResult;
}

/** Renders a chart already queried (the PNG off the event loop). */
export async function chartFile(
  chart: ChartResult,
  format: ChartFormat,
  size: ChartSize = {},
): Promise<ChartFile> {
  const bytes =
    format === 'png' ? await renderChartPng(chart, size) : Buffer.from(renderChartSvg(chart, size));
  return {
    filename: chartFileName(chart.view.name, chart.asOf, format),
    format,
    bytes,
    altText: chartAltText(chart),
    chart,
  };
}

/** Queries and renders the view's chart; null when the view has no chart. */
export async function renderChartFile(
  db: Kysely<DB>,
  req: ReportRequest,
  format: ChartFormat = 'png',
  size: ChartSize = {},
): Promise<ChartFile | null> {
  const chart = await runChart(db, req);
  return chart ? chartFile(chart, format, size) : null;
}
