/** The ERP import at volume: export the demo portfolio as CSV, then import it into an empty database. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/core/db/database.js';
import { exportDemoCsv } from '../src/core/demo/index.js';
import { importFolder } from '../src/core/import/index.js';

export async function runImportBench(opts: {
  projects: number;
  today: string;
  freshDatabase: (name: string) => Promise<{ database: Database; drop: () => Promise<void> }>;
  out: (s: string) => void;
}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'carteira-export-'));
  try {
    const t0 = performance.now();
    await exportDemoCsv(dir, { projects: opts.projects, seed: 7, today: opts.today });
    const exportS = (performance.now() - t0) / 1000;
    const { database, drop } = await opts.freshDatabase('carteira_bench_import');
    try {
      const report = await importFolder({ database, folder: dir });
      const rows = report.files.reduce((n, f) => n + f.rows, 0);
      opts.out('');
      opts.out(`## Import of the ${opts.projects.toLocaleString('en-US')}-project ERP export`);
      opts.out('');
      opts.out(
        `${rows.toLocaleString('en-US')} rows in ${report.files.length} files (export written in ${exportS.toFixed(1)} s): imported in ${(report.durationMs / 1000).toFixed(1)} s = ${Math.round(rows / (report.durationMs / 1000)).toLocaleString('en-US')} rows/s, ${report.issues.length} issues, summary refreshed for ${report.projectsRefreshed.toLocaleString('en-US')} projects (target ≤ 60 s).`,
      );
    } finally {
      await drop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
