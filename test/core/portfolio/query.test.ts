import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture, type Built } from '../../support/fixtures.js';
import { PORTFOLIO } from './portfolio-fixture.js';
import { runReport, streamReport } from '../../../src/core/portfolio/query.js';
import {
  parseDefinition,
  type ViewDefinitionInput,
} from '../../../src/core/portfolio/definition.js';
import { findView } from '../../../src/core/views/views.js';
import { COLUMN_IDS } from '../../../src/core/portfolio/columns.js';
import { renderPdf } from '../../../src/core/render/pdf.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** When these reports are made (their "Gerado em"); the dates under test are their `asOf`. */
const NOW = new Date('2026-11-27T15:00:00Z');
let t: TestDatabase;
let fx: Built;

beforeAll(async () => {
  t = await createTestDatabase();
  fx = await buildFixture(t.database, PORTFOLIO);
});
afterAll(() => t.drop());

async function starter(name: string, email: string, asOf: string) {
  const viewer = await fx.viewer(email);
  const view = await findView(t.database.db, viewer, name);
  return runReport(t.database.db, {
    definition: view.definition,
    viewer,
    asOf,
    view: { id: String(view.id), name: view.name, description: view.description },
    now: NOW,
  });
}

const codes = (r: { rows: { project: string }[] }) => r.rows.map((x) => x.project).sort();

describe('starter view "Sem contratos no mês" on 27/11/2026', () => {
  // Without contract and created in November in the project's store timezone:
  // P-01 (00:30 1 Nov SP), P-03 (20:00 30 Nov SP), P-10; not P-02 (31 Oct SP) nor P-07 (31 Oct Manaus).
  it.each([
    ['admin@carteira.test', ['P-01', 'P-03', 'P-10']],
    ['gerente.sp@carteira.test', ['P-01', 'P-03', 'P-10']],
    ['gerente.mao@carteira.test', []],
    ['sup@carteira.test', ['P-01', 'P-03']],
    ['vend1@carteira.test', ['P-01', 'P-03']],
    ['vend2@carteira.test', ['P-03']],
    ['vend3@carteira.test', []],
    ['vman@carteira.test', []],
  ])('as %s', async (email, expected) => {
    const r = await starter('Sem contratos no mês', email, '2026-11-27');
    expect(codes(r)).toEqual(expected);
    expect(r.period).toEqual({ field: 'project_created_at', from: '2026-11-01', to: '2026-11-30' });
    expect(r.totals.count).toBe(expected.length);
  });

  it('totals the estimated value in SQL and keeps the starter columns', async () => {
    const r = await starter('sem contratos no mes', 'admin@carteira.test', '2026-11-27');
    expect(r.totals).toEqual({ count: 3, estimated_value: 17500.5, contract_value: 0 });
    expect(r.columns.map((c) => c.id)).toEqual([
      'project',
      'client',
      'salesperson',
      'closing_status',
      'environment_count',
      'probable_sale',
      'closing_forecast',
      'estimated_value',
    ]);
    const p1 = r.rows.find((x) => x.project === 'P-01')!;
    expect(p1).toEqual({
      project: 'P-01',
      client: 'João Conceição',
      salesperson: 'Vera Um',
      closing_status: 'Em negociação',
      environment_count: 3,
      probable_sale: true,
      closing_forecast: '2026-12-15',
      estimated_value: 10000,
    });
  });

  it('on 01/12/2026 the month has moved on', async () => {
    const r = await starter('Sem contratos no mês', 'admin@carteira.test', '2026-12-01');
    expect(codes(r)).toEqual([]);
    expect(r.period).toEqual({ field: 'project_created_at', from: '2026-12-01', to: '2026-12-31' });
  });

  it('on 31/10/2026 it shows October, in each store’s own timezone', async () => {
    // P-02 is 31 Oct in SP; P-07 is 31 Oct in Manaus; P-09 has a contract.
    expect(
      codes(await starter('Sem contratos no mês', 'admin@carteira.test', '2026-10-31')),
    ).toEqual(['P-02', 'P-07']);
    expect(
      codes(await starter('Sem contratos no mês', 'gerente.mao@carteira.test', '2026-10-31')),
    ).toEqual(['P-07']);
  });
});

