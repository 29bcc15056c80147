/**
 * The view builder's form: what the modal shows and what comes back in
 * `view.state.values`. Values are kept as the raw strings Slack sends, so a forged or
 * garbled submission is judged here, field by field, and every problem is reported on
 * the block it belongs to (`response_action: 'errors'`).
 */
import {
  COLUMN_IDS,
  GROUPABLE_COLUMNS,
  PERIOD_FIELDS,
  type ColumnId,
} from '../../core/portfolio/columns.js';
import { DEFINITION_VERSION, type ViewDefinitionInput } from '../../core/portfolio/definition.js';
import { PERIOD_PRESETS, isIsoDate } from '../../core/portfolio/periods.js';
import { SITUATION_IDS, SITUATION_PRESETS } from '../../core/portfolio/situations.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import type { Visibility } from '../../core/db/schema.js';
import type { SavedView } from '../../core/views/views.js';
import { texts } from '../texts.js';
import type { BuilderCatalog } from './builder-catalog.js';
import {
  chartFormFromSpec,
  chartFormFromState,
  emptyChartForm,
  validateChartForm,
  type ChartForm,
} from './builder-chart.js';

/** Block ids of the builder; each input's action id is the same string. */
export const B = {
  situationMode: 'situation_mode',
  situationIds: 'situation_ids',
  periodMode: 'period_mode',
  periodField: 'period_field',
  periodPreset: 'period_preset',
  periodFrom: 'period_from',
  periodTo: 'period_to',
  responsibleMode: 'responsible_mode',
  responsiblePeople: 'responsible_people',
  responsibleOptions: 'responsible_options',
  stores: 'stores',
  closingStatuses: 'closing_statuses',
  probableSale: 'probable_sale',
  search: 'search',
  columns: 'columns',
  sortColumn: 'sort_column',
  sortDirection: 'sort_direction',
  groupBy: 'group_by',
  name: 'name',
  description: 'description',
  visibility: 'visibility',
  saveMode: 'save_mode',
} as const;

/** Inputs whose change redraws the modal (they decide which other inputs are shown). */
export const DISPATCHING_INPUTS = [B.situationMode, B.periodMode, B.responsibleMode] as const;

export const NAME_MAX = 80;
export const DESCRIPTION_MAX = 500;
export const SEARCH_MAX = 100;

export interface BuilderForm {
  /** A situation preset id, or `custom`. */
  situationMode: string;
  situationIds: string[];
  /** `none`, `relative` or `fixed`. */
  periodMode: string;
  periodField: string;
  periodPreset: string;
  periodFrom: string | null;
  periodTo: string | null;
  /** `me`, `all` or `list`. */
  responsibleMode: string;
  /** Salesperson ids (as strings) picked in the static menu. */
  people: string[];
  /** Slack user ids picked when people are chosen as Slack users. */
  peopleSlack: string[];
  includeSubordinates: boolean;
  stores: string[];
  closingStatuses: string[];
  /** Closing statuses typed as text (when there are too many for a menu). */
  closingStatusesText: string | null;
  /** `any`, `yes` or `no`. */
  probableSale: string;
  search: string;
  columns: string[];
  /** A column id or `none`. */
  sortColumn: string;
  sortDirection: string;
  /** A groupable column id or `none`. */
  groupBy: string;
  name: string;
  description: string;
  visibility: string;
  /** `update` or `new` (editing a view one may change). */
  saveMode: string;
  /** The "Gráfico" section (builder-chart.ts). */
  chart: ChartForm;
}

export function emptyForm(): BuilderForm {
  return {
    situationMode: 'all',
    situationIds: [],
    periodMode: 'relative',
    periodField: 'project_created_at',
    periodPreset: 'this_month',
    periodFrom: null,
    periodTo: null,
    responsibleMode: 'all',
    people: [],
    peopleSlack: [],
    includeSubordinates: true,
    stores: [],
    closingStatuses: [],
    closingStatusesText: null,
    probableSale: 'any',
    search: '',
    columns: ['project', 'client', 'salesperson', 'closing_status', 'estimated_value'],
    sortColumn: 'project_created_at',
    sortDirection: 'asc',
    groupBy: 'none',
    name: '',
    description: '',
    visibility: 'private',
    saveMode: 'update',
    chart: emptyChartForm(),
  };
}

