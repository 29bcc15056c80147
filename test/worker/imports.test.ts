/**
 * The worker imports on its own (issue 14): an export dropped into IMPORT_DIR is imported
 * once, moved to processados/, listed by `carteira imports list`, and the next report says
 * its time; a broken one is refused, moved to recusados/ with the Portuguese report, the
 * admins are told in Slack, and nothing changes in the data. Two imports of the same export
 * at once: one imports, the other skips.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/core/import/index.js';
import { listImports } from '../../src/core/import/runs.js';
import { isoWithOffset } from '../../src/core/time/zoned.js';
import { counts, STANDARD, withFiles, type Export } from '../core/import/fixtures.js';
import { runCarteira } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';
import { createWorld, newPrefix, SLACK, SP, waitUntil, type World } from './support.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world?.stopWorkers();
});
afterAll(async () => {
  await world?.close();
});

const ADMIN_DM = `D${SLACK.admin.slice(1)}`;

async function drop(dir: string, files: Export, marker: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  if (marker) await writeFile(join(dir, 'pronto'), '');
}

async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

async function watchingWorker(dir: string) {
  const prefix = newPrefix();
  return world.worker({
    prefix,
    config: { ...world.config(prefix), IMPORT_DIR: dir },
    tuning: { importPollMs: 100 },
  });
}

/** projetos.csv with a money value that is not one, on line 3. */
const BROKEN = withFiles(STANDARD, {
  'projetos.csv': [
    'codigo;cliente;loja;responsavel;criado_em;valor_estimado',
    'P1;C1;L1;ana@loja.com;01/11/2026 01:30;100,00',
    'P2;C2;L2;bia@loja.com;01/11/2026 01:30;cem reais',
    '',
  ].join('\n'),
});

describe('IMPORT_DIR', () => {
  it('imports a complete export once, moves it to processados/, and reports carry its time', async () => {
    const dir = await tempDir('carteira-import-dir-');
    await watchingWorker(dir);
    await drop(join(dir, 'exportacao'), STANDARD, true);

    const processed = await waitUntil(
      async () => {
        const e = await entries(join(dir, 'processados'));
        return e.length > 0 ? e : null;
      },
      20_000,
      'the export in processados/',
    );
    expect(processed).toHaveLength(1);
    expect(await entries(dir)).toEqual(['processados']);
    expect(await entries(join(dir, 'processados', processed[0]!))).toContain('projetos.csv');

    const runs = await listImports(world.db);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run).toMatchObject({ status: 'ok', origin: 'worker', errorCount: 0 });
    expect(run.files.find((f) => f.file === 'projetos.csv')).toMatchObject({ rows: 3, new: 3 });
    const p1 = await world.db
      .selectFrom('projects')
      .select('code')
      .where('code', '=', 'P1')
      .executeTakeFirst();
    expect(p1).toBeDefined();

    // More polls: nothing else is imported.
    const worker2 = await watchingWorker(dir);
    await worker2.importPass();
    await worker2.importPass();
    expect(await listImports(world.db)).toHaveLength(1);

    const listed = await runCarteira(world.t.url, 'imports', 'list', '--format', 'json');
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout) as { id: string; status: string; origin: string }[];
    expect(json).toEqual([
      expect.objectContaining({ id: String(run.id), status: 'ok', origin: 'worker' }),
    ]);

    const report = await runCarteira(
      world.t.url,
      'report',
      'Sem contratos no mês',
      '--format',
      'json',
    );
    expect(report.code).toBe(0);
    expect((JSON.parse(report.stdout) as { dataAsOf: string }).dataAsOf).toBe(
      isoWithOffset(run.finishedAt, SP),
    );
  });

  it('refuses a broken export: recusados/ with relatorio.txt, the admins told, nothing changed', async () => {
    await world.db.deleteFrom('imports').execute();
    const before = await counts(world.t.database);
    const dir = await tempDir('carteira-import-dir-');
    await watchingWorker(dir);
    // No marker, files straight in IMPORT_DIR: imported once they stop changing.
    await drop(dir, BROKEN, false);

    const refused = await waitUntil(
      async () => {
        const e = await entries(join(dir, 'recusados'));
        return e.length > 0 ? e : null;
      },
      20_000,
      'the export in recusados/',
    );
    expect(refused).toHaveLength(1);
    const folder = join(dir, 'recusados', refused[0]!);
    expect(await entries(folder)).toContain('relatorio.txt');
    expect(await entries(folder)).toContain('projetos.csv');
    expect(await entries(dir)).toEqual(['recusados']);
    const text = await readFile(join(folder, 'relatorio.txt'), 'utf8');
    expect(text).toContain('Nada foi gravado');
    expect(text).toMatch(/projetos\.csv, linha 3: .*valor_estimado/);

    const dm = await waitUntil(
      () => world.fake.messages(ADMIN_DM).find((m) => String(m.text).includes('recusada')),
      10_000,
      'the admin DM',
    );
    expect(String(dm.text)).toMatch(/projetos\.csv, linha 3/);
    expect(String(dm.text)).toContain(folder);
    // Only admins are told (the gerente is not), and only once.
    expect(world.fake.messages(`D${SLACK.gerente.slice(1)}`)).toHaveLength(0);
    expect(await counts(world.t.database)).toEqual(before);
    const [run] = await listImports(world.db);
    expect(run).toMatchObject({ status: 'refused', origin: 'worker' });
    const again = await watchingWorker(dir);
    await again.importPass();
    expect(
      world.fake.messages(ADMIN_DM).filter((m) => String(m.text).includes('recusada')),
    ).toHaveLength(1);
  });

  it('two imports of the same export at once: one imports, the other skips', async () => {
    await world.db.deleteFrom('imports').execute();
    const dir = await tempDir('carteira-import-same-');
    await drop(dir, withFiles(STANDARD, {}), false);
    const opts = {
      database: world.t.database,
      folder: dir,
      once: true,
      origin: 'worker' as const,
      now: world.clock,
    };
    const [a, b] = await Promise.all([importFolder(opts), importFolder(opts)]);
    const outcomes = [a, b].map((r) => r.skipped ?? r.status).sort();
    // Sorted: 'busy' and 'duplicate' both come before 'ok'.
    expect(outcomes[1]).toBe('ok');
    expect(['busy', 'duplicate']).toContain(outcomes[0]);
    // And afterwards the same export is a duplicate.
    expect((await importFolder(opts)).skipped).toBe('duplicate');
    expect((await listImports(world.db)).filter((r) => r.status === 'ok')).toHaveLength(1);
  });
});
