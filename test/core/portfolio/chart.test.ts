import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { seedDemo } from '../../../src/core/demo/index.js';
import { runReport, type ReportRequest } from '../../../src/core/portfolio/query.js';
import { OTHERS_KEY, runChart, toChartJson } from '../../../src/core/portfolio/chart-query.js';
import { parseDefinition } from '../../../src/core/portfolio/definition.js';
import { loadViewer, type Viewer } from '../../../src/core/portfolio/viewer.js';
import { SITUATION_IDS } from '../../../src/core/portfolio/situations.js';
import { findView, listViews } from '../../../src/core/views/views.js';
import { isCarteiraError } from '../../../src/core/errors.js';

/** Report date of the demo data (its "today"); the clock is only the "Gerado em". */
const TODAY = '2026-11-20';
const NOW = new Date('2026-11-20T12:00:00Z');
let t: TestDatabase;
const viewers: Record<string, Viewer> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.database, { projects: 2500, today: TODAY });
  const db = t.database.db;
  // One person of each role; the vendedor with the most projects (and one with subordinates).
  const pick = async (role: string) =>
    (
      await sql<{ email: string }>`
        SELECT s.email FROM salespeople s LEFT JOIN project_summary ps ON ps.salesperson_id = s.id
        WHERE s.role = ${role} GROUP BY s.id ORDER BY count(ps.*) DESC, s.id LIMIT 1`.execute(db)
    ).rows[0]!.email;
  const boss = (
    await sql<{ email: string }>`
      SELECT b.email FROM salespeople b JOIN salespeople s ON s.supervisor_id = b.id
      WHERE b.role = 'vendedor' ORDER BY b.id LIMIT 1`.execute(db)
  ).rows[0]?.email;
  for (const [label, email] of [
    ['admin', await pick('admin')],
    ['gerente', await pick('gerente')],
    ['vendedor', await pick('vendedor')],
    ...(boss ? [['supervisor', boss]] : []),
  ]) {
    viewers[label!] = await loadViewer(db, { email: email! });
  }
}, 120_000);
afterAll(() => t.drop());

async function request(name: string, viewer: Viewer): Promise<ReportRequest> {
  const view = await findView(t.database.db, viewer, name);
  return {
    definition: view.definition,
    viewer,
    asOf: TODAY,
    view: { id: String(view.id), name: view.name, description: view.description },
    now: NOW,
  };
}

const STARTERS = ['Sem contratos no mês', 'Com contratos no mês', 'Situação dos contratos'];
const ROLES = ['admin', 'gerente', 'vendedor', 'supervisor'];

describe('starter charts (migration 0005)', () => {
  it('every starter view over projects has its chart (the goals view has none)', async () => {
    const all = (await listViews(t.database.db, viewers.admin!)).filter((v) => v.isStarter);
    const goals = all.filter((v) => v.definition.goals);
    expect(goals.map((v) => [v.name, v.definition.chart])).toEqual([['Metas do mês', null]]);
    const views = all.filter((v) => !v.definition.goals);
    expect(views.map((v) => [v.name, v.definition.version, v.definition.chart])).toEqual([
      [
        'Sem contratos no mês',
        2,
        {
          kind: 'horizontal_bar',
          dimension: 'salesperson',
          dateField: null,
          measure: 'projects',
          top: 12,
          stackBy: null,
        },
      ],
      [
        'Com contratos no mês',
        2,
        {
          kind: 'horizontal_bar',
          dimension: 'salesperson',
          dateField: null,
          measure: 'contract_value',
          top: 12,
          stackBy: null,
        },
      ],
      [
        'Situação dos contratos',
        2,
        {
          kind: 'bar',
          dimension: 'situation',
          dateField: null,
          measure: 'contract_value',
          top: null,
          stackBy: null,
        },
      ],
    ]);
  });
});

describe('the series add up to the report totals', () => {
  for (const name of STARTERS) {
    for (const role of ROLES) {
      it(`${name} as ${role}`, async () => {
        const viewer = viewers[role];
        if (!viewer) return; // the demo always has a supervisor, but do not fail on a reseed
        const req = await request(name, viewer);
        const [report, chart] = await Promise.all([
          runReport(t.database.db, req),
          runChart(t.database.db, req),
        ]);
        expect(chart).not.toBeNull();
        const series = chart!.series;
        const count = series.reduce((a, s) => a + s.count, 0);
        const value = series.reduce((a, s) => a + s.value, 0);
        expect(count).toBe(report.totals.count);
        expect(chart!.totals.count).toBe(report.totals.count);
        const measure = chart!.spec.measure;
        const expected =
          measure === 'projects'
            ? report.totals.count
            : report.totals[measure as 'contract_value' | 'estimated_value'];
        expect(value).toBeCloseTo(expected, 2);
        expect(chart!.totals.value).toBeCloseTo(expected, 2);
        if (role === 'vendedor' || role === 'supervisor') {
          // Only their own rows, like the table: every name on the chart is in the rows.
          const people = new Set(report.rows.map((r) => r.salesperson));
          if (chart!.spec.dimension === 'salesperson') {
            for (const s of series) if (s.key !== OTHERS_KEY) expect(people).toContain(s.label);
          }
        }
        expect(report.totals.count).toBeGreaterThan(0);
      });
    }
  }

  it('a vendedor sees fewer projects than the admin, and the chart agrees', async () => {
    const a = await runChart(
      t.database.db,
      await request('Situação dos contratos', viewers.admin!),
    );
    const v = await runChart(
      t.database.db,
      await request('Situação dos contratos', viewers.vendedor!),
    );
    expect(v!.totals.count).toBeLessThan(a!.totals.count);
    expect(v!.scopeNote).toMatch(/vendedor/);
  });
});

