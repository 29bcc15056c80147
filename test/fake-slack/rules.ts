import type { Json } from './types.js';

/**
 * The fake's one rules file: what Slack refuses in a payload, on every surface the fake
 * receives one (chat.* messages, ephemeral messages, `response_url` posts, modals, App Home),
 * reported the way Slack reports it: a message and a JSON pointer, e.g.
 * `must be less than 25 characters [json-pointer:/view/title/text]`.
 *
 * Each rule names the reference page it comes from (all under https://docs.slack.dev):
 * - [blocks]      /reference/block-kit/blocks — block list, 50 blocks per message, 100 per view
 * - [section]     /reference/block-kit/blocks/section-block — text 3000, 10 fields of 2000
 * - [header]      /reference/block-kit/blocks/header-block — plain_text, 150
 * - [context]     /reference/block-kit/blocks/context-block — 1..10 elements, each an image
 *                 element or a text object (plain_text / mrkdwn, 1..3000 characters, as
 *                 /reference/block-kit/composition-objects/text-object says)
 * - [surfaces]    /reference/block-kit/blocks (each block's "Available in surfaces"): table,
 *                 data_table, markdown and file blocks are for messages only; an unknown block
 *                 type is refused on every surface
 * - [elements]    each block's "Compatible block elements" — /reference/block-kit/blocks/actions-block,
 *                 section-block (accessory), input-block — and /reference/block-kit/block-elements
 *                 (each element's surfaces: email, number and file inputs only in modals, rich
 *                 text input not in messages, datetime picker not in the Home tab); an unknown
 *                 element type, or one its block does not take, is refused
 * - [actions]     /reference/block-kit/blocks/actions-block — 1..25 elements
 * - [input]       /reference/block-kit/blocks/input-block — label/hint 2000
 * - [image]       /reference/block-kit/blocks/image-block — image_url 3000, alt_text 2000
 * - [markdown]    /reference/block-kit/blocks/markdown-block — 12000 characters
 * - [table]       /reference/block-kit/blocks/table-block — 100 rows, 20 cells per row,
 *                 20 column_settings, one table per message
 * - [data_table]  /reference/block-kit/blocks/data-table-block — caption required, 2..101 rows
 *                 (header + 100), 1..20 columns, every row the same length, no rich_text in the
 *                 header, page_size 1..100
 * - [cell budget] table-block and data-table-block: the text of all table cells in one message
 *                 is at most 10,000 characters
 * - [select]      /reference/block-kit/block-elements/select-menu-element and
 *                 multi-select-menu-element — 1..100 options (or option_groups);
 *                 `initial_option` (`initial_options` for a multi-select) "exactly matches one
 *                 of the options within options or option_groups" (value and text); the same
 *                 for checkboxes and radio buttons (checkboxes-element, radio-button-element)
 * - [option]      /reference/block-kit/composition-objects/option-object — text 75, value 150
 * - [external]    /reference/block-kit/block-elements/select-menu-element#external_select —
 *                 no options of its own, min_query_length a non-negative integer; the options
 *                 load response (to a block_suggestion payload) is `options` or
 *                 `option_groups`, at most 100, each option text 75 (plain_text), value 150
 * - [overflow]    /reference/block-kit/block-elements/overflow-menu-element — 1..5 options
 * - [checkboxes]  /reference/block-kit/block-elements/checkboxes-element — 1..10 options
 * - [button]      /reference/block-kit/block-elements/button-element — text 75, value 2000
 * - [text object] /reference/block-kit/composition-objects/text-object — non-empty text
 * - [modal]       /reference/views/modal — title/submit/close 24, private_metadata 3000,
 *                 callback_id 255, submit required with inputs
 * - [metadata]    /messaging/message-metadata — event_type string, event_payload object
 * - [attachments] /reference/messaging/attachments — `blocks` inside attachments obey the
 *                 same rules (the table block travels there)
 * - [rate tiers]  /apis/web-api/rate-limits and each /reference/methods/<method> page — Tier
 *                 1–4 per method per workspace per minute (`RATE_TIERS`, applied in server.ts)
 * - [view errors] /surfaces/modals — `response_action: errors` keys are input block_ids of the
 *                 submitted view (`checkViewErrors`, applied by the bot harness)
 * - [history]     /reference/methods/conversations.history — metadata only with
 *                 include_all_metadata (methods.ts)
 * - [files.info]  /reference/methods/files.info, files.completeUploadExternal — shares appear
 *                 asynchronously after completion (methods.ts, `fileShareDelayMs`)
 * Block types may be refused per surface on request (`refuse`), the way Slack refuses a
 * block a surface does not support.
 */

