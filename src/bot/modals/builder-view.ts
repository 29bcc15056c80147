/**
 * The view builder modal as Block Kit, from a form and what the user may choose. Pure:
 * the same form always gives the same modal (tests check it against Slack's limits).
 *
 * The modal shows only the inputs that matter for the chosen modes: "Personalizado" shows
 * the situation list, "Datas fixas" the two date pickers, "Escolher pessoas" the people.
 * Those three inputs dispatch an action when changed and the bot redraws the modal.
 */
import type { types } from '@slack/bolt';
import {
  COLUMNS,
  GROUPABLE_COLUMNS,
  PERIOD_FIELDS,
  columnInfo,
} from '../../core/portfolio/columns.js';
import { PERIOD_PRESETS, PERIOD_PRESET_LABELS, isIsoDate } from '../../core/portfolio/periods.js';
import {
  SITUATIONS,
  SITUATION_PRESETS,
  SITUATION_PRESET_LABELS,
} from '../../core/portfolio/situations.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';
import { contextLine, header, option, plain, type Block, type Option } from '../blocks/elements.js';
import { texts } from '../texts.js';
import type { BuilderCatalog } from './builder-catalog.js';
import { chartBlocks } from './builder-chart.js';
import { B, DESCRIPTION_MAX, NAME_MAX, SEARCH_MAX, type BuilderForm } from './builder-form.js';
import { BUILDER_CALLBACK_ID, encodeMetadata, type BuilderMetadata } from './builder-metadata.js';

const L = texts.builder.labels;
const H = texts.builder.hints;
const O = texts.builder.options;
const P = texts.builder.placeholders;

export interface BuilderViewOptions {
  form: BuilderForm;
  catalog: BuilderCatalog;
  metadata: BuilderMetadata;
  /** When editing: whose view it is and whether this user may update it (else a copy is saved). */
  editing?: { name: string; ownerName: string | null; canUpdate: boolean };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function pick(options: Option[], value: string | null | undefined): Option | undefined {
  return value == null ? undefined : options.find((o) => o.value === value);
}

function pickMany(options: Option[], values: readonly string[]): Option[] {
  return values.flatMap((v) => {
    const o = options.find((x) => x.value === v);
    return o ? [o] : [];
  });
}

function input(
  blockId: string,
  label: string,
  element: types.InputBlockElement,
  opts: { optional?: boolean; hint?: string; dispatch?: boolean } = {},
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, SLACK_LIMITS.inputLabel),
    element,
    optional: opts.optional ?? false,
    ...(opts.hint ? { hint: plain(opts.hint, SLACK_LIMITS.inputHint) } : {}),
    ...(opts.dispatch ? { dispatch_action: true } : {}),
  };
}

