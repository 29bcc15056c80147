import { describe, expect, it } from 'vitest';
import {
  assertValidMessage,
  truncate,
  validateMessage,
  validateModal,
} from '../../../src/core/render/slack-limits.js';

const s = (n: number) => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const section = (text = 'ok') => ({ type: 'section', text: md(text) });
const button = (over: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain('PDF'),
  action_id: 'report_pdf',
  value: 'v1',
  ...over,
});
const raw = (text: string) => ({ type: 'raw_text', text });
const table = (rows: unknown[][], over: Record<string, unknown> = {}) => ({
  type: 'table',
  rows,
  ...over,
});
const grid = (r: number, c: number) =>
  Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => raw(`${i}-${j}`)));
const option = (text: string, value: string) => ({ text: plain(text), value });
const select = (over: Record<string, unknown> = {}) => ({
  type: 'static_select',
  action_id: 'pick',
  options: [option('Dormitório', 'dorm')],
  ...over,
});
const input = (over: Record<string, unknown> = {}) => ({
  type: 'input',
  label: plain('Nome da visão'),
  element: { type: 'plain_text_input', action_id: 'name' },
  ...over,
});
const msg = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  text: 'Relatório',
  blocks,
  ...extra,
});
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'view_save',
  title: plain('Salvar Visão'),
  submit: plain('Salvar'),
  close: plain('Cancelar'),
  blocks: [input()],
  ...over,
});

describe('validateMessage', () => {
  it('accepts a valid report-like message with a table in an attachment', () => {
    const message = msg(
      [
        { type: 'header', text: plain('Situação dos contratos') },
        { type: 'context', elements: [md('01/11/2026 a 30/11/2026')] },
        section('*134 projetos*'),
        {
          type: 'actions',
          block_id: 'acts',
          elements: [button(), button({ action_id: 'report_csv' })],
        },
      ],
      { attachments: [{ blocks: [table(grid(3, 4), { column_settings: [{ align: 'right' }] })] }] },
    );
    expect(validateMessage(message)).toEqual([]);
    expect(() => assertValidMessage(message)).not.toThrow();
  });

  const breaches: [string, ReturnType<typeof msg>, RegExp][] = [
    ['more than 50 blocks', msg(Array.from({ length: 51 }, () => section())), /51 blocks, max 50/],
    [
      'header over 150',
      msg([{ type: 'header', text: plain(s(151)) }]),
      /header.*151 characters, max 150/,
    ],
    ['header in mrkdwn', msg([{ type: 'header', text: md('Olá') }]), /must be plain_text/],
    ['section text over 3000', msg([section(s(3001))]), /3001 characters, max 3000/],
    [
      'more than 10 fields',
      msg([{ type: 'section', fields: Array.from({ length: 11 }, () => md('a')) }]),
      /11 fields, max 10/,
    ],
    [
      'a field over 2000',
      msg([{ type: 'section', fields: [md(s(2001))] }]),
      /fields\[0\].*2001 characters/,
    ],
    [
      'more than 10 context elements',
      msg([{ type: 'context', elements: Array.from({ length: 11 }, () => md('a')) }]),
      /11 elements, max 10/,
    ],
    [
      'more than 25 actions elements',
      msg([
        {
          type: 'actions',
          elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })),
        },
      ]),
      /26 elements, max 25/,
    ],
    [
      'button text over 75',
      msg([{ type: 'actions', elements: [button({ text: plain(s(76)) })] }]),
      /76 characters, max 75/,
    ],
    [
      'action_id over 255',
      msg([{ type: 'actions', elements: [button({ action_id: s(256) })] }]),
      /action_id.*max 255/,
    ],
    [
      'button value over 2000',
      msg([{ type: 'actions', elements: [button({ value: s(2001) })] }]),
      /value.*max 2000/,
    ],
    ['block_id over 255', msg([{ ...section(), block_id: s(256) }]), /block_id.*max 255/],
    [
      'repeated block_id',
      msg([
        { ...section(), block_id: 'a' },
        { ...section(), block_id: 'a' },
      ]),
      /"a" is repeated/,
    ],
    [
      'more than 100 select options',
      msg([
        {
          type: 'section',
          text: md('x'),
          accessory: select({
            options: Array.from({ length: 101 }, (_, i) => option(`o${i}`, `${i}`)),
          }),
        },
      ]),
      /101 options, max 100/,
    ],
    [
      'option text over 75',
      msg([
        {
          type: 'actions',
          elements: [select({ type: 'multi_static_select', options: [option(s(76), 'v')] })],
        },
      ]),
      /options\[0\]\.text.*max 75/,
    ],
    [
      'option value over 150',
      msg([{ type: 'actions', elements: [select({ options: [option('a', s(151))] })] }]),
      /value.*max 150/,
    ],
    [
      'placeholder over 150',
      msg([{ type: 'actions', elements: [select({ placeholder: plain(s(151)) })] }]),
      /placeholder.*max 150/,
    ],
    ['input label over 2000', msg([input({ label: plain(s(2001)) })]), /label.*max 2000/],
    [
      'text over 40000',
      msg([section()], { text: s(40001) }),
      /text: is 40001 characters, max 40000/,
    ],
    [
      'blocks without fallback text',
      { blocks: [section()] } as ReturnType<typeof msg>,
      /fallback text is required/,
    ],
    [
      'two tables in one message',
      msg([table(grid(2, 2))], { attachments: [{ blocks: [table(grid(2, 2))] }] }),
      /2 table blocks, max 1/,
    ],
    [
      'table over 100 rows',
      msg([], { attachments: [{ blocks: [table(grid(101, 2))] }] }),
      /101 rows, max 100/,
    ],
    [
      'table over 20 columns',
      msg([], { attachments: [{ blocks: [table(grid(2, 21))] }] }),
      /21 columns, max 20/,
    ],
    [
      'table rows of different lengths',
      msg([], { attachments: [{ blocks: [table([[raw('a'), raw('b')], [raw('c')]])] }] }),
      /has 1 cells, the first row has 2/,
    ],
    [
      'empty table cell',
      msg([], { attachments: [{ blocks: [table([[raw('a'), raw('')]])] }] }),
      /rows\[0\]\[1\]: must be a raw_text/,
    ],
    [
      'table cell that is not raw_text or rich_text',
      msg([], { attachments: [{ blocks: [table([[md('a')]])] }] }),
      /rows\[0\]\[0\]/,
    ],
    [
      'more column_settings than columns',
      msg([], {
        attachments: [{ blocks: [table(grid(2, 2), { column_settings: [{}, {}, {}] })] }],
      }),
      /3 items for 2 columns/,
    ],
  ];

  it.each(breaches)('reports %s', (_name, message, expected) => {
    const problems = validateMessage(message);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('assertValidMessage throws listing the problems', () => {
    expect(() => assertValidMessage(msg([section(s(3001))]))).toThrow(
      /invalid Slack message:\n- blocks\[0\]/,
    );
  });
});