export interface LimitProblem {
  pointer: string;
  message: string;
}

export type Surface = 'message' | 'ephemeral' | 'response_url' | 'modal' | 'home';

/** Block types Slack should refuse on a surface (for fallback tests): surface → types. */
export type Refusals = Partial<Record<Surface, readonly string[]>>;

/** [cell budget] */
export const TABLE_CELL_BUDGET = 10_000;

const KNOWN_BLOCKS = new Set([
  'section',
  'divider',
  'header',
  'context',
  'actions',
  'input',
  'image',
  'rich_text',
  'markdown',
  'table',
  'data_table',
  'file',
  'video',
  'context_actions',
]);

// [surfaces] blocks Slack documents for messages only.
const MESSAGE_ONLY_BLOCKS = new Set(['table', 'data_table', 'markdown', 'file']);
const MESSAGE_SURFACES: ReadonlySet<Surface> = new Set(['message', 'ephemeral', 'response_url']);

// [elements]
const SELECTS = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
];
const MULTI_SELECTS = SELECTS.map((t) => `multi_${t}`);
const ACTIONS_ELEMENTS = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  ...SELECTS,
  ...MULTI_SELECTS,
  'overflow',
  'radio_buttons',
  'rich_text_input',
  'timepicker',
  'workflow_button',
]);
const ACCESSORY_ELEMENTS = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'image',
  ...SELECTS,
  ...MULTI_SELECTS,
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
]);
const INPUT_ELEMENTS = new Set([
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  ...SELECTS,
  ...MULTI_SELECTS,
  'number_input',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'timepicker',
  'url_text_input',
]);
/** Elements not available on every surface (block-elements page, "Surfaces" column). */
const ELEMENT_SURFACES: Record<string, readonly Surface[]> = {
  email_text_input: ['modal'],
  number_input: ['modal'],
  file_input: ['modal'],
  rich_text_input: ['modal', 'home'],
  datetimepicker: ['modal', 'message', 'ephemeral', 'response_url'],
};

