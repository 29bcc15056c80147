/**
 * Line fingerprints (src/core/import/fingerprints.ts): a re-exported file whose lines are the
 * ones last imported is not converted again, and yet the import means exactly what reading
 * every line would — changed lines update, repeated keys are reported, and lines whose
 * meaning changed through another file (a store's timezone, a project or contract that moved)
 * are read in full.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFolder, type ImportReport } from '../../../src/core/import/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import {
  counts,
  resetPortfolio,
  rows,
  STANDARD,
  withFiles,
  writeExport,
  type Export,
} from './fixtures.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());
beforeEach(() => resetPortfolio(t.database));

/** The same export written again by the ERP: same lines, but not byte for byte the same file. */
function rewritten(base: Export): Export {
  return Object.fromEntries(Object.entries(base).map(([f, text]) => [f, `${text}\n`]));
}

function file(r: ImportReport, name: string) {
  return r.files.find((f) => f.file === name)!;
}

async function summary(): Promise<unknown[]> {
  return rows(
    t.database,
    `SELECT project_code, created_on::text, situation, contract_value::text, estimated_value::text,
            environment_count, environments_without_contract, purchase_orders
       FROM project_summary ORDER BY project_code`,
  );
}

const BIG = ['clientes.csv', 'projetos.csv', 'contratos.csv', 'ambientes.csv', 'pedidos.csv'];

describe('an export whose lines did not change', () => {
  it('is read without converting them again, and nothing changes', async () => {
    const first = await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    expect(first.status).toBe('ok');
    const before = { counts: await counts(t.database), summary: await summary() };

    const again = await importFolder({
      database: t.database,
      folder: await writeExport(rewritten(STANDARD)),
    });
    expect(again.status).toBe('ok');
    expect(again.issues).toEqual([]);
    for (const name of BIG) {
      const f = file(again, name);
      expect(f.reused, name).toBeUndefined();
      expect([f.inserted, f.updated, f.skipped, f.sameLines], name).toEqual([0, 0, 0, f.rows]);
    }
    expect(again.projectsRefreshed).toBe(0);
    expect({ counts: await counts(t.database), summary: await summary() }).toEqual(before);
  });

  it('applies the one line that changed, and counts the others as unchanged', async () => {
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    const changed = withFiles(rewritten(STANDARD), {
      'projetos.csv': STANDARD['projetos.csv']!.replace('R$ 12.345,67', 'R$ 20.000,00'),
    });
    const r = await importFolder({ database: t.database, folder: await writeExport(changed) });
    expect(r.status).toBe('ok');
    expect(file(r, 'projetos.csv')).toMatchObject({ rows: 3, updated: 1, sameLines: 2 });
    expect(r.projectsRefreshed).toBe(1);
    const [p1] = await rows<{ v: string }>(
      t.database,
      `SELECT estimated_value::text AS v FROM project_summary WHERE project_code = 'P1'`,
    );
    expect(p1!.v).toBe('20000.00');
  });

  it('a line written differently with the same values updates nothing', async () => {
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    const respelled = withFiles(STANDARD, {
      'ambientes.csv': STANDARD['ambientes.csv']!.replace(
        'A5;P2;Sala;800;K3',
        'A5;P2;Sala;800,00;K3',
      ),
    });
    const r = await importFolder({ database: t.database, folder: await writeExport(respelled) });
    expect(file(r, 'ambientes.csv')).toMatchObject({ rows: 5, updated: 0, sameLines: 4 });
    // The new spelling is now the one on record: the next export with it is all "same".
    const next = await importFolder({
      database: t.database,
      folder: await writeExport(rewritten(respelled)),
    });
    expect(file(next, 'ambientes.csv')).toMatchObject({ updated: 0, sameLines: 5 });
  });
});

