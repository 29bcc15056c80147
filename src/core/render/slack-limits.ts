/**
 * Slack Block Kit limits, checked before we post. Slack answers a payload over any limit
 * with a bare `invalid_blocks`, so a scheduled report would fail at 08:00 with nothing to
 * go on; checking here turns that into a test failure naming the block and the field.
 *
 * The numbers follow Slack's Block Kit reference (docs.slack.dev/reference/block-kit).
 * The `table` block: at most 100 rows and 20 cells per row, `raw_text` or `rich_text`
 * cells, up to 20 `column_settings`, and only one table per message; Slack shows it as an
 * attachment at the bottom of the message, and we send it in `attachments[].blocks` (the
 * shape Slack itself stores), so blocks inside attachments are checked too.
 *
 * Lengths are counted in UTF-16 code units (`string.length`), which is never less than
 * Slack's character count, so a payload that passes here is within Slack's limits.
 */

/** Re-exported for callers that trim text to these limits. */
export { truncate } from './format.js';

export const SLACK_LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  messageText: 40_000,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  buttonUrl: 3000,
  blockId: 255,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  tablesPerMessage: 1,
  tableRows: 100,
  tableColumns: 20,
  /** data_table: a header row plus at most 100 data rows. */
  dataTableRows: 101,
  /** The text of all table cells in one message (table and data_table). */
  tableCellChars: 10_000,
} as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects problems with a path prefix, so each one says where it is. */
class Problems {
  readonly list: string[] = [];
  add(path: string, msg: string): void {
    this.list.push(`${path}: ${msg}`);
  }
  /** A string field over `max` (or missing/empty when `required`). */
  length(path: string, value: unknown, max: number, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.add(path, 'is required');
      return;
    }
    if (typeof value !== 'string') {
      this.add(path, 'must be a string');
      return;
    }
    if (required && value.length === 0) this.add(path, 'must not be empty');
    if (value.length > max) this.add(path, `is ${value.length} characters, max ${max}`);
  }
  /** A text object whose `text` is at most `max`; `plainOnly` demands `plain_text`. */
  textObject(
    path: string,
    v: unknown,
    max: number,
    opts: { required?: boolean; plainOnly?: boolean } = {},
  ): void {
    if (v === undefined) {
      if (opts.required) this.add(path, 'is required');
      return;
    }
    if (!isObj(v)) {
      this.add(path, 'must be a text object');
      return;
    }
    if (opts.plainOnly && v.type !== 'plain_text') this.add(`${path}.type`, 'must be plain_text');
    this.length(`${path}.text`, v.text, max, opts.required);
  }
  count(path: string, arr: unknown, max: number, what: string): void {
    if (Array.isArray(arr) && arr.length > max)
      this.add(path, `has ${arr.length} ${what}, max ${max}`);
  }
}

/** Tracks block ids (unique per message or view) and tables (one per message). */
interface Surface {
  blockIds: Set<string>;
  tables: number;
  /** Characters in table cells so far (Slack's 10,000 per message). */
  cellChars: number;
}

function checkOptions(p: Problems, path: string, options: unknown): void {
  if (!Array.isArray(options)) return;
  if (options.length === 0) p.add(path, 'must have at least 1 option');
  p.count(path, options, SLACK_LIMITS.selectOptions, 'options');
  options.forEach((o, i) => {
    if (!isObj(o)) return;
    p.textObject(`${path}[${i}].text`, o.text, SLACK_LIMITS.optionText, { required: true });
    p.length(`${path}[${i}].value`, o.value, SLACK_LIMITS.optionValue);
  });
}

/** Interactive elements: buttons, selects and any element with an action_id/placeholder. */
function checkElement(p: Problems, path: string, el: unknown): void {
  if (!isObj(el)) return;
  p.length(`${path}.action_id`, el.action_id, SLACK_LIMITS.actionId);
  p.textObject(`${path}.placeholder`, el.placeholder, SLACK_LIMITS.placeholder, {
    plainOnly: true,
  });
  if (el.type === 'button') {
    p.textObject(`${path}.text`, el.text, SLACK_LIMITS.buttonText, {
      required: true,
      plainOnly: true,
    });
    p.length(`${path}.value`, el.value, SLACK_LIMITS.buttonValue);
    p.length(`${path}.url`, el.url, SLACK_LIMITS.buttonUrl);
  }
  if (el.type === 'static_select' || el.type === 'multi_static_select') {
    checkOptions(p, `${path}.options`, el.options);
    if (Array.isArray(el.option_groups)) {
      p.count(
        `${path}.option_groups`,
        el.option_groups,
        SLACK_LIMITS.selectOptions,
        'option groups',
      );
      el.option_groups.forEach((g, i) => {
        if (isObj(g)) checkOptions(p, `${path}.option_groups[${i}].options`, g.options);
      });
    }
  }
}

