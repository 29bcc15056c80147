/**
 * A saved view's definition: filters, columns, sort and grouping. Versioned so that a
 * definition stored today still parses after the format grows. Everything a user can
 * type reaches SQL only as a bound value; column and field names come from whitelists.
 */
import { z } from 'zod';
import { COLUMN_IDS, GROUPABLE_COLUMNS, PERIOD_FIELDS } from './columns.js';
import { PERIOD_PRESETS, isIsoDate } from './periods.js';
import { SITUATION_IDS, SITUATION_PRESETS } from './situations.js';
import { CarteiraError } from '../errors.js';
import { chartSchema } from './chart.js';

/**
 * Version 2 added the optional chart; a version 1 definition (no chart) still parses and
 * is read as version 2 with `chart: null`.
 */
export const DEFINITION_VERSION = 2;
/** The longest text search a view keeps (characters). */
export const SEARCH_MAX_LENGTH = 100;

const isoDate = z.string({ error: 'escolha a data' }).refine(isIsoDate, {
  message: 'data inválida; escolha um dia que exista no calendário (AAAA-MM-DD)',
});

const situationsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('preset'), preset: z.enum(SITUATION_PRESETS) }),
  z.object({
    mode: z.literal('custom'),
    ids: z.array(z.enum(SITUATION_IDS)).min(1, 'escolha ao menos uma situação').max(9),
  }),
]);

const periodSchema = z
  .discriminatedUnion('mode', [
    z.object({
      mode: z.literal('relative'),
      field: z.enum(PERIOD_FIELDS),
      preset: z.enum(PERIOD_PRESETS),
    }),
    z.object({
      mode: z.literal('fixed'),
      field: z.enum(PERIOD_FIELDS),
      from: isoDate,
      to: isoDate,
    }),
  ])
  .refine((p) => p.mode !== 'fixed' || p.from <= p.to, {
    message: 'a data final é anterior à inicial',
    path: ['to'],
  });

const responsibleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('me'), includeSubordinates: z.boolean().default(true) }),
  z.object({ mode: z.literal('all') }),
  z.object({
    mode: z.literal('list'),
    salespersonIds: z
      .array(z.number().int().positive())
      .min(1, 'escolha ao menos um responsável')
      .max(500),
    includeSubordinates: z.boolean().default(false),
  }),
]);

export const filtersSchema = z.object({
  situations: situationsSchema.default({ mode: 'preset', preset: 'all' }),
  period: periodSchema.nullable().default(null),
  responsible: responsibleSchema.default({ mode: 'all' }),
  storeIds: z.array(z.number().int().positive()).max(500).default([]),
  closingStatuses: z
    .array(
      z
        .string()
        .trim()
        .min(1, 'situação de fechamento vazia')
        .max(100, 'cada situação de fechamento deve ter até 100 caracteres'),
    )
    .max(50, 'no máximo 50 situações de fechamento')
    .default([]),
  probableSale: z.boolean().nullable().default(null),
  specifierIds: z.array(z.number().int().positive()).max(500).default([]),
  search: z
    .string()
    .trim()
    // Counted in UTF-16 units, as Slack's max_length counts what people type.
    .refine((v) => v.length <= SEARCH_MAX_LENGTH, {
      message: `o texto de busca passa de ${SEARCH_MAX_LENGTH} caracteres`,
    })
    .nullable()
    .default(null),
});

const sortSchema = z.object({
  column: z.enum(COLUMN_IDS),
  direction: z.enum(['asc', 'desc']).default('asc'),
});

/**
 * A goals view ("Metas do mês"): not a query over projects but the progress of the month's
 * goals of one measure (src/core/goals/goals-report.ts). Its filters, columns, sort and
 * grouping are ignored, except the responsible filter a fan-out sets (one salesperson).
 */
export const goalsViewSchema = z
  .object({
    measure: z.enum(['valor_contratado', 'contratos', 'projetos']).default('valor_contratado'),
  })
  .strict();

