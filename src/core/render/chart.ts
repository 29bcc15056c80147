/**
 * A view's chart as SVG (ECharts' server-side SVG renderer, pure JS, no browser) and as
 * PNG (resvg, from that SVG). Both use the Roboto files of the PDF and nothing else: text
 * is measured with fontkit from those files (ECharts would otherwise guess widths) and
 * resvg is given them explicitly with system fonts off, so Docker and a laptop draw the
 * same picture.
 *
 *   const chart = await runChart(db, req);
 *   const svg = renderChartSvg(chart);            // 1200×675 by default
 *   const png = await renderChartPng(chart, { width: 1600, height: 900 });
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as EChartsLib from 'echarts';
import type * as ResvgLib from '@resvg/resvg-js';
import type { ChartPoint, ChartResult } from '../portfolio/chart-query.js';
import { OTHERS_KEY } from '../portfolio/chart-query.js';
import { isMoneyMeasure } from '../portfolio/chart.js';
import { formatDateBr } from '../portfolio/periods.js';
import { formatAxis, formatMeasure, formatMoneyShort, pointLabel } from './chart-format.js';
import { formatProjects, truncate } from './format.js';
import { ROBOTO } from './fonts.js';

export const DEFAULT_CHART_SIZE = { width: 1200, height: 675 };
const FONT = 'Roboto';

const COLORS = {
  text: '#1f2937',
  muted: '#6b7280',
  axis: '#9ca3af',
  grid: '#e5e7eb',
  bar: '#1d4ed8',
  others: '#9ca3af',
  background: '#ffffff',
  /** Stacks: distinct, print-safe, colour-blind-friendly enough (Okabe–Ito-like). */
  palette: [
    '#1d4ed8',
    '#f59e0b',
    '#059669',
    '#dc2626',
    '#7c3aed',
    '#0891b2',
    '#db2777',
    '#65a30d',
    '#6b7280',
  ],
};

// ---- text measurement with the real font -------------------------------------------------

interface FontkitFont {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { advanceWidth: number };
}
const require = createRequire(import.meta.url);

/**
 * ECharts and resvg are loaded on first use, from ECharts' single CommonJS bundle: its ES
 * modules are hundreds of files (about 1–2 s to import), and every CLI command, the bot and
 * the worker import this module whether or not they draw a chart.
 */
let echartsLib: typeof EChartsLib | null = null;
function echarts(): typeof EChartsLib {
  if (echartsLib) return echartsLib;
  const lib = require('echarts') as typeof EChartsLib;
  lib.setPlatformAPI({
    measureText: (text: string, font?: string) => ({ width: measure(text, font) }),
  });
  echartsLib = lib;
  return lib;
}

function resvg(): typeof ResvgLib {
  return require('@resvg/resvg-js') as typeof ResvgLib;
}
let fonts: { normal: FontkitFont; bold: FontkitFont } | null = null;
const widthCache = new Map<string, number>();

function loadFonts(): { normal: FontkitFont; bold: FontkitFont } {
  if (fonts) return fonts;
  const fontkit = require('fontkit') as { create(b: Buffer): FontkitFont };
  fonts = {
    normal: fontkit.create(readFileSync(ROBOTO.normal)),
    bold: fontkit.create(readFileSync(ROBOTO.bold)),
  };
  return fonts;
}

/** Width in px of `text` in a CSS font such as `bold 14px Roboto`. */
function measure(text: string, font: string | undefined): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
  const bold = /\b(bold|[5-9]00)\b/.test(font ?? '');
  const f = bold ? loadFonts().bold : loadFonts().normal;
  let units = 0;
  for (const ch of text) {
    const k = `${bold ? 'b' : 'n'}${ch}`;
    let w = widthCache.get(k);
    if (w === undefined) {
      w = f.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / f.unitsPerEm;
      widthCache.set(k, w);
    }
    units += w;
  }
  return units * size;
}

