/**
 * The "Gráfico" section of the view builder: none / kind / dimension (and the date field
 * of a month or week) / measure / top N / stack. Every input is always shown (no redraw);
 * what does not apply is ignored, and the submission is validated by the core chart schema
 * (`chartSchema`), each problem reported on the input it belongs to.
 */
import type { types } from '@slack/bolt';
import {
  CATEGORY_DIMENSIONS,
  CHART_DIMENSIONS,
  CHART_DIMENSION_LABELS,
  CHART_KINDS,
  CHART_KIND_LABELS,
  CHART_MEASURES,
  CHART_MEASURE_LABELS,
  MAX_CHART_TOP,
  chartSchema,
  type ChartSpec,
  type ChartSpecInput,
} from '../../core/portfolio/chart.js';
import { PERIOD_FIELDS, columnInfo } from '../../core/portfolio/columns.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';
import { header, option, plain, type Option } from '../blocks/elements.js';

/** Block ids (each input's action id is the same string). */
export const CB = {
  kind: 'chart_kind',
  dimension: 'chart_dimension',
  dateField: 'chart_date_field',
  measure: 'chart_measure',
  top: 'chart_top',
  stackBy: 'chart_stack_by',
} as const;

const T = {
  section: 'Gráfico',
  kind: 'Gráfico',
  dimension: 'Por',
  dateField: 'Campo de data (para mês ou semana)',
  measure: 'Medida',
  top: 'Mostrar só as maiores barras',
  stackBy: 'Empilhar por (barras empilhadas)',
  none: 'Sem gráfico',
  noStack: 'Não empilhar',
  topPlaceholder: `de 2 a ${MAX_CHART_TOP}; vazio = todas`,
  kindHint:
    'O gráfico usa os mesmos filtros e permissões da tabela. Aparece no Slack, no PDF e no XLSX.',
  topHint: 'As demais viram uma barra “Outros”. Não vale para mês ou semana.',
  topInvalid: `Use um número inteiro de 2 a ${MAX_CHART_TOP}, ou deixe vazio para mostrar todas.`,
  invalidOption: 'Opção inválida; escolha uma da lista.',
};

export interface ChartForm {
  /** A chart kind or `none`. */
  kind: string;
  dimension: string;
  dateField: string;
  measure: string;
  /** As typed; empty = every bar. */
  top: string;
  /** A category dimension or `none`. */
  stackBy: string;
}

export function emptyChartForm(): ChartForm {
  return {
    kind: 'none',
    dimension: 'situation',
    dateField: 'contract_created_at',
    measure: 'projects',
    top: '',
    stackBy: 'none',
  };
}

export function chartFormFromSpec(chart: ChartSpec | null): ChartForm {
  const form = emptyChartForm();
  if (!chart) return form;
  return {
    kind: chart.kind,
    dimension: chart.dimension,
    dateField: chart.dateField ?? form.dateField,
    measure: chart.measure,
    top: chart.top === null ? '' : String(chart.top),
    stackBy: chart.stackBy ?? 'none',
  };
}

type StateValues = Record<string, Record<string, unknown>>;

function element(values: StateValues, id: string): Record<string, unknown> | undefined {
  const block = values[id];
  const el = block?.[id] ?? (block ? Object.values(block)[0] : undefined);
  return typeof el === 'object' && el !== null ? (el as Record<string, unknown>) : undefined;
}

function selected(values: StateValues, id: string): string | null {
  const opt = element(values, id)?.selected_option as { value?: unknown } | null | undefined;
  return typeof opt?.value === 'string' ? opt.value : null;
}

/** The section as the user left it; inputs absent from the state keep `base`'s value. */
export function chartFormFromState(raw: unknown, base: ChartForm): ChartForm {
  const values = (typeof raw === 'object' && raw !== null ? raw : {}) as StateValues;
  const f = { ...base };
  const has = (id: string) => values[id] !== undefined;
  if (has(CB.kind)) f.kind = selected(values, CB.kind) ?? 'none';
  if (has(CB.dimension)) f.dimension = selected(values, CB.dimension) ?? '';
  if (has(CB.dateField)) f.dateField = selected(values, CB.dateField) ?? '';
  if (has(CB.measure)) f.measure = selected(values, CB.measure) ?? '';
  if (has(CB.top)) {
    const v = element(values, CB.top)?.value;
    f.top = typeof v === 'string' ? v : '';
  }
  if (has(CB.stackBy)) f.stackBy = selected(values, CB.stackBy) ?? 'none';
  return f;
}

