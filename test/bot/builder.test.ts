/**
 * The view builder modal end to end: opened with the command's trigger id, redrawn when a
 * mode changes, submitted valid and invalid (errors keyed by block id, nothing saved),
 * update-vs-new when editing, copies of views one may not change.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getView, listViews } from '../../src/core/views/views.js';
import { input, type RecordedView, type StateValues } from '../fake-slack/index.js';
import {
  CH,
  U,
  allText,
  expectValidMessage,
  expectValidModal,
  initialState,
  optionValues,
  startHarness,
  tableProjects,
  withInputs,
  type Harness,
} from './harness.js';

type Json = Record<string, unknown>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Runs `/carteira <text>` and returns the modal the bot opened with that command's trigger. */
async function openModal(user: string, text: string): Promise<RecordedView> {
  const before = h.fake.views().length;
  const { res } = await h.command(user, text, { trigger: true });
  expect(res.status).toBe(200);
  // views.open first (a loading modal, within the trigger's 3 s), then the builder by update.
  const opened = await h.fake.waitFor(
    (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
  );
  expect(h.fake.views()[before]!.method).toBe('views.open');
  expect(opened.method).toBe('views.update');
  expectValidModal(opened.view);
  return opened;
}

/** A mode change in the modal: the bot redraws it (views.update); returns the new view. */
async function redraw(user: string, opened: RecordedView, values: StateValues): Promise<Json> {
  const before = h.fake.views().length;
  await h.click(user, 'situation_mode', undefined, { view: { ...opened.view, values } });
  const updated = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
  expect(updated.method).toBe('views.update');
  expectValidModal(updated.view);
  return updated.view;
}

async function viewCount(): Promise<number> {
  const r = await h.db
    .selectFrom('saved_views')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A valid new view: the starter's defaults plus a name and three columns in a chosen order. */
function validValues(view: Json, name: string): StateValues {
  return withInputs(initialState(view), {
    name: input.plainText(name),
    columns: input.multiStaticSelect(['client', 'project', 'estimated_value']),
  });
}

describe('nova', () => {
  it('opens the builder with the trigger id; private_metadata holds only ids', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const view = opened.view;
    expect(view.callback_id).toBe('view_builder');
    expect((view.title as Json).text).toBe('Nova visão');
    const meta = JSON.parse(String(view.private_metadata));
    expect(meta).toEqual({ m: 'new', v: null, c: CH.vendas });
    const blockIds = (view.blocks as Json[]).map((b) => b.block_id);
    for (const id of [
      'situation_mode',
      'period_mode',
      'period_field',
      'period_preset',
      'responsible_mode',
      'closing_statuses',
      'probable_sale',
      'search',
      'columns',
      'sort_column',
      'sort_direction',
      'group_by',
      'name',
      'description',
      'visibility',
    ]) {
      expect(blockIds).toContain(id);
    }
    expect(blockIds).not.toContain('save_mode');
    expect(optionValues(view, 'columns')).toHaveLength(20);
  });

  it('saves a valid view, keeps the columns in the order chosen, and confirms with a Ver button', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const values = withInputs(validValues(opened.view, 'Minha carteira do mês'), {
      situation_mode: input.radioButtons('custom'),
      situation_ids: input.multiStaticSelect(['sem_contrato', 'em_revisao']),
      period_mode: input.radioButtons('fixed'),
      period_from: input.datepicker('2026-11-01'),
      period_to: input.datepicker('2026-11-30'),
      description: input.plainText('Projetos de novembro 🙂'),
      visibility: input.radioButtons('team'),
    });
    const res = await h.submit(U.vend1, opened.view, values);
    expect(res.status).toBe(200);
    expect(res.body).toBe(''); // closes the modal
    const vend1 = await h.viewer('vend1');
    const saved = (await listViews(h.db, vend1)).find((v) => v.name === 'Minha carteira do mês')!;
    expect(saved).toMatchObject({
      ownerId: vend1.id,
      visibility: 'team',
      description: 'Projetos de novembro 🙂',
    });
    expect(saved.definition.columns).toEqual(['client', 'project', 'estimated_value']);
    expect(saved.definition.filters.situations).toEqual({
      mode: 'custom',
      ids: ['sem_contrato', 'em_revisao'],
    });
    expect(saved.definition.filters.period).toEqual({
      mode: 'fixed',
      field: 'project_created_at',
      from: '2026-11-01',
      to: '2026-11-30',
    });

    const confirmation = await h.fake.waitFor((_c, f) =>
      f.messages(CH.vendas).find((m) => m.kind === 'ephemeral' && m.user === U.vend1),
    );
    expectValidMessage(confirmation as unknown as Json);
    expect(confirmation.text).toContain('Minha carteira do mês');
    const run = allText(confirmation.blocks);
    expect(run).toContain('"view_run"');
    expect(run).toContain(`"value":"${saved.id}"`);

    // The Ver button runs it: client first, with vend1's rows only.
    const click = await h.click(U.vend1, 'view_run', String(saved.id));
    const [result] = await h.responses(click.responseUrl!);
    expectValidMessage(result!.body);
    const expected = await h.expected('vend1', saved);
    const blocks = result!.body.blocks as { type: string; rows?: { text: string }[][] }[];
    const table = blocks.find((b) => b.type === 'data_table')!;
    const header = table.rows![0]!.map((c) => c.text);
    expect(header).toEqual(['Cliente', 'Projeto', 'Valor do projeto']);
    expect(table.rows!.slice(1).map((r) => r[1]!.text)).toEqual(expected.projects);
  });

  it('acks within Slack’s budget while the database is blocked, then shows the outcome by views.update', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const before = h.fake.views().length;
    // Hold saved_views: the submission can validate, but not save, until released.
    const client = new pg.Client({ connectionString: h.test.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE saved_views IN ACCESS EXCLUSIVE MODE');
    let res;
    try {
      res = await h.submit(U.vend1, opened.view, validValues(opened.view, 'Salva devagar'));
      // The ack came back while the save was still blocked: a "Salvando…" modal.
      expect(res.status).toBe(200);
      const ack = res.json<{ response_action: string; view: Json }>();
      expect(ack.response_action).toBe('update');
      expect(JSON.stringify(ack.view)).toContain('Salvando');
      expectValidModal(ack.view);
      expect(h.fake.views().length).toBe(before);
    } finally {
      await client.query('COMMIT');
      await client.end();
    }
    const done = await h.fake.waitFor(
      (_c, f) => f.views().length > before && f.views()[f.views().length - 1],
    );
    expect(done.method).toBe('views.update');
    expect(done.viewId).toBe(opened.viewId);
    expect(JSON.stringify(done.view.blocks)).toContain('Feito');
    const vend1 = await h.viewer('vend1');
    expect((await listViews(h.db, vend1)).some((v) => v.name === 'Salva devagar')).toBe(true);
    await h.fake.waitFor((_c, f) =>
      f.messages(CH.vendas).find((m) => m.user === U.vend1 && m.text?.includes('Salva devagar')),
    );

    // The same name again, slow too: the refusal core finds after the ack replaces "Salvando…".
    const again = await openModal(U.vend1, 'nova');
    const mark = h.fake.views().length;
    const holder = new pg.Client({ connectionString: h.test.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE saved_views IN ACCESS EXCLUSIVE MODE');
    try {
      const slow = await h.submit(U.vend1, again.view, validValues(again.view, 'Salva devagar'));
      expect(slow.json<{ response_action: string }>().response_action).toBe('update');
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    const refused = await h.fake.waitFor(
      (_c, f) => f.views().length > mark && f.views()[f.views().length - 1],
    );
    expect(refused.viewId).toBe(again.viewId);
    expect(allText(refused.view)).toContain('Nada foi salvo');
    expect(allText(refused.view)).toMatch(/Salva devagar/);
    expect((await listViews(h.db, vend1)).filter((v) => v.name === 'Salva devagar')).toHaveLength(
      1,
    );
  });

  it('redraws when a mode changes: Personalizado shows the situations, Datas fixas the dates', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const values = withInputs(initialState(opened.view), {
      situation_mode: input.radioButtons('custom'),
      period_mode: input.radioButtons('fixed'),
      name: input.plainText('Rascunho'),
    });
    const before = h.fake.views().length;
    const { res } = await h.click(U.vend1, 'period_mode', undefined, {
      view: { ...opened.view, values },
    });
    expect(res.status).toBe(200);
    const updated = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
    expect(updated.method).toBe('views.update');
    expect(updated.viewId).toBe(opened.viewId);
    expectValidModal(updated.view);
    const ids = (updated.view.blocks as Json[]).map((b) => b.block_id);
    expect(ids).toEqual(expect.arrayContaining(['situation_ids', 'period_from', 'period_to']));
    expect(ids).not.toContain('period_preset');
    const name = (updated.view.blocks as Json[]).find((b) => b.block_id === 'name')!
      .element as Json;
    expect(name.initial_value).toBe('Rascunho'); // what was typed survives the redraw
  });
});

describe('invalid submissions answer in the modal and save nothing', () => {
  const cases: [string, (v: Json) => StateValues, string, RegExp][] = [
    ['empty name', (v) => validValues(v, '   '), 'name', /Dê um nome/],
    ['name over 80 characters', (v) => validValues(v, 'N'.repeat(81)), 'name', /81 caracteres/],
    [
      'from after to',
      (v) =>
        withInputs(validValues(v, 'Datas trocadas'), {
          period_mode: input.radioButtons('fixed'),
          period_from: input.datepicker('2026-11-30'),
          period_to: input.datepicker('2026-11-01'),
        }),
      'period_to',
      /anterior à inicial/,
    ],
    [
      'fixed period without a start',
      (v) =>
        withInputs(validValues(v, 'Sem início'), {
          period_mode: input.radioButtons('fixed'),
          period_from: input.datepicker(null),
          period_to: input.datepicker('2026-11-30'),
        }),
      'period_from',
      /Escolha a data/,
    ],
    [
      'a date that does not exist (31/02/2026)',
      (v) =>
        withInputs(validValues(v, 'Fevereiro'), {
          period_mode: input.radioButtons('fixed'),
          period_from: input.datepicker('2026-02-31'),
          period_to: input.datepicker('2026-03-01'),
        }),
      'period_from',
      /Data inválida/,
    ],
    [
      'no columns',
      (v) => withInputs(validValues(v, 'Sem colunas'), { columns: input.multiStaticSelect([]) }),
      'columns',
      /ao menos uma coluna/,
    ],
    [
      'an unknown column id',
      (v) =>
        withInputs(validValues(v, 'Coluna falsa'), {
          columns: input.multiStaticSelect(['project', "x'; DROP TABLE projects;--"]),
        }),
      'columns',
      /Opção inválida/,
    ],
    [
      'Personalizado with no situation',
      (v) =>
        withInputs(validValues(v, 'Nada'), {
          situation_mode: input.radioButtons('custom'),
          situation_ids: input.multiStaticSelect([]),
        }),
      'situation_ids',
      /ao menos uma situação/,
    ],
    [
      'a person that does not exist',
      (v) =>
        withInputs(validValues(v, 'Fantasma'), {
          responsible_mode: input.radioButtons('list'),
          responsible_people: input.multiStaticSelect(['999999']),
        }),
      'responsible_people',
      /não existe ou você não pode vê-la/,
    ],
    [
      'a duplicate name',
      (v) => validValues(v, 'minha carteira do MES'),
      'name',
      /já tem uma visão chamada/,
    ],
    [
      'search over 100 characters',
      (v) =>
        withInputs(validValues(v, 'Busca longa'), { search: input.plainText('🙂'.repeat(60)) }),
      'search',
      /100 caracteres/,
    ],
    [
      'an unknown probable-sale value',
      (v) => withInputs(validValues(v, 'PV'), { probable_sale: input.staticSelect('talvez') }),
      'probable_sale',
      /Opção inválida/,
    ],
  ];

  it.each(cases)('%s', async (_label, values, block, message) => {
    // "minha carteira do MES" collides with a view vend2 owns (accents and case ignored).
    await h.db.deleteFrom('saved_views').where('name', '=', 'Minha carteira do mês').execute();
    const vend2 = await h.viewer('vend2');
    const { createView } = await import('../../src/core/views/views.js');
    await createView(h.db, vend2, {
      name: 'Minha carteira do mês',
      visibility: 'private',
      definition: { columns: ['project'] },
    });
    const opened = await openModal(U.vend2, 'nova');
    // As in Slack, changing a mode redraws the modal before the user fills the new inputs.
    const shown = await redraw(U.vend2, opened, values(opened.view));
    const before = await viewCount();
    const res = await h.submit(U.vend2, shown, values(shown));
    expect(res.status).toBe(200);
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([block]);
    expect(body.errors[block]).toMatch(message);
    // Error keys must name blocks of the modal on screen, or Slack rejects the answer.
    expect((shown.blocks as Json[]).map((b) => b.block_id)).toContain(block);
    expect(await viewCount()).toBe(before);
  });

  it('a submission with inputs the modal does not show gets its errors on visible blocks', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const values = withInputs(validValues(opened.view, 'Sem redesenho'), {
      period_mode: input.radioButtons('fixed'),
      period_from: input.datepicker('2026-02-31'),
      period_to: input.datepicker(null),
    });
    const res = await h.submit(U.vend1, opened.view, values);
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['period_mode']);
    expect(body.errors.period_mode).toMatch(/Data inválida.*Escolha a data/);
  });

  it('a forged private_metadata is refused without saving', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const before = await viewCount();
    const forged = {
      ...opened.view,
      private_metadata: '{"m":"edit","v":"1; DROP TABLE saved_views"}',
    };
    const res = await h.submit(U.vend1, forged, validValues(opened.view, 'Forjada'));
    expect(res.json<{ response_action: string }>().response_action).toBe('errors');
    expect(await viewCount()).toBe(before);
  });
});