describe('starter view "Com contratos no mês" on 27/11/2026', () => {
  // With a live contract whose principal contract was created in November: P-04 (#100), P-09 (#100).
  // P-08 is cancelled; P-05's principal is from June.
  it.each([
    ['admin@carteira.test', ['P-04', 'P-09']],
    ['gerente.sp@carteira.test', ['P-04', 'P-09']],
    ['vend3@carteira.test', ['P-04', 'P-09']],
    ['vend1@carteira.test', []],
    ['gerente.mao@carteira.test', []],
  ])('as %s', async (email, expected) => {
    expect(codes(await starter('Com contratos no mês', email, '2026-11-27'))).toEqual(expected);
  });

  it('shows the principal contract, the rooms without contract and the live contract value', async () => {
    const r = await starter('Com contratos no mês', 'vend3@carteira.test', '2026-11-27');
    expect(r.rows).toEqual([
      {
        project: 'P-04',
        client: 'Cliente P-04',
        salesperson: 'Vânia Três',
        contract_number: '100',
        contract_created_at: '2026-11-12',
        specifier: 'Arq. Fernanda Lima',
        environments_without_contract: 2,
        contract_value: 20000,
      },
      {
        project: 'P-09',
        client: 'Cliente P-09',
        salesperson: 'Vânia Três',
        contract_number: '100',
        contract_created_at: '2026-11-25',
        specifier: null,
        environments_without_contract: 0,
        contract_value: 15000,
      },
    ]);
    expect(r.totals).toEqual({ count: 2, estimated_value: 45000, contract_value: 35000 });
  });
});

describe('starter view "Situação dos contratos"', () => {
  // Stages contratado…concluido, principal contract created this year (store time):
  // P-04 pedido, P-05 em_revisao (least advanced of em_revisao/entrega), P-09 contratado.
  // P-06's contract is 31/12/2025 in São Paulo; P-08 is cancelled.
  it.each([
    ['admin@carteira.test', '2026-11-27', ['P-04', 'P-05', 'P-09']],
    ['sup@carteira.test', '2026-11-27', ['P-05']],
    ['vend1@carteira.test', '2026-11-27', []],
    ['vend2@carteira.test', '2025-12-31', ['P-06']],
    ['sup@carteira.test', '2025-12-31', ['P-06']],
    ['admin@carteira.test', '2027-01-01', []],
  ])('as %s on %s', async (email, asOf, expected) => {
    expect(codes(await starter('Situação dos contratos', email, asOf))).toEqual(expected);
  });

  it('shows situation ids, orders of live contracts and last contact', async () => {
    const r = await starter('Situação dos contratos', 'admin@carteira.test', '2026-11-27');
    const byCode = Object.fromEntries(r.rows.map((x) => [x.project, x]));
    expect(byCode['P-04']).toMatchObject({
      situation: 'pedido',
      purchase_orders: 2,
      last_purchase_order_at: '2026-11-20',
      contract_value: 20000,
    });
    expect(byCode['P-05']).toMatchObject({
      situation: 'em_revisao',
      purchase_orders: 0,
      last_purchase_order_at: null,
      last_contact_at: '2026-11-20',
      contract_value: 17000,
    });
    expect(byCode['P-09']).toMatchObject({ situation: 'contratado', contract_value: 15000 });
    // Sorted by contract creation: P-05 (June), P-04 (12 Nov), P-09 (25 Nov).
    expect(r.rows.map((x) => x.project)).toEqual(['P-05', 'P-04', 'P-09']);
  });
});

