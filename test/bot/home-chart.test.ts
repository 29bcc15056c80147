/**
 * "Visão fixada" on the App Home: the menu to pin a view, the pinned view's chart (text bars
 * run with the viewer's rights, "Ver" and "Gráfico"), unpinning, and a forged choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedView } from '../../src/core/views/pinned-view.js';
import {
  appHomeOpenedEvent,
  blockActionPayload,
  sendEvent,
  sendInteraction,
} from '../fake-slack/index.js';
import { SECRET, U, allText, expectValidModal, startHarness, type Harness } from './harness.js';

type Json = Record<string, unknown>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function openHome(user: string) {
  const before = h.fake.views().length;
  const res = await sendEvent(h.bot.url, SECRET, appHomeOpenedEvent({ user }));
  expect(res.status).toBe(200);
  const published = await h.fake.waitFor((_c, f) => f.views().length > before && f.views()[before]);
  expect(published.method).toBe('views.publish');
  expectValidModal(published.view);
  return published.view;
}

async function choose(user: string, value: string) {
  const before = h.fake.views().length;
  const res = await sendInteraction(
    h.bot.url,
    SECRET,
    blockActionPayload({
      user,
      actionId: 'home_pin',
      blockId: 'home_pin',
      type: 'static_select',
      action: { selected_option: { text: { type: 'plain_text', text: value }, value } },
      view: { type: 'home' },
    }),
  );
  expect(res.status).toBe(200);
  return before;
}

function pinMenu(view: Json): Json {
  const block = (view.blocks as Json[]).find((b) => b.block_id === 'home_pin')!;
  return (block.elements as Json[])[0]!;
}

describe('Visão fixada', () => {
  it('without a pin: the menu on "Nenhuma" and a hint', async () => {
    const view = await openHome(U.gerenteSp);
    const menu = pinMenu(view);
    expect((menu.initial_option as Json).value).toBe('none');
    expect(allText(view)).toContain('Fixe uma visão para ver o gráfico dela aqui.');
  });

  it('pinning a starter view republishes the Home with its chart, in the viewer’s rights', async () => {
    const target = await h.view('gerenteSp', 'Situação dos contratos');
    const before = await choose(U.gerenteSp, String(target.id));
    const published = await h.fake.waitFor(
      (_c, f) => f.views().length > before && f.views()[before],
    );
    expect(published.method).toBe('views.publish');
    expectValidModal(published.view);
    const text = allText(published.view);
    expect(text).toContain('Situação dos contratos —');
    expect(text).toContain('Valor contratado por situação');
    expect(text).toMatch(/█/);
    expect(text).toContain('Gustavo Gerente (gerente)');
    expect((pinMenu(published.view).initial_option as Json).value).toBe(String(target.id));
    const actions = (published.view.blocks as Json[]).find(
      (b) => b.block_id === `home_pin_${target.id}`,
    )!;
    expect((actions.elements as Json[]).map((e) => e.action_id)).toEqual([
      'view_run',
      'report_chart',
    ]);
    expect((await pinnedView(h.db, await h.viewer('gerenteSp')))?.id).toBe(target.id);
    // Opening the Home again shows it too.
    expect(allText(await openHome(U.gerenteSp))).toContain('Valor contratado por situação');
  });

  it('"Nenhuma" unpins; a forged value changes nothing', async () => {
    const gerente = await h.viewer('gerenteSp');
    const target = await h.view('gerenteSp', 'Sem contratos no mês');
    const before = await choose(U.gerenteSp, String(target.id));
    await h.fake.waitFor((_c, f) => f.views().length > before);
    expect((await pinnedView(h.db, gerente))?.id).toBe(target.id);
    await choose(U.gerenteSp, '1; DROP TABLE saved_views');
    expect((await pinnedView(h.db, gerente))?.id).toBe(target.id);
    const unpin = await choose(U.gerenteSp, 'none');
    await h.fake.waitFor((_c, f) => f.views().length > unpin);
    expect(await pinnedView(h.db, gerente)).toBeNull();
  });
});