describe('a vendedor only picks people they can see', () => {
  it('offers only themself (and subordinates) and refuses anyone else', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const values = withInputs(initialState(opened.view), {
      responsible_mode: input.radioButtons('list'),
    });
    const before = h.fake.views().length;
    await h.click(U.vend1, 'responsible_mode', undefined, { view: { ...opened.view, values } });
    const redrawn = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
    const offered = optionValues(redrawn.view, 'responsible_people');
    expect(offered.sort()).toEqual(
      [
        String(h.built.personId['vend1@carteira.test']),
        String(h.built.personId['vend2@carteira.test']),
      ].sort(),
    );

    const vend3 = String(h.built.personId['vend3@carteira.test']);
    const res = await h.submit(
      U.vend1,
      redrawn.view,
      withInputs(validValues(redrawn.view, 'Carteira da Vânia'), {
        responsible_mode: input.radioButtons('list'),
        responsible_people: input.multiStaticSelect([vend3]),
      }),
    );
    expect(res.json<{ errors: Record<string, string> }>().errors).toHaveProperty(
      'responsible_people',
    );
  });
});

describe('editar', () => {
  it('asks to update this view or save a new one; both work', async () => {
    const vend1 = await h.viewer('vend1');
    const { createView } = await import('../../src/core/views/views.js');
    const mine = await createView(h.db, vend1, {
      name: 'Negociações',
      visibility: 'private',
      definition: { columns: ['project', 'closing_status'], filters: { specifierIds: [1] } },
    });

    // Update in place.
    let opened = await openModal(U.vend1, 'editar negociacoes');
    expect((opened.view.title as Json).text).toBe('Editar visão');
    expect(JSON.parse(String(opened.view.private_metadata))).toEqual({
      m: 'edit',
      v: mine.id,
      c: CH.vendas,
    });
    expect(optionValues(opened.view, 'save_mode')).toEqual(['update', 'new']);
    const saveMode = (opened.view.blocks as Json[]).find((b) => b.block_id === 'save_mode')!;
    expect(allText(saveMode)).toContain('Atualizar esta visão');
    expect(allText(saveMode)).toContain('Salvar como nova visão');
    let state = initialState(opened.view);
    expect(state.columns!.columns).toEqual(
      input.multiStaticSelect([
        { value: 'project', text: 'Projeto' },
        { value: 'closing_status', text: 'Situação de fechamento' },
      ]),
    );
    let res = await h.submit(
      U.vend1,
      opened.view,
      withInputs(state, {
        columns: input.multiStaticSelect(['closing_status', 'project', 'client']),
      }),
    );
    expect(res.body).toBe('');
    const updated = await getView(h.db, vend1, mine.id);
    expect(updated.definition.columns).toEqual(['closing_status', 'project', 'client']);
    expect(updated.definition.filters.specifierIds).toEqual([1]); // kept though the builder does not show it

    // Save as new, same name → duplicate; another name → a second view, the first unchanged.
    opened = await openModal(U.vend1, 'editar Negociações');
    state = withInputs(initialState(opened.view), {
      save_mode: input.radioButtons('new'),
      columns: input.multiStaticSelect(['client']),
    });
    res = await h.submit(U.vend1, opened.view, state);
    expect(res.json<{ errors: Record<string, string> }>().errors.name).toMatch(/já tem uma visão/);
    res = await h.submit(
      U.vend1,
      opened.view,
      withInputs(state, { name: input.plainText('Negociações 2') }),
    );
    expect(res.body).toBe('');
    const all = await listViews(h.db, vend1);
    expect(all.find((v) => v.name === 'Negociações 2')!.definition.columns).toEqual(['client']);
    expect((await getView(h.db, vend1, mine.id)).definition.columns).toEqual([
      'closing_status',
      'project',
      'client',
    ]);
  });

  it('a view deleted while its edit modal was open is saved as a new view', async () => {
    const vend1 = await h.viewer('vend1');
    const { createView, deleteView } = await import('../../src/core/views/views.js');
    const gone = await createView(h.db, vend1, {
      name: 'Apagada no meio',
      visibility: 'private',
      definition: { columns: ['project', 'client'], filters: {} },
    });
    const opened = await openModal(U.vend1, 'editar apagada no meio');
    expect(JSON.parse(String(opened.view.private_metadata))).toMatchObject({
      m: 'edit',
      v: gone.id,
    });
    await deleteView(h.db, vend1, gone.id);

    const res = await h.submit(
      U.vend1,
      opened.view,
      withInputs(initialState(opened.view), {
        columns: input.multiStaticSelect(['client', 'project']),
      }),
    );
    expect(res.body).toBe('');
    const saved = (await listViews(h.db, vend1)).find((v) => v.name === 'Apagada no meio')!;
    expect(saved.id).not.toBe(gone.id);
    expect(saved.definition.columns).toEqual(['client', 'project']);
    const confirmation = await h.fake.waitFor((_c, f) =>
      f
        .messages()
        .find((m) => m.user === U.vend1 && String(m.text).includes('“Apagada no meio” criada')),
    );
    expect(confirmation.text).toContain('criada');
  });

  it('editing a team view one does not own saves a copy and says so', async () => {
    const starter = await h.view('vend2', 'Com contratos no mês');
    const opened = await openModal(U.vend2, 'editar com contratos no mes');
    const blocks = opened.view.blocks as Json[];
    expect(allText(blocks[0])).toContain('uma cópia será criada em seu nome');
    expect(blocks.map((b) => b.block_id)).not.toContain('save_mode');
    const state = initialState(opened.view);
    expect(state.name!.name).toEqual(input.plainText('Com contratos no mês (cópia)'));
    const before = await viewCount();
    const res = await h.submit(
      U.vend2,
      opened.view,
      withInputs(state, { columns: input.multiStaticSelect(['project', 'contract_value']) }),
    );
    expect(res.body).toBe('');
    expect(await viewCount()).toBe(before + 1);
    const vend2 = await h.viewer('vend2');
    const copy = (await listViews(h.db, vend2)).find(
      (v) => v.name === 'Com contratos no mês (cópia)',
    )!;
    expect(copy).toMatchObject({ ownerId: vend2.id, visibility: 'private' });
    expect(copy.definition.filters).toEqual(starter.definition.filters);
    expect((await getView(h.db, vend2, starter.id)).definition.columns).toEqual(
      starter.definition.columns,
    );
    const confirmation = await h.fake.waitFor((_c, f) =>
      f.messages().find((m) => m.user === U.vend2 && String(m.text).includes('Cópia')),
    );
    expect(confirmation.text).toContain('salva em seu nome');
  });

  it('the Editar button on a result opens the builder for the clicking user', async () => {
    const view = await h.view('gerenteSp', 'Sem contratos no mês');
    const before = h.fake.views().length;
    const { res } = await h.click(U.gerenteSp, 'view_edit', String(view.id), { trigger: true });
    expect(res.status).toBe(200);
    const opened = await h.fake.waitFor(
      (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
    );
    expect(h.fake.views()[before]!.method).toBe('views.open');
    expect(JSON.parse(String(opened.view.private_metadata))).toMatchObject({
      m: 'edit',
      v: view.id,
    });
  });

  it('an unlinked user submitting a modal is told how to get linked', async () => {
    const opened = await openModal(U.vend1, 'nova');
    const res = await h.submit(U.stranger, opened.view, validValues(opened.view, 'Intrusa'));
    const body = res.json<{ response_action: string; view: Json }>();
    expect(body.response_action).toBe('update');
    expectValidModal(body.view);
    expect(allText(body.view)).toContain('não está vinculado');
  });
});

describe('the report of a saved view follows the clicking user', () => {
  it('a team view built by a gerente shows a vendedor only their rows', async () => {
    const opened = await openModal(U.gerenteSp, 'nova');
    const res = await h.submit(
      U.gerenteSp,
      opened.view,
      withInputs(validValues(opened.view, 'Loja inteira'), {
        columns: input.multiStaticSelect(['project', 'salesperson']),
        period_mode: input.radioButtons('none'),
        visibility: input.radioButtons('team'),
      }),
    );
    expect(res.body).toBe('');
    const view = await h.view('vend2', 'Loja inteira');
    const click = await h.click(U.vend2, 'view_run', String(view.id));
    const [result] = await h.responses(click.responseUrl!);
    expect(tableProjects(result!.body)).toEqual((await h.expected('vend2', view)).projects);
    expect(tableProjects(result!.body).sort()).toEqual(['P-03', 'P-06']);
  });
});
