/**
 * The fake's Block Kit rules that catch what real Slack refuses (see rules.ts for the page
 * each rule comes from): context block elements, unknown or misplaced block and element
 * types, and a select's initial options that are not among its options.
 */
import { describe, expect, it } from 'vitest';
import { checkMessageBlocks, checkView } from './index.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text = value) => ({ text: plain(text), value });
const modal = (blocks: unknown[]) => ({
  type: 'modal',
  title: plain('Teste'),
  submit: plain('Salvar'),
  blocks,
});
const pointers = (problems: { pointer: string }[]) => problems.map((p) => p.pointer);

describe('context block elements', () => {
  it('takes images and text objects, up to 10', () => {
    const ok = {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: '*Atualizado* hoje' },
        plain('Loja Centro'),
        { type: 'image', image_url: 'https://example.com/a.png', alt_text: 'logo' },
      ],
    };
    expect(checkMessageBlocks([ok])).toEqual([]);
    const eleven = { type: 'context', elements: Array.from({ length: 11 }, () => plain('x')) };
    expect(pointers(checkMessageBlocks([eleven]))).toEqual(['/blocks/0/elements']);
  });

  it('refuses a button, an empty text, a text over 3000 characters and an image without alt_text', () => {
    const bad = {
      type: 'context',
      elements: [
        { type: 'button', text: plain('Ver'), action_id: 'ver' },
        { type: 'mrkdwn', text: '' },
        { type: 'mrkdwn', text: 'x'.repeat(3001) },
        { type: 'image', image_url: 'https://example.com/a.png' },
        { type: 'rich_text', elements: [] },
      ],
    };
    expect(pointers(checkMessageBlocks([bad]))).toEqual([
      '/blocks/0/elements/0',
      '/blocks/0/elements/1/text',
      '/blocks/0/elements/2/text',
      '/blocks/0/elements/3/alt_text',
      '/blocks/0/elements/4',
    ]);
  });
});

describe('unknown and misplaced types', () => {
  it('refuses an unknown block type on every surface', () => {
    const blocks = [{ type: 'carteira_table', rows: [] }];
    expect(pointers(checkMessageBlocks(blocks))).toEqual(['/blocks/0']);
    expect(pointers(checkView(modal(blocks), 'modal'))).toEqual(['/view/blocks/0']);
    expect(pointers(checkView({ type: 'home', blocks }, 'home'))).toEqual(['/view/blocks/0']);
  });

  it('refuses unknown element types and elements their block does not take', () => {
    const blocks = [
      { type: 'actions', elements: [{ type: 'toggle', action_id: 'a' }] },
      { type: 'actions', elements: [{ type: 'plain_text_input', action_id: 'b' }] },
      {
        type: 'section',
        text: plain('x'),
        accessory: { type: 'plain_text_input', action_id: 'c' },
      },
      { type: 'input', label: plain('Nome'), element: { type: 'button', text: plain('x') } },
    ];
    expect(pointers(checkView(modal(blocks), 'modal'))).toEqual([
      '/view/blocks/0/elements/0',
      '/view/blocks/1/elements/0',
      '/view/blocks/2/accessory',
      '/view/blocks/3/element',
    ]);
  });

  it('keeps modal-only inputs and message-only blocks on their surfaces', () => {
    const numberInput = {
      type: 'input',
      label: plain('Meta'),
      element: { type: 'number_input', is_decimal_allowed: false, action_id: 'meta' },
    };
    expect(checkView(modal([numberInput]), 'modal')).toEqual([]);
    expect(pointers(checkMessageBlocks([numberInput]))).toEqual(['/blocks/0/element/type']);
    const table = { type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] };
    expect(checkMessageBlocks([table])).toEqual([]);
    expect(pointers(checkView(modal([table]), 'modal'))).toEqual(['/view/blocks/0/type']);
    expect(pointers(checkView({ type: 'home', blocks: [table] }, 'home'))).toEqual([
      '/view/blocks/0/type',
    ]);
  });
});

describe('initial options', () => {
  const select = (extra: object) => ({
    type: 'input',
    label: plain('Status'),
    element: {
      type: 'static_select',
      action_id: 's',
      options: [option('a', 'Aberto'), option('f', 'Fechado')],
      ...extra,
    },
  });

  it('accepts an initial_option that is one of the options', () => {
    expect(checkView(modal([select({ initial_option: option('f', 'Fechado') })]), 'modal')).toEqual(
      [],
    );
  });

  it('refuses an initial_option whose value or text is not among the options', () => {
    const problems = checkView(
      modal([
        select({ initial_option: option('x', 'Fechado') }),
        { ...select({ initial_option: option('f', 'Fechada') }), block_id: 'b2' },
      ]),
      'modal',
    );
    expect(pointers(problems)).toEqual([
      '/view/blocks/0/element/initial_option',
      '/view/blocks/1/element/initial_option',
    ]);
  });

  it('checks each of a multi-select’s initial_options, options in groups included', () => {
    const multi = {
      type: 'input',
      label: plain('Pessoas'),
      element: {
        type: 'multi_static_select',
        action_id: 'p',
        option_groups: [
          { label: plain('Centro'), options: [option('1', 'Ana')] },
          { label: plain('Norte'), options: [option('2', 'Bruno')] },
        ],
        initial_options: [option('2', 'Bruno'), option('3', 'Carla')],
      },
    };
    expect(pointers(checkView(modal([multi]), 'modal'))).toEqual([
      '/view/blocks/0/element/initial_options/1',
    ]);
  });

  it('checks checkboxes and radio buttons the same way', () => {
    const checkboxes = {
      type: 'actions',
      elements: [
        {
          type: 'checkboxes',
          action_id: 'c',
          options: [option('a', 'A')],
          initial_options: [option('b', 'B')],
        },
        {
          type: 'radio_buttons',
          action_id: 'r',
          options: [option('a', 'A')],
          initial_option: option('a', 'A'),
        },
      ],
    };
    expect(pointers(checkMessageBlocks([checkboxes]))).toEqual([
      '/blocks/0/elements/0/initial_options/0',
    ]);
  });
});
