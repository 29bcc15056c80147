import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isCarteiraError } from '../../../src/core/errors.js';
import { importFolder, type ImportReport } from '../../../src/core/import/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import {
  STANDARD,
  counts,
  resetPortfolio,
  rows,
  withFiles,
  writeExport,
  type Export,
} from './fixtures.js';
import { tempDir } from '../../support/temp-dir.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await resetPortfolio(t.database);
});

async function run(
  files: Export,
  opts: { dryRun?: boolean; skipInvalid?: boolean } = {},
): Promise<ImportReport> {
  return importFolder({ database: t.database, folder: await writeExport(files), ...opts });
}

function file(r: ImportReport, name: string) {
  return r.files.find((f) => f.file === name);
}

function q<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return rows<T>(t.database, text, params);
}

const EMPTY = {
  stores: 0,
  salespeople: 0,
  specifiers: 0,
  clients: 0,
  projects: 0,
  contracts: 0,
  environments: 0,
  purchase_orders: 0,
  project_summary: 0,
};

describe('importFolder', () => {
  it('imports a whole export: both delimiters, BOM, odd headers, quotes, pt-BR and ISO values', async () => {
    const r = await run(STANDARD);
    expect(r.issues).toEqual([]);
    expect(r.applied).toBe(true);
    expect(r.dryRun).toBe(false);
    expect(r.files.map((f) => [f.file, f.rows, f.inserted, f.updated, f.skipped])).toEqual([
      ['lojas.csv', 2, 2, 0, 0],
      ['vendedores.csv', 3, 3, 0, 0],
      ['especificadores.csv', 1, 1, 0, 0],
      ['clientes.csv', 2, 2, 0, 0],
      ['projetos.csv', 3, 3, 0, 0],
      ['contratos.csv', 3, 3, 0, 0],
      ['ambientes.csv', 5, 5, 0, 0],
      ['pedidos.csv', 3, 3, 0, 0],
    ]);
    expect(r.projectsRefreshed).toBe(3);

    expect(await q('SELECT code, name, timezone FROM stores ORDER BY code')).toEqual([
      { code: 'L1', name: 'Loja Centro', timezone: 'America/Sao_Paulo' },
      { code: 'L2', name: 'Loja Manaus', timezone: 'America/Manaus' },
    ]);
    expect(await q('SELECT code, name, email FROM clients ORDER BY code')).toEqual([
      { code: 'C1', name: 'Silva; Maria', email: 'maria@x.com' },
      { code: 'C2', name: 'João "Jota" Souza', email: null },
    ]);
    expect(await q(`SELECT email FROM specifiers`)).toEqual([{ email: 'joana@estudio.com' }]);
    const projects = await q<Record<string, unknown>>(
      `SELECT p.code, p.estimated_value::text AS value, p.probable_sale, p.closing_status,
              p.closing_forecast, sp.email AS salesperson, sf.code AS specifier
         FROM projects p JOIN salespeople sp ON sp.id = p.salesperson_id
         LEFT JOIN specifiers sf ON sf.id = p.specifier_id ORDER BY p.code`,
    );
    expect(projects).toEqual([
      {
        code: 'P1',
        value: '12345.67',
        probable_sale: true,
        closing_status: 'Em negociação',
        closing_forecast: '2026-11-30',
        salesperson: 'ana@loja.com',
        specifier: 'E1',
      },
      {
        code: 'P2',
        value: '1234.50',
        probable_sale: false,
        closing_status: null,
        closing_forecast: null,
        salesperson: 'bia@loja.com',
        specifier: null,
      },
      {
        code: 'P3',
        value: '0.00',
        probable_sale: true,
        closing_status: 'Aguardando\ncliente',
        closing_forecast: null,
        salesperson: 'ana@loja.com',
        specifier: null,
      },
    ]);
    expect(
      await q(`SELECT code, value::text AS value, stage FROM contracts ORDER BY code`),
    ).toEqual([
      { code: 'K1', value: '10000.00', stage: 2 },
      { code: 'K2', value: '5000.00', stage: 8 },
      { code: 'K3', value: '800.00', stage: 3 },
    ]);
  });

  it('reads local times in the store timezone: near midnight in São Paulo and in Manaus', async () => {
    await run(STANDARD);
    const instants = await q<{ code: string; at: string }>(
      `SELECT code, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM projects
       UNION ALL
       SELECT code, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM contracts
       UNION ALL
       SELECT code, to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM purchase_orders
       ORDER BY 1`,
    );
    expect(Object.fromEntries(instants.map((i) => [i.code, i.at]))).toEqual({
      P1: '2026-11-01T04:30:00Z', // 01/11/2026 01:30 in São Paulo (UTC−3)
      P2: '2026-11-01T03:30:00Z', // 31/10/2026 23:30 in Manaus (UTC−4)
      P3: '2026-11-01T02:30:00Z', // 31/10/2026 23:30 in São Paulo
      K1: '2026-11-05T13:00:00Z', // explicit −03:00 offset
      K2: '2026-11-05T03:00:00Z', // a date alone is local midnight
      K3: '2026-11-02T04:15:00Z', // Manaus, via its project's store
      O1: '2026-11-10T12:00:00Z',
      O2: '2026-11-11T12:00:00Z',
      O3: '2026-11-02T03:59:00Z', // 01/11/2026 23:59 in Manaus
    });
    const summary = await q(
      `SELECT project_code, created_on, contract_created_on, last_purchase_order_on, last_contact_on
         FROM project_summary ORDER BY project_code`,
    );
    expect(summary).toEqual([
      {
        project_code: 'P1',
        created_on: '2026-11-01',
        contract_created_on: '2026-11-05',
        last_purchase_order_on: '2026-11-10',
        last_contact_on: '2026-11-02',
      },
      {
        project_code: 'P2',
        created_on: '2026-10-31',
        contract_created_on: '2026-11-02',
        last_purchase_order_on: '2026-11-01',
        last_contact_on: null,
      },
      {
        project_code: 'P3',
        created_on: '2026-10-31',
        contract_created_on: null,
        last_purchase_order_on: null,
        last_contact_on: null,
      },
    ]);
  });

  it('derives the summary: a cancelled contract neither sets the situation nor counts', async () => {
    await run(STANDARD);
    const [p1] = await q(
      `SELECT situation, contract_number, contract_value::text AS contract_value, environment_count,
              environments_without_contract, purchase_orders, estimated_value::text AS estimated_value,
              probable_sale, closing_forecast, client_name
         FROM project_summary WHERE project_code = 'P1'`,
    );
    expect(p1).toEqual({
      situation: 2, // em_revisao: the non-cancelled K1
      contract_number: '1001',
      contract_value: '10000.00',
      environment_count: 4,
      environments_without_contract: 2, // A3 (cancelled K2) and A4 (no contract)
      purchase_orders: 1, // O2 belongs to the cancelled K2
      estimated_value: '12345.67',
      probable_sale: true,
      closing_forecast: '2026-11-30',
      client_name: 'Silva; Maria',
    });
    const [p3] = await q(
      `SELECT situation, contract_value::text AS v FROM project_summary WHERE project_code = 'P3'`,
    );
    expect(p3).toEqual({ situation: 0, v: '0.00' });
  });

  it('links salespeople: supervisor declared later in the file, Slack IDs, roles', async () => {
    await run(STANDARD);
    expect(
      await q(
        `SELECT sp.email, sp.role, sp.slack_user_id, sup.email AS supervisor
           FROM salespeople sp LEFT JOIN salespeople sup ON sup.id = sp.supervisor_id ORDER BY sp.email`,
      ),
    ).toEqual([
      {
        email: 'ana@loja.com',
        role: 'vendedor',
        slack_user_id: 'U0ANA',
        supervisor: 'gerente@loja.com',
      },
      { email: 'bia@loja.com', role: 'vendedor', slack_user_id: null, supervisor: null },
      { email: 'gerente@loja.com', role: 'gerente', slack_user_id: 'U0GER', supervisor: null },
    ]);
  });

  it('is idempotent: the same export twice changes nothing; a changed row is updated in place', async () => {
    await run(STANDARD);
    const before = await counts(t.database);
    const ids = await q('SELECT id, code FROM projects ORDER BY code');

    const again = await run(STANDARD);
    expect(again.applied).toBe(true);
    for (const f of again.files) expect([f.file, f.inserted, f.updated]).toEqual([f.file, 0, 0]);
    expect(again.projectsRefreshed).toBe(0);
    expect(await counts(t.database)).toEqual(before);

    const changed = withFiles(STANDARD, {
      'projetos.csv': STANDARD['projetos.csv']!.replace('R$ 12.345,67', '13.000,00'),
      'contratos.csv': STANDARD['contratos.csv']!.replace('Em revisão', 'Pedido'),
      'clientes.csv': STANDARD['clientes.csv']!.replace('"Silva; Maria"', 'Maria Silva'),
    });
    const third = await run(changed);
    expect(file(third, 'projetos.csv')).toMatchObject({ rows: 3, inserted: 0, updated: 1 });
    expect(file(third, 'contratos.csv')).toMatchObject({ inserted: 0, updated: 1 });
    expect(file(third, 'clientes.csv')).toMatchObject({ inserted: 0, updated: 1 });
    expect(file(third, 'ambientes.csv')).toMatchObject({ inserted: 0, updated: 0 });
    expect(third.projectsRefreshed).toBe(2); // P1 (value, contract, client) and P3 (client name)
    expect(await counts(t.database)).toEqual(before);
    expect(await q('SELECT id, code FROM projects ORDER BY code')).toEqual(ids);
    expect(
      await q(
        `SELECT project_code, situation, estimated_value::text AS v, client_name FROM project_summary ORDER BY project_code`,
      ),
    ).toEqual([
      { project_code: 'P1', situation: 3, v: '13000.00', client_name: 'Maria Silva' },
      { project_code: 'P2', situation: 3, v: '1234.50', client_name: 'João "Jota" Souza' },
      { project_code: 'P3', situation: 0, v: '0.00', client_name: 'Maria Silva' },
    ]);
  });

  it('leaves alone what a file does not carry: a missing optional column keeps existing values', async () => {
    await run(STANDARD);
    const slim = withFiles(STANDARD, {
      'lojas.csv': 'codigo;nome\nL1;Loja Centro\nL2;Loja Manaus\n',
      'projetos.csv':
        'codigo;cliente;loja;responsavel;criado_em\nP1;C1;L1;ana@loja.com;01/11/2026 01:30\n',
      'vendedores.csv': 'email;nome;loja;cargo\nana@loja.com;Ana Lima;L1;vendedor\n',
    });
    const r = await run(slim);
    expect(r.issues).toEqual([]);
    expect(r.files.every((f) => f.updated === 0)).toBe(true);
    expect(await q(`SELECT timezone FROM stores WHERE code = 'L2'`)).toEqual([
      { timezone: 'America/Manaus' },
    ]);
    expect(
      await q(`SELECT estimated_value::text AS v, probable_sale FROM projects WHERE code = 'P1'`),
    ).toEqual([{ v: '12345.67', probable_sale: true }]);
    expect(
      await q(
        `SELECT sp.slack_user_id, sup.email AS supervisor FROM salespeople sp
           LEFT JOIN salespeople sup ON sup.id = sp.supervisor_id WHERE sp.email = 'ana@loja.com'`,
      ),
    ).toEqual([{ slack_user_id: 'U0ANA', supervisor: 'gerente@loja.com' }]);
  });

  it('refreshes summary dates when a store changes timezone', async () => {
    await run(STANDARD);
    const r = await run(
      withFiles(STANDARD, {
        'lojas.csv':
          'codigo;nome;fuso\nL1;Loja Centro;America/Sao_Paulo\nL2;Loja Manaus;America/Sao_Paulo\n',
      }),
    );
    expect(file(r, 'lojas.csv')).toMatchObject({ updated: 1 });
    // P2 is re-read as 23:30 São Paulo time, and its summary follows the store's new zone.
    expect(await q(`SELECT created_on FROM project_summary WHERE project_code = 'P2'`)).toEqual([
      { created_on: '2026-10-31' },
    ]);
    expect(
      await q(
        `SELECT to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI') AS at FROM projects WHERE code = 'P2'`,
      ),
    ).toEqual([{ at: '02:30' }]);
    expect(
      await q(`SELECT last_purchase_order_on FROM project_summary WHERE project_code = 'P2'`),
    ).toEqual([{ last_purchase_order_on: '2026-11-01' }]);
  });

  it('writes nothing when a row is invalid, and lists every bad row with file, line and reason', async () => {
    const bad = withFiles(STANDARD, {
      'projetos.csv': [
        'codigo;cliente;loja;responsavel;criado_em;valor_estimado;provavel_venda',
        'P1;C1;L1;ana@loja.com;01/11/2026 01:30;10,00;sim',
        'P2;C2;L2;bia@loja.com;31/02/2026;abc;talvez',
        'P3;C9;L1;ana@loja.com;01/11/2026 25:00;1,00;n',
        'P1;C1;L1;ana@loja.com;02/11/2026;5;n',
        'P4;C1;L7;nobody@loja.com;01/11/2026;;',
        '',
      ].join('\n'),
    });
    const r = await run(bad);
    expect(r.applied).toBe(false);
    expect(await counts(t.database)).toEqual(EMPTY);
    const projectIssues = r.issues.filter((i) => i.file === 'projetos.csv');
    expect(projectIssues).toEqual([
      {
        file: 'projetos.csv',
        line: 3,
        reason:
          'data inválida em criado_em: "31/02/2026" (use DD/MM/AAAA ou AAAA-MM-DD); ' +
          'valor inválido em provavel_venda: "talvez" (use sim ou não); ' +
          'valor inválido em valor_estimado: "abc" (use 1234,56 ou 1.234,56)',
      },
      {
        file: 'projetos.csv',
        line: 4,
        reason:
          'hora inválida em criado_em: "01/11/2026 25:00" (use HH:MM ou HH:MM:SS, de 00:00 a 23:59:59)',
      },
      {
        file: 'projetos.csv',
        line: 5,
        reason: 'código "P1" repetido no arquivo (já aparece na linha 2; vale a primeira)',
      },
      {
        file: 'projetos.csv',
        line: 6,
        reason:
          'loja "L7" não existe (nem em lojas.csv nem no banco); ' +
          'responsável "nobody@loja.com" não existe (nem em vendedores.csv nem no banco)',
      },
    ]);
    // Rows of other files that depend on the skipped projects are listed too.
    expect(r.issues.filter((i) => i.file !== 'projetos.csv')).toEqual([
      {
        file: 'contratos.csv',
        line: 4,
        reason: 'projeto "P2" foi ignorado (projetos.csv, linha 3)',
      },
      {
        file: 'ambientes.csv',
        line: 6,
        reason:
          'projeto "P2" foi ignorado (projetos.csv, linha 3); contrato "K3" foi ignorado (contratos.csv, linha 4)',
      },
      {
        file: 'pedidos.csv',
        line: 4,
        reason: 'contrato "K3" foi ignorado (contratos.csv, linha 4)',
      },
    ]);
    expect(file(r, 'projetos.csv')).toMatchObject({ rows: 5, skipped: 4 });
  });

  it('--skip-invalid imports the valid rows and skips dependants of skipped rows', async () => {
    const bad = withFiles(STANDARD, {
      'projetos.csv': STANDARD['projetos.csv']!.replace('2026-10-31 23:30', '2026-10-32 23:30'),
    });
    const r = await run(bad, { skipInvalid: true });
    expect(r.applied).toBe(true);
    expect(r.issues).toEqual([
      {
        file: 'projetos.csv',
        line: 3,
        reason: 'data inválida em criado_em: "2026-10-32 23:30" (use DD/MM/AAAA ou AAAA-MM-DD)',
      },
      {
        file: 'contratos.csv',
        line: 4,
        reason: 'projeto "P2" foi ignorado (projetos.csv, linha 3)',
      },
      {
        file: 'ambientes.csv',
        line: 6,
        reason:
          'projeto "P2" foi ignorado (projetos.csv, linha 3); contrato "K3" foi ignorado (contratos.csv, linha 4)',
      },
      {
        file: 'pedidos.csv',
        line: 4,
        reason: 'contrato "K3" foi ignorado (contratos.csv, linha 4)',
      },
    ]);
    expect(file(r, 'projetos.csv')).toMatchObject({ rows: 3, inserted: 2, skipped: 1 });
    expect(file(r, 'ambientes.csv')).toMatchObject({ rows: 5, inserted: 4, skipped: 1 });
    expect(await q('SELECT code FROM projects ORDER BY code')).toEqual([
      { code: 'P1' },
      { code: 'P3' },
    ]);
    expect(await q('SELECT project_code FROM project_summary ORDER BY 1')).toEqual([
      { project_code: 'P1' },
      { project_code: 'P3' },
    ]);
  });

  it('dry run validates against the database and counts, writing nothing', async () => {
    const r = await run(STANDARD, { dryRun: true });
    expect(r).toMatchObject({ applied: false, dryRun: true, issues: [], projectsRefreshed: 3 });
    expect(file(r, 'ambientes.csv')).toMatchObject({ rows: 5, inserted: 5, updated: 0 });
    expect(await counts(t.database)).toEqual(EMPTY);

    await run(STANDARD);
    const r2 = await run(
      withFiles(STANDARD, {
        'contratos.csv': STANDARD['contratos.csv']!.replace('PEDIDO', 'entrega'),
      }),
      { dryRun: true },
    );
    expect(file(r2, 'contratos.csv')).toMatchObject({ inserted: 0, updated: 1 });
    expect(await q(`SELECT stage FROM contracts WHERE code = 'K3'`)).toEqual([{ stage: 3 }]);
  });

  it('resolves references against the database, and names the key that is missing', async () => {
    await run(STANDARD);
    const r = await run({
      'contratos.csv':
        'codigo;numero;projeto;criado_em;situacao;valor\nK9;9;P1;10/11/2026;contratado;1\nK8;8;P404;10/11/2026;contratado;1\n',
      'ambientes.csv': 'codigo;projeto;nome;contrato\nA9;P2;Varanda;K1\nA8;P1;Lavabo;K9\n',
    });
    expect(r.applied).toBe(false);
    expect(r.issues).toEqual([
      {
        file: 'contratos.csv',
        line: 3,
        reason: 'projeto "P404" não existe (nem em projetos.csv nem no banco)',
      },
      {
        file: 'ambientes.csv',
        line: 2,
        reason: 'contrato "K1" é do projeto "P1", não do projeto "P2" do ambiente',
      },
    ]);
    const ok = await run({
      'contratos.csv':
        'codigo;numero;projeto;criado_em;situacao;valor\nK9;9;P1;10/11/2026;contratado;1\n',
      'ambientes.csv': 'codigo;projeto;nome;contrato\nA8;P1;Lavabo;K9\n',
    });
    expect(ok.applied).toBe(true);
    expect(
      await q(`SELECT situation, contract_number FROM project_summary WHERE project_code = 'P1'`),
    ).toEqual([{ situation: 1, contract_number: '9' }]);
  });

  it('a missing required column is one issue for the file; --skip-invalid imports the other files', async () => {
    const files = withFiles(STANDARD, {
      'especificadores.csv': 'codigo;tipo\nE1;arquiteta\n',
    });
    const r = await run(files);
    expect(r.issues).toEqual([
      {
        file: 'especificadores.csv',
        line: 1,
        reason:
          'coluna obrigatória ausente: nome (colunas encontradas: codigo, tipo; separador detectado ";")',
      },
      {
        file: 'projetos.csv',
        line: 2,
        reason: 'especificador "E1" não existe (nem em especificadores.csv nem no banco)',
      },
      {
        file: 'contratos.csv',
        line: 2,
        reason: 'projeto "P1" foi ignorado (projetos.csv, linha 2)',
      },
      {
        file: 'contratos.csv',
        line: 3,
        reason: 'projeto "P1" foi ignorado (projetos.csv, linha 2)',
      },
      {
        file: 'ambientes.csv',
        line: 2,
        reason: expect.stringMatching(/^projeto "P1" foi ignorado/),
      },
      {
        file: 'ambientes.csv',
        line: 3,
        reason: expect.stringMatching(/^projeto "P1" foi ignorado/),
      },
      {
        file: 'ambientes.csv',
        line: 4,
        reason: expect.stringMatching(/^projeto "P1" foi ignorado/),
      },
      {
        file: 'ambientes.csv',
        line: 5,
        reason: expect.stringMatching(/^projeto "P1" foi ignorado/),
      },
      {
        file: 'pedidos.csv',
        line: 2,
        reason: 'contrato "K1" foi ignorado (contratos.csv, linha 2)',
      },
      {
        file: 'pedidos.csv',
        line: 3,
        reason: 'contrato "K2" foi ignorado (contratos.csv, linha 3)',
      },
    ]);
    expect(file(r, 'especificadores.csv')).toMatchObject({ rows: 1, skipped: 1 });
    const r2 = await run(files, { skipInvalid: true });
    expect(r2.applied).toBe(true);
    expect(await q('SELECT code FROM projects ORDER BY code')).toEqual([
      { code: 'P2' },
      { code: 'P3' },
    ]);
  });

  it('checks the supervision chain: unknown, self, cycles — and accepts supervisors from the database', async () => {
    await run(STANDARD);
    const r = await run({
      'vendedores.csv': [
        'email;nome;loja;cargo;supervisor_email',
        'caio@loja.com;Caio;L1;vendedor;gerente@loja.com',
        'duda@loja.com;Duda;L1;vendedor;ninguem@loja.com',
        'eva@loja.com;Eva;L1;vendedor;eva@loja.com',
        'fred@loja.com;Fred;L1;gerente;gil@loja.com',
        'gil@loja.com;Gil;L1;gerente;fred@loja.com',
        'gerente@loja.com;Gerson Gerente;L1;gerente;ana@loja.com',
        '',
      ].join('\n'),
    });
    expect(r.issues).toEqual([
      {
        file: 'vendedores.csv',
        line: 3,
        reason: 'supervisor "ninguem@loja.com" não existe (nem em vendedores.csv nem no banco)',
      },
      {
        file: 'vendedores.csv',
        line: 4,
        reason: 'supervisor_email é o próprio vendedor (deixe em branco ou informe outra pessoa)',
      },
      {
        file: 'vendedores.csv',
        line: 5,
        reason: 'ciclo de supervisão: fred@loja.com → gil@loja.com → fred@loja.com',
      },
      {
        file: 'vendedores.csv',
        line: 6,
        reason: 'ciclo de supervisão: fred@loja.com → gil@loja.com → fred@loja.com',
      },
      // ana (in the database) reports to gerente: gerente cannot report to ana.
      {
        file: 'vendedores.csv',
        line: 7,
        reason: 'ciclo de supervisão: gerente@loja.com → ana@loja.com → gerente@loja.com',
      },
    ]);
    const ok = await run({
      'vendedores.csv':
        'email;nome;loja;cargo;supervisor_email\ncaio@loja.com;Caio;L1;vendedor;GERENTE@loja.com\n',
    });
    expect(ok.applied).toBe(true);
    expect(
      await q(
        `SELECT sup.email FROM salespeople sp JOIN salespeople sup ON sup.id = sp.supervisor_id WHERE sp.email = 'caio@loja.com'`,
      ),
    ).toEqual([{ email: 'gerente@loja.com' }]);
  });

  it('keeps Slack IDs unique: a clash is an issue, a swap in one file is fine', async () => {
    await run(STANDARD);
    const clash = await run({
      'vendedores.csv': 'email;nome;loja;cargo;slack_id\nbia@loja.com;Bia Reis;L2;vendedor;U0ANA\n',
    });
    expect(clash.issues).toEqual([
      {
        file: 'vendedores.csv',
        line: 2,
        reason: 'slack_id "U0ANA" já pertence a outro vendedor (ana@loja.com)',
      },
    ]);
    const swap = await run({
      'vendedores.csv':
        'email;nome;loja;cargo;slack_id\nana@loja.com;Ana Lima;L1;vendedor;U0GER\nGerente@Loja.com;Gerson Gerente;L1;gerente;U0ANA\n',
    });
    expect(swap.issues).toEqual([]);
    expect(file(swap, 'vendedores.csv')).toMatchObject({ updated: 2 });
    expect(
      await q(
        `SELECT email, slack_user_id FROM salespeople WHERE slack_user_id IS NOT NULL ORDER BY email`,
      ),
    ).toEqual([
      { email: 'ana@loja.com', slack_user_id: 'U0GER' },
      { email: 'gerente@loja.com', slack_user_id: 'U0ANA' },
    ]);
  });

  it('accepts a contract stage by label, in any case, and refuses sem_contrato', async () => {
    const r = await run(
      withFiles(STANDARD, {
        'contratos.csv': [
          'codigo;numero;projeto;criado_em;situacao;valor',
          'K1;1;P1;01/11/2026;EM REVISÃO;1',
          'K2;2;P2;01/11/2026;assistência técnica;1',
          'K3;3;P3;01/11/2026;Sem contrato;1',
          '',
        ].join('\n'),
        'ambientes.csv': null,
        'pedidos.csv': null,
      }),
      { skipInvalid: true },
    );
    expect(r.issues).toEqual([
      {
        file: 'contratos.csv',
        line: 4,
        reason: expect.stringMatching(/^situacao "Sem contrato" não vale para um contrato/),
      },
    ]);
    expect(await q('SELECT code, stage FROM contracts ORDER BY code')).toEqual([
      { code: 'K1', stage: 2 },
      { code: 'K2', stage: 6 },
    ]);
  });

  it('reports a file that is not UTF-8, and rows with the wrong number of fields', async () => {
    const dir = await tempDir('carteira-import-');
    await writeFile(
      join(dir, 'lojas.csv'),
      Buffer.from('codigo;nome\nL1;Loja S\xe3o Jo\xe3o\n', 'latin1'),
    );
    await writeFile(
      join(dir, 'especificadores.csv'),
      'codigo;nome;tipo\nE1;Ana\nE2;Bia;arq;extra\nE3;Caio;;\n',
    );
    const r = await importFolder({ database: t.database, folder: dir });
    expect(r.issues).toEqual([
      {
        file: 'lojas.csv',
        line: 2,
        reason:
          'o arquivo não está em UTF-8 (há um caractere inválido nesta linha); salve-o como "CSV UTF-8" e importe de novo',
      },
      {
        file: 'especificadores.csv',
        line: 2,
        reason: 'a linha tem 2 campos e o cabeçalho tem 3 (confira o separador ";" e as aspas)',
      },
      {
        file: 'especificadores.csv',
        line: 3,
        reason: 'a linha tem 4 campos e o cabeçalho tem 3 (confira o separador ";" e as aspas)',
      },
    ]);
    expect(file(r, 'lojas.csv')).toMatchObject({ rows: 1, skipped: 1 });
    expect(file(r, 'especificadores.csv')).toMatchObject({ rows: 3, inserted: 1, skipped: 2 });
  });

  it('refuses a folder that does not exist or has none of the export files', async () => {
    const missing = importFolder({ database: t.database, folder: '/nao/existe' });
    await expect(missing).rejects.toSatisfy(
      (e) =>
        isCarteiraError(e) && e.code === 'import_invalid' && /Pasta não encontrada/.test(e.message),
    );
    const empty = await writeExport({ 'leia-me.txt': 'nada' });
    await expect(importFolder({ database: t.database, folder: empty })).rejects.toSatisfy(
      (e) => isCarteiraError(e) && e.code === 'import_invalid' && /lojas\.csv/.test(e.message),
    );
  });
});
