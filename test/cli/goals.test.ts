/**
 * `carteira goals set` and `carteira goals progress --format json` as a real process: the
 * JSON shape of docs/report-format.md ("Goals"), the rights of `--as`, and refusals that
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture } from '../support/fixtures.js';
import { runCarteira } from '../support/cli.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await buildFixture(t.database, {
    stores: [{ code: 'L1', name: 'Centro' }],
    people: [
      { email: 'ger@x.br', store: 'L1', role: 'gerente' },
      { email: 'v1@x.br', store: 'L1' },
    ],
    projects: [
      {
        code: 'P1',
        store: 'L1',
        seller: 'v1@x.br',
        createdAt: '2026-11-03T10:00:00-03:00',
        contracts: [
          {
            number: 'K1',
            createdAt: '2026-11-04T10:00:00-03:00',
            stage: 'contratado',
            value: 12345.67,
          },
        ],
      },
    ],
  });
});
afterAll(() => t.drop());

const carteira = (...args: string[]) => runCarteira(t.url, ...args);

describe('carteira goals', () => {
  it('a gerente sets a salesperson goal in pt-BR money; progress prints the documented JSON', async () => {
    const set = await carteira(
      'goals',
      'set',
      '--month',
      '2026-11',
      '--measure',
      'valor_contratado',
      '--value',
      '150.000,00',
      '--salesperson',
      'v1@x.br',
      '--as',
      'ger@x.br',
    );
    expect(set.stderr).toBe('');
    expect(set.stdout).toMatch(/Meta de valor contratado de 2026-11 definida: R\$\s150\.000,00/);
    const p = await carteira(
      'goals',
      'progress',
      '--month',
      '2026-11',
      '--as',
      'v1@x.br',
      '--at',
      '2026-11-15',
      '--format',
      'json',
    );
    expect(p.code).toBe(0);
    expect(JSON.parse(p.stdout)).toEqual({
      month: '2026-11',
      asOf: '2026-11-15',
      goals: [
        {
          scope: 'salesperson',
          salesperson: 'v1@x.br',
          // The shape: `store` is a code only for a store's goal.
          store: null,
          measure: 'valor_contratado',
          target: 150000,
          achieved: 12345.67,
          ratio: 0.082,
          remaining: 137654.33,
          // After 15/11/2026: 16–21 less 20/11, 23–28, 30.
          businessDaysLeft: 12,
          dailyPaceNeeded: 11471.19,
          // 11 business days elapsed of 23.
          projection: Math.round((12345.67 / 11) * 23 * 100) / 100,
        },
      ],
    });
  });

  it('a vendedor may not set a goal, and a bad month is refused; nothing changes', async () => {
    const forbidden = await carteira(
      'goals',
      'set',
      '--month',
      '2026-11',
      '--measure',
      'contratos',
      '--value',
      '3',
      '--salesperson',
      'v1@x.br',
      '--as',
      'v1@x.br',
    );
    expect(forbidden.code).not.toBe(0);
    expect(forbidden.stderr).toMatch(/Só gerentes e administradores definem metas/);
    const bad = await carteira(
      'goals',
      'set',
      '--month',
      '11/2026',
      '--measure',
      'contratos',
      '--value',
      '3',
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Mês inválido.*AAAA-MM/);
    const goals = await t.database.db.selectFrom('goals').select('measure').execute();
    expect(goals.map((g) => g.measure)).toEqual(['valor_contratado']);
  });
});
