/**
 * The comparison with the previous period as one pt-BR line, the same in Slack, the PDF
 * and the terminal: "▲ 12% em projetos (34) · ▼ 5% em valor contratado (R$ 1,2 mi) vs.
 * novembro até o dia 3". Money is the view's contracted value when it shows that column,
 * else its project value, else only the count.
 */
import { changePercent } from '../portfolio/comparison.js';
import type { ReportResult } from '../portfolio/result.js';
import { formatCount, formatMoney } from './format.js';

function change(
  label: string,
  current: number,
  previous: number,
  shown: string,
  arrows: boolean,
): string {
  const pct = changePercent(current, previous);
  if (pct === null) return `${label}: ${shown} (antes, nenhum)`;
  const sign = arrows
    ? `${pct > 0 ? '▲' : pct < 0 ? '▼' : '='} `
    : pct > 0
      ? '+'
      : pct < 0
        ? '-'
        : '±';
  return `${sign}${Math.abs(pct)}% em ${label} (${shown})`;
}

/**
 * The line, or null without a comparison. `arrows: false` writes +12% / -5% instead of
 * ▲ ▼, for fonts that lack the triangles (the PDF's Roboto).
 */
export function comparisonLine(
  result: Pick<ReportResult, 'comparison' | 'columns'>,
  opts: { arrows?: boolean } = {},
): string | null {
  const c = result.comparison;
  if (!c) return null;
  const arrows = opts.arrows ?? true;
  const parts = [
    change('projetos', c.current.count, c.previous.count, formatCount(c.current.count), arrows),
  ];
  const ids = new Set(result.columns.map((col) => col.id));
  const money = ids.has('contract_value')
    ? ({ key: 'contract_value', label: 'valor contratado' } as const)
    : ids.has('estimated_value')
      ? ({ key: 'estimated_value', label: 'valor do projeto' } as const)
      : null;
  if (money) {
    const now = c.current.totals[money.key];
    parts.push(change(money.label, now, c.previous.totals[money.key], formatMoney(now), arrows));
  }
  return `${parts.join(' · ')} vs. ${c.label}`;
}
