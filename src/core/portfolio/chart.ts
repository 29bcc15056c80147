/**
 * The chart of a view (optional part of its definition, docs/domain.md "Gráfico"): what is
 * drawn (kind), along what (dimension, and for month/week which date field), how much
 * (measure), how many bars before the rest becomes "Outros" (top) and, for stacked bars,
 * what each bar is split by (stackBy). Every value is a whitelisted id; the query maps each
 * to a fixed SQL expression (`chart-query.ts`).
 */
import { z } from 'zod';
import { PERIOD_FIELDS, columnInfo, type PeriodField } from './columns.js';

export const CHART_KINDS = ['bar', 'horizontal_bar', 'stacked_bar', 'line'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** Dimensions that are categories (a bar each). */
export const CATEGORY_DIMENSIONS = [
  'situation',
  'salesperson',
  'store',
  'specifier',
  'closing_status',
] as const;
export type CategoryDimension = (typeof CATEGORY_DIMENSIONS)[number];

/** Dimensions over time: the month or the week (starting Monday) of a date field. */
export const TIME_DIMENSIONS = ['month', 'week'] as const;
export type TimeDimension = (typeof TIME_DIMENSIONS)[number];

export const CHART_DIMENSIONS = [...CATEGORY_DIMENSIONS, ...TIME_DIMENSIONS] as const;
export type ChartDimension = (typeof CHART_DIMENSIONS)[number];

export const CHART_MEASURES = [
  'projects',
  'estimated_value',
  'contract_value',
  'environment_count',
  'environments_without_contract',
] as const;
export type ChartMeasure = (typeof CHART_MEASURES)[number];

export const MAX_CHART_TOP = 30;

export const CHART_KIND_LABELS: Record<ChartKind, string> = {
  bar: 'Barras',
  horizontal_bar: 'Barras horizontais',
  stacked_bar: 'Barras empilhadas',
  line: 'Linha no tempo',
};

export const CHART_DIMENSION_LABELS: Record<ChartDimension, string> = {
  situation: 'Situação',
  salesperson: 'Responsável',
  store: 'Loja',
  specifier: 'Especificador',
  closing_status: 'Situação de fechamento',
  month: 'Mês',
  week: 'Semana',
};

export const CHART_MEASURE_LABELS: Record<ChartMeasure, string> = {
  projects: 'Projetos',
  estimated_value: 'Valor do projeto',
  contract_value: 'Valor contratado',
  environment_count: 'Ambientes',
  environments_without_contract: 'Ambientes sem contrato',
};

export function isTimeDimension(d: ChartDimension): d is TimeDimension {
  return (TIME_DIMENSIONS as readonly string[]).includes(d);
}

export function isMoneyMeasure(m: ChartMeasure): m is 'estimated_value' | 'contract_value' {
  return m === 'estimated_value' || m === 'contract_value';
}

export const chartSchema = z
  .object({
    kind: z.enum(CHART_KINDS),
    dimension: z.enum(CHART_DIMENSIONS),
    /** The date field of a month/week dimension (ignored for the others). */
    dateField: z.enum(PERIOD_FIELDS).nullable().default(null),
    measure: z.enum(CHART_MEASURES),
    /** Keep the N largest bars and add the rest up as "Outros"; null = every bar. */
    top: z
      .number()
      .int('o número de barras deve ser inteiro')
      .min(2, 'mostre ao menos 2 barras')
      .max(MAX_CHART_TOP, `no máximo ${MAX_CHART_TOP} barras`)
      .nullable()
      .default(null),
    /** Stacked bars only: what each bar is split by. */
    stackBy: z.enum(CATEGORY_DIMENSIONS).nullable().default(null),
  })
  .strict()
  .transform((c) => ({
    ...c,
    dateField: isTimeDimension(c.dimension) ? c.dateField : null,
    stackBy: c.kind === 'stacked_bar' ? c.stackBy : null,
  }))
  .superRefine((c, ctx) => {
    const fail = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (isTimeDimension(c.dimension) && !c.dateField)
      fail('dateField', 'escolha o campo de data do mês ou da semana');
    if (c.kind === 'line' && !isTimeDimension(c.dimension))
      fail('kind', 'a linha no tempo pede mês ou semana como dimensão');
    if (c.kind === 'stacked_bar' && !c.stackBy)
      fail('stackBy', 'escolha por o que empilhar as barras');
    if (c.stackBy && c.stackBy === c.dimension)
      fail('stackBy', 'empilhe por algo diferente da dimensão');
    if (c.top !== null && isTimeDimension(c.dimension))
      fail('top', '“maiores N” não vale para mês ou semana (todos os períodos são mostrados)');
  });

export type ChartSpec = z.infer<typeof chartSchema>;
export type ChartSpecInput = z.input<typeof chartSchema>;

/** "Valor contratado por responsável", "Projetos por mês de criação do contrato". */
export function describeChart(c: ChartSpec): string {
  const measure = CHART_MEASURE_LABELS[c.measure];
  let by = CHART_DIMENSION_LABELS[c.dimension].toLowerCase();
  if (isTimeDimension(c.dimension) && c.dateField) {
    by = `${by} (${columnInfo(c.dateField as PeriodField).label.toLowerCase()})`;
  }
  const stack = c.stackBy ? `, por ${CHART_DIMENSION_LABELS[c.stackBy].toLowerCase()}` : '';
  const top = c.top ? ` — ${c.top} maiores` : '';
  return `${measure} por ${by}${stack}${top}`;
}
