/**
 * Subscriptions through the real bot, the way Slack drives it (signed commands and
 * interactions against the fake Slack): the quick form, the modal (preview of the next
 * three send times, redraws, validation errors by block, vendedor limited to the DM), the
 * list and its buttons, and the App Home section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.js';
import { createLogger } from '../../../src/core/logger.js';
import { validateModal } from '../../../src/core/render/slack-limits.js';
import { listSubscriptions } from '../../../src/core/subscriptions/list-subscriptions.js';
import { loadSubscription } from '../../../src/core/subscriptions/subscription.js';
import { subscriptionsHomeSection } from '../../../src/bot/subscriptions/index.js';
import { initialState, input, type Json, type StateValues } from '../../fake-slack/index.js';
import { allText, CH, startHarness, U, type Harness } from '../harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type View = Json & {
  blocks: Json[];
  id: string;
  hash: string;
  private_metadata: string;
  callback_id: string;
};

const stateOf = (view: View): StateValues => initialState(view);

const blockIds = (view: View) => view.blocks.map((b) => b.block_id);
const previewOf = (view: View) =>
  JSON.stringify(view.blocks.find((b) => b.block_id === 'sub_preview'));

async function openModal(user: string, text = 'Sem contratos no mês'): Promise<View> {
  const before = h.fake.views().length;
  await h.command(user, `assinar ${text}`, { trigger: true });
  const opened = await h.fake.waitFor(
    (_c, f) => f.views().length > before && f.views()[f.views().length - 1],
  );
  expect(opened.method).toBe('views.open');
  return opened.view as View;
}

describe('the quick form', () => {
  it('creates a subscription in one line and answers with the next three send times', async () => {
    const { responseUrl } = await h.command(
      U.gerenteSp,
      'assinar Sem contratos no mês toda segunda 8h <#C0VENDAS001|vendas> pdf',
    );
    const [answer] = await h.responses(responseUrl);
    expect(answer!.text).toContain('criada');
    expect(allText(answer!.body)).toContain(
      'Próximos envios:* seg., 30/11/2026 08:00 · seg., 07/12/2026 08:00 · seg., 14/12/2026 08:00',
    );
    const subs = await listSubscriptions(h.db, await h.viewer('gerenteSp'), { scope: 'mine' });
    expect(subs.at(-1)).toMatchObject({
      destination: 'channel',
      channelId: CH.vendas,
      format: 'pdf',
      cron: '0 8 * * 1',
    });
  });

  it('tells a vendedor that channels are for gerentes, and subscribes their DM when no channel is given', async () => {
    const { responseUrl } = await h.command(
      U.vend1,
      'assinar Sem contratos no mês toda segunda 8h <#C0VENDAS001|vendas>',
    );
    const [refused] = await h.responses(responseUrl);
    expect(refused!.text).toContain('só na sua DM');
    const ok = await h.command(U.vend1, 'assinar Sem contratos no mês dias úteis 7h30 csv');
    const [created] = await h.responses(ok.responseUrl);
    expect(created!.text).toContain('na DM de Vera Um');
    expect(created!.text).toContain('Dias úteis às 07:30');
  });

  it('explains a quick form it cannot read', async () => {
    const { responseUrl } = await h.command(
      U.gerenteSp,
      'assinar Sem contratos no mês toda segunda 25h',
    );
    const [answer] = await h.responses(responseUrl);
    expect(answer!.text).toContain('Horário inválido');
  });
});

describe('the modal', () => {
  it('opens for a view with the current channel preselected, the schedule in words and the next three times', async () => {
    const view = await openModal(U.gerenteSp);
    expect(view.callback_id).toBe('subscription_modal');
    expect(validateModal(view)).toEqual([]);
    const channel = view.blocks.find((b) => b.block_id === 'sub_channel')!.element as Json;
    expect(channel).toMatchObject({
      type: 'conversations_select',
      initial_conversation: CH.vendas,
    });
    expect(previewOf(view)).toContain('Toda segunda-feira às 08:00');
    expect(previewOf(view)).toContain(
      'seg., 30/11/2026 08:00 · seg., 07/12/2026 08:00 · seg., 14/12/2026 08:00',
    );
  });

  it('offers a vendedor only their DM', async () => {
    const view = await openModal(U.vend1);
    const dest = view.blocks.find((b) => b.block_id === 'sub_dest')!.element as {
      options: { value: string }[];
    };
    expect(dest.options.map((o) => o.value)).toEqual(['dm']);
    expect(blockIds(view)).not.toContain('sub_channel');
    expect(JSON.stringify(view.blocks)).toContain('só na sua DM');
  });

  it('redraws as fields change, keeping the preview current', async () => {
    const view = await openModal(U.gerenteSp);
    const values = {
      ...stateOf(view),
      sub_freq: { sub_m_freq: input.staticSelect('monthly', 'Todo mês') },
      sub_time: { sub_m_time: input.timepicker('18:30') },
    };
    const before = h.fake.views().length;
    await h.click(U.gerenteSp, 'sub_m_freq', undefined, { view: { ...view, values } });
    const updated = await h.fake.waitFor(
      (_c, f) => f.views().length > before && f.views()[f.views().length - 1],
    );
    expect(updated.method).toBe('views.update');
    const redrawn = updated.view as View;
    expect(blockIds(redrawn)).toContain('sub_monthday');
    expect(blockIds(redrawn)).not.toContain('sub_weekdays');
    expect(previewOf(redrawn)).toContain('Todo dia 1º às 18:30');
    expect(previewOf(redrawn)).toContain('ter., 01/12/2026 18:30');
  });

  it('puts errors beside their inputs, then creates the subscription and confirms it', async () => {
    const view = await openModal(U.gerenteSp);
    const noDays = { ...stateOf(view), sub_weekdays: { sub_m_weekdays: input.checkboxes([]) } };
    const refused = await h.submit(U.gerenteSp, view, noDays);
    expect(refused.json()).toEqual({
      response_action: 'errors',
      errors: { sub_weekdays: 'Escolha pelo menos um dia da semana.' },
    });

    // Choosing "cron" redraws the modal with the cron input (as Slack would dispatch it).
    const cronFreq = { ...stateOf(view), sub_freq: { sub_m_freq: input.staticSelect('cron') } };
    const before = h.fake.views().length;
    await h.click(U.gerenteSp, 'sub_m_freq', undefined, { view: { ...view, values: cronFreq } });
    const withCron = (
      await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[f.views().length - 1])
    ).view as View;
    expect(blockIds(withCron)).toContain('sub_cron');
    const badCron = {
      ...stateOf(withCron),
      sub_freq: { sub_m_freq: input.staticSelect('cron') },
      sub_cron: { sub_m_cron: input.plainText('*/5 * * * *') },
    };
    const cronErr = (await h.submit(U.gerenteSp, withCron, badCron)).json() as {
      errors: Record<string, string>;
    };
    expect(cronErr.errors.sub_cron).toContain('muito frequente');

    const good = {
      ...stateOf(view),
      sub_weekdays: {
        sub_m_weekdays: input.checkboxes([
          { value: '1', text: 'Segunda' },
          { value: '5', text: 'Sexta' },
        ]),
      },
      sub_time: { sub_m_time: input.timepicker('09:15') },
      sub_format: { sub_m_format: input.staticSelect('table+xlsx') },
      sub_options: {
        sub_m_options: input.checkboxes([
          { value: 'skip_empty', text: 'Não enviar se vazio' },
          { value: 'only_if_changed', text: 'Só enviar se algo mudou' },
          { value: 'wait_for_import', text: 'Após a importação do dia' },
        ]),
      },
    };
    const done = await h.submit(U.gerenteSp, view, good);
    expect(done.status).toBe(200);
    const subs = await listSubscriptions(h.db, await h.viewer('gerenteSp'), { scope: 'mine' });
    expect(subs.at(-1)).toMatchObject({
      cron: '15 9 * * 1,5',
      channelId: CH.vendas,
      format: 'table+xlsx',
      skipEmpty: true,
      onlyIfChanged: true,
      waitForImport: true,
    });
    const confirmation = await h.fake.waitFor((_c, f) =>
      f.messages().find((m) => m.text?.includes(`#${subs.at(-1)!.id} criada`)),
    );
    expect(confirmation.text).toContain('Toda segunda e sexta às 09:15');
    expect(confirmation.text).toContain('Próximos envios:* seg., 30/11/2026 09:15');
  });

  it('opens from the “Assinar” button of a report', async () => {
    const view = await h.view('gerenteSp', 'Com contratos no mês');
    const before = h.fake.views().length;
    await h.click(U.gerenteSp, 'view_subscribe', String(view.id), { trigger: true });
    const opened = await h.fake.waitFor(
      (_c, f) => f.views().length > before && f.views()[f.views().length - 1],
    );
    expect(JSON.stringify((opened.view as View).blocks[0])).toContain('Com contratos no mês');
  });
});