// ---- the option -----------------------------------------------------------------------

export interface ChartSize {
  width?: number;
  height?: number;
  /**
   * Title, subtitle and footer drawn in the picture (default true). The PDF turns them off:
   * its page already says the view, period, scope and date; the chart then carries only
   * what it measures and its total.
   */
  framed?: boolean;
}

function subtitle(c: ChartResult): string {
  const m = c.spec.measure;
  const total =
    m === 'projects'
      ? formatProjects(c.totals.count)
      : `${formatMeasure(m, c.totals.value)} em ${formatProjects(c.totals.count)}`;
  return `${c.subtitle} · Total: ${total}`;
}

function footer(c: ChartResult): string {
  return `${c.scopeNote ? `${c.scopeNote} · ` : ''}Dados de ${formatDateBr(c.asOf)} · Carteira`;
}

/** Axis category text: shorter for crowded axes. */
function categoryName(p: ChartPoint, max: number): string {
  return truncate(p.label, max);
}

function baseOption(
  c: ChartResult,
  width: number,
  height: number,
  framed: boolean,
): Record<string, unknown> {
  const pad = Math.round(width * 0.035);
  if (!framed) {
    return {
      animation: false,
      backgroundColor: COLORS.background,
      textStyle: { fontFamily: FONT, color: COLORS.text },
      title: {
        text: truncate(subtitle(c), 140),
        left: pad,
        top: 4,
        textStyle: {
          fontFamily: FONT,
          fontSize: Math.round(width / 70),
          fontWeight: 'bold',
          color: COLORS.text,
        },
      },
      graphic: [],
    };
  }
  return {
    animation: false,
    backgroundColor: COLORS.background,
    textStyle: { fontFamily: FONT, color: COLORS.text },
    title: {
      text: truncate(c.title, 90),
      subtext: truncate(subtitle(c), 140),
      left: pad,
      top: Math.round(pad * 0.7),
      textStyle: {
        fontFamily: FONT,
        fontSize: Math.round(width / 48),
        fontWeight: 'bold',
        color: COLORS.text,
      },
      subtextStyle: { fontFamily: FONT, fontSize: Math.round(width / 82), color: COLORS.muted },
      itemGap: Math.round(width / 80),
    },
    graphic: [
      {
        type: 'text',
        left: pad,
        bottom: Math.round(pad * 0.5),
        style: {
          text: truncate(footer(c), 160),
          fontFamily: FONT,
          fontSize: Math.round(width / 100),
          fill: COLORS.muted,
        },
      },
    ],
  };
}

function barColor(p: ChartPoint): string {
  return p.key === OTHERS_KEY ? COLORS.others : COLORS.bar;
}

function valueAxis(c: ChartResult, fontSize: number): Record<string, unknown> {
  return {
    type: 'value',
    axisLabel: {
      fontFamily: FONT,
      fontSize,
      color: COLORS.muted,
      formatter: (v: number) => formatAxis(c.spec.measure, v),
    },
    splitLine: { lineStyle: { color: COLORS.grid } },
    axisLine: { show: false },
    axisTick: { show: false },
  };
}

function categoryAxis(
  labels: string[],
  fontSize: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'category',
    data: labels,
    axisLabel: {
      fontFamily: FONT,
      fontSize,
      color: COLORS.text,
      interval: 0,
      ...((extra.axisLabel as object) ?? {}),
    },
    axisLine: { lineStyle: { color: COLORS.axis } },
    axisTick: { show: false },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'axisLabel')),
  };
}

