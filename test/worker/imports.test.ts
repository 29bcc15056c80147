/**
 * The worker imports on its own (issue 14): an export dropped into IMPORT_DIR is imported
 * once, moved to processados/, listed by `carteira imports list`, and the next report says
 * its time; a broken one is refused, moved to recusados/ with the Portuguese report, the
 * admins are told in Slack, and nothing changes in the data. Two imports of the same export
 * at once: one imports, the other skips.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/core/import/index.js';
import { listImports } from '../../src/core/import/runs.js';
import { MOVE_MANIFEST } from '../../src/worker/imports.js';
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
  it('a worker that died while moving an export: the next pass finishes the move, imports nothing again', async () => {
    await world.db.deleteFrom('imports').execute();
    const dir = await tempDir('carteira-import-crash-');
    // What a worker leaves when it stops after moving half of a root export into the hidden
    // folder: the run recorded, two files moved, the others still in IMPORT_DIR.
    const done = await importFolder({
      database: world.t.database,
      folder: await exportIn(dir, 'origem'),
      once: true,
      origin: 'worker',
      now: world.clock,
    });
    expect(done.status).toBe('ok');
    const names = Object.keys(STANDARD).sort();
    const partial = join(dir, 'processados', '.2026-11-24_120000.parcial');
    await mkdir(partial, { recursive: true });
    await writeFile(
      join(partial, MOVE_MANIFEST),
      JSON.stringify({
        host: hostname(),
        pid: deadPid(),
        importId: done.importId,
        rootFiles: names,
      }),
    );
    for (const [i, name] of names.entries())
      await rename(join(dir, 'origem', name), i < 2 ? join(partial, name) : join(dir, name));

    const worker = await watchingWorker(dir);
    await worker.importPass();
    expect(await entries(join(dir, 'processados'))).toEqual(['2026-11-24_120000']);
    expect(await entries(join(dir, 'processados', '2026-11-24_120000'))).toEqual(names);
    expect((await entries(dir)).filter((n) => n !== 'origem')).toEqual(['processados']);
    // The files left in IMPORT_DIR were not taken for a new export.
    expect(await listImports(world.db)).toHaveLength(1);
  });

  it('a refused export left half-moved gets its relatorio.txt; a move by a live worker elsewhere is left alone until it is old', async () => {
    await world.db.deleteFrom('imports').execute();
    const dir = await tempDir('carteira-import-crash-');
    const refused = await importFolder({
      database: world.t.database,
      folder: await exportIn(dir, 'quebrada', BROKEN),
      once: true,
      origin: 'worker',
      now: world.clock,
    });
    expect(refused.status).toBe('refused');
    const partial = join(dir, 'recusados', '.2026-11-24_120500.parcial');
    await mkdir(join(dir, 'recusados'), { recursive: true });
    // Another host's worker, seconds ago by the clock: maybe still at work.
    await writeFile(
      join(dir, 'quebrada', MOVE_MANIFEST),
      JSON.stringify({ host: 'outro-servidor', pid: 1, importId: refused.importId }),
    );
    await rename(join(dir, 'quebrada'), partial);
    const recent = new Date(world.clock().getTime() - 60_000);
    await utimes(partial, recent, recent);

    const worker = await watchingWorker(dir);
    await worker.importPass();
    expect(await entries(join(dir, 'recusados'))).toEqual(['.2026-11-24_120500.parcial']);

    const old = new Date(world.clock().getTime() - 11 * 60_000);
    await utimes(partial, old, old);
    await worker.importPass();
    expect(await entries(join(dir, 'recusados'))).toEqual(['2026-11-24_120500']);
    const folder = join(dir, 'recusados', '2026-11-24_120500');
    expect(await entries(folder)).toEqual([...Object.keys(BROKEN), 'relatorio.txt'].sort());
    expect(await readFile(join(folder, 'relatorio.txt'), 'utf8')).toMatch(
      /projetos\.csv, linha 3: .*valor_estimado/,
    );
    expect(await listImports(world.db)).toHaveLength(1);
  });
});

/** Writes an export into dir/name (no marker) and returns its folder. */
async function exportIn(dir: string, name: string, files: Export = STANDARD): Promise<string> {
  const folder = join(dir, name);
  await drop(folder, files, false);
  return folder;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}
