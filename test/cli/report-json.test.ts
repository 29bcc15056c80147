/**
 * `carteira report … --format json` as each role, on month and year boundaries, exactly as
 * docs/report-format.md specifies the JSON — run as a real process against the hand-made
 * portfolio (test/core/portfolio-fixture.ts), with answers worked out by hand.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture } from '../support/fixtures.js';
import { PORTFOLIO } from '../core/portfolio/portfolio-fixture.js';
import { runCarteira } from '../support/cli.js';

let t: TestDatabase;
let ids: Record<string, string>;
let people: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  await buildFixture(t.database, PORTFOLIO);
  const views = await t.database.db.selectFrom('saved_views').select(['id', 'name']).execute();
  ids = Object.fromEntries(views.map((v) => [v.name, String(v.id)]));
  const sp = await t.database.db.selectFrom('salespeople').select(['id', 'email']).execute();
  people = Object.fromEntries(sp.map((p) => [p.email, String(p.id)]));
});
afterAll(() => t.drop());

const carteira = (...args: string[]) => runCarteira(t.url, ...args);

async function report(view: string, as: string, at: string): Promise<unknown> {
  const r = await carteira('report', view, '--as', as, '--at', at, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('carteira report --format json', () => {
  it('a vendedor who supervises someone, on the last day of November', async () => {
    // vend1 sees their own P-01 and subordinate vend2's P-03 (20:00 of 30/11 in São Paulo).
    expect(await report('Sem contratos no mês', 'vend1@carteira.test', '2026-11-30')).toEqual({
      view: { id: ids['Sem contratos no mês'], name: 'Sem contratos no mês' },
      asOf: '2026-11-30',
      // No import recorded in this database: the data's age is unknown.
      dataAsOf: null,
      period: { field: 'project_created_at', from: '2026-11-01', to: '2026-11-30' },
      columns: [
        { id: 'project', label: 'Projeto' },
        { id: 'client', label: 'Cliente' },
        { id: 'salesperson', label: 'Responsável' },
        { id: 'closing_status', label: 'Situação de fechamento' },
        { id: 'environment_count', label: 'Ambientes' },
        { id: 'probable_sale', label: 'Provável venda' },
        { id: 'closing_forecast', label: 'Previsão de fechamento' },
        { id: 'estimated_value', label: 'Valor do projeto' },
      ],
      rows: [
        {
          project: 'P-01',
          client: 'João Conceição',
          salesperson: 'Vera Um',
          closing_status: 'Em negociação',
          environment_count: 3,
          probable_sale: true,
          closing_forecast: '2026-12-15',
          estimated_value: 10000,
        },
        {
          project: 'P-03',
          client: 'Maria Gonçalves',
          salesperson: 'Válter Dois',
          closing_status: 'Aguardando cliente',
          environment_count: 0,
          probable_sale: false,
          closing_forecast: null,
          estimated_value: 5000.5,
        },
      ],
      totals: { count: 2, estimated_value: 15000.5, contract_value: 0 },
      // On the month's last day, the whole month against the whole of October, where vend1's
      // P-02 (23:59 of 31/10 in São Paulo) is the one project without a contract.
      comparison: {
        period: { from: '2026-10-01', to: '2026-10-31' },
        count: 1,
        totals: { estimated_value: 7000, contract_value: 0 },
        label: 'outubro',
        current: {
          period: { from: '2026-11-01', to: '2026-11-30' },
          count: 2,
          totals: { estimated_value: 15000.5, contract_value: 0 },
        },
      },
      // The starter chart (projects per salesperson), over the same two rows: one bar
      // each, ties by name; keys are the salespeople's ids.
      chart: {
        kind: 'horizontal_bar',
        dimension: 'salesperson',
        measure: 'projects',
        top: 12,
        series: [
          { key: people['vend2@carteira.test'], label: 'Válter Dois', count: 1, value: 1 },
          { key: people['vend1@carteira.test'], label: 'Vera Um', count: 1, value: 1 },
        ],
      },
    });
  });

  it('the gerente of Manaus on 31/10 sees the project made at 23:30 local time', async () => {
    const r = (await report('sem contratos no mes', 'gerente.mao@carteira.test', '2026-10-31')) as {
      rows: { project: string }[];
      period: unknown;
      totals: unknown;
    };
    expect(r.rows.map((x) => x.project)).toEqual(['P-07']);
    expect(r.period).toEqual({ field: 'project_created_at', from: '2026-10-01', to: '2026-10-31' });
    expect(r.totals).toEqual({ count: 1, estimated_value: 4000, contract_value: 0 });
  });

  it('the admin on the last day of 2025 and the first of 2027 (year view)', async () => {
    const dec = (await report('Situação dos contratos', 'admin@carteira.test', '2025-12-31')) as {
      rows: Record<string, unknown>[];
      totals: unknown;
    };
    // P-06's contract was signed at 23:00 of 31/12/2025 in São Paulo: it belongs to 2025.
    expect(dec.rows).toEqual([
      {
        project: 'P-06',
        client: 'Cliente P-06',
        salesperson: 'Válter Dois',
        situation: 'concluido',
        last_contact_at: null,
        purchase_orders: 0,
        last_purchase_order_at: null,
        contract_value: 9000,
      },
    ]);
    expect(dec.totals).toEqual({ count: 1, estimated_value: 9000, contract_value: 9000 });
    const jan = (await report('Situação dos contratos', 'admin@carteira.test', '2027-01-01')) as {
      rows: unknown[];
      period: unknown;
    };
    expect(jan.rows).toEqual([]);
    expect(jan.period).toEqual({
      field: 'contract_created_at',
      from: '2027-01-01',
      to: '2027-12-31',
    });
  });

  it('the gerente of São Paulo, contracts of the month on 01/12 and on 30/11', async () => {
    const nov = (await report(
      'Com contratos no mês',
      'gerente.sp@carteira.test',
      '2026-11-30',
    )) as {
      rows: { project: string; contract_number: string }[];
      totals: unknown;
    };
    expect(nov.rows.map((x) => [x.project, x.contract_number])).toEqual([
      ['P-04', '100'],
      ['P-09', '100'],
    ]);
    expect(nov.totals).toEqual({ count: 2, estimated_value: 45000, contract_value: 35000 });
    const dec = (await report(
      'Com contratos no mês',
      'gerente.sp@carteira.test',
      '2026-12-01',
    )) as {
      rows: unknown[];
    };
    expect(dec.rows).toEqual([]);
  });

  it('errors are one Portuguese line and a non-zero exit', async () => {
    const unknown = await carteira('report', 'Visão que não existe', '--as', 'vend1@carteira.test');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^carteira: Não encontrei a visão “Visão que não existe”/);
    const badDate = await carteira('report', 'Sem contratos no mês', '--at', '2026-02-31');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toBe(
      'carteira: Data inválida em --at: “2026-02-31”. Use AAAA-MM-DD, ex.: --at 2026-11-30.\n',
    );
    const nobody = await carteira(
      'report',
      'Sem contratos no mês',
      '--as',
      'ninguem@carteira.test',
    );
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(
      /^carteira: Nenhum vendedor ativo com o e-mail ninguem@carteira.test/,
    );
  });
});

describe('carteira report --format png', () => {
  it('writes the chart of the view as a PNG of 1200×675', async () => {
    const file = join(tmpdir(), `carteira-chart-${process.pid}.png`);
    const r = await carteira(
      'report',
      'Situação dos contratos',
      '--at',
      '2026-11-27',
      '--format',
      'png',
      '--out',
      file,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(file);
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 675]);
    await rm(file, { force: true });
  });
});