describe('custom definitions', () => {
  async function run(email: string, def: ViewDefinitionInput, asOf = '2026-11-27', limit?: number) {
    return runReport(t.database.db, {
      definition: parseDefinition(def),
      viewer: await fx.viewer(email),
      asOf,
      limit,
      now: NOW,
    });
  }

  it('computes every column', async () => {
    const r = await run('admin@carteira.test', {
      columns: [...COLUMN_IDS],
      filters: { search: 'P-04' },
    });
    expect(r.rows).toEqual([
      {
        project: 'P-04',
        client: 'Cliente P-04',
        salesperson: 'Vânia Três',
        store: 'Loja Paulista',
        project_created_at: '2026-11-10',
        estimated_value: 30000,
        closing_status: null,
        environment_count: 4,
        probable_sale: false,
        closing_forecast: null,
        contract_number: '100',
        contract_created_at: '2026-11-12',
        contract_value: 20000,
        specifier: 'Arq. Fernanda Lima',
        environments_without_contract: 2,
        situation: 'pedido',
        last_contact_at: null,
        purchase_orders: 2,
        last_purchase_order_at: '2026-11-20',
        days_without_contact: null,
      },
    ]);
  });

  it('derives days without contact against the report date and ties contracts by number', async () => {
    const r = await run('admin@carteira.test', {
      columns: [
        'project',
        'days_without_contact',
        'last_contact_at',
        'contract_number',
        'situation',
        'contract_value',
      ],
      filters: { search: 'p-0' },
      sort: [{ column: 'project', direction: 'asc' }],
    });
    const by = Object.fromEntries(r.rows.map((x) => [x.project, x]));
    expect(by['P-01']).toMatchObject({ days_without_contact: 2, last_contact_at: '2026-11-25' });
    expect(by['P-05']).toMatchObject({ days_without_contact: 7, contract_number: '8' });
    expect(by['P-08']).toMatchObject({
      situation: 'cancelado',
      contract_number: '10',
      contract_value: 0,
    });
    expect(by['P-09']).toMatchObject({ contract_number: '100', situation: 'contratado' });
    expect(by['P-02']).toMatchObject({
      situation: 'sem_contrato',
      contract_number: null,
      days_without_contact: null,
    });
  });

  it('a vendedor asking for everyone, or for someone else, still sees only their own rows', async () => {
    const mine = await run('vend2@carteira.test', { columns: ['project'] });
    expect(codes(mine)).toEqual(['P-03', 'P-06']);
    expect(mine.scopeNote).toContain('apenas a própria carteira');
    const other = await run('vend2@carteira.test', {
      columns: ['project'],
      filters: {
        responsible: { mode: 'list', salespersonIds: [fx.personId['vend3@carteira.test']!] },
      },
    });
    expect(codes(other)).toEqual([]);
    const otherStore = await run('gerente.mao@carteira.test', {
      columns: ['project'],
      filters: { storeIds: [fx.storeId['SP']!] },
    });
    expect(codes(otherStore)).toEqual([]);
  });

  it('responsible "me" with and without subordinates', async () => {
    expect(
      codes(
        await run('sup@carteira.test', {
          columns: ['project'],
          filters: { responsible: { mode: 'me', includeSubordinates: false } },
        }),
      ),
    ).toEqual(['P-05']);
    expect(
      codes(
        await run('sup@carteira.test', {
          columns: ['project'],
          filters: { responsible: { mode: 'me', includeSubordinates: true } },
        }),
      ),
    ).toEqual(['P-01', 'P-02', 'P-03', 'P-05', 'P-06']);
    // A gerente's "me" is their own projects only.
    expect(
      codes(
        await run('gerente.sp@carteira.test', {
          columns: ['project'],
          filters: { responsible: { mode: 'me' } },
        }),
      ),
    ).toEqual(['P-10']);
  });

  it('a list of salespeople with subordinates, as a gerente', async () => {
    const r = await run('gerente.sp@carteira.test', {
      columns: ['project'],
      filters: {
        responsible: {
          mode: 'list',
          salespersonIds: [fx.personId['vend1@carteira.test']!],
          includeSubordinates: true,
        },
      },
    });
    expect(codes(r)).toEqual(['P-01', 'P-02', 'P-03', 'P-06']);
    expect(r.filtersSummary).toContain('Responsável: Vera Um e subordinados');
  });

  it('filters by closing status (accent-insensitive), probable sale, specifier and stores', async () => {
    expect(
      codes(
        await run('admin@carteira.test', {
          columns: ['project'],
          filters: { closingStatuses: ['EM NEGOCIACAO'] },
        }),
      ),
    ).toEqual(['P-01']);
    expect(
      codes(
        await run('admin@carteira.test', { columns: ['project'], filters: { probableSale: true } }),
      ),
    ).toEqual(['P-01']);
    expect(
      codes(
        await run('admin@carteira.test', { columns: ['project'], filters: { specifierIds: [1] } }),
      ),
    ).toEqual(['P-04']);
    expect(
      codes(
        await run('admin@carteira.test', {
          columns: ['project'],
          filters: { storeIds: [fx.storeId['MAO']!] },
        }),
      ),
    ).toEqual(['P-07']);
  });

  it('searches client names and codes ignoring case and accents', async () => {
    expect(
      codes(
        await run('admin@carteira.test', {
          columns: ['project'],
          filters: { search: 'goncalves' },
        }),
      ),
    ).toEqual(['P-03']);
    expect(
      codes(
        await run('admin@carteira.test', {
          columns: ['project'],
          filters: { search: 'JOÃO conceicao' },
        }),
      ),
    ).toEqual(['P-01']);
  });

  it('situation presets and custom lists', async () => {
    expect(
      codes(
        await run('admin@carteira.test', {
          columns: ['project'],
          filters: { situations: { mode: 'preset', preset: 'cancelled' } },
        }),
      ),
    ).toEqual(['P-08']);
    expect(
      codes(
        await run('admin@carteira.test', {
          columns: ['project'],
          filters: { situations: { mode: 'preset', preset: 'with_contract' } },
        }),
      ),
    ).toEqual(['P-04', 'P-05', 'P-06', 'P-09']);
    expect(
      codes(
        await run('admin@carteira.test', {
          columns: ['project'],
          filters: { situations: { mode: 'custom', ids: ['em_revisao', 'concluido'] } },
        }),
      ),
    ).toEqual(['P-05', 'P-06']);
  });

  it('fixed periods are inclusive on both ends, on any date field', async () => {
    const r = await run('admin@carteira.test', {
      columns: ['project'],
      filters: {
        period: {
          mode: 'fixed',
          field: 'last_purchase_order_at',
          from: '2026-11-20',
          to: '2026-11-20',
        },
      },
    });
    expect(codes(r)).toEqual(['P-04']);
    expect(r.period).toEqual({
      field: 'last_purchase_order_at',
      from: '2026-11-20',
      to: '2026-11-20',
    });
    const f = await run(
      'admin@carteira.test',
      {
        columns: ['project'],
        filters: {
          period: { mode: 'relative', field: 'closing_forecast', preset: 'next_30_days' },
        },
      },
      '2026-11-16',
    );
    // next 30 days from 16/11 is 16/11…15/12: P-01's forecast is 15/12.
    expect(codes(f)).toEqual(['P-01']);
  });

  it('returns the first N rows with the true count and totals', async () => {
    const r = await run(
      'admin@carteira.test',
      {
        columns: ['project', 'estimated_value'],
        sort: [{ column: 'estimated_value', direction: 'desc' }],
      },
      '2026-11-27',
      3,
    );
    expect(r.rows.map((x) => x.project)).toEqual(['P-04', 'P-05', 'P-09']);
    expect(r.totals.count).toBe(10);
    expect(r.totals.estimated_value).toBe(102500.5);
    expect(r.truncated).toBe(true);
  });

  it('groups with subtotals from SQL', async () => {
    const r = await run('gerente.sp@carteira.test', {
      columns: ['project', 'salesperson', 'estimated_value'],
      groupBy: 'situation',
    });
    expect(r.groups.map((g) => [g.label, g.totals.count])).toEqual([
      ['Sem contrato', 4],
      ['Contratado', 1],
      ['Em revisão', 1],
      ['Pedido', 1],
      ['Concluído', 1],
      ['Cancelado', 1],
    ]);
    // Rows come grouped: all sem_contrato first.
    expect(r.rows.slice(0, 4).map((x) => x.project)).toEqual(['P-01', 'P-02', 'P-03', 'P-10']);
  });

  it('grouping by a column the view does not show still marks each row with its group', async () => {
    const r = await run('gerente.sp@carteira.test', {
      columns: ['project', 'estimated_value'],
      groupBy: 'salesperson',
    });
    expect(r.columns.map((c) => c.id)).toEqual(['project', 'estimated_value']);
    expect(r.rows.every((x) => typeof x.salesperson === 'string')).toBe(true);
    // Rows come in group order, so a renderer can close each group where its key changes.
    const runs = r.rows.map((x) => x.salesperson).filter((k, i, all) => k !== all[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
    const pdf = await renderPdf(r);
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items
      .map((it) => ('str' in it ? it.str : ''))
      .join(' ');
    await doc.destroy();
    expect(text).toContain('Subtotal — Vera Um: 2 projetos');
    expect(text).toContain('Subtotal — Vânia Três: 3 projetos');
  });

  it('streams every row for files', async () => {
    const viewer = await fx.viewer('admin@carteira.test');
    const s = await streamReport(t.database.db, {
      definition: parseDefinition({ columns: ['project'] }),
      viewer,
      asOf: '2026-11-27',
      now: NOW,
    });
    const all: string[] = [];
    for await (const row of s.rows) all.push(row.project);
    expect(all).toHaveLength(10);
    expect(s.meta.totals.count).toBe(10);
  });

  it('hostile search text is inert', async () => {
    const r = await run('admin@carteira.test', {
      columns: ['project'],
      filters: { search: "'; DROP TABLE projects; --" },
    });
    expect(r.rows).toEqual([]);
    const again = await run('admin@carteira.test', { columns: ['project'] });
    expect(again.totals.count).toBe(10);
    const pct = await run('admin@carteira.test', {
      columns: ['project'],
      filters: { search: '%' },
    });
    expect(pct.rows).toEqual([]);
  });
});
