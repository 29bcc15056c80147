import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { ChartPoint, ChartResult } from '../../../src/core/portfolio/chart-query.js';
import { chartSchema, type ChartSpecInput } from '../../../src/core/portfolio/chart.js';
import { renderChartPng, renderChartSvg } from '../../../src/core/render/chart.js';
import {
  chartAltText,
  formatMeasure,
  formatMoneyShort,
  pointLabel,
} from '../../../src/core/render/chart-format.js';
import { renderPdf } from '../../../src/core/render/pdf.js';
import { writeXlsx } from '../../../src/core/render/xlsx.js';
import { makeResult, makeRows, MIXED_COLUMNS } from './fixtures.js';

const SITUATIONS: ChartPoint[] = [
  { key: 'contratado', label: 'Contratado', count: 12, value: 980_500 },
  { key: 'em_revisao', label: 'Em revisão', count: 21, value: 1_234_567.89 },
  { key: 'pedido', label: 'Pedido', count: 28, value: 2_300_000 },
  { key: 'montagem', label: 'Montagem', count: 1, value: 45_000 },
];

function chart(
  spec: ChartSpecInput,
  series: ChartPoint[] = SITUATIONS,
  extra: Partial<ChartResult> = {},
): ChartResult {
  const count = series.reduce((a, s) => a + s.count, 0);
  const value = Math.round(series.reduce((a, s) => a + s.value, 0) * 100) / 100;
  return {
    spec: chartSchema.parse(spec),
    view: { id: '3', name: 'Situação dos contratos' },
    asOf: '2026-11-27',
    period: { field: 'contract_created_at', from: '2026-01-01', to: '2026-12-31' },
    title: 'Situação dos contratos — 01/01/2026 a 31/12/2026',
    subtitle: 'Valor contratado por situação',
    measureLabel: 'Valor contratado',
    series,
    stacks: [],
    totals: { count, value },
    scopeNote: 'Alice Admin (administrador) — todas as lojas',
    ...extra,
  };
}

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('pt-BR figures', () => {
  it.each([
    [0, 'R$ 0'],
    [950, 'R$ 950'],
    [3450, 'R$ 3,5 mil'],
    [345_678.9, 'R$ 346 mil'],
    [999_999, 'R$ 1 mi'],
    [1_234_567, 'R$ 1,2 mi'],
    [25_800_000, 'R$ 25,8 mi'],
    [2.5e9, 'R$ 2,5 bi'],
    [-1_200_000, '-R$ 1,2 mi'],
  ])('%d → %s', (v, text) => {
    expect(formatMoneyShort(v)).toBe(text);
  });

  it('counts carry their noun', () => {
    expect(formatMeasure('projects', 1)).toBe('1 projeto');
    expect(formatMeasure('projects', 1234)).toBe('1.234 projetos');
    expect(formatMeasure('environments_without_contract', 2)).toBe('2 ambientes sem contrato');
    expect(pointLabel('contract_value', SITUATIONS[1]!)).toBe('R$ 1,2 mi · 21 projetos');
  });

  it('the alt text states every figure and the total', () => {
    const alt = chartAltText(
      chart({ kind: 'bar', dimension: 'situation', measure: 'contract_value' }),
    );
    expect(alt).toBe(
      'Situação dos contratos — 01/01/2026 a 31/12/2026. Valor contratado por situação: ' +
        'Contratado R$ 980.500,00 (12 projetos); Em revisão R$ 1.234.567,89 (21 projetos); ' +
        'Pedido R$ 2.300.000,00 (28 projetos); Montagem R$ 45.000,00 (1 projeto). ' +
        'Total: R$ 4.560.067,89 em 62 projetos.',
    );
  });

  it('a long alt text stays within Slack’s 2,000 characters and says how many are left out', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      key: String(i),
      label: `Vendedor com um nome bem comprido ${i}`,
      count: 1,
      value: 1000 + i,
    }));
    const alt = chartAltText(
      chart({ kind: 'bar', dimension: 'salesperson', measure: 'contract_value' }, many),
    );
    expect(alt.length).toBeLessThanOrEqual(2000);
    expect(alt).toMatch(/e mais \d+\. Total:/);
  });
});

