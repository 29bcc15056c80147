/**
 * The ERP import at volume (issue 14), beside a plain `COPY` of the same files in the same
 * run: export the demo portfolio as CSV, then, into an empty database,
 *
 *   1. COPY: each file into an UNLOGGED table of text columns, nothing else (the floor);
 *   2. first load: `importFolder` on the empty database;
 *   3. re-import of the unchanged files;
 *   4. a daily export where 1% of the projects changed (their estimated value).
 *
 * Each import runs in a process of its own (bench/import-child.ts), as `carteira import`
 * does: the report gives its time and its peak RSS (maxRSS).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { Database } from '../src/core/db/database.js';
import { exportDemoCsv } from '../src/core/demo/index.js';
import { DEMO_CSV_FILES } from '../src/core/demo/export-demo-csv.js';
import type { ImportReport } from '../src/core/import/index.js';
import { childJson } from './child.js';

type Fresh = (
  name: string,
) => Promise<{ database: Database; url: string; drop: () => Promise<void> }>;

const s = (ms: number) => (ms / 1000).toFixed(1);
const n = (x: number) => x.toLocaleString('en-US');

/** Plain COPY of every CSV file into an UNLOGGED all-text table; returns ms and rows. */
async function plainCopy(database: Database, dir: string): Promise<{ ms: number; rows: number }> {
  const client = await database.pool!.connect();
  try {
    const t0 = performance.now();
    let rows = 0;
    for (const [file, header] of Object.entries(DEMO_CSV_FILES)) {
      const table = `copy_${file.replace('.csv', '')}`;
      await client.query(
        `CREATE UNLOGGED TABLE ${table} (${header.map((h) => `"${h}" text`).join(', ')})`,
      );
      const stream = client.query(
        copyStreams.from(`COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')`),
      );
      await pipeline(createReadStream(join(dir, file)), stream);
      rows += Number(stream.rowCount ?? 0);
    }
    return { ms: performance.now() - t0, rows };
  } finally {
    client.release();
  }
}

/** Runs an import in its own process (bench/import-child.ts); returns the report and its peak RSS (MB). */
async function measured(
  url: string,
  folder: string,
): Promise<{ report: ImportReport; ms: number; rssMb: number }> {
  const r = await childJson<{ ms: number; maxRssMb: number; report: ImportReport }>(
    'bench/import-child.ts',
    [url, folder],
  );
  if (r.report.status !== 'ok')
    throw new Error(`import ${r.report.status}: ${JSON.stringify(r.report.issues.slice(0, 3))}`);
  return { report: r.report, ms: r.ms, rssMb: r.maxRssMb };
}

/** A copy of projetos.csv where every 100th project's estimated value changed. */
async function changeOnePercent(dir: string): Promise<number> {
  const src = join(dir, 'projetos.csv');
  const tmp = join(dir, 'projetos.csv.new');
  const out = createWriteStream(tmp);
  const header = DEMO_CSV_FILES['projetos.csv'];
  const col = header.indexOf('valor_estimado');
  let i = -1;
  let changed = 0;
  for await (const line of createInterface({ input: createReadStream(src) })) {
    i++;
    let text = line;
    if (i > 0 && i % 100 === 0 && !line.includes('"')) {
      const f = line.split(';');
      const v = f[col] ?? '';
      const num = Number(v.includes(',') ? v.replace(/\./g, '').replace(',', '.') : v || 0);
      f[col] = (num + 1).toFixed(2).replace('.', ',');
      text = f.join(';');
      changed++;
    }
    if (!out.write(`${text}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  await rename(tmp, src);
  return changed;
}

export async function runImportBench(opts: {
  projects: number;
  today: string;
  freshDatabase: Fresh;
  out: (s: string) => void;
}): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'carteira-export-'));
  try {
    const t0 = performance.now();
    await exportDemoCsv(dir, { projects: opts.projects, seed: 7, today: opts.today });
    const exportMs = performance.now() - t0;
    let bytes = 0;
    for (const f of await readdir(dir)) bytes += (await stat(join(dir, f))).size;

    const copyDb = await opts.freshDatabase('carteira_bench_copy');
    let copy: { ms: number; rows: number };
    try {
      copy = await plainCopy(copyDb.database, dir);
    } finally {
      await copyDb.drop();
    }

    const { url, drop } = await opts.freshDatabase('carteira_bench_import');
    try {
      const first = await measured(url, dir);
      const again = await measured(url, dir);
      const changed = await changeOnePercent(dir);
      const daily = await measured(url, dir);
      const rows = first.report.files.reduce((a, f) => a + f.rows, 0);
      const ratio = (ms: number) => `×${(ms / copy.ms).toFixed(1)}`;
      opts.out('');
      opts.out(`## Import of the ${n(opts.projects)}-project ERP export, beside COPY`);
      opts.out('');
      opts.out(
        `${n(rows)} rows in ${first.report.files.length} files, ${(bytes / 2 ** 20).toFixed(0)} MB (export written in ${s(exportMs)} s).`,
      );
      opts.out('');
      opts.out('| run | time | vs COPY | peak RSS | target |');
      opts.out('|---|---|---|---|---|');
      opts.out(
        `| plain COPY of the same files into UNLOGGED text tables (${n(copy.rows)} rows) | ${s(copy.ms)} s | ×1.0 | — | — |`,
      );
      opts.out(
        `| first load (empty database; summary of ${n(first.report.projectsRefreshed)} projects) | ${s(first.ms)} s | ${ratio(first.ms)} | ${first.rssMb.toFixed(0)} MB | ≤ 30 s, ≤ 500 MB |`,
      );
      opts.out(
        `| re-import, files unchanged (${again.report.files.filter((f) => f.reused).length} of ${again.report.files.length} files not read again) | ${s(again.ms)} s | ${ratio(again.ms)} | ${again.rssMb.toFixed(0)} MB | ≤ 15 s |`,
      );
      const p = daily.report.files.find((f) => f.file === 'projetos.csv');
      opts.out(
        `| daily export, 1% of projects changed (${n(changed)} rows; ${n(p?.updated ?? 0)} updated, summary of ${n(daily.report.projectsRefreshed)} projects) | ${s(daily.ms)} s | ${ratio(daily.ms)} | ${daily.rssMb.toFixed(0)} MB | ≤ 10 s |`,
      );
    } finally {
      await drop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
