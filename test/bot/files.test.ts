/**
 * PDF, CSV and XLSX: generated with the user's rights and uploaded through Slack's two-step
 * external upload (getUploadURLExternal → POST bytes → completeUploadExternal) to the
 * channel where the command or button was used; public channels are joined first, private
 * ones and DMs are explained or redirected.
 */
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedFile } from '../fake-slack/index.js';
import { CH, U, expectValidMessage, sleep, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => h.fake.reset());

function csvProjects(file: RecordedFile): string[] {
  const text = file.bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  expect(lines[0]).toContain('Projeto;Cliente;Responsável');
  return lines.slice(1).flatMap((l) => (/^P-\d\d;/.test(l) ? [l.split(';')[0]!] : []));
}

async function xlsxProjects(file: RecordedFile): Promise<string[]> {
  expect(file.bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
  const found: string[] = [];
  wb.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && /^P-\d\d$/.test(cell.value)) found.push(cell.value);
      }),
    ),
  );
  return found;
}

function methods(): string[] {
  return h.fake.calls.map((c) => c.method);
}

async function oneFile(channel?: string): Promise<RecordedFile> {
  const [file] = await h.fake.waitFor((_c, f) => f.files(channel).length > 0 && f.files(channel));
  return file!;
}

describe('ver <visão> pdf|csv|xlsx', () => {
  it('uploads the CSV to the command’s channel through the external upload, with the user’s rows', async () => {
    const { res } = await h.command(U.gerenteSp, 'ver Sem contratos no mês csv');
    expect(res.status).toBe(200);
    const file = await oneFile(CH.vendas);
    expect(file.filename).toBe('sem-contratos-no-mes-2026-11-27.csv');
    expect(file.declaredLength).toBe(file.bytes.length);
    expect(file.initial_comment).toContain('Sem contratos no mês');
    expect(file.initial_comment).toContain(`<@${U.gerenteSp}>`);
    const seq = methods().filter((m) => m.startsWith('files.') || m === 'upload');
    expect(seq).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const complete = h.fake.calls.find((c) => c.method === 'files.completeUploadExternal')!;
    expect(complete.args.channel_id).toBe(CH.vendas);
    const view = await h.view('gerenteSp', 'Sem contratos no mês');
    expect(csvProjects(file).sort()).toEqual(
      (await h.expected('gerenteSp', view, 1000)).projects.sort(),
    );
  });

  it('uploads a PDF', async () => {
    await h.command(U.admin, 'ver Situação dos contratos PDF');
    const file = await oneFile(CH.vendas);
    expect(file.filename).toMatch(/\.pdf$/);
    expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('uploads an XLSX with only a vendedor’s rows', async () => {
    await h.command(U.vend2, 'ver Com contratos no mês xlsx');
    let file = await oneFile(CH.vendas);
    const view = await h.view('vend2', 'Com contratos no mês');
    expect(await xlsxProjects(file)).toEqual((await h.expected('vend2', view)).projects);
    h.fake.reset();
    await h.command(U.vend1, 'ver Sem contratos no mês xlsx');
    file = await oneFile(CH.vendas);
    expect((await xlsxProjects(file)).sort()).toEqual(['P-01', 'P-03']);
  });

  it('joins a public channel it is not in before uploading', async () => {
    await h.command(U.vend1, 'ver Sem contratos no mês csv', { channel: CH.geral });
    const file = await oneFile(CH.geral);
    expect(csvProjects(file).sort()).toEqual(['P-01', 'P-03']);
    const seq = methods();
    expect(seq.indexOf('conversations.join')).toBeGreaterThanOrEqual(0);
    expect(seq.indexOf('conversations.join')).toBeLessThan(
      seq.indexOf('files.getUploadURLExternal'),
    );
  });

  it('explains how to add the bot to a private channel, and uploads nothing', async () => {
    const { responseUrl } = await h.command(U.vend1, 'ver Sem contratos no mês pdf', {
      channel: CH.diretoria,
    });
    const [answer] = await h.responses(responseUrl);
    expect(answer!.response_type).toBe('ephemeral');
    expect(answer!.text).toContain('/invite @Carteira');
    expect(answer!.text).toContain('privado');
    expectValidMessage(answer!.body);
    await sleep(100);
    expect(methods()).not.toContain('files.getUploadURLExternal');
    expect(h.fake.files()).toEqual([]);
  });

  it('uploads into the DM with the bot when the command came from there', async () => {
    const dm = `D${U.vend1.slice(1)}`;
    const { responseUrl } = await h.command(U.vend1, 'ver Sem contratos no mês csv', {
      channel: dm,
    });
    const file = await oneFile(dm);
    expect(csvProjects(file).sort()).toEqual(['P-01', 'P-03']);
    await sleep(100);
    expect(h.fake.responses(responseUrl)).toEqual([]); // nothing more to say
  });

  it('opens the DM with a user once, not for every file (conversations.open is Tier 3)', async () => {
    const dm = `D${U.vend2.slice(1)}`;
    await h.command(U.vend2, 'ver Sem contratos no mês csv', { channel: CH.grupo });
    await h.fake.waitFor((_c, f) => f.files(dm).length === 1);
    await h.command(U.vend2, 'ver Com contratos no mês csv', { channel: CH.grupo });
    await h.fake.waitFor((_c, f) => f.files(dm).length === 2);
    // At most the first request asks (an earlier test may already have opened this DM).
    expect(methods().filter((m) => m === 'conversations.open').length).toBeLessThanOrEqual(1);
  });

  it('a DM that could not be opened is asked for again on the next request', async () => {
    const dm = `D${U.vman.slice(1)}`;
    h.fake.failNext('conversations.open', { error: 'fatal_error' });
    const first = await h.command(U.vman, 'ver Sem contratos no mês csv', { channel: CH.grupo });
    const [answer] = await h.responses(first.responseUrl);
    expectValidMessage(answer!.body);
    expect(h.fake.files(dm)).toEqual([]);
    await h.command(U.vman, 'ver Sem contratos no mês csv', { channel: CH.grupo });
    const file = await oneFile(dm);
    expect(file.filename).toMatch(/\.csv$/);
  });

  it('from a DM between people, sends the file to the DM with the bot and says so', async () => {
    const { responseUrl } = await h.command(U.vend1, 'ver Sem contratos no mês csv', {
      channel: 'D0OUTRAPESS',
    });
    const file = await oneFile(`D${U.vend1.slice(1)}`);
    expect(file.filename).toMatch(/\.csv$/);
    const [answer] = await h.responses(responseUrl);
    expect(answer!.text).toContain('conversa direta');
  });

  it('from a group DM, sends the file to the DM with the bot (no /invite advice)', async () => {
    const { responseUrl } = await h.command(U.vend1, 'ver Sem contratos no mês csv', {
      channel: CH.grupo,
    });
    const file = await oneFile(`D${U.vend1.slice(1)}`);
    expect(file.filename).toMatch(/\.csv$/);
    const [answer] = await h.responses(responseUrl);
    expect(answer!.text).toContain('conversa direta');
    expect(answer!.text).not.toContain('/invite');
    const info = h.fake.calls.find(
      (c) => c.method === 'conversations.info' && c.args.channel === CH.grupo,
    );
    expect(info?.response.ok).toBe(true); // the manifest grants mpim:read
  });

  it('explains a refused upload in Portuguese', async () => {
    h.fake.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const { responseUrl } = await h.command(U.vend1, 'ver Sem contratos no mês csv');
    const [answer] = await h.responses(responseUrl);
    expect(answer!.text).toContain('/invite @Carteira');
  });
});

describe('file buttons', () => {
  it('a vendedor clicking CSV on a gerente’s message gets a file with only their own rows', async () => {
    // The gerente posts the store's result for everyone.
    const { responseUrl } = await h.command(U.gerenteSp, 'ver Sem contratos no mês canal');
    const [posted] = await h.responses(responseUrl);
    const buttons = (
      posted!.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    ).find((b) => b.type === 'actions')!.elements!;
    const csv = buttons.find((b) => b.action_id === 'report_csv')!;
    h.fake.reset();

    await h.click(U.vend2, 'report_csv', csv.value, {
      message: { ...posted!.body, ts: '1790000000.000100' },
    });
    const file = await oneFile(CH.vendas);
    expect(csvProjects(file)).toEqual(['P-03']);
    expect(file.initial_comment).toContain(`<@${U.vend2}>`);
  });

  it('PDF and XLSX buttons work from an ephemeral result too', async () => {
    const view = await h.view('vend1', 'Sem contratos no mês');
    await h.click(U.vend1, 'report_pdf', String(view.id), { isEphemeral: true });
    const pdf = await oneFile(CH.vendas);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    h.fake.reset();
    await h.click(U.vend1, 'report_xlsx', String(view.id), { isEphemeral: true });
    expect((await xlsxProjects(await oneFile(CH.vendas))).sort()).toEqual(['P-01', 'P-03']);
  });

  it('the PDF button in the App Home sends the file by DM', async () => {
    const view = await h.view('vend2', 'Sem contratos no mês');
    await h.click(U.vend2, 'report_pdf', String(view.id), {
      view: { type: 'home', callback_id: '' },
    });
    const file = await oneFile(`D${U.vend2.slice(1)}`);
    expect(file.filename).toMatch(/\.pdf$/);
  });

  it('a button whose value is not a view the user may see gives a Portuguese answer and no file', async () => {
    const vend1 = await h.viewer('vend1');
    const { createView } = await import('../../src/core/views/views.js');
    const secret = await createView(h.db, vend1, {
      name: 'Só minha',
      visibility: 'private',
      definition: { columns: ['project'] },
    });
    for (const value of [String(secret.id), '999999', 'abc', '1 OR 1=1', '']) {
      const { responseUrl } = await h.click(U.vend2, 'report_csv', value);
      const [answer] = await h.responses(responseUrl!);
      expect(answer!.text).toMatch(/Visão não encontrada|não existe mais/);
    }
    expect(h.fake.files()).toEqual([]);
  });
});