function chartOption(
  c: ChartResult,
  width: number,
  height: number,
  framed: boolean,
): Record<string, unknown> {
  const opt = baseOption(c, width, height, framed);
  const m = c.spec.measure;
  const s = c.series;
  const pad = Math.round(width * 0.035);
  const top = framed ? Math.round(height * 0.17) : Math.round(width / 70) + 24;
  const bottom = framed ? Math.round(height * 0.09) : 6;
  const font = Math.max(11, Math.round(width / 92));
  const labelFont = Math.max(11, Math.round(width / 100));

  if (c.totals.count === 0 || s.length === 0) {
    (opt.graphic as unknown[]).push({
      type: 'text',
      left: 'center',
      top: 'middle',
      style: {
        text: 'Nenhum projeto nesta visão',
        fontFamily: FONT,
        fontSize: font * 1.6,
        fill: COLORS.muted,
      },
    });
    return opt;
  }

  if (c.spec.kind === 'horizontal_bar') {
    const labels = s.map((p) => categoryName(p, 28));
    const longest = Math.max(...labels.map((l) => measure(l, `${font}px ${FONT}`)));
    const valueLabels = s.map((p) => pointLabel(m, p));
    const longestValue = Math.max(...valueLabels.map((l) => measure(l, `${labelFont}px ${FONT}`)));
    return {
      ...opt,
      grid: {
        left: pad + longest + 12,
        right: pad + longestValue + 12,
        top,
        bottom: bottom + 8,
        containLabel: false,
      },
      xAxis: { ...valueAxis(c, font), splitNumber: 4 },
      yAxis: categoryAxis(labels, font, { inverse: true }),
      series: [
        {
          type: 'bar',
          barMaxWidth: 34,
          barCategoryGap: '28%',
          data: s.map((p, i) => ({
            value: p.value,
            itemStyle: { color: barColor(p), borderRadius: [0, 3, 3, 0] },
            label: { formatter: valueLabels[i] },
          })),
          label: {
            show: true,
            position: 'right',
            fontFamily: FONT,
            fontSize: labelFont,
            color: COLORS.text,
            distance: 6,
          },
        },
      ],
    };
  }

  const time = c.spec.dimension === 'month' || c.spec.dimension === 'week';
  const crowded = s.length > 12;
  const labels = s.map((p) => categoryName(p, crowded ? 14 : 22));
  const rotate = crowded && !time ? 30 : 0;
  const xAxis = categoryAxis(labels, font, {
    axisLabel: {
      rotate,
      hideOverlap: time,
      interval: time ? 'auto' : 0,
      width: (width - 2 * pad) / Math.max(s.length, 1) - 6,
      overflow: 'break',
    },
    boundaryGap: true,
  });
  const peak = Math.max(...s.map((p) => p.value), 1);
  const tickWidth = measure(formatAxis(m, peak * 1.2), `${font}px ${FONT}`);
  const grid = {
    left: pad + tickWidth + 14,
    right: pad + 10,
    top: top + 10,
    bottom: bottom + (rotate ? 70 : 40),
    containLabel: false,
  };

  if (c.spec.kind === 'stacked_bar') {
    return {
      ...opt,
      grid: { ...grid, bottom: grid.bottom + 28 },
      legend: {
        bottom: bottom + 4,
        left: 'center',
        itemWidth: 14,
        itemHeight: 10,
        textStyle: { fontFamily: FONT, fontSize: labelFont, color: COLORS.text },
        data: c.stacks.map((x) => x.label),
      },
      xAxis,
      yAxis: valueAxis(c, font),
      series: c.stacks
        .map((stack, i) => ({
          type: 'bar',
          name: stack.label,
          stack: 'total',
          barMaxWidth: 64,
          itemStyle: {
            color:
              stack.key === OTHERS_KEY ? COLORS.others : COLORS.palette[i % COLORS.palette.length],
          },
          data: s.map((p) => p.parts?.[i]?.value ?? 0),
        }))
        .concat([
          // The bar totals, written above each stack.
          {
            type: 'bar',
            name: '',
            stack: 'total',
            barMaxWidth: 64,
            itemStyle: { color: 'transparent' },
            data: s.map(() => 0),
            label: {
              show: true,
              position: 'top',
              fontFamily: FONT,
              fontSize: labelFont,
              color: COLORS.text,
              formatter: ((params: { dataIndex: number }) =>
                formatMeasure(m, s[params.dataIndex]!.value)) as never,
            },
          } as never,
        ]),
    };
  }

  if (c.spec.kind === 'line') {
    const showLabels = s.length <= 14;
    return {
      ...opt,
      grid,
      xAxis,
      yAxis: valueAxis(c, font),
      series: [
        {
          type: 'line',
          data: s.map((p) => p.value),
          symbol: 'circle',
          symbolSize: s.length > 30 ? 0 : 7,
          lineStyle: { width: 3, color: COLORS.bar },
          itemStyle: { color: COLORS.bar },
          areaStyle: { color: 'rgba(29, 78, 216, 0.10)' },
          label: {
            show: showLabels,
            position: 'top',
            fontFamily: FONT,
            fontSize: labelFont,
            color: COLORS.text,
            formatter: (params: { value: number }) =>
              params.value ? formatAxis(m, params.value) : '',
          },
        },
      ],
    };
  }

  // Vertical bars: the value on top, and for money/environments the projects under it.
  const twoLines = m !== 'projects' && s.length <= 10;
  return {
    ...opt,
    grid: { ...grid, top: grid.top + (twoLines ? 18 : 4) },
    xAxis,
    yAxis: valueAxis(c, font),
    series: [
      {
        type: 'bar',
        barMaxWidth: 72,
        barCategoryGap: '30%',
        data: s.map((p) => ({
          value: p.value,
          itemStyle: { color: barColor(p), borderRadius: [3, 3, 0, 0] },
        })),
        label: {
          show: s.length <= 24,
          position: 'top',
          fontFamily: FONT,
          fontSize: labelFont,
          color: COLORS.text,
          formatter: (params: { dataIndex: number }) => {
            const p = s[params.dataIndex]!;
            if (m === 'projects') return String(p.count);
            const v = isMoneyMeasure(m) ? formatMoneyShort(p.value) : formatMeasure(m, p.value);
            return twoLines ? `{v|${v}}\n{n|${formatProjects(p.count)}}` : v;
          },
          rich: {
            v: {
              fontFamily: FONT,
              fontSize: labelFont,
              fontWeight: 'bold',
              color: COLORS.text,
              lineHeight: labelFont * 1.3,
            },
            n: {
              fontFamily: FONT,
              fontSize: labelFont * 0.9,
              color: COLORS.muted,
              lineHeight: labelFont * 1.2,
            },
          },
        },
      },
    ],
  };
}