describe('repeated keys', () => {
  it('are reported whether the first occurrence changed or not; the first one wins', async () => {
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    const repeated = withFiles(STANDARD, {
      // A1 unchanged then repeated with another name; A2 changed then repeated.
      'ambientes.csv': STANDARD['ambientes.csv']!.replace(
        'A2;P1;Dormitório casal;4.000,00;K1',
        'A2;P1;Dormitório;4.100,00;K1',
      ).replace(
        'A5;P2;Sala;800;K3',
        'A5;P2;Sala;800;K3\nA1;P1;Cozinha gourmet;9.000,00;K1\nA2;P1;Suíte;1,00;K1',
      ),
    });
    const r = await importFolder({
      database: t.database,
      folder: await writeExport(repeated),
      skipInvalid: true,
    });
    expect(r.issues.map((i) => [i.file, i.line, i.reason])).toEqual([
      [
        'ambientes.csv',
        7,
        'código "A1" repetido no arquivo (já aparece na linha 2; vale a primeira)',
      ],
      [
        'ambientes.csv',
        8,
        'código "A2" repetido no arquivo (já aparece na linha 3; vale a primeira)',
      ],
    ]);
    const names = await rows<{ code: string; name: string; value: string }>(
      t.database,
      `SELECT code, name, value::text AS value FROM environments WHERE code IN ('A1', 'A2') ORDER BY code`,
    );
    expect(names).toEqual([
      { code: 'A1', name: 'Cozinha', value: '6000.00' },
      { code: 'A2', name: 'Dormitório', value: '4100.00' },
    ]);
  });
});

describe('lines whose meaning changed through another file', () => {
  it("a store's new timezone re-reads the local times of every file", async () => {
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    const before = await rows<{ code: string; at: string }>(
      t.database,
      `SELECT code, created_at::text AS at FROM projects WHERE code = 'P2'`,
    );
    const moved = withFiles(rewritten(STANDARD), {
      'lojas.csv': STANDARD['lojas.csv']!.replace('america/manaus', 'America/Sao_Paulo'),
    });
    const r = await importFolder({ database: t.database, folder: await writeExport(moved) });
    expect(r.status).toBe('ok');
    expect(file(r, 'projetos.csv').sameLines).toBeUndefined();
    const after = await rows<{ code: string; at: string }>(
      t.database,
      `SELECT code, created_at::text AS at FROM projects WHERE code = 'P2'`,
    );
    // 2026-10-31 23:30 in Manaus (UTC-4) and in São Paulo (UTC-3) are an hour apart.
    expect(after[0]!.at).not.toBe(before[0]!.at);
    const [p2] = await rows<{ d: string }>(
      t.database,
      `SELECT created_on::text AS d FROM project_summary WHERE project_code = 'P2'`,
    );
    expect(p2!.d).toBe('2026-10-31');
  });

  it('a project moving to a store in another timezone re-reads its contracts and orders', async () => {
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    const at = () =>
      rows<{ at: string }>(
        t.database,
        `SELECT created_at::text AS at FROM contracts WHERE code = 'K3'`,
      );
    const before = await at();
    const moved = withFiles(rewritten(STANDARD), {
      'projetos.csv': STANDARD['projetos.csv']!.replace(
        'P2;C2;L2;BIA@loja.com',
        'P2;C2;L1;BIA@loja.com',
      ),
    });
    const r = await importFolder({ database: t.database, folder: await writeExport(moved) });
    expect(r.status).toBe('ok');
    expect(file(r, 'contratos.csv').sameLines).toBeUndefined();
    expect(file(r, 'contratos.csv').updated).toBe(1);
    expect((await at())[0]!.at).not.toBe(before[0]!.at);
  });

  it("a contract moving to another project re-checks its rooms' lines", async () => {
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    const moved = withFiles(rewritten(STANDARD), {
      'contratos.csv': STANDARD['contratos.csv']!.replace('K3,2001,P2', 'K3,2001,P1'),
    });
    const r = await importFolder({ database: t.database, folder: await writeExport(moved) });
    // A5 (project P2, contract K3) is the same line as before, and now wrong.
    expect(r.status).toBe('refused');
    expect(r.issues.map((i) => [i.file, i.line, i.reason])).toEqual([
      ['ambientes.csv', 6, 'contrato "K3" é do projeto "P1", não do projeto "P2" do ambiente'],
    ]);
  });

  it('a column added to the file reads every line again', async () => {
    await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    const text = STANDARD['clientes.csv']!.split('\n');
    const wider = text.map((l, i) => (l === '' ? l : `${l};${i === 0 ? 'Observação' : 'x'}`));
    const r = await importFolder({
      database: t.database,
      folder: await writeExport(withFiles(STANDARD, { 'clientes.csv': wider.join('\n') })),
    });
    expect(r.status).toBe('ok');
    expect(file(r, 'clientes.csv')).toMatchObject({ rows: 2, updated: 0 });
    expect(file(r, 'clientes.csv').sameLines).toBeUndefined();
  });
});