// [blocks]
const MAX_BLOCKS: Record<Surface, number> = {
  message: 50,
  ephemeral: 50,
  response_url: 50,
  modal: 100,
  home: 100,
};

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly problems: LimitProblem[] = [];
  /** Tables seen so far in this payload (blocks and attachments), for [table] one per message. */
  tables = 0;
  /** Characters in table cells so far, for [cell budget]. */
  cellChars = 0;
  /** The surface being checked (set by `blocks`). */
  surface: Surface = 'message';
  constructor(private readonly refused: ReadonlySet<string> = new Set()) {}

  fail(pointer: string, message: string): void {
    this.problems.push({ pointer, message });
  }

  maxLength(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && value.length > max) {
      this.fail(pointer, `must be less than ${max + 1} characters`);
    }
  }

  /** A text composition object; `plainOnly` for places Slack only takes plain_text. */
  text(value: unknown, pointer: string, max: number, plainOnly = false, required = true): void {
    if (value === undefined || value === null) {
      if (required) this.fail(pointer, 'must provide an object');
      return;
    }
    if (!isObject(value)) return this.fail(pointer, 'must provide an object');
    const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
      return this.fail(`${pointer}/type`, `must be one of ${allowed.join(', ')}`);
    }
    if (typeof value.text !== 'string')
      return this.fail(`${pointer}/text`, 'must provide a string');
    if (value.text.length === 0) this.fail(`${pointer}/text`, 'must be more than 0 characters');
    this.maxLength(value.text, max, `${pointer}/text`);
  }

  options(options: unknown, pointer: string, min: number, max: number, plainOnly: boolean): void {
    if (!Array.isArray(options)) return;
    if (options.length < min) this.fail(pointer, `must provide at least ${min} items`);
    if (options.length > max) this.fail(pointer, `no more than ${max} items allowed`);
    options.forEach((option: unknown, i) => {
      const p = `${pointer}/${i}`;
      if (!isObject(option)) return this.fail(p, 'must provide an object');
      this.text(option.text, `${p}/text`, 75, plainOnly);
      if (typeof option.value !== 'string') this.fail(`${p}/value`, 'must provide a string');
      this.maxLength(option.value, 150, `${p}/value`);
      if (option.description !== undefined) {
        this.text(option.description, `${p}/description`, 75, plainOnly);
      }
    });
  }

  /**
   * [select] `initial_option` / `initial_options` must each exactly match one of the element's
   * options (in `options` or any of `option_groups`): same value and same text.
   */
  initialOptions(el: Json, pointer: string): void {
    const all: unknown[] = [
      ...(Array.isArray(el.options) ? el.options : []),
      ...(Array.isArray(el.option_groups)
        ? el.option_groups.flatMap((g: unknown) =>
            isObject(g) && Array.isArray(g.options) ? g.options : [],
          )
        : []),
    ];
    const key = (o: unknown): string | undefined => {
      if (!isObject(o) || !isObject(o.text)) return undefined;
      return JSON.stringify([o.value, o.text.type, o.text.text]);
    };
    const known = new Set(all.map(key).filter((k): k is string => k !== undefined));
    const check = (o: unknown, p: string) => {
      if (!isObject(o)) return this.fail(p, 'must provide an object');
      const k = key(o);
      if (k === undefined || !known.has(k)) this.fail(p, 'must match one of the options provided');
    };
    if (el.initial_option !== undefined) check(el.initial_option, `${pointer}/initial_option`);
    if (el.initial_options !== undefined) {
      if (!Array.isArray(el.initial_options)) {
        this.fail(`${pointer}/initial_options`, 'must provide an array');
      } else {
        el.initial_options.forEach((o: unknown, i) => check(o, `${pointer}/initial_options/${i}`));
      }
    }
  }

  element(
    el: unknown,
    pointer: string,
    actionIds: Set<string>,
    allowed: ReadonlySet<string>,
  ): void {
    if (!isObject(el)) return this.fail(pointer, 'must provide an object');
    if (typeof el.type !== 'string') return this.fail(`${pointer}/type`, 'must provide a string');
    // [elements]
    if (!allowed.has(el.type)) return this.fail(pointer, 'failed to match all allowed schemas');
    const surfaces = ELEMENT_SURFACES[el.type];
    if (surfaces && !surfaces.includes(this.surface)) {
      return this.fail(`${pointer}/type`, `unsupported type: ${el.type} is not available here`);
    }
    if (typeof el.action_id === 'string') {
      this.maxLength(el.action_id, 255, `${pointer}/action_id`);
      if (actionIds.has(el.action_id)) {
        this.fail(`${pointer}/action_id`, `action_id "${el.action_id}" already exists`);
      }
      actionIds.add(el.action_id);
    }
    if (el.placeholder !== undefined)
      this.text(el.placeholder, `${pointer}/placeholder`, 150, true);
    switch (el.type) {
      case 'button':
        this.text(el.text, `${pointer}/text`, 75, true);
        this.maxLength(el.value, 2000, `${pointer}/value`);
        this.maxLength(el.url, 3000, `${pointer}/url`);
        break;
      case 'static_select':
      case 'multi_static_select':
        if (el.options === undefined && el.option_groups === undefined) {
          this.fail(`${pointer}/options`, 'must provide options or option_groups');
        }
        this.options(el.options, `${pointer}/options`, 1, 100, true);
        if (Array.isArray(el.option_groups)) {
          if (el.option_groups.length > 100) {
            this.fail(`${pointer}/option_groups`, 'no more than 100 items allowed');
          }
          el.option_groups.forEach((g: unknown, i) => {
            if (!isObject(g)) return;
            this.text(g.label, `${pointer}/option_groups/${i}/label`, 75, true);
            this.options(g.options, `${pointer}/option_groups/${i}/options`, 1, 100, true);
          });
        }
        this.initialOptions(el, pointer);
        break;
      case 'external_select':
      case 'multi_external_select':
        if (el.options !== undefined) this.fail(`${pointer}/options`, 'is not a valid property');
        if (
          el.min_query_length !== undefined &&
          !(Number.isInteger(el.min_query_length) && (el.min_query_length as number) >= 0)
        ) {
          this.fail(`${pointer}/min_query_length`, 'must be a non-negative integer');
        }
        break;
      case 'overflow':
        this.options(el.options, `${pointer}/options`, 1, 5, true);
        break;
      case 'checkboxes':
      case 'radio_buttons':
        this.options(el.options, `${pointer}/options`, 1, 10, false);
        this.initialOptions(el, pointer);
        break;
      case 'plain_text_input':
        if (typeof el.max_length === 'number' && el.max_length > 3000) {
          this.fail(`${pointer}/max_length`, 'must be less than or equal to 3000');
        }
        break;
      case 'image':
        this.maxLength(el.image_url, 3000, `${pointer}/image_url`);
        if (typeof el.alt_text !== 'string')
          this.fail(`${pointer}/alt_text`, 'must provide a string');
        break;
    }
  }

  block(block: unknown, pointer: string, blockIds: Set<string>): void {
    if (!isObject(block)) return this.fail(pointer, 'must provide an object');
    if (typeof block.type !== 'string' || !KNOWN_BLOCKS.has(block.type)) {
      return this.fail(pointer, 'failed to match all allowed schemas');
    }
    if (this.refused.has(block.type)) {
      return this.fail(`${pointer}/type`, `unsupported block type: ${block.type}`);
    }
    // [surfaces]
    if (MESSAGE_ONLY_BLOCKS.has(block.type) && !MESSAGE_SURFACES.has(this.surface)) {
      return this.fail(`${pointer}/type`, `${block.type} blocks are only available in messages`);
    }
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id === '') {
        this.fail(`${pointer}/block_id`, 'must provide a non-empty string');
      } else {
        this.maxLength(block.block_id, 255, `${pointer}/block_id`);
        if (blockIds.has(block.block_id)) {
          this.fail(`${pointer}/block_id`, `block_id "${block.block_id}" already exists`);
        }
        blockIds.add(block.block_id);
      }
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'section':
        if (block.text === undefined && block.fields === undefined) {
          this.fail(pointer, 'must provide text or fields');
        }
        if (block.text !== undefined) this.text(block.text, `${pointer}/text`, 3000);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields)) {
            this.fail(`${pointer}/fields`, 'must provide an array');
          } else {
            if (block.fields.length > 10)
              this.fail(`${pointer}/fields`, 'no more than 10 items allowed');
            block.fields.forEach((f: unknown, i) => this.text(f, `${pointer}/fields/${i}`, 2000));
          }
        }
        if (block.accessory !== undefined) {
          this.element(block.accessory, `${pointer}/accessory`, actionIds, ACCESSORY_ELEMENTS);
        }
        break;
      case 'header':
        this.text(block.text, `${pointer}/text`, 150, true);
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          this.fail(`${pointer}/elements`, 'must provide at least 1 items');
        } else {
          if (block.elements.length > 10) {
            this.fail(`${pointer}/elements`, 'no more than 10 items allowed');
          }
          block.elements.forEach((el: unknown, i) =>
            this.contextElement(el, `${pointer}/elements/${i}`),
          );
        }
        break;
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          this.fail(`${pointer}/elements`, 'must provide at least 1 items');
        } else {
          if (block.elements.length > 25) {
            this.fail(`${pointer}/elements`, 'no more than 25 items allowed');
          }
          block.elements.forEach((el: unknown, i) =>
            this.element(el, `${pointer}/elements/${i}`, actionIds, ACTIONS_ELEMENTS),
          );
        }
        break;
      case 'input':
        this.text(block.label, `${pointer}/label`, 2000, true);
        if (block.hint !== undefined) this.text(block.hint, `${pointer}/hint`, 2000, true);
        if (block.element === undefined) this.fail(`${pointer}/element`, 'must provide an object');
        else this.element(block.element, `${pointer}/element`, actionIds, INPUT_ELEMENTS);
        break;
      case 'image':
        if (block.image_url === undefined && block.slack_file === undefined) {
          this.fail(`${pointer}/image_url`, 'must provide a string');
        }
        this.maxLength(block.image_url, 3000, `${pointer}/image_url`);
        if (typeof block.alt_text !== 'string') {
          this.fail(`${pointer}/alt_text`, 'must provide a string');
        }
        this.maxLength(block.alt_text, 2000, `${pointer}/alt_text`);
        if (block.title !== undefined) this.text(block.title, `${pointer}/title`, 2000, true);
        break;
      case 'markdown':
        if (typeof block.text !== 'string') this.fail(`${pointer}/text`, 'must provide a string');
        this.maxLength(block.text, 12000, `${pointer}/text`);
        break;
      case 'table':
      case 'data_table':
        this.table(block, pointer);
        break;
    }
  }

  /** [context] an image element or a text object, nothing interactive. */
  contextElement(el: unknown, pointer: string): void {
    if (!isObject(el)) return this.fail(pointer, 'must provide an object');
    if (el.type === 'plain_text' || el.type === 'mrkdwn') return this.text(el, pointer, 3000);
    if (el.type !== 'image') return this.fail(pointer, 'failed to match all allowed schemas');
    if (el.image_url === undefined && el.slack_file === undefined) {
      this.fail(`${pointer}/image_url`, 'must provide a string');
    }
    this.maxLength(el.image_url, 3000, `${pointer}/image_url`);
    if (typeof el.alt_text !== 'string') this.fail(`${pointer}/alt_text`, 'must provide a string');
    this.maxLength(el.alt_text, 2000, `${pointer}/alt_text`);
  }

  /** [table] / [data_table] / [cell budget] */
  table(block: Json, pointer: string): void {
    this.tables += 1;
    if (this.tables > 1) this.fail(pointer, 'only 1 table block allowed per message');
    const data = block.type === 'data_table';
    if (data) {
      if (typeof block.caption !== 'string' || block.caption === '') {
        this.fail(`${pointer}/caption`, 'must provide a string');
      }
      if (block.page_size !== undefined) {
        const n = block.page_size;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100) {
          this.fail(`${pointer}/page_size`, 'must be an integer between 1 and 100');
        }
      }
    } else if (block.column_settings !== undefined) {
      if (!Array.isArray(block.column_settings)) {
        this.fail(`${pointer}/column_settings`, 'must provide an array');
      } else if (block.column_settings.length > 20) {
        this.fail(`${pointer}/column_settings`, 'no more than 20 items allowed');
      }
    }
    const rows = block.rows;
    if (!Array.isArray(rows)) return this.fail(`${pointer}/rows`, 'must provide an array');
    const [minRows, maxRows] = data ? [2, 101] : [1, 100];
    if (rows.length < minRows)
      this.fail(`${pointer}/rows`, `must provide at least ${minRows} items`);
    if (rows.length > maxRows)
      this.fail(`${pointer}/rows`, `no more than ${maxRows} items allowed`);
    const width = Array.isArray(rows[0]) ? rows[0].length : 0;
    rows.forEach((row: unknown, r) => {
      const rp = `${pointer}/rows/${r}`;
      if (!Array.isArray(row)) return this.fail(rp, 'must provide an array');
      if (row.length < 1) this.fail(rp, 'must provide at least 1 items');
      if (row.length > 20) this.fail(rp, 'no more than 20 items allowed');
      if (data && row.length !== width) this.fail(rp, `must provide ${width} items`);
      row.forEach((cell: unknown, c) => this.cell(cell, `${rp}/${c}`, data && r === 0));
    });
    if (this.cellChars > TABLE_CELL_BUDGET) {
      this.fail(
        `${pointer}/rows`,
        `table cells must be no more than ${TABLE_CELL_BUDGET} characters in total per message`,
      );
    }
  }

  cell(cell: unknown, pointer: string, header: boolean): void {
    if (!isObject(cell)) return this.fail(pointer, 'must provide an object');
    switch (cell.type) {
      case 'raw_text':
        if (typeof cell.text !== 'string' || cell.text.length === 0) {
          return this.fail(`${pointer}/text`, 'must be more than 0 characters');
        }
        this.cellChars += cell.text.length;
        return;
      case 'raw_number':
        if (typeof cell.value !== 'number' || !Number.isFinite(cell.value)) {
          this.fail(`${pointer}/value`, 'must provide a number');
        }
        if (typeof cell.text !== 'string' || cell.text.length === 0) {
          return this.fail(`${pointer}/text`, 'must be more than 0 characters');
        }
        this.cellChars += cell.text.length;
        return;
      case 'rich_text':
        if (header) return this.fail(pointer, 'rich_text cannot be used in the header row');
        this.cellChars += JSON.stringify(cell.elements ?? []).length;
        return;
      default:
        this.fail(`${pointer}/type`, 'must be one of raw_text, raw_number, rich_text');
    }
  }

  blocks(blocks: unknown, pointer: string, surface: Surface): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return this.fail(pointer, 'must provide an array');
    this.surface = surface;
    const max = MAX_BLOCKS[surface];
    if (blocks.length > max) this.fail(pointer, `no more than ${max} items allowed`);
    const blockIds = new Set<string>();
    blocks.forEach((b: unknown, i) => this.block(b, `${pointer}/${i}`, blockIds));
  }
}

