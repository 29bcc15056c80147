/**
 * PDF, CSV and XLSX rendering: time and peak memory at the sizes the floor names
 * (docs/benchmarks.md).
 * Each runs in its own process (bench/file-child.ts) so the peak RSS is the renderer's,
 * not the benchmark's.
 */
import { childJson } from './child.js';
import { fmt } from './stats.js';

function child(url: string, format: string, rows: number) {
  return childJson<{ ms: number; maxRssMb: number; rows: number; bytes: number }>(
    'bench/file-child.ts',
    [url, format, String(rows)],
  );
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