function isNonEmptyCell(cell: unknown): boolean {
  if (!isObj(cell)) return false;
  if (cell.type === 'raw_text') return typeof cell.text === 'string' && cell.text.length > 0;
  if (cell.type === 'raw_number') {
    return (
      typeof cell.value === 'number' &&
      Number.isFinite(cell.value) &&
      typeof cell.text === 'string' &&
      cell.text.length > 0
    );
  }
  if (cell.type === 'rich_text') return Array.isArray(cell.elements) && cell.elements.length > 0;
  return false;
}

function cellChars(cell: unknown): number {
  if (!isObj(cell)) return 0;
  if (typeof cell.text === 'string') return cell.text.length;
  return JSON.stringify(cell.elements ?? []).length;
}

function checkTable(p: Problems, path: string, block: Obj, surface: Surface): void {
  const rows = block.rows;
  const data = block.type === 'data_table';
  if (!Array.isArray(rows) || rows.length === 0) {
    p.add(`${path}.rows`, 'must be a non-empty array');
    return;
  }
  if (data) {
    if (typeof block.caption !== 'string' || block.caption === '')
      p.add(`${path}.caption`, 'is required');
    if (rows.length < 2) p.add(`${path}.rows`, 'needs a header row and at least 1 data row');
  }
  p.count(`${path}.rows`, rows, data ? SLACK_LIMITS.dataTableRows : SLACK_LIMITS.tableRows, 'rows');
  for (const row of rows)
    if (Array.isArray(row)) for (const c of row) surface.cellChars += cellChars(c);
  const width = Array.isArray(rows[0]) ? rows[0].length : 0;
  if (width > SLACK_LIMITS.tableColumns) {
    p.add(`${path}.rows[0]`, `has ${width} columns, max ${SLACK_LIMITS.tableColumns}`);
  }
  rows.forEach((row, r) => {
    if (!Array.isArray(row)) {
      p.add(`${path}.rows[${r}]`, 'must be an array of cells');
      return;
    }
    if (row.length !== width)
      p.add(`${path}.rows[${r}]`, `has ${row.length} cells, the first row has ${width}`);
    row.forEach((cell, c) => {
      if (!isNonEmptyCell(cell)) {
        p.add(`${path}.rows[${r}][${c}]`, 'must be a raw_text with non-empty text or a rich_text');
      }
    });
  });
  const settings = block.column_settings;
  if (settings !== undefined) {
    if (!Array.isArray(settings)) p.add(`${path}.column_settings`, 'must be an array');
    else if (settings.length > width) {
      p.add(`${path}.column_settings`, `has ${settings.length} items for ${width} columns`);
    }
  }
}

function checkBlock(p: Problems, path: string, block: unknown, surface: Surface): void {
  if (!isObj(block) || typeof block.type !== 'string') {
    p.add(path, 'must be an object with a type');
    return;
  }
  const where = `${path} (${block.type})`;
  if (block.block_id !== undefined) {
    p.length(`${where}.block_id`, block.block_id, SLACK_LIMITS.blockId);
    if (typeof block.block_id === 'string') {
      if (surface.blockIds.has(block.block_id))
        p.add(`${where}.block_id`, `"${block.block_id}" is repeated`);
      surface.blockIds.add(block.block_id);
    }
  }
  switch (block.type) {
    case 'header':
      p.textObject(`${where}.text`, block.text, SLACK_LIMITS.headerText, {
        required: true,
        plainOnly: true,
      });
      break;
    case 'section':
      if (block.text === undefined && block.fields === undefined)
        p.add(where, 'needs text or fields');
      p.textObject(`${where}.text`, block.text, SLACK_LIMITS.sectionText);
      if (Array.isArray(block.fields)) {
        p.count(`${where}.fields`, block.fields, SLACK_LIMITS.sectionFields, 'fields');
        block.fields.forEach((f, i) =>
          p.textObject(`${where}.fields[${i}]`, f, SLACK_LIMITS.sectionFieldText),
        );
      }
      if (block.accessory !== undefined) checkElement(p, `${where}.accessory`, block.accessory);
      break;
    case 'context':
      p.count(`${where}.elements`, block.elements, SLACK_LIMITS.contextElements, 'elements');
      break;
    case 'actions':
      p.count(`${where}.elements`, block.elements, SLACK_LIMITS.actionsElements, 'elements');
      if (Array.isArray(block.elements)) {
        block.elements.forEach((el, i) => checkElement(p, `${where}.elements[${i}]`, el));
      }
      break;
    case 'input':
      p.textObject(`${where}.label`, block.label, SLACK_LIMITS.inputLabel, {
        required: true,
        plainOnly: true,
      });
      p.textObject(`${where}.hint`, block.hint, SLACK_LIMITS.inputHint, { plainOnly: true });
      checkElement(p, `${where}.element`, block.element);
      break;
    case 'table':
    case 'data_table':
      surface.tables += 1;
      checkTable(p, where, block, surface);
      break;
  }
}