function size(opts: ChartSize): { width: number; height: number } {
  const width = Math.round(Math.min(4000, Math.max(320, opts.width ?? DEFAULT_CHART_SIZE.width)));
  const height = Math.round(
    Math.min(4000, Math.max(200, opts.height ?? DEFAULT_CHART_SIZE.height)),
  );
  return { width, height };
}

/** The chart as a standalone SVG document of `width`×`height` px. */
export function renderChartSvg(c: ChartResult, opts: ChartSize = {}): string {
  const { width, height } = size(opts);
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(c, width, height, opts.framed ?? true));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function pngOptions(width: number): ResvgLib.ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: width },
    background: COLORS.background,
    font: {
      fontFiles: [ROBOTO.normal, ROBOTO.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT,
      sansSerifFamily: FONT,
    },
  };
}

/**
 * The chart as a PNG of exactly `width`×`height` px, drawn from the SVG by resvg on libuv's
 * thread pool (renderAsync): most of a chart's ~80 ms is rasterizing, and on the bot's event
 * loop it delayed every Slack request arriving meanwhile (docs/benchmarks.md, bot ack).
 */
export async function renderChartPng(c: ChartResult, opts: ChartSize = {}): Promise<Buffer> {
  const { width } = size(opts);
  const image = await resvg().renderAsync(renderChartSvg(c, opts), pngOptions(width));
  return Buffer.from(image.asPng());
}
