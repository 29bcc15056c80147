/** Goal figures as people read them: money in reais, counts as whole numbers, paces with a decimal. */
import type { GoalMeasure } from '../db/schema.js';
import { formatCount, formatMoney } from '../render/format.js';

const PACE = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 1 });

export function formatGoalFigure(
  measure: GoalMeasure,
  n: number | null,
  opts: { pace?: boolean } = {},
): string {
  if (n === null) return '—';
  if (measure === 'valor_contratado') return formatMoney(n);
  return opts.pace ? PACE.format(n) : formatCount(Math.round(n));
}

/** `0.823` → `82%` (`—` for a goal of zero). */
export function formatGoalRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}