describe('/carteira assinaturas', () => {
  it('lists the store’s subscriptions with their buttons, and the buttons work', async () => {
    const { responseUrl } = await h.command(U.gerenteSp, 'assinaturas');
    const [list] = await h.responses(responseUrl);
    const text = allText(list!.body);
    expect(text).toContain('dono: Vera Um'); // the vendedor's DM subscription, same store
    for (const id of ['sub_pause', 'sub_send_now', 'sub_history', 'sub_delete'])
      expect(text).toContain(id);
    const vendas = (await listSubscriptions(h.db, await h.viewer('gerenteSp'))).find(
      (s) => s.channelId === CH.vendas,
    )!;

    const pause = await h.click(U.gerenteSp, 'sub_pause', String(vendas.id), {
      message: list!.body,
    });
    const [paused] = await h.responses(pause.responseUrl!);
    expect(paused!.replace_original).toBe(true);
    expect(paused!.text).toContain(`Assinatura #${vendas.id} pausada`);
    expect((await loadSubscription(h.db, vendas.id))!.active).toBe(false);

    const resume = await h.click(U.gerenteSp, 'sub_resume', String(vendas.id));
    const [resumed] = await h.responses(resume.responseUrl!);
    expect(resumed!.text).toContain('retomada');

    const send1 = await h.click(U.gerenteSp, 'sub_send_now', String(vendas.id));
    const send2 = await h.click(U.gerenteSp, 'sub_send_now', String(vendas.id));
    const [first] = await h.responses(send1.responseUrl!);
    const [second] = await h.responses(send2.responseUrl!);
    expect(first!.text).toContain('Pedido de envio');
    expect(second!.text).toContain('para não enviar em dobro');

    const history = await h.click(U.gerenteSp, 'sub_history', String(vendas.id));
    const [hist] = await h.responses(history.responseUrl!);
    expect(allText(hist!.body)).toContain(`Histórico da assinatura #${vendas.id}`);

    // Someone else's store: not theirs to manage.
    const foreign = await h.click(U.gerenteMao, 'sub_pause', String(vendas.id));
    const [denied] = await h.responses(foreign.responseUrl!);
    expect(denied!.text).toContain('não encontrada');

    const del = await h.click(U.gerenteSp, 'sub_delete', String(vendas.id));
    const [deleted] = await h.responses(del.responseUrl!);
    expect(deleted!.text).toContain('excluída');
    expect(await loadSubscription(h.db, vendas.id)).toBeNull();
  });

  it('gives the App Home a valid section of the viewer’s own subscriptions', async () => {
    const deps = {
      database: h.test.database,
      db: h.db,
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      logger: createLogger('silent', 'test'),
      now: () => new Date('2026-11-27T15:00:00Z'),
    };
    const blocks = await subscriptionsHomeSection(deps, await h.viewer('vend1'));
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.length).toBeLessThanOrEqual(30);
    expect(validateModal({ type: 'home', blocks })).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('Dias úteis às 07:30');
  });
});