export const definitionSchema = z
  .object({
    version: z
      .union([z.literal(1), z.literal(DEFINITION_VERSION)])
      .default(DEFINITION_VERSION)
      .transform(() => DEFINITION_VERSION),
    filters: filtersSchema.default(filtersSchema.parse({})),
    columns: z
      .array(z.enum(COLUMN_IDS))
      .min(1, 'escolha ao menos uma coluna')
      .max(20, 'no máximo 20 colunas')
      .refine((cols) => new Set(cols).size === cols.length, { message: 'coluna repetida' }),
    sort: z.array(sortSchema).max(5).default([]),
    groupBy: z.enum(GROUPABLE_COLUMNS).nullable().default(null),
    chart: chartSchema.nullable().default(null),
    /** Present (and not null) only on a goals view; absent on every project view. */
    goals: goalsViewSchema.nullable().optional(),
  })
  .strict();

export type ViewDefinition = z.infer<typeof definitionSchema>;
export type ViewDefinitionInput = z.input<typeof definitionSchema>;
export type ViewFilters = z.infer<typeof filtersSchema>;
export type PeriodFilter = NonNullable<ViewFilters['period']>;
export type GoalsViewSpec = z.infer<typeof goalsViewSchema>;

/** The goals part of a goals view ("Metas do mês"), or null for a view over projects. */
export function goalsSpecOf(def: ViewDefinition): GoalsViewSpec | null {
  return def.goals ?? null;
}

const PATH_NAMES: Record<string, string> = {
  columns: 'colunas',
  sort: 'ordenação',
  groupBy: 'agrupamento',
  filters: 'filtros',
  situations: 'situações',
  period: 'período',
  responsible: 'responsável',
  storeIds: 'lojas',
  closingStatuses: 'situações de fechamento',
  probableSale: 'provável venda',
  specifierIds: 'especificadores',
  search: 'busca',
  version: 'versão',
  from: 'data inicial',
  to: 'data final',
  field: 'campo de data',
  preset: 'período relativo',
  chart: 'gráfico',
  kind: 'tipo',
  dimension: 'dimensão',
  dateField: 'campo de data',
  measure: 'medida',
  top: 'maiores',
  stackBy: 'empilhar por',
  goals: 'metas',
};

/** One problem of a definition: where (the schema path) and what, in Portuguese. */
export interface DefinitionIssue {
  path: (string | number)[];
  message: string;
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' || issue.code === 'invalid_union')
    return 'opção inválida; escolha uma da lista';
  if (issue.code === 'unrecognized_keys') return `campo desconhecido: ${issue.keys.join(', ')}`;
  // zod's own (English) messages, for limits the schema states without a sentence of ours.
  const english = /^(Invalid|Too (big|small))/.test(issue.message);
  if (english && issue.code === 'too_big') return `no máximo ${String(issue.maximum)}`;
  if (english && issue.code === 'too_small') return `ao menos ${String(issue.minimum)}`;
  if (english) return 'valor ausente ou do tipo errado';
  return issue.message;
}

/** Every problem zod finds in `input` as a definition (empty when it is valid). */
export function definitionIssues(
  input: unknown,
  prefix: (string | number)[] = [],
): DefinitionIssue[] {
  const r = definitionSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.filter((p) => typeof p !== 'symbol')],
    message: issueText(issue),
  }));
}

function describeIssue(issue: DefinitionIssue): string {
  const where = issue.path
    .filter((p): p is string => typeof p === 'string')
    .map((p) => PATH_NAMES[p] ?? p)
    .join(' › ');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Parses and validates a definition; throws `CarteiraError('invalid_definition')` in Portuguese. */
export function parseDefinition(input: unknown): ViewDefinition {
  const r = definitionSchema.safeParse(input);
  if (!r.success) {
    const msgs = definitionIssues(input).slice(0, 3).map(describeIssue);
    throw new CarteiraError('invalid_definition', `Visão inválida — ${msgs.join('; ')}.`);
  }
  return r.data;
}