const KIND_OPTIONS: Option[] = [
  option(T.none, 'none'),
  ...CHART_KINDS.map((k) => option(CHART_KIND_LABELS[k], k)),
];
const DIMENSION_OPTIONS = CHART_DIMENSIONS.map((d) => option(CHART_DIMENSION_LABELS[d], d));
const DATE_FIELD_OPTIONS = PERIOD_FIELDS.map((f) => option(columnInfo(f).label, f));
const MEASURE_OPTIONS = CHART_MEASURES.map((m) => option(CHART_MEASURE_LABELS[m], m));
const STACK_OPTIONS: Option[] = [
  option(T.noStack, 'none'),
  ...CATEGORY_DIMENSIONS.map((d) => option(CHART_DIMENSION_LABELS[d], d)),
];

function select(id: string, options: Option[], value: string): types.StaticSelect {
  const initial = options.find((o) => o.value === value);
  return {
    type: 'static_select',
    action_id: id,
    placeholder: plain('Escolha', SLACK_LIMITS.placeholder),
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

function input(
  id: string,
  label: string,
  element: types.InputBlockElement,
  hint?: string,
): types.InputBlock {
  return {
    type: 'input',
    block_id: id,
    label: plain(label, SLACK_LIMITS.inputLabel),
    element,
    optional: true,
    ...(hint ? { hint: plain(hint, SLACK_LIMITS.inputHint) } : {}),
  };
}

/** The section's blocks: a header and six optional inputs. */
export function chartBlocks(form: ChartForm): types.KnownBlock[] {
  const top = form.top.slice(0, 2);
  return [
    header(T.section),
    input(CB.kind, T.kind, select(CB.kind, KIND_OPTIONS, form.kind), T.kindHint),
    input(CB.dimension, T.dimension, select(CB.dimension, DIMENSION_OPTIONS, form.dimension)),
    input(CB.dateField, T.dateField, select(CB.dateField, DATE_FIELD_OPTIONS, form.dateField)),
    input(CB.measure, T.measure, select(CB.measure, MEASURE_OPTIONS, form.measure)),
    input(
      CB.top,
      T.top,
      {
        type: 'plain_text_input',
        action_id: CB.top,
        max_length: 2,
        placeholder: plain(T.topPlaceholder, SLACK_LIMITS.placeholder),
        ...(top ? { initial_value: top } : {}),
      },
      T.topHint,
    ),
    input(CB.stackBy, T.stackBy, select(CB.stackBy, STACK_OPTIONS, form.stackBy)),
  ];
}

const PATH_TO_BLOCK: Record<string, string> = {
  kind: CB.kind,
  dimension: CB.dimension,
  dateField: CB.dateField,
  measure: CB.measure,
  top: CB.top,
  stackBy: CB.stackBy,
};

/**
 * The chart of the definition (null for "Sem gráfico"), or the errors keyed by block.
 * The rules are the core schema's; only the typed "top N" is read here.
 */
export function validateChartForm(form: ChartForm): {
  chart: ChartSpecInput | null;
  errors: Record<string, string>;
} {
  if (form.kind === 'none' || form.kind === '') return { chart: null, errors: {} };
  const errors: Record<string, string> = {};
  const typed = form.top.trim();
  let top: number | null = null;
  if (typed !== '') {
    if (!/^\d{1,2}$/.test(typed)) errors[CB.top] = T.topInvalid;
    else top = Number(typed);
  }
  const input: ChartSpecInput = {
    kind: form.kind as ChartSpecInput['kind'],
    dimension: form.dimension as ChartSpecInput['dimension'],
    dateField: (form.dateField || null) as ChartSpecInput['dateField'],
    measure: form.measure as ChartSpecInput['measure'],
    top,
    stackBy: (form.stackBy === 'none' ? null : form.stackBy) as ChartSpecInput['stackBy'],
  };
  const r = chartSchema.safeParse(input);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : 'kind';
      const block = PATH_TO_BLOCK[key] ?? CB.kind;
      const message = issue.code === 'custom' ? issue.message : T.invalidOption;
      if (block === CB.top && issue.code !== 'custom') errors[block] ??= T.topInvalid;
      else errors[block] ??= message.charAt(0).toUpperCase() + message.slice(1) + '.';
    }
  }
  return Object.keys(errors).length ? { chart: null, errors } : { chart: input, errors };
}
