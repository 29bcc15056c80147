/**
 * One file rendering in a fresh process, so its peak memory (maxRSS) is its own:
 *   node --import tsx bench/file-child.ts <DATABASE_URL> <pdf|csv|xlsx> <rows>
 * Prints one JSON line: { ms, maxRssMb, rows, bytes }.
 */
import { systemClock } from '../src/core/clock.js';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { openDatabase } from '../src/core/db/database.js';
import { parseDefinition } from '../src/core/portfolio/definition.js';
import { runReport } from '../src/core/portfolio/query.js';
import { loadViewer } from '../src/core/portfolio/viewer.js';
import { renderPdf } from '../src/core/render/pdf.js';
import { writeReportFile } from '../src/core/reports/report-file.js';

const [url, format, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const database = await openDatabase({ url, poolSize: 2 });
const db = database.db;
const adm = await sql<{
  id: number;
}>`SELECT id FROM salespeople WHERE role = 'admin' LIMIT 1`.execute(db);
const viewer = await loadViewer(db, { id: adm.rows[0]!.id });
const definition = parseDefinition({
  columns: [
    'project',
    'client',
    'salesperson',
    'store',
    'situation',
    'contract_number',
    'contract_created_at',
    'purchase_orders',
    'last_purchase_order_at',
    'contract_value',
  ],
  sort: [{ column: 'project', direction: 'asc' }],
});
const view = { id: 'bench', name: 'Benchmark — todos os projetos', description: null };
let bytes = 0;
const sink = new Writable({
  write(chunk: Buffer, _enc, cb) {
    bytes += chunk.length;
    cb();
  },
});
let ms: number;
let written: number;
if (format === 'pdf') {
  const result = await runReport(db, {
    definition,
    viewer,
    asOf: '2026-11-27',
    view,
    limit: rows,
    now: systemClock(),
  });
  // A bot or worker renders many PDFs: load the fonts once first, as a warm process has.
  await renderPdf({ ...result, rows: result.rows.slice(0, 5) });
  const t = performance.now();
  const pdf = await renderPdf(result, { maxRows: rows });
  ms = performance.now() - t;
  bytes = pdf.length;
  written = result.rows.length;
} else {
  const t = performance.now();
  const info = await writeReportFile(
    db,
    { definition, viewer, asOf: '2026-11-27', view, limit: rows, now: systemClock() },
    format as 'csv' | 'xlsx',
    sink,
  );
  ms = performance.now() - t;
  written = info.rowsWritten;
}
await database.close();
process.stdout.write(
  `${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows: written, bytes })}\n`,
);