/**
 * Problems in a message (empty when Slack would accept it): its `blocks`, the blocks inside
 * its `attachments` ([attachments]) and its `metadata` ([metadata]). A bare blocks array is
 * accepted too (older callers).
 */
export function checkMessageBlocks(
  message: unknown,
  surface: 'message' | 'ephemeral' | 'response_url' = 'message',
  refusals: Refusals = {},
): LimitProblem[] {
  const c = new Checker(new Set(refusals[surface] ?? []));
  if (Array.isArray(message) || message === undefined) {
    c.blocks(message, '/blocks', surface);
    return c.problems;
  }
  if (!isObject(message)) return c.problems;
  c.blocks(message.blocks, '/blocks', surface);
  if (message.attachments !== undefined) {
    if (!Array.isArray(message.attachments)) {
      c.fail('/attachments', 'must provide an array');
    } else {
      if (message.attachments.length > 100)
        c.fail('/attachments', 'no more than 100 items allowed');
      message.attachments.forEach((a: unknown, i) => {
        if (isObject(a) && a.blocks !== undefined) {
          c.blocks(a.blocks, `/attachments/${i}/blocks`, surface);
        }
      });
    }
  }
  if (message.metadata !== undefined) {
    const m = message.metadata;
    if (!isObject(m)) c.fail('/metadata', 'must provide an object');
    else {
      if (typeof m.event_type !== 'string' || m.event_type === '') {
        c.fail('/metadata/event_type', 'must provide a string');
      }
      if (!isObject(m.event_payload)) c.fail('/metadata/event_payload', 'must provide an object');
    }
  }
  return c.problems;
}