describe('validateModal', () => {
  it('accepts a valid modal and App Home', () => {
    expect(validateModal(modal())).toEqual([]);
    expect(validateModal({ type: 'home', blocks: [section()] })).toEqual([]);
  });

  const breaches: [string, unknown, RegExp][] = [
    [
      'more than 100 blocks',
      modal({ blocks: Array.from({ length: 101 }, () => section()) }),
      /101 blocks, max 100/,
    ],
    [
      'home over 100 blocks',
      { type: 'home', blocks: Array.from({ length: 101 }, () => section()) },
      /101 blocks/,
    ],
    ['title over 24', modal({ title: plain(s(25)) }), /title\.text: is 25 characters, max 24/],
    ['missing title', modal({ title: undefined }), /title: is required/],
    ['submit over 24', modal({ submit: plain(s(25)) }), /submit\.text.*max 24/],
    ['close over 24', modal({ close: plain(s(25)) }), /close\.text.*max 24/],
    [
      'private_metadata over 3000',
      modal({ private_metadata: s(3001) }),
      /private_metadata.*max 3000/,
    ],
    ['callback_id over 255', modal({ callback_id: s(256) }), /callback_id.*max 255/],
    [
      'input label over 2000',
      modal({ blocks: [input({ label: plain(s(2001)) })] }),
      /label.*max 2000/,
    ],
    [
      'input placeholder over 150',
      modal({
        blocks: [
          input({
            element: { type: 'plain_text_input', action_id: 'n', placeholder: plain(s(151)) },
          }),
        ],
      }),
      /placeholder.*max 150/,
    ],
    [
      'repeated block_id',
      modal({
        blocks: [
          { ...input(), block_id: 'b' },
          { ...input(), block_id: 'b' },
        ],
      }),
      /repeated/,
    ],
  ];

  it.each(breaches)('reports %s', (_name, view, expected) => {
    expect(validateModal(view).join('\n')).toMatch(expected);
  });
});

describe('truncate', () => {
  it('cuts with an ellipsis within the limit and keeps emoji whole', () => {
    expect(truncate('Dormitório casal', 10)).toBe('Dormitóri…');
    expect(truncate('curto', 10)).toBe('curto');
    const cut = truncate('ab😀cd', 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).toBe('ab…');
  });
});
