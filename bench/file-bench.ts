/**
 * PDF, CSV and XLSX rendering: time and peak memory at the sizes the floor names
 * (docs/benchmarks.md).
 * Each runs in its own process (bench/file-child.ts) so the peak RSS is the renderer's,
 * not the benchmark's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fmt } from './stats.js';

const run = promisify(execFile);

async function child(url: string, format: string, rows: number) {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/file-child.ts', url, format, String(rows)],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as {
    ms: number;
    maxRssMb: number;
    rows: number;
    bytes: number;
  };
}

export async function runFileBench(url: string, opts: { out: (s: string) => void }): Promise<void> {
  opts.out('');
  opts.out('| output | rows | time | peak RSS of the process | size |');
  opts.out('|---|---:|---:|---:|---:|');
  for (const [format, rows, what] of [
    ['pdf', 1000, 'PDF (render)'],
    ['pdf', 5000, 'PDF (render)'],
    ['csv', 100_000, 'CSV (query + stream)'],
    ['xlsx', 100_000, 'XLSX (query + stream)'],
  ] as const) {
    const r = await child(url, format, rows);
    opts.out(
      `| ${what} | ${r.rows.toLocaleString('en-US')} | ${fmt(r.ms)} ms | ${r.maxRssMb.toFixed(0)} MB | ${(r.bytes / 2 ** 20).toFixed(1)} MB |`,
    );
  }
}