/** Problems in a `view` argument; `expected` is the type the method accepts. */
export function checkView(
  view: unknown,
  expected: 'modal' | 'home',
  refusals: Refusals = {},
): LimitProblem[] {
  const c = new Checker(new Set(refusals[expected] ?? []));
  if (!isObject(view)) {
    c.fail('/view', 'must provide an object');
    return c.problems;
  }
  if (view.type !== expected) {
    c.fail('/view/type', `must be ${expected}`);
    return c.problems;
  }
  if (expected === 'modal') {
    c.text(view.title, '/view/title', 24, true);
    if (view.submit !== undefined) c.text(view.submit, '/view/submit', 24, true);
    if (view.close !== undefined) c.text(view.close, '/view/close', 24, true);
    const hasInput =
      Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) {
      c.fail('/view/submit', 'must provide a submit button when the view has input blocks');
    }
  }
  c.maxLength(view.private_metadata, 3000, '/view/private_metadata');
  c.maxLength(view.callback_id, 255, '/view/callback_id');
  c.maxLength(view.external_id, 255, '/view/external_id');
  if (view.blocks === undefined) c.fail('/view/blocks', 'must provide an array');
  c.blocks(view.blocks, '/view/blocks', expected);
  return c.problems;
}

/**
 * Problems in an options load response ([external]): what the app answers to a
 * block_suggestion payload — `{ options: [...] }` (or `option_groups`), up to 100.
 */
