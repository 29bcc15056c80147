import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_CSV_FILES,
  exportDemoCsv,
  generateDemo,
  type DemoCsvFile,
} from '../../../src/core/demo/index.js';
import { hashFolder } from './helpers.js';

const OPTIONS = { projects: 600, seed: 11, today: '2026-11-18' };

async function lines(folder: string, file: DemoCsvFile): Promise<string[][]> {
  const text = await readFile(join(folder, file), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => l.split(';'));
}

describe('exportDemoCsv', () => {
  let dir: string;
  let a: string;
  let b: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'carteira-demo-csv-'));
    a = join(dir, 'a');
    b = join(dir, 'b');
    await exportDemoCsv(a, OPTIONS);
    await exportDemoCsv(b, OPTIONS);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the same bytes for the same seed and date', async () => {
    expect(await hashFolder(b)).toBe(await hashFolder(a));
    const c = join(dir, 'c');
    await exportDemoCsv(c, { ...OPTIONS, seed: 12 });
    expect(await hashFolder(c)).not.toBe(await hashFolder(a));
  });

  it('writes the eight files of docs/import-format.md with their headers and one row per record', async () => {
    const data = generateDemo(OPTIONS);
    const counts = Object.fromEntries(data.tables.map((t) => [t.table, [...t.rows()].length]));
    const expected: Record<DemoCsvFile, number> = {
      'lojas.csv': counts.stores!,
      'vendedores.csv': counts.salespeople!,
      'especificadores.csv': counts.specifiers!,
      'clientes.csv': counts.clients!,
      'projetos.csv': counts.projects!,
      'ambientes.csv': counts.environments!,
      'contratos.csv': counts.contracts!,
      'pedidos.csv': counts.purchase_orders!,
    };
    for (const [file, header] of Object.entries(DEMO_CSV_FILES) as [
      DemoCsvFile,
      readonly string[],
    ][]) {
      const rows = await lines(a, file);
      expect(rows[0]).toEqual([...header]);
      expect(rows.length - 1).toBe(expected[file]);
      // Fields never need quoting: splitting on ';' gives every column.
      for (const r of rows) expect(r.length).toBe(header.length);
    }
    expect((await lines(a, 'projetos.csv'))[0]).toEqual([
      'codigo',
      'cliente',
      'loja',
      'responsavel',
      'criado_em',
      'especificador',
      'situacao_fechamento',
      'provavel_venda',
      'previsao_fechamento',
      'valor_estimado',
      'ultimo_contato',
    ]);
  });

  it('uses pt-BR dates in local time, pt-BR money and labels, and resolvable references', async () => {
    const projetos = (await lines(a, 'projetos.csv')).slice(1);
    const ambientes = (await lines(a, 'ambientes.csv')).slice(1);
    const contratos = (await lines(a, 'contratos.csv')).slice(1);
    const pedidos = (await lines(a, 'pedidos.csv')).slice(1);
    const clientes = new Set((await lines(a, 'clientes.csv')).slice(1).map((r) => r[0]));
    const emails = new Set((await lines(a, 'vendedores.csv')).slice(1).map((r) => r[0]));
    const dateTime = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/;
    const money = /^\d{1,3}(\.\d{3})*,\d{2}$/;
    for (const p of projetos) {
      expect(p[4]).toMatch(dateTime);
      expect(p[10]).toMatch(dateTime);
      expect(p[9]).toMatch(money);
      expect(['sim', 'não']).toContain(p[7]);
      expect(p[8] === '' || /^\d{2}\/\d{2}\/\d{4}$/.test(p[8]!)).toBe(true);
      expect(clientes.has(p[1])).toBe(true);
      expect(emails.has(p[3])).toBe(true);
    }
    const projectCodes = new Set(projetos.map((p) => p[0]));
    const contractCodes = new Set(contratos.map((c) => c[0]));
    for (const r of ambientes) {
      expect(projectCodes.has(r[1])).toBe(true);
      expect(r[3]).toMatch(money);
      expect(r[4] === '' || contractCodes.has(r[4])).toBe(true);
    }
    const labels = new Set(contratos.map((c) => c[4]));
    expect(labels).toEqual(
      new Set([
        'Contratado',
        'Em revisão',
        'Pedido',
        'Entrega',
        'Montagem',
        'Assistência técnica',
        'Concluído',
        'Cancelado',
      ]),
    );
    for (const c of contratos) expect(c[3]).toMatch(dateTime);
    for (const o of pedidos) {
      expect(contractCodes.has(o[1])).toBe(true);
      expect(o[3]).toMatch(dateTime);
    }
    // Manaus is UTC−4: a timestamp shows the store's wall clock, not São Paulo's.
    const data = generateDemo(OPTIONS);
    const manaus = [...data.projects()].find((p) => p.store.timezone === 'America/Manaus')!;
    const row = projetos.find((p) => p[0] === manaus.code)!;
    const utc = new Date(manaus.createdMs);
    const local = new Date(manaus.createdMs - 4 * 3_600_000);
    expect(utc.getUTCHours()).not.toBe(local.getUTCHours());
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(row[4]).toBe(
      `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ` +
        `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    );
  });
});
