/**
 * Charts in Slack, through the fake Slack: `ver` uploads the view's chart (to the user's
 * DM for a private answer, to the channel for `canal`) with its alt text and links to it
 * from the message; "Gráfico" on results uploads it where the button was clicked; a view
 * without a chart uploads nothing and says how to add one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createView } from '../../src/core/views/views.js';
import type { RecordedFile } from '../fake-slack/index.js';
import { CH, U, allText, expectValidMessage, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => h.fake.reset());

function pngSize(file: RecordedFile): [number, number] {
  expect(file.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [file.bytes.readUInt32BE(16), file.bytes.readUInt32BE(20)];
}

async function oneFile(channel?: string): Promise<RecordedFile> {
  const [file] = await h.fake.waitFor((_c, f) => f.files(channel).length > 0 && f.files(channel));
  return file!;
}

function altTexts(): string[] {
  return h.fake.calls
    .filter((c) => c.method === 'files.getUploadURLExternal')
    .map((c) => String(c.args.alt_text ?? ''));
}

describe('ver with a chart', () => {
  it('a private answer: the PNG goes to the user’s DM and the message links to it', async () => {
    const { res, responseUrl } = await h.command(U.admin, 'ver Situação dos contratos');
    expect(res.status).toBe(200);
    const [answer] = await h.responses(responseUrl);
    expectValidMessage(answer!.body);
    expect(answer!.response_type).toBe('ephemeral');
    const file = h.fake.files().find((f) => f.filename.endsWith('.png'))!;
    expect(file).toBeDefined();
    expect(file.channel).toMatch(/^D/); // the DM, never the channel: the answer is private
    expect(file.filename).toBe('situacao-dos-contratos-2026-11-27.png');
    expect(pngSize(file)).toEqual([1200, 675]);
    expect(allText(answer!.body)).toContain('Gráfico no seu privado');
    expect(allText(answer!.body)).toContain(file.id);
    const [alt] = altTexts();
    expect(alt).toMatch(/^Situação dos contratos — 01\/01\/2026 a 31\/12\/2026\. Valor contratado/);
    expect(alt).toMatch(/Total: R\$ [\d.]+,\d\d em \d+ projetos?\.$/);
  });

  it('`canal`: the PNG is shared in the channel with the message', async () => {
    const { responseUrl } = await h.command(U.gerenteSp, 'ver Com contratos no mês canal');
    const [answer] = await h.responses(responseUrl);
    expect(answer!.response_type).toBe('in_channel');
    const file = await oneFile(CH.vendas);
    expect(file.filename).toMatch(/^com-contratos-no-mes-.*\.png$/);
    expect(file.initial_comment).toContain(`<@${U.gerenteSp}>`);
    expect(allText(answer!.body)).toContain(':bar_chart: Gráfico:');
  });

  it('a view without a chart: no upload, no chart line', async () => {
    const vend2 = await h.viewer('vend2');
    await createView(h.db, vend2, {
      name: 'Sem gráfico nenhum',
      visibility: 'private',
      definition: { columns: ['project', 'client'] },
    });
    const { responseUrl } = await h.command(U.vend2, 'ver Sem gráfico nenhum');
    const [answer] = await h.responses(responseUrl);
    expect(allText(answer!.body)).not.toContain('Gráfico');
    expect(h.fake.files()).toEqual([]);
  });
});

describe('the Gráfico button', () => {
  it('uploads the chart with the clicker’s rights to the message’s channel', async () => {
    const view = await h.view('vend2', 'Sem contratos no mês');
    await h.click(U.vend2, 'report_chart', String(view.id));
    const file = await oneFile(CH.vendas);
    expect(pngSize(file)).toEqual([1200, 675]);
    // vend2's own portfolio: one project (P-03), and the alt text says so.
    expect(altTexts()[0]).toContain('Total: 1 projeto.');
  });

  it('on a view without a chart, says how to add one', async () => {
    const vend2 = await h.viewer('vend2');
    const v = await createView(h.db, vend2, {
      name: 'Outra sem gráfico',
      visibility: 'private',
      definition: { columns: ['project'] },
    });
    const { responseUrl } = await h.click(U.vend2, 'report_chart', String(v.id));
    const [answer] = await h.responses(responseUrl!);
    expect(allText(answer!.body)).toMatch(/não tem gráfico.*Editar/);
    expect(h.fake.files()).toEqual([]);
  });
});
