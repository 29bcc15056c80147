import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvParser, readCsvFile, type CsvRecord } from '../../../src/core/import/csv-reader.js';
import { KeyIndex } from '../../../src/core/import/key-index.js';
import { tempDir } from '../../support/temp-dir.js';

/** Parses `text` fed in pieces of `step` characters (to cross chunk boundaries everywhere). */
function parse(
  text: string,
  step = text.length,
): { records: CsvRecord[]; delimiter: string | null } {
  const p = new CsvParser();
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += step) p.push(text.slice(i, i + step), records);
  p.finish(records);
  return { records, delimiter: p.delimiter };
}

const SAMPLE =
  '\ufeffcodigo;nome;obs\r\n' +
  'P1;"Silva; Maria";simples\r\n' +
  '\r\n' +
  'P2;"João ""Jota""";"duas\nlinhas"\n' +
  'P3;Ana;"fim"';

describe('CsvParser', () => {
  it('detects the delimiter, drops the BOM, handles quotes, CRLF and line breaks in fields', () => {
    for (const step of [SAMPLE.length, 1, 2, 3, 7]) {
      const { records, delimiter } = parse(SAMPLE, step);
      expect(delimiter).toBe(';');
      expect(records).toEqual([
        { line: 1, fields: ['codigo', 'nome', 'obs'] },
        { line: 2, fields: ['P1', 'Silva; Maria', 'simples'] },
        { line: 4, fields: ['P2', 'João "Jota"', 'duas\nlinhas'] },
        { line: 6, fields: ['P3', 'Ana', 'fim'] },
      ]);
    }
  });

  it('picks the comma when the header uses it (outside quotes)', () => {
    const { records, delimiter } = parse('codigo,"nome; completo",valor\nK1,"Ana; B","1.234,56"\n');
    expect(delimiter).toBe(',');
    expect(records[1]!.fields).toEqual(['K1', 'Ana; B', '1.234,56']);
  });

  it('reports an unterminated quote on the line where the record starts', () => {
    const { records } = parse('a;b\nx;"aberto\n\ny;z\n');
    expect(records[1]).toMatchObject({
      line: 2,
      error: expect.stringMatching(/aspas sem fechamento/),
    });
  });

  it('turns Windows line breaks inside quoted fields into \\n', () => {
    const { records } = parse('a;b\r\nx;"um\r\ndois"\r\n', 3);
    expect(records[1]).toEqual({ line: 2, fields: ['x', 'um\ndois'] });
  });

  it('keeps empty fields and trailing delimiters', () => {
    const { records } = parse('a;b;c\n;;\nx;;\n');
    expect(records.slice(1).map((r) => r.fields)).toEqual([
      ['', '', ''],
      ['x', '', ''],
    ]);
  });
});

describe('readCsvFile', () => {
  it('flags a file that is not UTF-8 with the line of the first bad byte', async () => {
    const dir = await tempDir('carteira-csv-');
    const path = join(dir, 'lojas.csv');
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from('codigo;nome\nL1;Loja\nL2;'),
        Buffer.from('Jo\xe3o', 'latin1'),
        Buffer.from('\n'),
      ]),
    );
    const state: { encodingErrorLine?: number } = {};
    for await (const batch of readCsvFile(path, state)) void batch;
    expect(state.encodingErrorLine).toBe(3);
  });
});

describe('KeyIndex', () => {
  it('lists every repeated key with the line of its first occurrence', () => {
    const k = new KeyIndex(4);
    for (let i = 0; i < 10_000; i++) k.add(`P-${i}`, i + 2);
    k.add('P-5', 20_000);
    k.add('P-9999', 20_001);
    expect(k.candidates).toEqual([20_000, 7, 20_001, 10_001]);
  });
});
