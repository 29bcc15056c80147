/**
 * pt-BR figures as a chart prints them: short money (`R$ 1,2 mi`, `R$ 345 mil`), counts
 * with their noun (`12 projetos`), and the sentence that describes a chart to someone who
 * cannot see it (alt text).
 */
import type { ChartPoint, ChartResult } from '../portfolio/chart-query.js';
import { isMoneyMeasure, type ChartMeasure } from '../portfolio/chart.js';
import { formatCount, formatMoney, formatProjects } from './format.js';

const oneDecimal = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1 });
const noDecimal = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });

function short(n: number): string {
  const s = n < 100 ? oneDecimal.format(n) : noDecimal.format(n);
  return s.replace(/[\u00A0\u202F]/g, ' ');
}

/**
 * Money in a few characters: `950` → `R$ 950`, `3450` → `R$ 3,5 mil`, `345678.9` →
 * `R$ 346 mil`, `1234567` → `R$ 1,2 mi`, `2.5e9` → `R$ 2,5 bi`.
 */
export function formatMoneyShort(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs < 1000) return `${sign}R$ ${noDecimal.format(Math.round(abs))}`;
  if (abs < 999_500) return `${sign}R$ ${short(abs / 1000)} mil`;
  if (abs < 999_500_000) return `${sign}R$ ${short(abs / 1e6)} mi`;
  return `${sign}R$ ${short(abs / 1e9)} bi`;
}

const NOUNS: Record<Exclude<ChartMeasure, 'estimated_value' | 'contract_value'>, string[]> = {
  projects: ['projeto', 'projetos'],
  environment_count: ['ambiente', 'ambientes'],
  environments_without_contract: ['ambiente sem contrato', 'ambientes sem contrato'],
};

/** A measure's value as a label: money short, counts with their noun (`12 projetos`). */
export function formatMeasure(measure: ChartMeasure, value: number): string {
  if (isMoneyMeasure(measure)) return formatMoneyShort(value);
  const [one, many] = NOUNS[measure];
  return `${formatCount(value)} ${value === 1 ? one : many}`;
}

/** Axis ticks: short money, bare counts. */
export function formatAxis(measure: ChartMeasure, value: number): string {
  return isMoneyMeasure(measure) ? formatMoneyShort(value) : formatCount(value);
}

/** A bar's label: the value and, for money and environments, the number of projects. */
export function pointLabel(measure: ChartMeasure, p: ChartPoint): string {
  if (measure === 'projects') return formatProjects(p.count);
  return `${formatMeasure(measure, p.value)} · ${formatProjects(p.count)}`;
}

/** Exact figure for the alt text and the XLSX: `R$ 345.678,90`, `12 projetos`. */
export function formatMeasureExact(measure: ChartMeasure, value: number): string {
  return isMoneyMeasure(measure) ? formatMoney(value) : formatMeasure(measure, value);
}

/** Slack's alt_text limit (image block) is 2,000 characters. */
const MAX_ALT = 2000;

/**
 * What the chart says, in words: title, what is measured, every bar (or the first ones
 * and how many more), and the total.
 *
 * @example "Situação dos contratos — 01/01/2026 a 31/12/2026. Valor contratado por situação:
 * Contratado R$ 120.000,00 (12 projetos); Em revisão …. Total: R$ 1.234.567,00 em 341 projetos."
 */
export function chartAltText(c: ChartResult): string {
  const m = c.spec.measure;
  const item = (p: ChartPoint) => {
    const own =
      m === 'projects'
        ? formatProjects(p.count)
        : `${formatMeasureExact(m, p.value)} (${formatProjects(p.count)})`;
    return `${p.label} ${own}`;
  };
  const total =
    m === 'projects'
      ? `Total: ${formatProjects(c.totals.count)}.`
      : `Total: ${formatMeasureExact(m, c.totals.value)} em ${formatProjects(c.totals.count)}.`;
  const head = `${c.title}. ${c.subtitle}: `;
  if (c.totals.count === 0) return `${c.title}. ${c.subtitle}: nenhum projeto.`;
  const items = c.series.filter((p) => p.count > 0 || c.series.length <= 24).map(item);
  let body = items.join('; ');
  let shown = items.length;
  while (head.length + body.length + total.length + 40 > MAX_ALT && shown > 1) {
    shown--;
    body = `${items.slice(0, shown).join('; ')}; e mais ${items.length - shown}`;
  }
  return `${head}${body}. ${total}`;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * The chart as text bars, for surfaces that show no image (the App Home): one line per bar,
 * label padded, a bar of block characters scaled to the largest, and the figure.
 *
 * @example
 * Contratado      ████▌                R$ 981 mil · 14 projetos
 * Em revisão      █████████            R$ 1,8 mi · 21 projetos
 */
export function chartTextBars(
  c: ChartResult,
  opts: { width?: number; maxBars?: number } = {},
): string[] {
  const width = opts.width ?? 20;
  const bars = c.series.slice(0, opts.maxBars ?? 15);
  const peak = Math.max(...bars.map((p) => Math.abs(p.value)), 0);
  const labelWidth = Math.min(18, Math.max(...bars.map((p) => Array.from(p.label).length), 4));
  return bars.map((p) => {
    const chars = Array.from(p.label);
    const label =
      chars.length > labelWidth
        ? `${chars.slice(0, labelWidth - 1).join('')}…`
        : p.label + ' '.repeat(labelWidth - chars.length);
    const eighths = peak > 0 ? Math.round((Math.abs(p.value) / peak) * width * 8) : 0;
    const bar = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
    const pad = ' '.repeat(Math.max(0, width + 1 - Array.from(bar).length));
    return `${label}  ${bar}${pad}${pointLabel(c.spec.measure, p)}`;
  });
}