/**
 * A form with nothing chosen: the base for reading a submission, so an input missing from
 * the submitted state counts as empty (and is reported) rather than taking a default.
 */
export function blankForm(): BuilderForm {
  return {
    ...emptyForm(),
    situationMode: '',
    periodMode: '',
    responsibleMode: '',
    includeSubordinates: false,
    probableSale: '',
    columns: [],
    sortColumn: 'none',
    groupBy: 'none',
    visibility: '',
    saveMode: '',
  };
}

/** The form prefilled from a saved view (editing, or saving a copy). */
export function formFromView(
  view: SavedView,
  catalog: BuilderCatalog,
  copyName?: string,
): BuilderForm {
  const d = view.definition;
  const f = d.filters;
  const form = emptyForm();
  form.situationMode = f.situations.mode === 'preset' ? f.situations.preset : 'custom';
  form.situationIds = f.situations.mode === 'custom' ? [...f.situations.ids] : [];
  if (!f.period) form.periodMode = 'none';
  else {
    form.periodMode = f.period.mode;
    form.periodField = f.period.field;
    if (f.period.mode === 'relative') form.periodPreset = f.period.preset;
    else {
      form.periodFrom = f.period.from;
      form.periodTo = f.period.to;
    }
  }
  form.responsibleMode = f.responsible.mode;
  form.includeSubordinates =
    f.responsible.mode === 'all' ? true : f.responsible.includeSubordinates;
  if (f.responsible.mode === 'list') {
    const ids = new Set(f.responsible.salespersonIds);
    const visible = catalog.people.filter((p) => ids.has(p.id));
    form.people = visible.map((p) => String(p.id));
    form.peopleSlack = visible.flatMap((p) => (p.slackUserId ? [p.slackUserId] : []));
  }
  form.stores = f.storeIds.map(String);
  form.closingStatuses = [...f.closingStatuses];
  form.closingStatusesText = f.closingStatuses.join('; ');
  form.probableSale = f.probableSale === null ? 'any' : f.probableSale ? 'yes' : 'no';
  form.search = f.search ?? '';
  form.columns = [...d.columns];
  form.sortColumn = d.sort[0]?.column ?? 'none';
  form.sortDirection = d.sort[0]?.direction ?? 'asc';
  form.groupBy = d.groupBy ?? 'none';
  form.chart = chartFormFromSpec(d.chart);
  form.name = copyName ?? view.name;
  form.description = view.description ?? '';
  form.visibility = copyName ? 'private' : view.visibility;
  return form;
}

// ---- reading view.state.values -------------------------------------------------------

type StateValues = Record<string, Record<string, unknown>>;

