/**
 * Deleting views (with confirmation), linking people (`vincular`), the App Home, and the
 * hand-off of `assinar`/`assinaturas` to the subscriptions module.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_LINKED_TEXT } from '../../src/bot/identity.js';
import { createView, getView } from '../../src/core/views/views.js';
import { appHomeOpenedEvent, sendEvent } from '../fake-slack/index.js';
import {
  CH,
  SECRET,
  U,
  allText,
  expectValidMessage,
  expectValidModal,
  startHarness,
  tableProjects,
  type Harness,
} from './harness.js';

type Json = Record<string, unknown>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function answer(user: string, text: string) {
  const { res, responseUrl } = await h.command(user, text);
  expect(res.status).toBe(200);
  const [first] = await h.responses(responseUrl);
  expectValidMessage(first!.body);
  return first!;
}

async function exists(id: number): Promise<boolean> {
  return Boolean(
    await h.db.selectFrom('saved_views').select('id').where('id', '=', id).executeTakeFirst(),
  );
}

describe('excluir', () => {
  it('asks first; Cancelar keeps the view, Excluir deletes it', async () => {
    const vend1 = await h.viewer('vend1');
    const view = await createView(h.db, vend1, {
      name: 'Para apagar',
      visibility: 'team',
      definition: { columns: ['project'] },
    });
    await h.db
      .insertInto('subscriptions')
      .values({
        view_id: view.id,
        owner_id: vend1.id,
        destination: 'dm',
        schedule: '{}',
        cron: '0 8 * * 1',
        timezone: 'America/Sao_Paulo',
      })
      .execute();

    const question = await answer(U.vend1, 'excluir PARA APAGAR');
    expect(question.response_type).toBe('ephemeral');
    expect(allText(question.body)).toContain('1 assinatura será cancelada');
    const actions = (question.body.blocks as Json[]).find((b) => b.type === 'actions')!
      .elements as Json[];
    expect(actions.map((a) => [a.action_id, a.value, a.style ?? null])).toEqual([
      ['view_delete_confirm', String(view.id), 'danger'],
      ['view_delete_cancel', String(view.id), null],
    ]);
    expect(await exists(view.id)).toBe(true);

    const cancel = await h.click(U.vend1, 'view_delete_cancel', String(view.id), {
      isEphemeral: true,
    });
    const [cancelled] = await h.responses(cancel.responseUrl!);
    expect(cancelled!.replace_original).toBe(true);
    expect(cancelled!.text).toContain('não foi excluída');
    expect(await exists(view.id)).toBe(true);

    // Someone else pressing the same button (value = the view id) cannot delete it.
    const other = await h.click(U.vend2, 'view_delete_confirm', String(view.id), {
      isEphemeral: true,
    });
    const [refused] = await h.responses(other.responseUrl!);
    expect(refused!.text).toContain('Só Vera Um ou um administrador pode excluir');
    expect(await exists(view.id)).toBe(true);

    const confirm = await h.click(U.vend1, 'view_delete_confirm', String(view.id), {
      isEphemeral: true,
    });
    const [done] = await h.responses(confirm.responseUrl!);
    expect(done!.replace_original).toBe(true);
    expect(done!.text).toBe('Visão “Para apagar” excluída.');
    expect(await exists(view.id)).toBe(false);
    const subs = await h.db
      .selectFrom('subscriptions')
      .select('id')
      .where('view_id', '=', view.id)
      .execute();
    expect(subs).toEqual([]);
  });

  it('a vendedor cannot delete a team view that is not theirs', async () => {
    const starter = await h.view('vend2', 'Sem contratos no mês');
    const refused = await answer(U.vend2, 'excluir Sem contratos no mês');
    expect(refused.text).toContain('Só um administrador pode excluir');
    expect(refused.blocks).toBeUndefined();
    expect(await exists(starter.id)).toBe(true);
  });
});

describe('vincular', () => {
  const person = (email: string) =>
    h.db
      .selectFrom('salespeople')
      .select(['slack_user_id'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

  it('is for gerentes and admins only', async () => {
    const r = await answer(U.vend1, `vincular <@${U.stranger}|fulano> vend3@carteira.test`);
    expect(r.text).toContain('Só gerentes e administradores');
    expect((await person('vend3@carteira.test')).slack_user_id).toBeNull();
  });

  it('a gerente links someone of their own store, not of another store', async () => {
    const other = await answer(U.gerenteSp, `vincular <@${U.stranger}|fulano> vman@carteira.test`);
    expect(other.text).toContain('só pode vincular pessoas da sua loja');
    expect((await person('vman@carteira.test')).slack_user_id).toBe(U.vman);

    const ok = await answer(
      U.gerenteSp,
      `vincular <@${U.stranger}|fulano> <mailto:vend3@carteira.test|vend3@carteira.test>`,
    );
    expect(ok.text).toContain(`<@${U.stranger}> agora está vinculado a *Vânia Três*`);
    expect((await person('vend3@carteira.test')).slack_user_id).toBe(U.stranger);
    // And now the stranger sees Vânia's portfolio.
    const run = await answer(U.stranger, 'ver Com contratos no mês');
    const view = await h.view('vend3', 'Com contratos no mês');
    expect(tableProjects(run.body)).toEqual((await h.expected('vend3', view)).projects);
  });

  it('an admin links anyone; the old links are undone', async () => {
    const r = await answer(U.admin, `vincular <@${U.stranger}> vman@carteira.test`);
    expect(r.text).toContain('agora está vinculado a *Vitor Manaus*');
    expect(r.text).toContain(`Antes, esse vendedor estava vinculado a <@${U.vman}>`);
    expect(r.text).toContain('O vínculo anterior');
    expect((await person('vman@carteira.test')).slack_user_id).toBe(U.stranger);
    expect((await person('vend3@carteira.test')).slack_user_id).toBeNull();
    // vman's old Slack user is unlinked now (and their e-mail no longer matches a free salesperson).
    const unlinked = await answer(U.vman, 'eu');
    expect(unlinked.text).toBe(NOT_LINKED_TEXT);
    // Put things back.
    await answer(U.admin, `vincular <@${U.vman}> vman@carteira.test`);
    expect((await person('vman@carteira.test')).slack_user_id).toBe(U.vman);
  });

  it('explains bad input', async () => {
    expect((await answer(U.admin, 'vincular')).text).toContain(
      'Use: `/carteira vincular @pessoa email`',
    );
    expect((await answer(U.admin, `vincular <@${U.stranger}> não-é-email`)).text).toContain('Use:');
    expect((await answer(U.admin, `vincular <@${U.stranger}> a@b`)).text).toContain(
      'não parece válido',
    );
    expect(
      (await answer(U.admin, `vincular <@${U.stranger}> ninguem@carteira.test`)).text,
    ).toContain('Não encontrei um vendedor ativo');
    expect(
      (await answer(U.admin, `vincular <@${h.fake.bot.userId}> vend3@carteira.test`)).text,
    ).toContain('app ou não existe');
    expect((await answer(U.admin, `vincular <@U0NAOEXISTE> vend3@carteira.test`)).text).toContain(
      'app ou não existe',
    );
  });
});

describe('App Home', () => {
  async function openHome(user: string) {
    const before = h.fake.views().length;
    const res = await sendEvent(h.bot.url, SECRET, appHomeOpenedEvent({ user }));
    expect(res.status).toBe(200);
    const published = await h.fake.waitFor(
      (_c, f) => f.views().length > before && f.views()[before],
    );
    expect(published.method).toBe('views.publish');
    expect(published.user).toBe(user);
    expectValidModal(published.view);
    return published;
  }

  it('shows my views and the team’s with Ver · PDF · Editar · Assinar', async () => {
    const vend1 = await h.viewer('vend1');
    await createView(h.db, vend1, {
      name: 'Minha da Home',
      visibility: 'private',
      definition: { columns: ['project'] },
    });
    const home = await openHome(U.vend1);
    const text = allText(home.view);
    expect(text).toContain('Vera Um');
    expect(text).toContain('Minha da Home');
    const starters = [
      'Sem contratos no mês',
      'Com contratos no mês',
      'Situação dos contratos',
      'Metas do mês',
    ];
    for (const name of starters) expect(text).toContain(name);
    const rows = (home.view.blocks as Json[]).filter(
      (b) => b.type === 'actions' && String(b.block_id).startsWith('view_'),
    );
    // Her view and the four starters; "Metas do mês" (the last) is fixed: no Editar.
    expect(rows.length).toBe(5);
    for (const row of rows.slice(0, 4)) {
      expect((row.elements as Json[]).map((e) => e.action_id)).toEqual([
        'view_run',
        'report_pdf',
        'view_edit',
        'view_subscribe',
      ]);
    }
    expect((rows[4]!.elements as Json[]).map((e) => e.action_id)).toEqual([
      'view_run',
      'report_pdf',
      'view_subscribe',
    ]);
  });

  it('an unlinked user sees how to get linked and no data', async () => {
    const home = await openHome(U.stranger);
    expect(allText(home.view)).toContain('não está vinculado');
    expect(allText(home.view)).not.toContain('Sem contratos no mês');
  });

  it('Ver in the Home sends the result by DM, with the clicking user’s rows', async () => {
    const view = await h.view('vend2', 'Sem contratos no mês');
    await h.click(U.vend2, 'view_run', String(view.id), { view: { type: 'home' } });
    const dm = `D${U.vend2.slice(1)}`;
    const [msg] = await h.fake.waitFor((_c, f) => f.messages(dm).length > 0 && f.messages(dm));
    expectValidMessage(msg as unknown as Json);
    expect(tableProjects(msg as unknown as Json)).toEqual(['P-03']);
  });

  it('Nova visão in the Home opens the builder; saving from there confirms by DM and refreshes the Home', async () => {
    const before = h.fake.views().length;
    await h.click(U.gerenteSp, 'view_new', 'new', { view: { type: 'home' }, trigger: true });
    const opened = await h.fake.waitFor(
      (_c, f) => f.views().length > before + 1 && f.views()[before + 1],
    );
    expect(h.fake.views()[before]!.method).toBe('views.open');
    expect(opened.method).toBe('views.update');
    expect(JSON.parse(String(opened.view.private_metadata))).toEqual({
      m: 'new',
      v: null,
      c: null,
    });
    const { initialState, withInputs } = await import('./harness.js');
    const { input } = await import('../fake-slack/index.js');
    const res = await h.submit(
      U.gerenteSp,
      opened.view,
      withInputs(initialState(opened.view), { name: input.plainText('Da Home') }),
    );
    expect(res.body).toBe('');
    const dm = `D${U.gerenteSp.slice(1)}`;
    const [confirmation] = await h.fake.waitFor(
      (_c, f) => f.messages(dm).length > 0 && f.messages(dm),
    );
    expect(confirmation!.text).toBe('Visão “Da Home” criada.');
    const republished = await h.fake.waitFor((_c, f) =>
      f.views().find((v) => v.method === 'views.publish' && v.user === U.gerenteSp),
    );
    expect(allText(republished.view)).toContain('Da Home');
    const gerente = await h.viewer('gerenteSp');
    const saved = (await import('../../src/core/views/views.js')).findView(
      h.db,
      gerente,
      'Da Home',
    );
    expect((await getView(h.db, gerente, (await saved).id)).ownerId).toBe(gerente.id);
  });
});

describe('assinar / assinaturas', () => {
  it('hands both to the subscriptions module (linked users only)', async () => {
    for (const text of ['assinar Sem contratos no mês toda segunda 8h', 'assinaturas']) {
      const r = await answer(U.vend1, text);
      expect(r.text ?? '').not.toContain('Não conheço o comando');
      expect(r.text).not.toBe(NOT_LINKED_TEXT);
      const stranger = await answer(U.stranger, text);
      expect(stranger.text).toBe(NOT_LINKED_TEXT);
    }
    expect(CH.vendas).toBe('C0VENDAS001');
  });
});