function radio(id: string, options: Option[], value: string | null): types.RadioButtons {
  const initial = pick(options, value);
  return {
    type: 'radio_buttons',
    action_id: id,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

// Slack allows 100 options per menu, and an initial option must be one of those shown.
function select(
  id: string,
  all: Option[],
  value: string | null,
  placeholder: string = P.choose,
): types.StaticSelect {
  const options = all.slice(0, SLACK_LIMITS.selectOptions);
  const initial = pick(options, value);
  return {
    type: 'static_select',
    action_id: id,
    placeholder: plain(placeholder, SLACK_LIMITS.placeholder),
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

function multiSelect(
  id: string,
  all: Option[],
  values: readonly string[],
  placeholder: string,
): types.MultiStaticSelect {
  const options = all.slice(0, SLACK_LIMITS.selectOptions);
  const initial = pickMany(options, values);
  return {
    type: 'multi_static_select',
    action_id: id,
    placeholder: plain(placeholder, SLACK_LIMITS.placeholder),
    options,
    ...(initial.length ? { initial_options: initial } : {}),
  };
}

function text(
  id: string,
  value: string,
  maxLength: number,
  opts: { multiline?: boolean; placeholder?: string } = {},
): types.PlainTextInput {
  const initial = value.slice(0, maxLength);
  return {
    type: 'plain_text_input',
    action_id: id,
    max_length: maxLength,
    ...(opts.multiline ? { multiline: true } : {}),
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder, SLACK_LIMITS.placeholder) } : {}),
    ...(initial ? { initial_value: initial } : {}),
  };
}

function datepicker(id: string, value: string | null): types.Datepicker {
  return {
    type: 'datepicker',
    action_id: id,
    placeholder: plain('dd/mm/aaaa', SLACK_LIMITS.placeholder),
    ...(value && isIsoDate(value) ? { initial_date: value } : {}),
  };
}

const SITUATION_MODE_OPTIONS = [
  ...SITUATION_PRESETS.map((p) => option(SITUATION_PRESET_LABELS[p], p)),
  option(O.situationCustom, 'custom'),
];
const SITUATION_OPTIONS = SITUATIONS.map((s) => option(s.label, s.id));
const PERIOD_MODE_OPTIONS = [
  option(O.periodNone, 'none'),
  option(O.periodRelative, 'relative'),
  option(O.periodFixed, 'fixed'),
];
const PERIOD_FIELD_OPTIONS = PERIOD_FIELDS.map((f) => option(columnInfo(f).label, f));
const PERIOD_PRESET_OPTIONS = PERIOD_PRESETS.map((p) =>
  option(capitalize(PERIOD_PRESET_LABELS[p]), p),
);
const RESPONSIBLE_OPTIONS = [
  option(O.responsibleMe, 'me'),
  option(O.responsibleAll, 'all'),
  option(O.responsibleList, 'list'),
];
const SUBORDINATES_OPTION = option(O.includeSubordinates, 'include_subordinates');
const PROBABLE_OPTIONS = [
  option(O.probableAny, 'any'),
  option(O.probableYes, 'yes'),
  option(O.probableNo, 'no'),
];
const COLUMN_OPTIONS = COLUMNS.map((c) => option(c.label, c.id));
const SORT_OPTIONS = [option(O.sortNone, 'none'), ...COLUMN_OPTIONS];
const DIRECTION_OPTIONS = [option(O.asc, 'asc'), option(O.desc, 'desc')];
const GROUP_OPTIONS = [
  option(O.groupNone, 'none'),
  ...GROUPABLE_COLUMNS.map((c) => option(columnInfo(c).label, c)),
];
const VISIBILITY_OPTIONS = [option(O.private, 'private'), option(O.team, 'team')];
const SAVE_MODE_OPTIONS = [option(O.update, 'update'), option(O.saveNew, 'new')];

function peopleInput(
  form: BuilderForm,
  catalog: BuilderCatalog,
): types.InputBlock | types.ContextBlock {
  if (catalog.peopleInput === 'slack_users') {
    return input(
      B.responsiblePeople,
      L.responsiblePeople,
      {
        type: 'multi_users_select',
        action_id: B.responsiblePeople,
        placeholder: plain(P.people, SLACK_LIMITS.placeholder),
        ...(form.peopleSlack.length ? { initial_users: form.peopleSlack.slice(0, 100) } : {}),
      },
      { hint: H.responsiblePeopleSlack },
    );
  }
  const options = catalog.people.map((p) => option(p.name, String(p.id)));
  if (options.length === 0) return emptyField(L.responsiblePeople, texts.builder.empty.people);
  return input(
    B.responsiblePeople,
    L.responsiblePeople,
    multiSelect(B.responsiblePeople, options, form.people, P.people),
    {
      hint: H.responsiblePeople,
    },
  );
}

/**
 * Slack refuses a select with no options (`must provide at least 1 items`), so a field whose
 * list is empty in the viewer's scope (a fresh install, a store that does not use it) shows
 * its label and a sentence saying why there is nothing to choose.
 */
function emptyField(label: string, sentence: string): types.ContextBlock {
  return contextLine(`*${label}:* ${sentence}`);
}

function closingStatusesInput(
  form: BuilderForm,
  catalog: BuilderCatalog,
): types.InputBlock | types.ContextBlock {
  if (catalog.closingStatuses === null) {
    return input(
      B.closingStatuses,
      L.closingStatuses,
      text(B.closingStatuses, form.closingStatusesText ?? '', 2000),
      {
        optional: true,
        hint: H.closingStatusesText,
      },
    );
  }
  // Values the view already filters on stay offered even if no project uses them today.
  const own = [...new Set(form.closingStatuses)].slice(0, SLACK_LIMITS.selectOptions);
  const others = catalog.closingStatuses.filter((s) => !own.includes(s));
  const values = [...own, ...others.slice(0, SLACK_LIMITS.selectOptions - own.length)].sort(
    (a, b) => a.localeCompare(b, 'pt-BR'),
  );
  const options = values.map((s) => option(s, s));
  if (options.length === 0)
    return emptyField(L.closingStatuses, texts.builder.empty.closingStatuses);
  return input(
    B.closingStatuses,
    L.closingStatuses,
    multiSelect(B.closingStatuses, options, form.closingStatuses, P.choose),
    {
      optional: true,
    },
  );
}

export function builderModal(opts: BuilderViewOptions): types.ModalView {
  const { form, catalog, editing } = opts;
  const blocks: Block[] = [];
  if (editing && !editing.canUpdate)
    blocks.push(contextLine(texts.builder.copyNote(editing.name, editing.ownerName)));

  blocks.push(header(texts.builder.sections.filters));
  blocks.push(
    input(
      B.situationMode,
      L.situationMode,
      radio(B.situationMode, SITUATION_MODE_OPTIONS, form.situationMode),
      {
        dispatch: true,
        hint: H.situationMode,
      },
    ),
  );
  if (form.situationMode === 'custom') {
    blocks.push(
      input(
        B.situationIds,
        L.situationIds,
        multiSelect(B.situationIds, SITUATION_OPTIONS, form.situationIds, P.choose),
      ),
    );
  }

  blocks.push(
    input(B.periodMode, L.periodMode, radio(B.periodMode, PERIOD_MODE_OPTIONS, form.periodMode), {
      dispatch: true,
    }),
  );
  if (form.periodMode === 'relative' || form.periodMode === 'fixed') {
    blocks.push(
      input(
        B.periodField,
        L.periodField,
        select(B.periodField, PERIOD_FIELD_OPTIONS, form.periodField),
      ),
    );
  }
  if (form.periodMode === 'relative') {
    blocks.push(
      input(
        B.periodPreset,
        L.periodPreset,
        select(B.periodPreset, PERIOD_PRESET_OPTIONS, form.periodPreset),
        {
          hint: H.periodPreset,
        },
      ),
    );
  }
  if (form.periodMode === 'fixed') {
    blocks.push(input(B.periodFrom, L.periodFrom, datepicker(B.periodFrom, form.periodFrom)));
    blocks.push(input(B.periodTo, L.periodTo, datepicker(B.periodTo, form.periodTo)));
  }

  blocks.push(
    input(
      B.responsibleMode,
      L.responsibleMode,
      radio(B.responsibleMode, RESPONSIBLE_OPTIONS, form.responsibleMode),
      {
        dispatch: true,
        hint: H.responsibleMode,
      },
    ),
  );
  if (form.responsibleMode === 'list') blocks.push(peopleInput(form, catalog));
  if (form.responsibleMode === 'me' || form.responsibleMode === 'list') {
    blocks.push(
      input(
        B.responsibleOptions,
        L.responsibleOptions,
        {
          type: 'checkboxes',
          action_id: B.responsibleOptions,
          options: [SUBORDINATES_OPTION],
          ...(form.includeSubordinates ? { initial_options: [SUBORDINATES_OPTION] } : {}),
        },
        { optional: true },
      ),
    );
  }

  if (catalog.stores.length > 1) {
    const options = catalog.stores.map((s) => option(s.name, String(s.id)));
    blocks.push(
      input(B.stores, L.stores, multiSelect(B.stores, options, form.stores, P.choose), {
        optional: true,
      }),
    );
  }
  blocks.push(closingStatusesInput(form, catalog));
  blocks.push(
    input(
      B.probableSale,
      L.probableSale,
      select(B.probableSale, PROBABLE_OPTIONS, form.probableSale),
    ),
  );
  blocks.push(
    input(B.search, L.search, text(B.search, form.search, SEARCH_MAX, { placeholder: P.search }), {
      optional: true,
    }),
  );

  blocks.push(header(texts.builder.sections.columns));
  blocks.push(
    input(B.columns, L.columns, multiSelect(B.columns, COLUMN_OPTIONS, form.columns, P.columns), {
      hint: H.columns,
    }),
  );
  blocks.push(
    input(B.sortColumn, L.sortColumn, select(B.sortColumn, SORT_OPTIONS, form.sortColumn)),
  );
  blocks.push(
    input(
      B.sortDirection,
      L.sortDirection,
      radio(B.sortDirection, DIRECTION_OPTIONS, form.sortDirection),
    ),
  );
  blocks.push(input(B.groupBy, L.groupBy, select(B.groupBy, GROUP_OPTIONS, form.groupBy)));

  blocks.push(...chartBlocks(form.chart));

  blocks.push(header(texts.builder.sections.save));
  blocks.push(
    input(B.name, L.name, text(B.name, form.name, NAME_MAX, { placeholder: P.name }), {
      hint: H.name,
    }),
  );
  blocks.push(
    input(
      B.description,
      L.description,
      text(B.description, form.description, DESCRIPTION_MAX, {
        multiline: true,
        placeholder: P.description,
      }),
      { optional: true, hint: H.description },
    ),
  );
  blocks.push(
    input(B.visibility, L.visibility, radio(B.visibility, VISIBILITY_OPTIONS, form.visibility)),
  );
  if (editing?.canUpdate) {
    blocks.push(input(B.saveMode, L.saveMode, radio(B.saveMode, SAVE_MODE_OPTIONS, form.saveMode)));
  }

  return {
    type: 'modal',
    callback_id: BUILDER_CALLBACK_ID,
    private_metadata: encodeMetadata(opts.metadata),
    title: plain(
      editing ? texts.builder.titleEdit : texts.builder.titleNew,
      SLACK_LIMITS.modalTitle,
    ),
    submit: plain(texts.builder.submit, SLACK_LIMITS.modalButton),
    close: plain(texts.builder.close, SLACK_LIMITS.modalButton),
    blocks,
  };
}

/** A one-message modal (e.g. "you are not linked"), replacing the builder. */
export function messageModal(title: string, body: string): types.ModalView {
  return {
    type: 'modal',
    title: plain(title, SLACK_LIMITS.modalTitle),
    close: plain('Fechar', SLACK_LIMITS.modalButton),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }],
  };
}
