/**
 * The starter view "Metas do mês" through `carteira report` as a real process: the JSON
 * report's `goals` (docs/report-format.md) with figures worked out by hand from the
 * counting rules (docs/domain.md "Goals"), a supervisor's team as the sum of its goals, the
 * store and company lines at the end; the rights of `--as`; CSV and PDF carry the lines.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setGoal } from '../../src/core/goals/goals.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, type Built } from '../support/fixtures.js';
import { runCarteira } from '../support/cli.js';
import { testClock } from '../support/clock.js';
import { tempDir } from '../support/temp-dir.js';

let t: TestDatabase;
let b: Built;
const clock = testClock('2026-11-10T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  b = await buildFixture(t.database, {
    stores: [
      { code: 'L1', name: 'Centro' },
      { code: 'L2', name: 'Norte' },
    ],
    people: [
      { email: 'admin@x.br', name: 'Adm', store: 'L1', role: 'admin' },
      { email: 'ger@x.br', name: 'Gil Gerente', store: 'L1', role: 'gerente' },
      { email: 'sup@x.br', name: 'Sara Supervisora', store: 'L1' },
      { email: 'v1@x.br', name: 'Ana Vendedora', store: 'L1', supervisor: 'sup@x.br' },
      { email: 'v2@x.br', name: 'Bruno Vendedor', store: 'L1', supervisor: 'sup@x.br' },
      { email: 'n1@x.br', name: 'Nina Norte', store: 'L2' },
    ],
    projects: [
      {
        code: 'P1',
        store: 'L1',
        seller: 'v1@x.br',
        createdAt: '2026-10-20T10:00:00-03:00',
        contracts: [
          {
            number: 'K1',
            createdAt: '2026-11-04T10:00:00-03:00',
            stage: 'contratado',
            value: 3000,
          },
          // Cancelled: never counts.
          { number: 'K2', createdAt: '2026-11-05T10:00:00-03:00', stage: 'cancelado', value: 1000 },
        ],
      },
      {
        code: 'P2',
        store: 'L1',
        seller: 'v2@x.br',
        createdAt: '2026-10-01T10:00:00-03:00',
        contracts: [
          { number: 'K3', createdAt: '2026-11-05T10:00:00-03:00', stage: 'pedido', value: 6000 },
          // October: another month.
          { number: 'K4', createdAt: '2026-10-30T10:00:00-03:00', stage: 'pedido', value: 9999 },
        ],
      },
      {
        code: 'P3',
        store: 'L2',
        seller: 'n1@x.br',
        createdAt: '2026-11-02T10:00:00-03:00',
        contracts: [
          {
            number: 'K5',
            createdAt: '2026-11-06T10:00:00-03:00',
            stage: 'contratado',
            value: 4000,
          },
        ],
      },
    ],
  });
  const set = (owner: Parameters<typeof setGoal>[1]['input']['owner'], target: number) =>
    setGoal(t.database.db, {
      actor: null,
      input: { month: '2026-11', measure: 'valor_contratado', owner, target },
      source: 'cli',
      now: clock(),
    });
  const sp = (email: string) => ({
    kind: 'salesperson' as const,
    salespersonId: b.personId[email]!,
  });
  await set(sp('sup@x.br'), 2000);
  await set(sp('v1@x.br'), 10000);
  await set(sp('v2@x.br'), 5000);
  await set(sp('n1@x.br'), 8000);
  await set({ kind: 'store', storeId: b.storeId.L1! }, 15000);
  await set({ kind: 'company' }, 30000);
  // Another measure: not in the view (it shows contracted value).
  await setGoal(t.database.db, {
    actor: null,
    input: { month: '2026-11', measure: 'contratos', owner: sp('v1@x.br'), target: 4 },
    source: 'cli',
    now: clock(),
  });
});
afterAll(() => t.drop());

const carteira = (...args: string[]) => runCarteira(t.url, ...args);

// Report date Sunday 15/11/2026: 11 business days elapsed (1–14 Mon–Sat, less the 2nd),
// 12 left (16–21 less 20/11, 23–28, 30), 23 in the month.
const AT = '2026-11-15';
const pace = (remaining: number) => Math.round((remaining / 12) * 100) / 100;
const projection = (achieved: number) => Math.round((achieved / 11) * 23 * 100) / 100;

describe('carteira report "Metas do mês"', () => {
  it('as an admin: each salesperson, the supervisor’s team as the sum, the store and the company', async () => {
    const r = await carteira(
      'report',
      'Metas do mês',
      '--as',
      'admin@x.br',
      '--at',
      AT,
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.view.name).toBe('Metas do mês');
    expect(json.comparison).toBeNull();
    expect(json.goals.month).toBe('2026-11');
    expect(json.goals.asOf).toBe(AT);
    const line = (
      scope: string,
      salesperson: string | null,
      store: string | null,
      target: number,
      achieved: number,
      projected: number | null,
    ) => {
      const remaining = Math.max(0, Math.round((target - achieved) * 100) / 100);
      return {
        scope,
        salesperson,
        store,
        measure: 'valor_contratado',
        target,
        achieved,
        ratio: Math.round((achieved / target) * 1000) / 1000,
        remaining,
        businessDaysLeft: 12,
        dailyPaceNeeded: pace(remaining),
        projection: projected,
      };
    };
    expect(json.goals.goals).toEqual([
      // By name; `store` null on a salesperson's line, as in `goals progress`. Ana: K1 only
      // (K2 is cancelled).
      line('salesperson', 'v1@x.br', null, 10000, 3000, projection(3000)),
      // Bruno: K3 only (K4 is October's); past the goal, nothing missing.
      line('salesperson', 'v2@x.br', null, 5000, 6000, projection(6000)),
      line('salesperson', 'n1@x.br', null, 8000, 4000, projection(4000)),
      line('salesperson', 'sup@x.br', null, 2000, 0, 0),
      // Sara's team: her goal and her two people's, added up.
      line(
        'team',
        'sup@x.br',
        'L1',
        17000,
        9000,
        Math.round((projection(3000) + projection(6000)) * 100) / 100,
      ),
      // The store counts its projects (whoever's), the company all of them.
      line('store', null, 'L1', 15000, 9000, projection(9000)),
      line('company', null, null, 30000, 13000, projection(13000)),
    ]);
    expect(json.rows.map((row: Record<string, unknown>) => row.goal_line)).toEqual([
      'Ana Vendedora',
      'Bruno Vendedor',
      'Nina Norte',
      'Sara Supervisora',
      'Equipe de Sara Supervisora',
      'Loja Centro',
      'Empresa',
    ]);
    expect(json.totals.count).toBe(7);
  });

  it('a vendedor sees only their own line; a gerente their store’s people, team and store', async () => {
    const own = JSON.parse(
      (await carteira('report', 'Metas do mês', '--as', 'v1@x.br', '--at', AT, '--format', 'json'))
        .stdout,
    );
    expect(
      own.goals.goals.map((g: { scope: string; salesperson: string }) => [g.scope, g.salesperson]),
    ).toEqual([['salesperson', 'v1@x.br']]);
    const store = JSON.parse(
      (await carteira('report', 'Metas do mês', '--as', 'ger@x.br', '--at', AT, '--format', 'json'))
        .stdout,
    );
    expect(store.rows.map((row: Record<string, unknown>) => row.goal_line)).toEqual([
      'Ana Vendedora',
      'Bruno Vendedor',
      'Sara Supervisora',
      'Equipe de Sara Supervisora',
      'Loja Centro',
    ]);
    const table = await carteira('report', 'Metas do mês', '--as', 'ger@x.br', '--at', AT);
    expect(table.stdout).toMatch(
      /Metas de novembro de 2026 · valor contratado · 12 dias úteis restantes/,
    );
    expect(table.stdout).toMatch(/Ritmo necessário/);
    expect(table.stdout).not.toMatch(/Nina Norte|Empresa/);
  });

  it('CSV and PDF carry every line with its figures', async () => {
    const dir = await tempDir('carteira-goals-view-');
    const csvFile = join(dir, 'metas.csv');
    const csv = await carteira(
      'report',
      'Metas do mês',
      '--as',
      'admin@x.br',
      '--at',
      AT,
      '--format',
      'csv',
      '--out',
      csvFile,
    );
    expect(csv.stderr).toBe('');
    expect(csv.stdout).toMatch(/7 metas →/);
    const text = await readFile(csvFile, 'utf8');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Meta de;Loja;Meta;Realizado;%;Falta;Ritmo necessário (por dia útil);Projeção',
    );
    expect(lines).toContain(
      `Ana Vendedora;Centro;10000,00;3000,00;30;7000,00;${String(pace(7000)).replace('.', ',')};${projection(3000).toFixed(2).replace('.', ',')}`,
    );
    expect(
      lines.some((l) => l.startsWith('Equipe de Sara Supervisora;Centro;17000,00;9000,00;52,9;')),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('Empresa;;30000,00;13000,00;43,3;'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Total: 7 metas/);

    const pdfFile = join(dir, 'metas.pdf');
    const pdf = await carteira(
      'report',
      'Metas do mês',
      '--as',
      'admin@x.br',
      '--at',
      AT,
      '--format',
      'pdf',
      '--out',
      pdfFile,
    );
    expect(pdf.stderr).toBe('');
    const doc = await getDocument({
      data: new Uint8Array(await readFile(pdfFile)),
      useSystemFonts: false,
      isEvalSupported: false,
    }).promise;
    const page = await (await doc.getPage(1)).getTextContent();
    const words = page.items.map((it) => ('str' in it ? it.str : '')).join(' ');
    await doc.destroy();
    for (const s of [
      'Metas do mês',
      'Ana Vendedora',
      'Equipe de Sara Supervisora',
      'Loja Centro',
      'Empresa',
      'R$ 17.000,00',
      '53%',
      'Total: 7 metas',
    ])
      expect(words).toContain(s);
  });
});