describe('SVG and PNG', () => {
  const kinds: [string, ChartSpecInput, Partial<ChartResult>?][] = [
    ['bars', { kind: 'bar', dimension: 'situation', measure: 'contract_value' }],
    [
      'horizontal bars',
      { kind: 'horizontal_bar', dimension: 'salesperson', measure: 'projects', top: 3 },
    ],
    [
      'line',
      {
        kind: 'line',
        dimension: 'month',
        dateField: 'contract_created_at',
        measure: 'contract_value',
      },
    ],
    [
      'stacked bars',
      { kind: 'stacked_bar', dimension: 'store', stackBy: 'situation', measure: 'projects' },
      {
        stacks: [
          { key: 'contratado', label: 'Contratado' },
          { key: 'pedido', label: 'Pedido' },
        ],
      },
    ],
  ];

  it.each(kinds)(
    '%s: a PNG of the size asked, the title and labels in the SVG',
    async (_, spec, extra) => {
      const series = SITUATIONS.map((s) => ({
        ...s,
        parts: [
          { key: 'contratado', label: 'Contratado', count: s.count, value: s.value },
          { key: 'pedido', label: 'Pedido', count: 0, value: 0 },
        ],
      }));
      const c = chart(spec, series, extra);
      const svg = renderChartSvg(c);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('Situação dos contratos — 01/01/2026 a 31/12/2026');
      expect(svg).toContain('Em revisão');
      expect(svg).toContain('font-family');
      expect(svg).not.toMatch(/NaN|undefined/);
      expect(pngSize(await renderChartPng(c, { width: 800, height: 450 }))).toEqual([800, 450]);
    },
  );

  it('default size is 1200×675; money labels are short', async () => {
    const c = chart({ kind: 'bar', dimension: 'situation', measure: 'contract_value' });
    expect(pngSize(await renderChartPng(c))).toEqual([1200, 675]);
    const svg = renderChartSvg(c);
    expect(svg).toContain('R$ 1,2 mi');
    expect(svg).toContain('21 projetos');
  });

  it('an empty view says so instead of drawing empty axes', () => {
    const c = chart({ kind: 'bar', dimension: 'situation', measure: 'projects' }, []);
    expect(renderChartSvg(c)).toContain('Nenhum projeto nesta visão');
  });

  it('the same picture twice (no clock, no system fonts)', async () => {
    const c = chart({ kind: 'bar', dimension: 'situation', measure: 'contract_value' });
    expect((await renderChartPng(c)).equals(await renderChartPng(c))).toBe(true);
  });
});

describe('the chart in the files', () => {
  it('PDF: page 1 has the chart (as vectors: its text is real text) above the table', async () => {
    const result = makeResult({ rows: makeRows(30) });
    const c = chart({ kind: 'bar', dimension: 'situation', measure: 'contract_value' });
    const pdf = await renderPdf(result, { chartSvg: renderChartSvg(c, { framed: false }) });
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
    const page = await doc.getPage(1);
    const items = (await page.getTextContent()).items.flatMap((it) =>
      'str' in it ? [{ s: it.str, y: it.transform[5] as number }] : [],
    );
    await doc.destroy();
    const y = (s: string) => items.find((i) => i.s.includes(s))?.y;
    expect(y('Valor contratado por situação')).toBeDefined();
    expect(y('Em revisão')).toBeDefined();
    // PDF y grows upwards: the chart sits above the table's header.
    expect(y('Valor contratado por situação')!).toBeGreaterThan(y(MIXED_COLUMNS[1]!.label) ?? 0);
  });

  it('XLSX: a "Resumo" sheet with the grouped figures and their total', async () => {
    const result = makeResult({ rows: makeRows(5) });
    const c = chart({ kind: 'bar', dimension: 'situation', measure: 'contract_value' });
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (b: Buffer) => chunks.push(b));
    const ended = new Promise((r) => sink.on('end', r));
    await writeXlsx({ meta: result, rows: result.rows, out: sink, chart: c });
    await ended;
    const wb = new ExcelJS.Workbook();
    const bytes = Buffer.concat(chunks);
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const ws = wb.getWorksheet('Resumo')!;
    expect(ws).toBeDefined();
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(4)).toEqual(['Situação', 'Projetos', 'Valor contratado', '% do total']);
    expect(values(6)).toEqual(['Em revisão', 21, 1234567.89, 1234567.89 / 4560067.89]);
    expect(values(9)).toEqual(['Total', 62, 4560067.89, 1]);
    expect(ws.getCell('C6').numFmt).toBe('"R$" #,##0.00');
  });
});
