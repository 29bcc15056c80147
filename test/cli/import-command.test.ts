/**
 * `carteira import` as an operator runs it from cron or a pipe (no terminal): the report on
 * stdout, one progress line per finished file on stderr; and `carteira imports list`
 * shows the run, refused ones with their first problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD, withFiles, writeExport } from '../core/import/fixtures.js';
import { runCarteira } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { progressPrinter } from '../../src/cli/import-commands.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('carteira import', () => {
  it('without a terminal prints one line per finished file on stderr, the report on stdout', async () => {
    const folder = await writeExport(STANDARD);
    const r = await runCarteira(t.url, 'import', folder);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Importação concluída');
    const lines = r.stderr.trim().split('\n');
    // One line per file of the export, in import order, each with its rows; no redraws.
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'lojas.csv',
      'vendedores.csv',
      'especificadores.csv',
      'clientes.csv',
      'projetos.csv',
      'contratos.csv',
      'ambientes.csv',
      'pedidos.csv',
    ]);
    expect(lines[4]).toMatch(/^projetos\.csv: 3 linhas em \d+ s \([\d.]+ linhas\/s\)$/);
    expect(r.stderr).not.toContain('\r');

    const list = await runCarteira(t.url, 'imports', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/#\d+ +\d\d\/\d\d\/\d{4} \d\d:\d\d +concluída +CLI/);
  });

  it('a refused import is recorded with its first problem', async () => {
    const folder = await writeExport(
      withFiles(STANDARD, {
        'lojas.csv': 'codigo;nome;fuso\nL1;Loja Centro;Marte/Olimpo\n',
      }),
    );
    const r = await runCarteira(t.url, 'import', folder);
    expect(r.code).toBe(1);
    const list = await runCarteira(t.url, 'imports', 'list', '--format', 'json');
    const runs = JSON.parse(list.stdout) as {
      status: string;
      errors: { file: string; line: number }[];
    }[];
    // Each CLI process has its own clock (under faketime each starts at the same instant), so
    // the refused run is looked up by status rather than assumed to be the newest.
    expect(runs.map((x) => x.status).sort()).toEqual(['ok', 'refused']);
    const refused = runs.find((x) => x.status === 'refused')!;
    expect(refused.errors[0]).toMatchObject({ file: 'lojas.csv', line: 2 });
    const text = await runCarteira(t.url, 'imports', 'list');
    expect(text.stdout).toMatch(/recusada[\s\S]*lojas\.csv, linha 2:/);
  });

  it('on a terminal redraws one line per file with rows, rows/s and time left', () => {
    let out = '';
    let clock = 0;
    const print = progressPrinter(
      (s) => (out += s),
      true,
      () => clock,
    );
    const p = { file: 'projetos.csv', bytesTotal: 1000 };
    print({ ...p, rows: 0, bytesRead: 0, done: false });
    clock = 1000;
    print({ ...p, rows: 500, bytesRead: 250, done: false });
    clock = 2000;
    print({ ...p, rows: 1000, bytesRead: 500, done: false });
    clock = 4000;
    print({ ...p, rows: 2000, bytesRead: 1000, done: true });
    const frames = out.split('\r\x1b[2K').filter(Boolean);
    expect(frames[1]).toBe('projetos.csv: 1.000 linhas, 500 linhas/s, 50%, faltam ~2 s');
    expect(frames.at(-1)).toBe('projetos.csv: 2.000 linhas em 4 s (500 linhas/s)\n');
  });
});
