/**
 * The view builder on a fresh install: a database with only stores and people (no projects,
 * so no closing status, no specifier). `/carteira nova` opens it, the empty catalog shows a
 * sentence instead of an empty menu, redraws and "Editar" work, and saving works — every
 * payload accepted by the faithful fake Slack (the suite fails on a refused one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listViews } from '../../src/core/views/views.js';
import { texts } from '../../src/bot/texts.js';
import { input, type RecordedView, type StateValues } from '../fake-slack/index.js';
import {
  BOT_PORTFOLIO,
  CH,
  U,
  allText,
  expectValidMessage,
  expectValidModal,
  initialState,
  optionValues,
  startHarness,
  withInputs,
  type Harness,
} from './harness.js';

type Json = Record<string, unknown>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    stores: BOT_PORTFOLIO.stores,
    people: BOT_PORTFOLIO.people,
    projects: [],
  });
});
afterAll(() => h.close());

/** The loading modal by views.open, then the builder by views.update. */
async function opens(before: number): Promise<RecordedView> {
  const opened = await h.fake.waitFor(
    (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
  );
  expect(h.fake.views()[before]!.method).toBe('views.open');
  expect(opened.method).toBe('views.update');
  expectValidModal(opened.view);
  return opened;
}

async function openModal(user: string, text: string): Promise<RecordedView> {
  const before = h.fake.views().length;
  const { res } = await h.command(user, text, { trigger: true });
  expect(res.status).toBe(200);
  return opens(before);
}

/** A change of a dispatching input (radio buttons): the bot redraws with views.update. */
async function redraw(
  user: string,
  opened: RecordedView,
  actionId: string,
  values: StateValues,
): Promise<RecordedView> {
  const before = h.fake.views().length;
  await h.click(user, actionId, undefined, { view: { ...opened.view, values } });
  const updated = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
  expect(updated.method).toBe('views.update');
  expectValidModal(updated.view);
  return updated;
}

/** Every static menu in the view has at least one option (Slack refuses an empty one). */
function menus(view: Json): { blockId: string; options: number }[] {
  return ((view.blocks as Json[]) ?? [])
    .filter((b) => b.type === 'input')
    .map((b) => ({ b, el: b.element as Json }))
    .filter(({ el }) => el.type === 'static_select' || el.type === 'multi_static_select')
    .map(({ b, el }) => ({
      blockId: String(b.block_id),
      options: ((el.options as unknown[] | undefined) ?? []).length,
    }));
}

const emptyStatuses = texts.builder.empty.closingStatuses;

describe('the builder on a database with only stores and people', () => {
  it('opens with a sentence where the closing-status menu would be empty', async () => {
    const opened = await openModal(U.gerenteSp, 'nova');
    const text = allText(opened.view);
    expect(text).toContain(emptyStatuses);
    const blockIds = (opened.view.blocks as Json[]).map((b) => b.block_id);
    expect(blockIds).not.toContain('closing_statuses');
    for (const menu of menus(opened.view)) expect(menu.options).toBeGreaterThan(0);
  });

  it('redraws on every dispatching input and keeps the sentence', async () => {
    const opened = await openModal(U.gerenteSp, 'nova');
    let values = withInputs(initialState(opened.view), {
      situation_mode: input.radioButtons('custom'),
    });
    let view = await redraw(U.gerenteSp, opened, 'situation_mode', values);
    expect(optionValues(view.view, 'situation_ids').length).toBeGreaterThan(0);

    values = withInputs(initialState(view.view), { period_mode: input.radioButtons('fixed') });
    view = await redraw(U.gerenteSp, view, 'period_mode', values);
    expect((view.view.blocks as Json[]).map((b) => b.block_id)).toContain('period_from');

    values = withInputs(initialState(view.view), {
      responsible_mode: input.radioButtons('list'),
    });
    view = await redraw(U.gerenteSp, view, 'responsible_mode', values);
    // The gerente's store has people even with no projects: a menu of them.
    expect(optionValues(view.view, 'responsible_people')).toContain(
      String(h.built.personId['vend1@carteira.test']),
    );
    expect(allText(view.view)).toContain(emptyStatuses);
    for (const menu of menus(view.view)) expect(menu.options).toBeGreaterThan(0);
  });

  it('saves a view, runs it (no projects yet) and edits it with Editar', async () => {
    const opened = await openModal(U.gerenteSp, 'nova');
    const values = withInputs(initialState(opened.view), {
      name: input.plainText('Loja vazia'),
      columns: input.multiStaticSelect(['client', 'project', 'estimated_value']),
    });
    const res = await h.submit(U.gerenteSp, opened.view, values);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const gerente = await h.viewer('gerenteSp');
    const saved = (await listViews(h.db, gerente)).find((v) => v.name === 'Loja vazia');
    expect(saved).toBeDefined();
    expect(saved!.definition.columns).toEqual(['client', 'project', 'estimated_value']);
    const confirmation = await h.fake.waitFor((_c, f) =>
      f.messages(CH.vendas).find((m) => m.kind === 'ephemeral' && m.user === U.gerenteSp),
    );
    expect(confirmation.text).toContain('Loja vazia');

    // The report: no rows, and its Editar button opens the builder again.
    const { responseUrl } = await h.command(U.gerenteSp, 'ver Loja vazia');
    const [answer] = await h.responses(responseUrl);
    expectValidMessage(answer!.body);
    expect(allText(answer!.body)).toContain('Nenhum projeto encontrado');

    const before = h.fake.views().length;
    const click = await h.click(U.gerenteSp, 'view_edit', String(saved!.id), { trigger: true });
    expect(click.res.status).toBe(200);
    const editing = await opens(before);
    expect(JSON.parse(String(editing.view.private_metadata))).toMatchObject({
      m: 'edit',
      v: saved!.id,
    });
    expect(allText(editing.view)).toContain(emptyStatuses);

    // `/carteira editar` too, then save the change.
    const edited = await openModal(U.gerenteSp, 'editar Loja vazia');
    const change = withInputs(initialState(edited.view), {
      description: input.plainText('Sem projetos ainda'),
    });
    const saveRes = await h.submit(U.gerenteSp, edited.view, change);
    expect(saveRes.status).toBe(200);
    const after = (await listViews(h.db, gerente)).find((v) => v.name === 'Loja vazia');
    expect(after!.description).toBe('Sem projetos ainda');
  });
});
