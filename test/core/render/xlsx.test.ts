import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { MONEY_FORMAT, sheetName, writeXlsx } from '../../../src/core/render/xlsx.js';
import { makeResult, makeRows, MIXED_COLUMNS, rowGenerator } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'carteira-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readBack(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0];
}

const col = (id: string) => MIXED_COLUMNS.findIndex((c) => c.id === id) + 1;

describe('XLSX', () => {
  it('writes typed cells under a bold, frozen, filterable header, and a totals row', async () => {
    const file = join(dir, 'report.xlsx');
    const meta = makeResult({
      totals: { count: 3, estimated_value: 3709.68, contract_value: 2020 },
    });
    await writeXlsx({ meta, rows: makeRows(3), out: file });
    const ws = await readBack(file);

    expect(ws.name).toBe('Situação dos contratos');
    expect(ws.getCell('A1').value).toBe('Situação dos contratos');
    expect(String(ws.getCell('A2').value)).toContain('01/11/2026 a 30/11/2026');

    // Title lines, a blank line, then the header.
    const headerRow = ws.getRow(6);
    expect(headerRow.getCell(1).value).toBe('Projeto');
    expect(headerRow.getCell(col('situation')).value).toBe('Situação');
    expect(headerRow.getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(ws.autoFilter).toBeTruthy();

    const first = ws.getRow(7);
    expect(first.getCell(1).value).toBe('P-00001');
    expect(first.getCell(col('client')).value).toBe('João da Silva');
    expect(first.getCell(col('situation')).value).toBe('Sem contrato');
    expect(first.getCell(col('probable_sale')).value).toBe('Sim');
    expect(first.getCell(col('environment_count')).value).toBe(1);
    expect(first.getCell(col('last_contact_at')).value).toBeNull();

    const money = first.getCell(col('estimated_value'));
    expect(money.value).toBe(1234.56);
    expect(money.numFmt).toBe(MONEY_FORMAT);

    const date = ws.getRow(8).getCell(col('last_contact_at'));
    expect(date.value).toBeInstanceOf(Date);
    const d = date.value as Date;
    expect([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]).toEqual([2026, 10, 2]);
    expect(date.numFmt).toBe('dd/mm/yyyy');

    const totals = ws.getRow(10);
    expect(totals.getCell(1).value).toBe('Total: 3 projetos');
    expect(totals.getCell(col('estimated_value')).value).toBe(3709.68);
    expect(totals.getCell(1).font?.bold).toBe(true);
  });

  it('without title rows the header is row 1 and frozen there', async () => {
    const file = join(dir, 'plain.xlsx');
    await writeXlsx({ meta: makeResult(), rows: makeRows(2), out: file, titleRows: false });
    const ws = await readBack(file);
    expect(ws.getRow(1).getCell(2).value).toBe('Cliente');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('streams 10,000 rows from an async source and keeps them all', async () => {
    const file = join(dir, 'big.xlsx');
    async function* slowRows() {
      for (const r of rowGenerator(10_000)) yield r;
    }
    await writeXlsx({
      meta: makeResult({ totals: { count: 10_000, estimated_value: 0, contract_value: 0 } }),
      rows: slowRows(),
      out: file,
      titleRows: false,
    });
    const ws = await readBack(file);
    expect(ws.rowCount).toBe(10_002);
    expect(ws.getRow(10_001).getCell(1).value).toBe('P-10000');
  });

  it('writes to a Writable', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeXlsx({ meta: makeResult(), rows: makeRows(2), out });
    const wb = new ExcelJS.Workbook();
    const bytes = Buffer.concat(chunks);
    // exceljs declares its own `Buffer` (an ArrayBuffer) in its typings.
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    expect(wb.worksheets[0].getCell('A1').value).toBe('Situação dos contratos');
  });

  it('makes a valid sheet name from any view name', () => {
    expect(sheetName('Sem contratos no mês')).toBe('Sem contratos no mês');
    expect(sheetName('Vendas: 2026/11 [loja*?] \\ fim')).toBe('Vendas 2026 11 loja fim');
    expect(sheetName('Uma visão com um nome muito comprido demais').length).toBeLessThanOrEqual(31);
    expect(sheetName("'Citação'")).toBe('Citação');
    expect(sheetName('///')).toBe('Relatório');
    expect(sheetName('History')).toBe('Relatório');
  });

  it('removes a half-written file when the rows fail midway', async () => {
    const file = join(dir, 'broken.xlsx');
    async function* failing() {
      yield* rowGenerator(1_000);
      throw new Error('conexão perdida');
    }
    await expect(writeXlsx({ meta: makeResult(), rows: failing(), out: file })).rejects.toThrow(
      'conexão perdida',
    );
    expect(existsSync(file)).toBe(false);
  });
});
