/**
 * `carteira goals history` as a real process: who changed which goal of the month, when (in
 * the viewer's store timezone, pt-BR), from what to what — only the goals `--as` may see; the
 * JSON has instants in UTC and `store` null on a salesperson's goal, as `goals progress`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setGoal } from '../../src/core/goals/goals.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, type Built } from '../support/fixtures.js';
import { runCarteira } from '../support/cli.js';

let t: TestDatabase;
let b: Built;
/** 10/11/2026 12:05 UTC: 09:05 in São Paulo, 08:05 in Manaus. */
const FIRST = new Date('2026-11-10T12:05:00Z');
const LATER = new Date('2026-11-16T18:30:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  b = await buildFixture(t.database, {
    stores: [
      { code: 'L1', name: 'Centro', timezone: 'America/Sao_Paulo' },
      { code: 'L2', name: 'Manaus', timezone: 'America/Manaus' },
    ],
    people: [
      { email: 'admin@x.br', name: 'Adm', store: 'L1', role: 'admin' },
      { email: 'ger@x.br', name: 'Gil Gerente', store: 'L1', role: 'gerente' },
      { email: 'v1@x.br', name: 'Ana Vendedora', store: 'L1' },
      { email: 'n1@x.br', name: 'Nina Norte', store: 'L2' },
    ],
    projects: [],
  });
  const db = t.database.db;
  const ger = await b.viewer('ger@x.br');
  const admin = await b.viewer('admin@x.br');
  const ana = { kind: 'salesperson' as const, salespersonId: b.personId['v1@x.br']! };
  const nina = { kind: 'salesperson' as const, salespersonId: b.personId['n1@x.br']! };
  const month = '2026-11';
  await setGoal(db, {
    actor: ger,
    input: { month, measure: 'valor_contratado', owner: ana, target: 150_000 },
    source: 'slack',
    now: FIRST,
  });
  await setGoal(db, {
    actor: ger,
    input: { month, measure: 'valor_contratado', owner: ana, target: 180_000 },
    source: 'slack',
    now: LATER,
  });
  await setGoal(db, {
    actor: admin,
    input: { month, measure: 'contratos', owner: nina, target: 4 },
    source: 'cli',
    now: FIRST,
  });
  await setGoal(db, {
    actor: null,
    input: {
      month,
      measure: 'valor_contratado',
      owner: { kind: 'store', storeId: b.storeId.L1! },
      target: 400_000,
    },
    source: 'import',
    now: FIRST,
  });
  // Another month's change is not November's history.
  await setGoal(db, {
    actor: ger,
    input: { month: '2026-12', measure: 'contratos', owner: ana, target: 9 },
    source: 'slack',
    now: LATER,
  });
});
afterAll(() => t.drop());

const carteira = (...args: string[]) => runCarteira(t.url, ...args);

describe('carteira goals history', () => {
  it('a gerente sees their store’s changes, newest first, in São Paulo time', async () => {
    const r = await carteira('goals', 'history', '--month', '2026-11', '--as', 'ger@x.br');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'Histórico das metas de novembro de 2026 (horários em America/Sao_Paulo), mais recentes primeiro:',
    );
    expect(lines.slice(1).map((l) => l.trim())).toEqual([
      '16/11/2026 15:30 — Ana Vendedora (Centro) · valor contratado: R$ 150.000,00 → R$ 180.000,00 · por Gil Gerente no Slack',
      '10/11/2026 09:05 — Loja Centro · valor contratado: definida em R$ 400.000,00 · pela importação (metas.csv)',
      '10/11/2026 09:05 — Ana Vendedora (Centro) · valor contratado: definida em R$ 150.000,00 · por Gil Gerente no Slack',
    ]);
    expect(r.stdout).not.toContain('Nina');
  });

  it('a vendedor sees only their own goals, at their store’s time', async () => {
    const r = await carteira('goals', 'history', '--month', '2026-11', '--as', 'n1@x.br');
    expect(r.stdout).toContain('(horários em America/Manaus)');
    expect(r.stdout).toContain(
      '10/11/2026 08:05 — Nina Norte (Manaus) · contratos: definida em 4 · por Adm no terminal',
    );
    expect(r.stdout).not.toContain('Ana');
    expect(r.stdout).not.toContain('Loja Centro');
  });

  it('--format json: instants in UTC, store null on a salesperson’s goal', async () => {
    const r = await carteira(
      'goals',
      'history',
      '--month',
      '2026-11',
      '--as',
      'admin@x.br',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.month).toBe('2026-11');
    expect(json.timezone).toBe('America/Sao_Paulo');
    expect(json.changes).toHaveLength(4);
    expect(json.changes[0]).toEqual({
      changedAt: LATER.toISOString(),
      changedBy: 'ger@x.br',
      changedByName: 'Gil Gerente',
      source: 'slack',
      scope: 'salesperson',
      salesperson: 'v1@x.br',
      store: null,
      measure: 'valor_contratado',
      oldTarget: 150000,
      newTarget: 180000,
    });
    expect(json.changes).toContainEqual(
      expect.objectContaining({
        scope: 'store',
        store: 'L1',
        salesperson: null,
        source: 'import',
        changedBy: null,
        oldTarget: null,
        newTarget: 400000,
      }),
    );
  });

  it('a month without changes says so; a bad month or format is refused in Portuguese', async () => {
    const none = await carteira('goals', 'history', '--month', '2020-01', '--as', 'ger@x.br');
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/Nenhuma alteração nas metas de janeiro de 2020/);
    const bad = await carteira('goals', 'history', '--month', '11/2026');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Mês inválido.*AAAA-MM/);
    const format = await carteira('goals', 'history', '--format', 'pdf');
    expect(format.code).not.toBe(0);
    expect(format.stderr).toMatch(/--format table ou --format json/);
  });
});

describe('carteira goals progress (table)', () => {
  it('names the month in Portuguese and stops a closed month at its last day', async () => {
    const r = await carteira(
      'goals',
      'progress',
      '--month',
      '2026-11',
      '--as',
      'ger@x.br',
      '--at',
      '2026-12-03',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('Metas de novembro de 2026 até 30/11/2026:');
  });
});
