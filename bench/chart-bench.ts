/**
 * Charts at scale: the chart's one grouped query per scope and starter view, beside the
 * table's own query (runReport, rows + totals) for the same view; then the render time of a
 * 20-bar chart (SVG, and SVG → PNG). Targets (docs/benchmarks.md): the chart query under
 * the table's time; render ≤ 100 ms for 20 bars.
 */
import { sql } from 'kysely';
import { systemClock } from '../src/core/clock.js';
import type { Database } from '../src/core/db/database.js';
import { runChart } from '../src/core/portfolio/chart-query.js';
import { parseDefinition } from '../src/core/portfolio/definition.js';
import { runReport, type ReportRequest } from '../src/core/portfolio/query.js';
import { loadViewer, type Viewer } from '../src/core/portfolio/viewer.js';
import { renderChartPng, renderChartSvg } from '../src/core/render/chart.js';
import { listViews } from '../src/core/views/views.js';
import { fmt, timeRuns } from './stats.js';

export async function runChartBench(
  database: Database,
  opts: { asOf: string; runs: number; out: (s: string) => void },
): Promise<void> {
  const db = database.db;
  const pick = async (q: ReturnType<typeof sql<{ id: number }>>) =>
    loadViewer(db, { id: (await q.execute(db)).rows[0]!.id });
  const viewers: [string, Viewer][] = [
    [
      'vendedor',
      await pick(sql<{ id: number }>`
        SELECT salesperson_id AS id FROM project_summary ps JOIN salespeople sp ON sp.id = ps.salesperson_id
        WHERE sp.role = 'vendedor' AND sp.supervisor_id IS NOT NULL
        GROUP BY salesperson_id ORDER BY count(*) OFFSET 10 LIMIT 1`),
    ],
    [
      'gerente (1 store)',
      await pick(sql<{ id: number }>`
        SELECT sp.id FROM salespeople sp WHERE sp.role = 'gerente'
        ORDER BY (SELECT count(*) FROM project_summary ps WHERE ps.store_id = sp.store_id) DESC LIMIT 1`),
    ],
    [
      'admin (all)',
      await pick(sql<{ id: number }>`SELECT id FROM salespeople WHERE role = 'admin' LIMIT 1`),
    ],
  ];
  const starters = (await listViews(db, viewers[2]![1])).filter((v) => v.isStarter);
  const tableRuns = Math.max(3, Math.floor(opts.runs / 3));
  opts.out('');
  opts.out(
    `Chart query (runChart: one grouped query), ${opts.runs} runs, beside the table's runReport (rows + totals), ${tableRuns} runs (ms).`,
  );
  opts.out('');
  opts.out(
    '| scope | view | chart | projects | bars | chart median | chart p95 | table median | chart / table |',
  );
  opts.out('|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const [label, viewer] of viewers) {
    for (const view of starters) {
      const req: ReportRequest = {
        definition: view.definition,
        viewer,
        asOf: opts.asOf,
        view: { id: String(view.id), name: view.name, description: null },
        now: systemClock(),
      };
      const chart = (await runChart(db, req))!;
      const ours = await timeRuns(opts.runs, () => runChart(db, req));
      const table = await timeRuns(tableRuns, () => runReport(db, req));
      opts.out(
        `| ${label} | ${view.name} | ${chart.subtitle} | ${chart.totals.count} | ${chart.series.length} | ${fmt(ours.median)} | ${fmt(ours.p95)} | ${fmt(table.median)} | ${(ours.median / table.median).toFixed(2)} |`,
      );
    }
  }

  // Render: the 20 salespeople with the most contract value this year, company-wide.
  const year = starters.find((v) => v.name.startsWith('Situação'))!;
  const definition = parseDefinition({
    ...year.definition,
    chart: { kind: 'bar', dimension: 'salesperson', measure: 'contract_value', top: 19 },
  });
  const chart = (await runChart(db, {
    definition,
    viewer: viewers[2]![1],
    asOf: opts.asOf,
    view: { id: String(year.id), name: year.name, description: null },
    now: systemClock(),
  }))!;
  const svg = await timeRuns(opts.runs, async () => renderChartSvg(chart));
  const png = await timeRuns(opts.runs, () => renderChartPng(chart));
  const bytes = (await renderChartPng(chart)).length;
  opts.out('');
  opts.out(
    `Render of a ${chart.series.length}-bar chart (19 salespeople + Outros), 1200×675, ${opts.runs} runs: SVG median ${fmt(svg.median)} ms (p95 ${fmt(svg.p95)}); SVG + PNG median ${fmt(png.median)} ms (p95 ${fmt(png.p95)}), ${(bytes / 1024).toFixed(0)} KB.`,
  );
}
