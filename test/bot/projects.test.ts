/**
 * The project card in Slack end to end through the fake Slack: `/carteira projeto` opens
 * a "Carregando…" modal before any database query, then the card in it; a vendedor asking
 * for another's project gets the Portuguese refusal in the modal and no data; "Registrar contato" pushes the form, a bad date answers in the modal and
 * changes nothing, a good one stores the contact and the card shows it — and the next
 * report's "Último contato" / "Dias sem contato" say so.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_LINKED_TEXT } from '../../src/bot/identity.js';
import { CARD_LOADING_TEXT } from '../../src/bot/projects/index.js';
import { definitionSchema } from '../../src/core/portfolio/definition.js';
import { addDays } from '../../src/core/portfolio/periods.js';
import { runReport } from '../../src/core/portfolio/query.js';
import { blockActionPayload, input, sendInteraction } from '../fake-slack/index.js';
import {
  allText,
  CH,
  SECRET,
  AS_OF,
  expectValidModal,
  NOW,
  startHarness,
  U,
  withInputs,
  initialState,
  type Harness,
} from './harness.js';

let h: Harness;

/** Slack stores a modal without a submit button as `submit: null`; the card has none. */
function expectValidCard(view: unknown): void {
  const v = view as Record<string, unknown>;
  expectValidModal(v.submit === null ? { ...v, submit: undefined } : v);
}
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** The "Carregando…" modal by views.open, then what replaces it by views.update. */
async function cardAfter(before: number) {
  const shown = await h.fake.waitFor(
    (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
  );
  const loading = h.fake.views()[before]!;
  expect(loading.method).toBe('views.open');
  expect(allText(loading.view)).toContain(CARD_LOADING_TEXT);
  expect(shown.method).toBe('views.update');
  expectValidCard(shown.view);
  return shown;
}

async function openCard(user: string, code: string) {
  const before = h.fake.views().length;
  const { res } = await h.command(user, `projeto ${code}`, { trigger: true });
  expect(res.status).toBe(200);
  return cardAfter(before);
}

/**
 * Holds an exclusive lock on the tables the card's queries read (the viewer's salesperson,
 * the project) until the returned function is called, as http.test.ts does.
 */
async function holdCardTables() {
  const client = new pg.Client({ connectionString: h.test.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE salespeople, projects, project_summary IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}

describe('/carteira projeto', () => {
  it('opens the card of one’s own project', async () => {
    const opened = await openCard(U.vend1, 'P-01');
    const text = allText(opened.view);
    expect(text).toContain('P-01');
    expect(text).toContain('João Conceição');
    expect(text).toContain('Registrar contato');
  });

  it('refuses another vendedor’s project in Portuguese, in the modal, with no data', async () => {
    const shown = await openCard(U.vend2, 'P-01');
    expect(allText(shown.view)).toContain('O projeto P-01 não está na sua carteira');
    expect(allText(shown.view)).not.toContain('João');
    expect(allText(shown.view)).not.toContain('Registrar contato');
  });

  it('tells an unlinked user how to get linked, in the modal, with no data', async () => {
    const shown = await openCard(U.stranger, 'P-01');
    expect(allText(shown.view)).toContain(NOT_LINKED_TEXT);
    expect(allText(shown.view)).not.toContain('João');
  });

  it('opens the "Carregando…" modal before any database query (the trigger id lives 3 s)', async () => {
    const before = h.fake.views().length;
    const release = await holdCardTables();
    try {
      const { res } = await h.command(U.vend1, 'projeto P-01', { trigger: true });
      expect(res.status).toBe(200);
      // views.open reached Slack while every table the card reads is locked.
      const loading = await h.fake.waitFor(
        (_c, f) => f.views().length > before && f.views()[before],
      );
      expect(loading.method).toBe('views.open');
      expect(allText(loading.view)).toContain(CARD_LOADING_TEXT);
      expect(h.fake.views()).toHaveLength(before + 1); // the card waits for the database
    } finally {
      await release();
    }
    const shown = await cardAfter(before);
    expect(allText(shown.view)).toContain('João Conceição');
  });

  it('logs a contact from the card; errors answer in the modal', async () => {
    const card = await openCard(U.vend1, 'P-01');
    const before = h.fake.views().length;
    await h.click(U.vend1, 'project_log_contact', 'P-01', { view: card.view, trigger: true });
    // "Carregando…" pushed at once, then the form in its place.
    const pushed = await h.fake.waitFor(
      (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
    );
    expect(h.fake.views()[before]!.method).toBe('views.push');
    expect(pushed.method).toBe('views.update');
    expectValidModal(pushed.view);

    const bad = withInputs(initialState(pushed.view), {
      contact_date: input.datepicker(addDays(AS_OF, 1)),
      contact_channel: input.staticSelect('telefone'),
    });
    const refused = await h.submit(U.vend1, pushed.view, bad);
    expect(JSON.parse(refused.body)).toMatchObject({
      response_action: 'errors',
      errors: { contact_date: expect.stringContaining('não pode ser depois de hoje') },
    });
    expect(
      await h.db.selectFrom('contacts').selectAll().where('source', '=', 'slack').execute(),
    ).toHaveLength(0);

    const good = withInputs(initialState(pushed.view), {
      contact_channel: input.staticSelect('whatsapp'),
      contact_note: input.plainText('Pediu nova medição'),
      contact_remind: input.staticSelect('3'),
    });
    const ok = await h.submit(U.vend1, pushed.view, good);
    const answer = JSON.parse(ok.body);
    expect(answer.response_action).toBe('update');
    expectValidCard(answer.view);
    expect(allText(answer.view)).toContain('Pediu nova medição');
    expect(allText(answer.view)).toContain('registrado');

    const vend1 = await h.viewer('vend1');
    const result = await runReport(h.db, {
      definition: definitionSchema.parse({
        columns: ['project', 'last_contact_at', 'days_without_contact'],
      }),
      viewer: vend1,
      asOf: AS_OF,
      now: NOW,
    });
    expect(result.rows.find((r) => r.project === 'P-01')).toEqual({
      project: 'P-01',
      last_contact_at: AS_OF,
      days_without_contact: 0,
    });
    const reminders = await h.db.selectFrom('contact_reminders').selectAll().execute();
    expect(reminders).toHaveLength(1);
  });

  it('“Detalhes” on a report opens the card of a shown project', async () => {
    const { responseUrl } = await h.command(U.vend1, 'ver Sem contratos no mês');
    const [answer] = await h.responses(responseUrl);
    const menu = (
      answer!.body.blocks as { block_id?: string; elements?: { options?: { value: string }[] }[] }[]
    ).find((b) => b.block_id === 'project_details_menu');
    const codes = menu!.elements![0]!.options!.map((o) => o.value);
    expect(codes).toContain('P-01');
    const before = h.fake.views().length;
    const payload = blockActionPayload({
      user: U.vend1,
      actionId: 'project_details',
      blockId: 'project_details_menu',
      channel: CH.vendas,
      responseUrl: h.fake.responseUrl(),
      triggerId: h.fake.newTriggerId(),
      action: {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: 'P-01' }, value: 'P-01' },
      },
    });
    await sendInteraction(h.bot.url, SECRET, payload);
    const opened = await cardAfter(before);
    expect(allText(opened.view)).toContain('João Conceição');
  });

  it('“Detalhes” opens the "Carregando…" modal before any database query', async () => {
    const before = h.fake.views().length;
    const release = await holdCardTables();
    try {
      const payload = blockActionPayload({
        user: U.vend1,
        actionId: 'project_details',
        blockId: 'project_details_menu',
        channel: CH.vendas,
        responseUrl: h.fake.responseUrl(),
        triggerId: h.fake.newTriggerId(),
        action: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'P-01' }, value: 'P-01' },
        },
      });
      await sendInteraction(h.bot.url, SECRET, payload);
      const loading = await h.fake.waitFor(
        (_c, f) => f.views().length > before && f.views()[before],
      );
      expect(loading.method).toBe('views.open');
      expect(h.fake.views()).toHaveLength(before + 1);
    } finally {
      await release();
    }
    expect(allText((await cardAfter(before)).view)).toContain('João Conceição');
  });
});
