/**
 * Re-importing an unchanged export: files identical to the last successful import's (same
 * checksum, all rows imported, their table still as it was) are not read again; a changed
 * file is; a database emptied since reads everything again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../../src/core/import/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { counts, resetPortfolio, STANDARD, withFiles, writeExport } from './fixtures.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('unchanged files', () => {
  it('are not read again, and the data stays the same', async () => {
    const first = await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    expect(first.files.every((f) => !f.reused)).toBe(true);
    const after = await counts(t.database);

    const progress: string[] = [];
    const again = await importFolder({
      database: t.database,
      folder: await writeExport(STANDARD),
      onProgress: (p) => p.done && progress.push(p.file),
    });
    expect(again.status).toBe('ok');
    expect(again.files.map((f) => [f.file, f.reused, f.inserted, f.updated])).toEqual(
      first.files.map((f) => [f.file, true, 0, 0]),
    );
    expect(again.files.map((f) => f.rows)).toEqual(first.files.map((f) => f.rows));
    expect(progress).toHaveLength(first.files.length);
    expect(await counts(t.database)).toEqual(after);

    // One file changed: only it is read.
    const changed = withFiles(STANDARD, {
      'especificadores.csv':
        'codigo;nome;tipo;email\nE1;Arq. Joana Dias;arquiteta;joana@estudio.com\n',
    });
    const third = await importFolder({ database: t.database, folder: await writeExport(changed) });
    const spec = third.files.find((f) => f.file === 'especificadores.csv')!;
    expect(spec).toMatchObject({ updated: 1 });
    expect(spec.reused).toBeUndefined();
    expect(third.files.filter((f) => f.reused)).toHaveLength(first.files.length - 1);
  });

  it('a database emptied since the last import reads everything again', async () => {
    await resetPortfolio(t.database);
    const r = await importFolder({ database: t.database, folder: await writeExport(STANDARD) });
    expect(r.files.some((f) => f.reused)).toBe(false);
    expect((await counts(t.database)).projects).toBe(3);
  });
});
