/**
 * The project card in Slack end to end through the fake Slack: `/carteira projeto` opens
 * the card modal; a vendedor asking for another's project gets the Portuguese refusal and
 * no modal; "Registrar contato" pushes the form, a bad date answers in the modal and
 * changes nothing, a good one stores the contact and the card shows it — and the next
 * report's "Último contato" / "Dias sem contato" say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function openCard(user: string, code: string) {
  const before = h.fake.views().length;
  const { res } = await h.command(user, `projeto ${code}`, { trigger: true });
  expect(res.status).toBe(200);
  const opened = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
  expect(opened.method).toBe('views.open');
  expectValidCard(opened.view);
  return opened;
}

describe('/carteira projeto', () => {
  it('opens the card of one’s own project', async () => {
    const opened = await openCard(U.vend1, 'P-01');
    const text = allText(opened.view);
    expect(text).toContain('P-01');
    expect(text).toContain('João Conceição');
    expect(text).toContain('Registrar contato');
  });

  it('refuses another vendedor’s project in Portuguese, with no modal and no data', async () => {
    const before = h.fake.views().length;
    const { responseUrl } = await h.command(U.vend2, 'projeto P-01', { trigger: true });
    const [answer] = await h.responses(responseUrl);
    expect(allText(answer!.body)).toContain('O projeto P-01 não está na sua carteira');
    expect(allText(answer!.body)).not.toContain('João');
    expect(h.fake.views().length).toBe(before);
  });

  it('logs a contact from the card; errors answer in the modal', async () => {
    const card = await openCard(U.vend1, 'P-01');
    const before = h.fake.views().length;
    await h.click(U.vend1, 'project_log_contact', 'P-01', { view: card.view, trigger: true });
    const pushed = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
    expect(pushed.method).toBe('views.push');
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
    const opened = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
    expect(opened.method).toBe('views.open');
    expect(allText(opened.view)).toContain('João Conceição');
  });
});