function element(values: StateValues, id: string): Record<string, unknown> | undefined {
  const block = values[id];
  const el = block?.[id] ?? (block ? Object.values(block)[0] : undefined);
  return typeof el === 'object' && el !== null ? (el as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function selected(values: StateValues, id: string): string | null {
  const opt = element(values, id)?.selected_option as { value?: unknown } | null | undefined;
  return str(opt?.value);
}

function selectedMany(values: StateValues, id: string): string[] {
  const opts = element(values, id)?.selected_options;
  if (!Array.isArray(opts)) return [];
  return opts.flatMap((o: { value?: unknown }) => (typeof o?.value === 'string' ? [o.value] : []));
}

function textValue(values: StateValues, id: string): string | null {
  return str(element(values, id)?.value);
}

function date(values: StateValues, id: string): string | null {
  return str(element(values, id)?.selected_date);
}

function users(values: StateValues, id: string): string[] {
  const list = element(values, id)?.selected_users;
  return Array.isArray(list) ? list.filter((u): u is string => typeof u === 'string') : [];
}

/**
 * The form as the user left it. Inputs missing from the state (hidden by a mode, or not
 * sent) keep `base`'s value, so redrawing the modal loses nothing.
 *
 * Slack sends a multi-select's `selected_options` in the order the user picked them (the
 * order of the chips in the field), which is what makes "columns in the order chosen" work.
 */
export function formFromState(raw: unknown, base: BuilderForm = emptyForm()): BuilderForm {
  const values = (typeof raw === 'object' && raw !== null ? raw : {}) as StateValues;
  const has = (id: string) => values[id] !== undefined;
  const f: BuilderForm = { ...base };
  if (has(B.situationMode)) f.situationMode = selected(values, B.situationMode) ?? '';
  if (has(B.situationIds)) f.situationIds = selectedMany(values, B.situationIds);
  if (has(B.periodMode)) f.periodMode = selected(values, B.periodMode) ?? '';
  if (has(B.periodField)) f.periodField = selected(values, B.periodField) ?? '';
  if (has(B.periodPreset)) f.periodPreset = selected(values, B.periodPreset) ?? '';
  if (has(B.periodFrom)) f.periodFrom = date(values, B.periodFrom);
  if (has(B.periodTo)) f.periodTo = date(values, B.periodTo);
  if (has(B.responsibleMode)) f.responsibleMode = selected(values, B.responsibleMode) ?? '';
  if (has(B.responsiblePeople)) {
    const el = element(values, B.responsiblePeople);
    if (el?.type === 'multi_users_select') f.peopleSlack = users(values, B.responsiblePeople);
    else f.people = selectedMany(values, B.responsiblePeople);
  }
  if (has(B.responsibleOptions)) {
    f.includeSubordinates = selectedMany(values, B.responsibleOptions).includes(
      'include_subordinates',
    );
  }
  if (has(B.stores)) f.stores = selectedMany(values, B.stores);
  if (has(B.closingStatuses)) {
    const el = element(values, B.closingStatuses);
    if (el?.type === 'plain_text_input')
      f.closingStatusesText = textValue(values, B.closingStatuses);
    else f.closingStatuses = selectedMany(values, B.closingStatuses);
  }
  if (has(B.probableSale)) f.probableSale = selected(values, B.probableSale) ?? 'any';
  if (has(B.search)) f.search = textValue(values, B.search) ?? '';
  if (has(B.columns)) f.columns = selectedMany(values, B.columns);
  if (has(B.sortColumn)) f.sortColumn = selected(values, B.sortColumn) ?? 'none';
  if (has(B.sortDirection)) f.sortDirection = selected(values, B.sortDirection) ?? 'asc';
  if (has(B.groupBy)) f.groupBy = selected(values, B.groupBy) ?? 'none';
  if (has(B.name)) f.name = textValue(values, B.name) ?? '';
  if (has(B.description)) f.description = textValue(values, B.description) ?? '';
  if (has(B.visibility)) f.visibility = selected(values, B.visibility) ?? '';
  if (has(B.saveMode)) f.saveMode = selected(values, B.saveMode) ?? '';
  f.chart = chartFormFromState(values, base.chart);
  return f;
}

// ---- validation ----------------------------------------------------------------------

export interface BuilderContext {
  viewer: Viewer;
  catalog: BuilderCatalog;
  /** The view being edited (its hidden settings — specifiers, extra sorts — are kept). */
  original: SavedView | null;
  /** Whether the builder shows "update this view / save as new". */
  canUpdate: boolean;
}

export interface BuilderResult {
  name: string;
  description: string | null;
  visibility: Visibility;
  definition: ViewDefinitionInput;
  saveMode: 'update' | 'new';
}

type FiltersInput = NonNullable<ViewDefinitionInput['filters']>;

export type Validation =
  { ok: true; value: BuilderResult } | { ok: false; errors: Record<string, string> };

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** Splits typed closing statuses on `;`, `,` or new lines. */
export function splitStatuses(text: string | null): string[] {
  return (text ?? '')
    .split(/[;,\n]/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Checks every field; on success, the definition and save options to hand to core. */
export function validateForm(form: BuilderForm, ctx: BuilderContext): Validation {
  const E = texts.builder.errors;
  const errors: Record<string, string> = {};
  const original = ctx.original?.definition;

  // Situations
  let situations: FiltersInput['situations'];
  if (form.situationMode === 'custom') {
    const ids = [...new Set(form.situationIds)];
    if (ids.length === 0) errors[B.situationIds] = E.situationsEmpty;
    else if (!ids.every((id) => oneOf(SITUATION_IDS, id))) errors[B.situationIds] = E.invalidOption;
    // Keep the catalog's order: a situation list reads in pipeline order.
    situations = { mode: 'custom', ids: SITUATION_IDS.filter((s) => ids.includes(s)) };
  } else if (oneOf(SITUATION_PRESETS, form.situationMode)) {
    situations = { mode: 'preset', preset: form.situationMode };
  } else {
    errors[B.situationMode] = E.invalidOption;
    situations = { mode: 'preset', preset: 'all' };
  }

  // Period
  let period: FiltersInput['period'] = null;
  if (form.periodMode !== 'none') {
    const field = form.periodField;
    if (!oneOf(PERIOD_FIELDS, field)) errors[B.periodField] = E.invalidOption;
    if (form.periodMode === 'relative') {
      if (!oneOf(PERIOD_PRESETS, form.periodPreset)) errors[B.periodPreset] = E.invalidOption;
      else if (oneOf(PERIOD_FIELDS, field))
        period = { mode: 'relative', field, preset: form.periodPreset };
    } else if (form.periodMode === 'fixed') {
      const check = (v: string | null, block: string) => {
        if (!v) errors[block] = E.dateMissing;
        else if (!isIsoDate(v)) errors[block] = E.dateInvalid;
      };
      check(form.periodFrom, B.periodFrom);
      check(form.periodTo, B.periodTo);
      const { periodFrom: from, periodTo: to } = form;
      if (from && to && isIsoDate(from) && isIsoDate(to)) {
        if (from > to) errors[B.periodTo] = E.fromAfterTo;
        else if (oneOf(PERIOD_FIELDS, field)) period = { mode: 'fixed', field, from, to };
      }
    } else {
      errors[B.periodMode] = E.invalidOption;
    }
  }

  // Responsible
  let responsible: FiltersInput['responsible'] = { mode: 'all' };
  if (form.responsibleMode === 'me') {
    responsible = { mode: 'me', includeSubordinates: form.includeSubordinates };
  } else if (form.responsibleMode === 'list') {
    const visible = new Map(ctx.catalog.people.map((p) => [String(p.id), p.id]));
    let ids: number[] = [];
    if (ctx.catalog.peopleInput === 'slack_users') {
      const bySlack = new Map(
        ctx.catalog.people.flatMap((p) => (p.slackUserId ? [[p.slackUserId, p.id]] : [])),
      );
      if (form.peopleSlack.length === 0) errors[B.responsiblePeople] = E.peopleEmpty;
      else if (!form.peopleSlack.every((u) => bySlack.has(u)))
        errors[B.responsiblePeople] = E.peopleUnlinked;
      else ids = form.peopleSlack.map((u) => bySlack.get(u)!);
    } else {
      if (form.people.length === 0) errors[B.responsiblePeople] = E.peopleEmpty;
      else if (!form.people.every((p) => visible.has(p)))
        errors[B.responsiblePeople] = E.peopleInvalid;
      else ids = form.people.map((p) => visible.get(p)!);
    }
    responsible = {
      mode: 'list',
      salespersonIds: [...new Set(ids)],
      includeSubordinates: form.includeSubordinates,
    };
  } else if (form.responsibleMode !== 'all') {
    errors[B.responsibleMode] = E.invalidOption;
  }

  // Stores: when the builder shows no store menu (a single store), keep what the view had.
  let storeIds: number[];
  if (ctx.catalog.stores.length > 1) {
    const known = new Set(ctx.catalog.stores.map((s) => String(s.id)));
    if (!form.stores.every((s) => known.has(s))) errors[B.stores] = E.storesInvalid;
    storeIds = [...new Set(form.stores.filter((s) => known.has(s)).map(Number))];
  } else {
    storeIds = original?.filters.storeIds ?? [];
  }

  // Closing statuses
  const statuses =
    ctx.catalog.closingStatuses === null
      ? splitStatuses(form.closingStatusesText)
      : [...new Set(form.closingStatuses)];
  if (statuses.length > 50 || statuses.some((s) => s.length > 100 || s.trim() === '')) {
    errors[B.closingStatuses] = E.statusesInvalid;
  } else if (ctx.catalog.closingStatuses !== null) {
    // From a menu: only values the menu offered (or the view already had).
    const offered = new Set([
      ...ctx.catalog.closingStatuses,
      ...(original?.filters.closingStatuses ?? []),
    ]);
    if (!statuses.every((s) => offered.has(s))) errors[B.closingStatuses] = E.invalidOption;
  }

  // Probable sale
  let probableSale: boolean | null = null;
  if (form.probableSale === 'yes') probableSale = true;
  else if (form.probableSale === 'no') probableSale = false;
  else if (form.probableSale !== 'any') errors[B.probableSale] = E.invalidOption;

  const search = form.search.replace(/\s+/g, ' ').trim();
  if (search.length > SEARCH_MAX) errors[B.search] = E.searchTooLong;

  // Columns, in the order chosen
  const columns = [...new Set(form.columns)];
  if (columns.length === 0) errors[B.columns] = E.columnsEmpty;
  else if (!columns.every((c) => oneOf(COLUMN_IDS, c))) errors[B.columns] = E.invalidOption;
  else if (columns.length > 20) errors[B.columns] = E.columnsTooMany;

  let sort: { column: ColumnId; direction: 'asc' | 'desc' }[] = [];
  if (form.sortColumn !== 'none') {
    if (!oneOf(COLUMN_IDS, form.sortColumn)) errors[B.sortColumn] = E.invalidOption;
    else if (form.sortDirection !== 'asc' && form.sortDirection !== 'desc')
      errors[B.sortDirection] = E.invalidOption;
    else {
      const first = { column: form.sortColumn, direction: form.sortDirection as 'asc' | 'desc' };
      const before = original?.sort[0];
      // The builder edits the first sort key; further keys of the original view are kept.
      sort =
        before && before.column === first.column && before.direction === first.direction
          ? original.sort.map((s) => ({ column: s.column, direction: s.direction }))
          : [first];
    }
  }

  let groupBy: (typeof GROUPABLE_COLUMNS)[number] | null = null;
  if (form.groupBy !== 'none') {
    if (oneOf(GROUPABLE_COLUMNS, form.groupBy)) groupBy = form.groupBy;
    else errors[B.groupBy] = E.invalidOption;
  }

  const name = form.name.replace(/\s+/g, ' ').trim();
  if (!name) errors[B.name] = E.nameEmpty;
  else if (name.length > NAME_MAX) errors[B.name] = E.nameTooLong(name.length);
  const description = form.description.trim();
  if (description.length > DESCRIPTION_MAX)
    errors[B.description] = E.descriptionTooLong(description.length);
  if (form.visibility !== 'private' && form.visibility !== 'team')
    errors[B.visibility] = E.invalidOption;
  let saveMode: 'update' | 'new' = ctx.original && ctx.canUpdate ? 'update' : 'new';
  if (ctx.original && ctx.canUpdate) {
    if (form.saveMode === 'new') saveMode = 'new';
    else if (form.saveMode !== 'update') errors[B.saveMode] = E.invalidOption;
  }

  const chart = validateChartForm(form.chart);
  Object.assign(errors, chart.errors);

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      description: description || null,
      visibility: form.visibility as Visibility,
      saveMode,
      definition: {
        version: DEFINITION_VERSION,
        filters: {
          situations,
          period,
          responsible,
          storeIds,
          closingStatuses: statuses,
          probableSale,
          specifierIds: original?.filters.specifierIds ?? [],
          search: search || null,
        },
        columns: columns as ColumnId[],
        sort,
        groupBy,
        chart: chart.chart,
      },
    },
  };
}

/** Where an error goes when its input is not on screen (a submission that skipped a redraw). */
const ERROR_FALLBACK: Record<string, string> = {
  [B.situationIds]: B.situationMode,
  [B.periodField]: B.periodMode,
  [B.periodPreset]: B.periodMode,
  [B.periodFrom]: B.periodMode,
  [B.periodTo]: B.periodMode,
  [B.responsiblePeople]: B.responsibleMode,
  [B.responsibleOptions]: B.responsibleMode,
};

/**
 * Errors keyed only by blocks the modal shows: Slack refuses `response_action: errors` that
 * name a block it does not have, which would leave the user with a generic failure.
 */
export function placeErrors(
  errors: Record<string, string>,
  shown: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [block, message] of Object.entries(errors)) {
    let target = block;
    if (!shown.has(target)) target = ERROR_FALLBACK[block] ?? B.name;
    if (!shown.has(target)) target = B.name;
    out[target] = out[target] ? `${out[target]} ${message}` : message;
  }
  return out;
}
