/** PDF, CSV and XLSX rendering: time and peak memory (RSS) at the sizes PERFORMANCE.md names. */
import { Writable } from 'node:stream';
import type { Database } from '../src/core/db/database.js';
import { parseDefinition } from '../src/core/portfolio/definition.js';
import { runReport } from '../src/core/portfolio/query.js';
import { loadViewer } from '../src/core/portfolio/viewer.js';
import { renderPdf } from '../src/core/render/pdf.js';
import { writeReportFile } from '../src/core/reports/report-file.js';
import { fmt, measureMemory } from './stats.js';
import { sql } from 'kysely';

class Sink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.bytes += chunk.length;
    cb();
  }
}

export async function runFileBench(
  database: Database,
  opts: { asOf: string; out: (s: string) => void },
): Promise<void> {
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
  opts.out('');
  opts.out('| output | rows | time | peak RSS of the process |');
  opts.out('|---|---:|---:|---:|');
  for (const rows of [1000, 5000]) {
    const result = await runReport(db, { definition, viewer, asOf: opts.asOf, view, limit: rows });
    const m = await measureMemory(() => renderPdf(result));
    opts.out(
      `| PDF (render only) | ${rows.toLocaleString('en-US')} | ${fmt(m.ms)} ms | ${m.peakRssMb.toFixed(0)} MB |`,
    );
  }
  for (const format of ['csv', 'xlsx'] as const) {
    const sink = new Sink();
    const m = await measureMemory(() =>
      writeReportFile(
        db,
        { definition, viewer, asOf: opts.asOf, view, limit: 100_000 },
        format,
        sink,
      ),
    );
    opts.out(
      `| ${format.toUpperCase()} (query + stream) | ${m.value.rowsWritten.toLocaleString('en-US')} | ${fmt(m.ms)} ms | ${m.peakRssMb.toFixed(0)} MB (${(sink.bytes / 2 ** 20).toFixed(1)} MB file) |`,
    );
  }
}
