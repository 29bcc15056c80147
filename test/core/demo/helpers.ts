/** Shared checks for the demo tests: hashing a dataset, local dates, starter-view facts. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isoOf } from '../../../src/core/demo/calendar.js';
import type { DemoDataset } from '../../../src/core/demo/generate-demo.js';
import type { ProjectPlan } from '../../../src/core/demo/portfolio.js';
import { resolvePreset } from '../../../src/core/portfolio/periods.js';

/** SHA-256 over every row of every table, in load order. */
export function hashDataset(data: DemoDataset): string {
  const h = createHash('sha256');
  for (const t of data.tables) {
    h.update(`#${t.table}\n`);
    for (const row of t.rows()) h.update(JSON.stringify(row) + '\n');
  }
  return h.digest('hex');
}

/** SHA-256 over the files of a folder (names and bytes), sorted by name. */
export async function hashFolder(folder: string): Promise<string> {
  const h = createHash('sha256');
  for (const name of (await readdir(folder)).sort()) {
    h.update(`#${name}\n`);
    h.update(await readFile(join(folder, name)));
  }
  return h.digest('hex');
}

/** The calendar day of instant `ms` in the project's store timezone. */
export function localDate(p: ProjectPlan, ms: number): string {
  return isoOf(Math.floor(p.store.clock.local(ms) / 86_400_000));
}

/** Situation code and principal-contract date (docs/domain.md), as the summary derives them. */
export function derived(p: ProjectPlan): { situation: number; principalDate: string | null } {
  if (p.contracts.length === 0) return { situation: 0, principalDate: null };
  const live = p.contracts.filter((c) => c.stage !== 8);
  const pool = live.length > 0 ? live : p.contracts;
  const principal = [...pool].sort((a, b) => b.createdMs - a.createdMs || b.id - a.id)[0]!;
  const situation = live.length === 0 ? 8 : Math.min(...live.map((c) => c.stage));
  return { situation, principalDate: localDate(p, principal.createdMs) };
}

/**
 * For each vendedor: projects created this month without contract, contracts of the
 * month (situation 1–7), contracts of the year in contratado…concluído — the three
 * starter views, computed from the plans.
 */
export function starterViewCounts(data: DemoDataset): Map<number, [number, number, number]> {
  const today = data.options.today;
  const month = resolvePreset('this_month', today);
  const year = resolvePreset('this_year', today);
  const counts = new Map<number, [number, number, number]>();
  for (const v of data.company.vendedores) counts.set(v.id, [0, 0, 0]);
  const within = (d: string | null, r: { from: string; to: string }) =>
    d !== null && d >= r.from && d <= r.to;
  for (const p of data.projects()) {
    const c = counts.get(p.salespersonId)!;
    const { situation, principalDate } = derived(p);
    if (situation === 0 && within(localDate(p, p.createdMs), month)) c[0]++;
    if (situation >= 1 && situation <= 7 && within(principalDate, month)) c[1]++;
    if (situation >= 1 && situation <= 7 && within(principalDate, year)) c[2]++;
  }
  return counts;
}
