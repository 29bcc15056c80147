/**
 * The view builder's form: what the modal shows and what comes back in
 * `view.state.values`. Values are kept as the raw strings Slack sends, so a forged or
 * garbled submission is judged here, field by field, and every problem is reported on
 * the block it belongs to (`response_action: 'errors'`).
 */
import {
  DEFINITION_VERSION,
  SEARCH_MAX_LENGTH,
  type ViewDefinitionInput,
} from '../../core/portfolio/definition.js';
import { SITUATION_IDS, SITUATION_PRESETS } from '../../core/portfolio/situations.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import type { Visibility } from '../../core/db/schema.js';
import {
  VIEW_DESCRIPTION_MAX,
  VIEW_NAME_MAX,
  viewInputIssues,
  type SavedView,
} from '../../core/views/views.js';
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

/** Input lengths the modal enforces as it types; the limits themselves are core's. */
export const NAME_MAX = VIEW_NAME_MAX;
export const DESCRIPTION_MAX = VIEW_DESCRIPTION_MAX;
export const SEARCH_MAX = SEARCH_MAX_LENGTH;

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

/** Splits typed closing statuses on `;`, `,` or new lines. */
export function splitStatuses(text: string | null): string[] {
  return (text ?? '')
    .split(/[;,\n]/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Where a core issue belongs in the modal: core's schemas (the view's definition, name and
 * description) hold the limits; the builder only knows which block shows each field.
 */
function blockOf(path: readonly (string | number)[]): string {
  const [top, part, field, sub] = path;
  if (top === 'name') return B.name;
  if (top === 'description') return B.description;
  if (top !== 'definition') return B.name;
  if (part === 'columns') return B.columns;
  if (part === 'sort') return path[3] === 'direction' ? B.sortDirection : B.sortColumn;
  if (part === 'groupBy') return B.groupBy;
  if (part !== 'filters') return B.name;
  switch (field) {
    case 'situations':
      return sub === 'ids' ? B.situationIds : B.situationMode;
    case 'period':
      return sub === 'from'
        ? B.periodFrom
        : sub === 'to'
          ? B.periodTo
          : sub === 'field'
            ? B.periodField
            : sub === 'preset'
              ? B.periodPreset
              : B.periodMode;
    case 'responsible':
      return sub === 'salespersonIds' ? B.responsiblePeople : B.responsibleMode;
    case 'storeIds':
      return B.stores;
    case 'closingStatuses':
      return B.closingStatuses;
    case 'probableSale':
      return B.probableSale;
    case 'search':
      return B.search;
    default:
      return B.name;
  }
}

/** Core's issue text as a modal sentence: capitalised, with a full stop. */
function sentence(message: string): string {
  const m = message.trim();
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * Turns the form into the view core will save, then asks core whether it is valid. The
 * builder itself checks only what core cannot know: that each picked person, store and
 * closing status was offered to this user (the catalog, built from their rights), and
 * the modal's own choices (visibility, save mode, yes/no menus).
 */
export function validateForm(form: BuilderForm, ctx: BuilderContext): Validation {
  const E = texts.builder.errors;
  const errors: Record<string, string> = {};
  const original = ctx.original?.definition;

  // Situations: a custom list reads in pipeline order; unknown ids are left for core.
  const picked = [...new Set(form.situationIds)];
  const situations: FiltersInput['situations'] =
    form.situationMode === 'custom'
      ? {
          mode: 'custom',
          ids: [
            ...SITUATION_IDS.filter((s) => picked.includes(s)),
            ...picked.filter((s) => !(SITUATION_IDS as readonly string[]).includes(s)),
          ] as (typeof SITUATION_IDS)[number][],
        }
      : { mode: 'preset', preset: form.situationMode as (typeof SITUATION_PRESETS)[number] };

  let period: unknown = null;
  if (form.periodMode === 'relative') {
    period = { mode: 'relative', field: form.periodField, preset: form.periodPreset };
  } else if (form.periodMode === 'fixed') {
    period = {
      mode: 'fixed',
      field: form.periodField,
      from: form.periodFrom ?? undefined,
      to: form.periodTo ?? undefined,
    };
  } else if (form.periodMode !== 'none') {
    period = { mode: form.periodMode };
  }

  // Responsible: picked people must be ones the catalog offered this user.
  let responsible: unknown = { mode: form.responsibleMode };
  if (form.responsibleMode === 'me') {
    responsible = { mode: 'me', includeSubordinates: form.includeSubordinates };
  } else if (form.responsibleMode === 'list') {
    const visible = new Map(ctx.catalog.people.map((p) => [String(p.id), p.id]));
    let ids: number[] = [];
    if (ctx.catalog.people.length === 0) {
      // The modal shows a sentence instead of an empty menu: the error goes on the mode.
      errors[B.responsibleMode] = E.noPeopleToChoose;
    } else if (ctx.catalog.peopleInput === 'slack_users') {
      const bySlack = new Map(
        ctx.catalog.people.flatMap((p) => (p.slackUserId ? [[p.slackUserId, p.id]] : [])),
      );
      if (!form.peopleSlack.every((u) => bySlack.has(u)))
        errors[B.responsiblePeople] = E.peopleUnlinked;
      else ids = form.peopleSlack.map((u) => bySlack.get(u)!);
    } else if (!form.people.every((p) => visible.has(p))) {
      errors[B.responsiblePeople] = E.peopleInvalid;
    } else {
      ids = form.people.map((p) => visible.get(p)!);
    }
    responsible = {
      mode: 'list',
      salespersonIds: [...new Set(ids)],
      includeSubordinates: form.includeSubordinates,
    };
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

  // Closing statuses: from a menu, only values it offered (or the view already had).
  const statuses =
    ctx.catalog.closingStatuses === null
      ? splitStatuses(form.closingStatusesText)
      : [...new Set(form.closingStatuses)];
  if (ctx.catalog.closingStatuses !== null) {
    const offered = new Set([
      ...ctx.catalog.closingStatuses,
      ...(original?.filters.closingStatuses ?? []),
    ]);
    if (!statuses.every((s) => offered.has(s))) errors[B.closingStatuses] = E.invalidOption;
  }

  let probableSale: boolean | null = null;
  if (form.probableSale === 'yes') probableSale = true;
  else if (form.probableSale === 'no') probableSale = false;
  else if (form.probableSale !== 'any') errors[B.probableSale] = E.invalidOption;

  const search = form.search.replace(/\s+/g, ' ').trim();

  let sort: { column: string; direction: string }[] = [];
  if (form.sortColumn !== 'none') {
    const first = { column: form.sortColumn, direction: form.sortDirection };
    const before = original?.sort[0];
    // The builder edits the first sort key; further keys of the original view are kept.
    sort =
      before && before.column === first.column && before.direction === first.direction
        ? original.sort.map((s) => ({ column: s.column, direction: s.direction }))
        : [first];
  }

  if (form.visibility !== 'private' && form.visibility !== 'team')
    errors[B.visibility] = E.invalidOption;
  let saveMode: 'update' | 'new' = ctx.original && ctx.canUpdate ? 'update' : 'new';
  if (ctx.original && ctx.canUpdate) {
    if (form.saveMode === 'new') saveMode = 'new';
    else if (form.saveMode !== 'update') errors[B.saveMode] = E.invalidOption;
  }

  const chart = validateChartForm(form.chart);
  Object.assign(errors, chart.errors);

  const candidate = {
    name: form.name,
    description: form.description,
    visibility: form.visibility as Visibility,
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
      columns: [...new Set(form.columns)],
      sort,
      groupBy: form.groupBy === 'none' ? null : form.groupBy,
      chart: chart.chart,
    },
  };
  // Core's verdict, one message per block (the builder's own findings come first).
  for (const issue of viewInputIssues(candidate)) {
    const block = blockOf(issue.path);
    errors[block] ??= sentence(issue.message);
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: form.name.replace(/\s+/g, ' ').trim(),
      description: form.description.trim() || null,
      visibility: form.visibility as Visibility,
      saveMode,
      definition: candidate.definition as ViewDefinitionInput,
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
/**
 * The blocks `response_action: errors` may name: the view's input blocks (Slack refuses an
 * error on any other block, see https://docs.slack.dev/surfaces/modals, "Displaying errors").
 */
export function errorTargets(blocks: readonly { type: string; block_id?: string }[]): Set<string> {
  return new Set(blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
}

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