export function checkOptionsResponse(body: unknown): LimitProblem[] {
  const c = new Checker(new Set());
  if (!isObject(body)) {
    c.fail('', 'must provide an object');
    return c.problems;
  }
  if (body.options === undefined && body.option_groups === undefined) {
    c.fail('/options', 'must provide options or option_groups');
  }
  if (body.options !== undefined) {
    if (!Array.isArray(body.options)) c.fail('/options', 'must provide an array');
    else c.options(body.options, '/options', 0, 100, true);
  }
  if (Array.isArray(body.option_groups)) {
    if (body.option_groups.length > 100) c.fail('/option_groups', 'no more than 100 items allowed');
    body.option_groups.forEach((g: unknown, i) => {
      if (!isObject(g)) return;
      c.text(g.label, `/option_groups/${i}/label`, 75, true);
      c.options(g.options, `/option_groups/${i}/options`, 1, 100, true);
    });
  }
  return c.problems;
}

/** Slack's own rendering of problems in `response_metadata.messages`. */
export function formatProblems(problems: LimitProblem[]): string[] {
  return problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`);
}

/**
 * Copies blocks, giving every block a block_id and every interactive element an action_id,
 * as Slack does when it stores a message or view (so state.values keys always exist).
 */
export function withGeneratedIds(blocks: unknown, random: () => string): Json[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const withAction = (el: unknown): unknown =>
    isObject(el) && el.type !== 'image' && el.action_id === undefined
      ? { ...el, action_id: random() }
      : el;
  return blocks.map((b: unknown) => {
    if (!isObject(b)) return b as Json;
    const copy: Json = { ...b };
    if (copy.block_id === undefined) copy.block_id = random();
    if (copy.type === 'actions' && Array.isArray(copy.elements)) {
      copy.elements = copy.elements.map(withAction);
    }
    if (copy.type === 'input' && copy.element !== undefined)
      copy.element = withAction(copy.element);
    if (copy.type === 'section' && copy.accessory !== undefined) {
      copy.accessory = withAction(copy.accessory);
    }
    return copy;
  });
}

/**
 * [rate tiers] https://docs.slack.dev/apis/web-api/rate-limits — Web API limits apply "per API
 * method per workspace per app", in tiers: Tier 1 1+ per minute, Tier 2 20+, Tier 3 50+,
 * Tier 4 100+; the fake allows the tier's floor in any sliding 60 s and answers HTTP 429 with
 * `Retry-After` beyond it. Each method's tier is on its reference page
 * (https://docs.slack.dev/reference/methods/<method>, "Rate limits"). chat.postMessage is
 * "Special" (about one per second per channel: `rateLimitPerChannel`); auth.test is
 * "Special" and not limited here.
 */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

export const RATE_TIERS: Record<string, keyof typeof TIER_PER_MINUTE> = {
  'chat.postEphemeral': 4,
  'chat.update': 3,
  'chat.delete': 3,
  'conversations.history': 3,
  'conversations.info': 3,
  'conversations.join': 3,
  'conversations.open': 3,
  'users.info': 4,
  'users.lookupByEmail': 3,
  'views.open': 4,
  'views.push': 4,
  'views.update': 4,
  'views.publish': 4,
  'files.info': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
};

/**
 * [view errors] https://docs.slack.dev/surfaces/modals ("Displaying errors") — a view_submission
 * ack `{ response_action: 'errors', errors: { block_id: message } }` must name the block_id
 * of an input block in the submitted view (Slack refuses the response otherwise and the user
 * sees a generic "We had some trouble connecting" error on the modal).
 */
export function checkViewErrors(view: unknown, ack: unknown): LimitProblem[] {
  const problems: LimitProblem[] = [];
  if (!isObject(ack) || ack.response_action !== 'errors') return problems;
  const inputs = new Set(
    (isObject(view) && Array.isArray(view.blocks) ? view.blocks : [])
      .filter((b): b is Json => isObject(b) && b.type === 'input')
      .map((b) => String(b.block_id)),
  );
  if (!isObject(ack.errors) || Object.keys(ack.errors).length === 0) {
    problems.push({ pointer: '/errors', message: 'must provide an object with at least 1 key' });
    return problems;
  }
  for (const [block, message] of Object.entries(ack.errors)) {
    if (!inputs.has(block))
      problems.push({
        pointer: `/errors/${block}`,
        message: 'must be the block_id of an input block in the view',
      });
    if (typeof message !== 'string' || message.length === 0 || message.length > 3000)
      problems.push({ pointer: `/errors/${block}`, message: 'must be a 1..3000 character string' });
  }
  return problems;
}
