import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportRow } from '../../../src/core/portfolio/result.js';
import { csvChunks, writeCsv } from '../../../src/core/render/csv.js';
import { makeRows, MIXED_COLUMNS, rowGenerator } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'carteira-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function csvText(
  rows: Iterable<ReportRow> | AsyncIterable<ReportRow>,
  totals?: Parameters<typeof csvChunks>[2],
) {
  let s = '';
  for await (const chunk of csvChunks(MIXED_COLUMNS, rows, totals)) s += chunk;
  return s;
}

function parseCsv(text: string): string[][] {
  return parse(text, { delimiter: ';', bom: true, relax_column_count: false }) as string[][];
}

describe('CSV', () => {
  it('starts with a BOM, uses ; and CRLF, and keeps accents', async () => {
    const text = await csvText(makeRows(3));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFProjeto;Cliente;Responsável;Situação;Provável venda;Ambientes;Último contato;Valor do projeto;Valor contratado',
    );
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toContain('Maria Conceição');
  });

  it('parses back to the same rows with pt-BR values Excel reads as numbers', async () => {
    const rows = makeRows(25);
    const parsed = parseCsv(await csvText(rows));
    expect(parsed).toHaveLength(26);
    const [header, first, second] = parsed;
    expect(header[3]).toBe('Situação');
    expect(first).toEqual([
      'P-00001',
      'João da Silva',
      'Ana Souza',
      'Sem contrato',
      'Sim',
      '1',
      '',
      '1234,56',
      '1000,00',
    ]);
    expect(second).toEqual([
      'P-00002',
      'Maria Conceição',
      'Bruno Câmara',
      'Contratado',
      'Não',
      '2',
      '02/10/2026',
      '1235,56',
      '0,00',
    ]);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(rows.map((r) => r.project));
  });

  it('quotes delimiters, quotes and line breaks (RFC 4180)', async () => {
    const row = { ...makeRows(1)[0], client: 'Silva; "Zé"\nFilho' };
    const text = await csvText([row]);
    expect(text).toContain('"Silva; ""Zé""\nFilho"');
    expect(parseCsv(text)[1][1]).toBe('Silva; "Zé"\nFilho');
  });

  it('neutralises formula injection in text cells', async () => {
    const evil = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const rows = evil.map((client, i) => ({ ...makeRows(1, i)[0], client }));
    const parsed = parseCsv(await csvText(rows));
    expect(parsed.slice(1).map((r) => r[1])).toEqual(evil.map((e) => `'${e}`));
    // Negative money is a number, not text, and is not prefixed.
    const negative = parseCsv(await csvText([{ ...makeRows(1)[0], estimated_value: -10.5 }]));
    expect(negative[1][7]).toBe('-10,50');
  });

  it('appends a totals row when asked', async () => {
    const parsed = parseCsv(
      await csvText(makeRows(2), {
        totals: { count: 134, estimated_value: 120000.5, contract_value: 0 },
      }),
    );
    expect(parsed.at(-1)).toEqual([
      'Total: 134 projetos',
      '',
      '',
      '',
      '',
      '',
      '',
      '120000,50',
      '0,00',
    ]);
  });

  it('streams 20,000 rows from an async source to a file', async () => {
    const file = join(dir, 'big.csv');
    async function* slowRows() {
      for (const r of rowGenerator(20_000)) yield r;
    }
    await writeCsv(MIXED_COLUMNS, slowRows(), file, {
      totals: { count: 20_000, estimated_value: 1, contract_value: 2 },
    });
    const parsed = parseCsv(readFileSync(file, 'utf8'));
    expect(parsed).toHaveLength(20_002);
    expect(parsed[20_000][0]).toBe('P-20000');
  });

  it('waits for a slow Writable instead of buffering everything', async () => {
    let maxPending = 0;
    const received: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        received.push(chunk);
        setTimeout(cb, 1);
      },
    });
    const watcher = setInterval(() => (maxPending = Math.max(maxPending, slow.writableLength)), 1);
    await writeCsv(MIXED_COLUMNS, rowGenerator(5_000), slow);
    clearInterval(watcher);
    expect(slow.writableFinished).toBe(true);
    expect(parseCsv(Buffer.concat(received).toString('utf8'))).toHaveLength(5_001);
    expect(maxPending).toBeLessThan(200 * 1024);
  });

  it('removes a half-written file when the rows fail midway', async () => {
    const file = join(dir, 'broken.csv');
    async function* failing() {
      yield* rowGenerator(1_000);
      throw new Error('conexão perdida');
    }
    await expect(writeCsv(MIXED_COLUMNS, failing(), file)).rejects.toThrow('conexão perdida');
    expect(existsSync(file)).toBe(false);
  });
});