function checkBlocks(
  p: Problems,
  path: string,
  blocks: unknown,
  max: number,
  surface: Surface,
): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) {
    p.add(path, 'must be an array');
    return;
  }
  p.count(path, blocks, max, 'blocks');
  blocks.forEach((b, i) => checkBlock(p, `${path}[${i}]`, b, surface));
}

/** A chat message as we send it: fallback text, blocks, and attachments holding blocks. */
export interface SlackMessageLike {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}

/**
 * Problems with a message payload (`chat.postMessage` / `respond`), empty when valid.
 *
 * @example
 * validateMessage({ text: '', blocks: [{ type: 'divider' }] })
 * // → ['text: a non-empty fallback text is required when blocks are sent']
 */
export function validateMessage(msg: SlackMessageLike): string[] {
  const p = new Problems();
  const surface: Surface = { blockIds: new Set(), tables: 0, cellChars: 0 };
  checkBlocks(p, 'blocks', msg.blocks, SLACK_LIMITS.messageBlocks, surface);
  if (msg.attachments !== undefined) {
    if (!Array.isArray(msg.attachments)) p.add('attachments', 'must be an array');
    else {
      msg.attachments.forEach((a, i) => {
        if (isObj(a))
          checkBlocks(p, `attachments[${i}].blocks`, a.blocks, SLACK_LIMITS.messageBlocks, surface);
      });
    }
  }
  const hasBlocks =
    (Array.isArray(msg.blocks) && msg.blocks.length > 0) ||
    (Array.isArray(msg.attachments) && msg.attachments.length > 0);
  if (hasBlocks && (typeof msg.text !== 'string' || msg.text.trim() === '')) {
    p.add('text', 'a non-empty fallback text is required when blocks are sent');
  }
  p.length('text', msg.text, SLACK_LIMITS.messageText);
  if (surface.cellChars > SLACK_LIMITS.tableCellChars) {
    p.add(
      'message',
      `table cells hold ${surface.cellChars} characters, max ${SLACK_LIMITS.tableCellChars}`,
    );
  }
  if (surface.tables > SLACK_LIMITS.tablesPerMessage) {
    p.add('message', `has ${surface.tables} table blocks, max ${SLACK_LIMITS.tablesPerMessage}`);
  }
  return p.list;
}

/** Problems with a modal or App Home view (`views.open` / `views.publish`), empty when valid. */
export function validateModal(view: unknown): string[] {
  const p = new Problems();
  if (!isObj(view)) return ['view: must be an object'];
  const surface: Surface = { blockIds: new Set(), tables: 0, cellChars: 0 };
  checkBlocks(p, 'blocks', view.blocks, SLACK_LIMITS.surfaceBlocks, surface);
  if (view.type === 'modal') {
    p.textObject('title', view.title, SLACK_LIMITS.modalTitle, { required: true, plainOnly: true });
    p.textObject('submit', view.submit, SLACK_LIMITS.modalButton, { plainOnly: true });
    p.textObject('close', view.close, SLACK_LIMITS.modalButton, { plainOnly: true });
  } else if (view.type !== 'home') {
    p.add('type', 'must be "modal" or "home"');
  }
  p.length('private_metadata', view.private_metadata, SLACK_LIMITS.privateMetadata);
  p.length('callback_id', view.callback_id, SLACK_LIMITS.callbackId);
  return p.list;
}

/** Throws an Error listing every problem; use right before a payload leaves the process. */
export function assertValidMessage(msg: SlackMessageLike): void {
  const problems = validateMessage(msg);
  if (problems.length > 0) {
    throw new Error(`invalid Slack message:\n- ${problems.join('\n- ')}`);
  }
}

/** Same as `assertValidMessage`, for modals and App Home views. */
export function assertValidModal(view: unknown): void {
  const problems = validateModal(view);
  if (problems.length > 0) {
    throw new Error(`invalid Slack view:\n- ${problems.join('\n- ')}`);
  }
}