describe('chart shapes', () => {
  async function chartOf(chart: Record<string, unknown>, viewer = viewers.admin!) {
    const base = await request('Situação dos contratos', viewer);
    const definition = parseDefinition({ ...base.definition, chart });
    return runChart(t.database.db, { ...base, definition });
  }

  it('situations come in their order, with labels and ids as keys', async () => {
    const c = await chartOf({ kind: 'bar', dimension: 'situation', measure: 'projects' });
    const keys = c!.series.map((s) => s.key as string);
    const order = keys.map((k) => SITUATION_IDS.indexOf(k as never));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(c!.series.find((s) => s.key === 'em_revisao')?.label).toBe('Em revisão');
    for (const s of c!.series) expect(s.value).toBe(s.count); // measure = projects
  });

  it('top N keeps the largest and adds the rest up as "Outros"', async () => {
    const all = await chartOf({
      kind: 'horizontal_bar',
      dimension: 'salesperson',
      measure: 'contract_value',
    });
    const top = await chartOf({
      kind: 'horizontal_bar',
      dimension: 'salesperson',
      measure: 'contract_value',
      top: 3,
    });
    expect(all!.series.length).toBeGreaterThan(4);
    expect(top!.series).toHaveLength(4);
    expect(top!.series.slice(0, 3)).toEqual(all!.series.slice(0, 3));
    const others = top!.series[3]!;
    expect(others).toMatchObject({ key: OTHERS_KEY, label: 'Outros' });
    const rest = all!.series.slice(3);
    expect(others.count).toBe(rest.reduce((a, s) => a + s.count, 0));
    expect(others.value).toBeCloseTo(
      rest.reduce((a, s) => a + s.value, 0),
      2,
    );
  });

  it('month of a date field: every month of the period, in order, gaps as zero', async () => {
    const c = await chartOf({
      kind: 'line',
      dimension: 'month',
      dateField: 'contract_created_at',
      measure: 'contract_value',
    });
    // The view's period is this year (2026) on contract_created_at: twelve months.
    expect(c!.series.map((s) => s.key)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(c!.series[10]!.label).toBe('nov/2026');
    expect(c!.series[11]!.count).toBe(0); // December is after the report date
  });

  it('week buckets start on Monday', async () => {
    const c = await chartOf({
      kind: 'bar',
      dimension: 'week',
      dateField: 'contract_created_at',
      measure: 'projects',
    });
    for (const s of c!.series) {
      if (s.key === null) continue;
      expect(new Date(`${s.key}T12:00:00Z`).getUTCDay()).toBe(1);
    }
  });

  it('stacked bars: parts add up to each bar', async () => {
    const c = await chartOf({
      kind: 'stacked_bar',
      dimension: 'store',
      stackBy: 'situation',
      measure: 'contract_value',
    });
    expect(c!.stacks.length).toBeGreaterThan(1);
    for (const bar of c!.series) {
      expect(bar.parts).toHaveLength(c!.stacks.length);
      expect(bar.parts!.reduce((a, p) => a + p.count, 0)).toBe(bar.count);
      expect(bar.parts!.reduce((a, p) => a + p.value, 0)).toBeCloseTo(bar.value, 2);
    }
  });

  it('JSON: the chart object of docs/report-format.md', async () => {
    const c = await chartOf({ kind: 'bar', dimension: 'situation', measure: 'contract_value' });
    const json = toChartJson(c) as { series: unknown[] };
    expect(json).toMatchObject({ kind: 'bar', dimension: 'situation', measure: 'contract_value' });
    expect(json.series[0]).toEqual({
      key: expect.any(String),
      label: expect.any(String),
      count: expect.any(Number),
      value: expect.any(Number),
    });
    expect(toChartJson(null)).toBeNull();
  });
});

describe('chart definitions are validated', () => {
  const base = { columns: ['project'] };
  const bad = (chart: unknown) => {
    try {
      parseDefinition({ ...base, chart });
    } catch (e) {
      expect(isCarteiraError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('a version 1 definition reads as version 2 without a chart', () => {
    const d = parseDefinition({ version: 1, columns: ['project'] });
    expect(d.version).toBe(2);
    expect(d.chart).toBeNull();
  });

  it('rejects what cannot be drawn, in Portuguese', () => {
    expect(bad({ kind: 'pie', dimension: 'situation', measure: 'projects' })).toMatch(
      /gráfico › tipo/,
    );
    expect(bad({ kind: 'line', dimension: 'salesperson', measure: 'projects' })).toMatch(
      /mês ou semana/,
    );
    expect(bad({ kind: 'bar', dimension: 'month', measure: 'projects' })).toMatch(/campo de data/);
    expect(bad({ kind: 'stacked_bar', dimension: 'store', measure: 'projects' })).toMatch(
      /empilhar/,
    );
    expect(bad({ kind: 'bar', dimension: 'situation', measure: 'projects', top: 1 })).toMatch(
      /ao menos 2/,
    );
    expect(bad({ kind: 'bar', dimension: 'situation', measure: 'lucro' })).toMatch(/medida/);
    expect(bad({ kind: 'bar', dimension: 'situation', measure: 'projects', sql: 'x' })).toMatch(
      /campo desconhecido/,
    );
  });

  it('drops a date field or stack that does not apply', () => {
    const d = parseDefinition({
      ...base,
      chart: {
        kind: 'bar',
        dimension: 'salesperson',
        dateField: 'closing_forecast',
        stackBy: 'store',
        measure: 'projects',
      },
    });
    expect(d.chart).toEqual({
      kind: 'bar',
      dimension: 'salesperson',
      dateField: null,
      measure: 'projects',
      top: null,
      stackBy: null,
    });
  });
});
