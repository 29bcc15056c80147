/**
 * `metas.csv` in the ERP export: goals import idempotently, update in place with their
 * history, and a bad row is refused with a Portuguese line that names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../../src/core/import/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { writeExport, type Export } from './fixtures.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const BASE: Export = {
  'lojas.csv':
    'codigo;nome;fuso\nL1;Loja Centro;America/Sao_Paulo\nL2;Loja Manaus;America/Manaus\n',
  'vendedores.csv':
    'email;nome;loja;cargo\nana@loja.com;Ana;L1;vendedor\nbia@loja.com;Bia;L2;vendedor\n',
};

const load = async (metas: string, opts: { skipInvalid?: boolean; now?: () => Date } = {}) =>
  importFolder({
    database: t.database,
    folder: await writeExport({ ...BASE, 'metas.csv': metas }),
    ...opts,
  });

const goals = () =>
  t.database.db
    .selectFrom('goals as g')
    .leftJoin('stores as st', 'st.id', 'g.store_id')
    .leftJoin('salespeople as sp', 'sp.id', 'g.salesperson_id')
    .select(['g.month', 'g.measure', 'st.code', 'sp.email', 'g.target'])
    .orderBy('g.measure')
    .orderBy('st.code')
    .orderBy('sp.email')
    .execute();

const GOOD = [
  'mes;medida;valor;loja;responsavel',
  '2026-11;valor_contratado;150.000,00;;ana@loja.com',
  '2026-11;contratos;12;L1;',
  '2026-11;valor_contratado;1000000;;',
  '',
].join('\n');

describe('metas.csv', () => {
  it('a bad row is listed by line in Portuguese and, without --skip-invalid, nothing is imported', async () => {
    const r = await load(
      [
        'mes;medida;valor;loja;responsavel',
        '2026-11;valor_contratado;150.000,00;;ana@loja.com',
        '11/2026;contratos;3;L1;',
        '2026-11;faturamento;3;L1;',
        '2026-11;contratos;2,5;L1;',
        '2026-11;projetos;10;L9;',
        '2026-11;projetos;10;;zeca@loja.com',
        '2026-11;projetos;10;L1;bia@loja.com',
        '2026-11;valor_contratado;1;;ana@loja.com',
        '',
      ].join('\n'),
    );
    expect(r.applied).toBe(false);
    const lines = r.issues.filter((i) => i.file === 'metas.csv').map((i) => [i.line, i.reason]);
    expect(lines).toEqual([
      [3, expect.stringMatching(/mes inválido: .*11\/2026.*AAAA-MM/)],
      [4, expect.stringMatching(/medida inválida: .*faturamento/)],
      [5, expect.stringMatching(/número inteiro/)],
      [6, expect.stringMatching(/loja .*L9.* não existe/)],
      [7, expect.stringMatching(/responsável .*zeca@loja.com.* não existe/)],
      [8, expect.stringMatching(/não é da loja/)],
      [9, expect.stringMatching(/repetida no arquivo \(já aparece na linha 2/)],
    ]);
    expect(await goals()).toEqual([]);
  });

  it('imports salesperson, store and company goals; again, nothing changes', async () => {
    const first = await load(GOOD);
    expect(first.applied).toBe(true);
    expect(first.files.find((f) => f.file === 'metas.csv')).toMatchObject({
      rows: 3,
      inserted: 3,
      updated: 0,
    });
    expect(await goals()).toEqual([
      { month: '2026-11-01', measure: 'contratos', code: 'L1', email: null, target: '12.00' },
      {
        month: '2026-11-01',
        measure: 'valor_contratado',
        code: null,
        email: 'ana@loja.com',
        target: '150000.00',
      },
      {
        month: '2026-11-01',
        measure: 'valor_contratado',
        code: null,
        email: null,
        target: '1000000.00',
      },
    ]);
    const again = await load(GOOD);
    expect(again.files.find((f) => f.file === 'metas.csv')).toMatchObject({
      inserted: 0,
      updated: 0,
    });
    const changes = await t.database.db.selectFrom('goal_changes').select('id').execute();
    expect(changes).toHaveLength(3);
  });

  it('a changed value updates the goal in place and keeps the old one in the history', async () => {
    const r = await load(GOOD.replace('150.000,00', '180.000,00'));
    expect(r.files.find((f) => f.file === 'metas.csv')).toMatchObject({ inserted: 0, updated: 1 });
    const history = await t.database.db
      .selectFrom('goal_changes')
      .select(['old_target', 'new_target', 'source', 'changed_by'])
      .where('old_target', 'is not', null)
      .execute();
    expect(history).toEqual([
      { old_target: '150000.00', new_target: '180000.00', source: 'import', changed_by: null },
    ]);
  });

  it('a goal’s change is dated by the import’s clock, not the database’s', async () => {
    const at = new Date('2026-11-10T12:34:56Z');
    expect((await load(GOOD.replace('1000000', '1200000'), { now: () => at })).applied).toBe(true);
    const change = await t.database.db
      .selectFrom('goal_changes as gc')
      .innerJoin('goals as g', 'g.id', 'gc.goal_id')
      .select(['gc.changed_at', 'g.updated_at'])
      .where('gc.new_target', '=', '1200000')
      .executeTakeFirstOrThrow();
    expect(change).toEqual({ changed_at: at, updated_at: at });
  });

  it('the same salesperson with and without loja is one goal repeated, not a crash', async () => {
    const r = await load(
      [
        'mes;medida;valor;loja;responsavel',
        '2026-12;projetos;7;L1;ana@loja.com',
        '2026-12;projetos;9;;ana@loja.com',
        '',
      ].join('\n'),
      { skipInvalid: true },
    );
    expect(r.applied).toBe(true);
    expect(r.issues.filter((i) => i.file === 'metas.csv').map((i) => [i.line, i.reason])).toEqual([
      [3, expect.stringMatching(/meta repetida no arquivo \(já aparece na linha 2/)],
    ]);
    const december = (await goals()).filter((g) => g.month === '2026-12-01');
    expect(december).toEqual([
      {
        month: '2026-12-01',
        measure: 'projetos',
        code: null,
        email: 'ana@loja.com',
        target: '7.00',
      },
    ]);
  });
});
