/**
 * The worker imports on its own (issue 14): IMPORT_DIR is looked at every few seconds, and
 * an export that has finished arriving is imported once, then moved out of the way:
 *
 *   IMPORT_DIR/                      an export: CSV files here, or in a folder of their own
 *   IMPORT_DIR/processados/<stamp>/  imported
 *   IMPORT_DIR/recusados/<stamp>/    refused or failed, with relatorio.txt (the Portuguese report)
 *
 * "Finished arriving" is a `pronto` file in it, or every file the same size and mtime on two
 * polls in a row. Polling with `stat` on a timer rather than `fs.watch`: fs.watch does not
 * report on network and bind-mounted folders (NFS, SMB, Docker Desktop volumes, where ERP
 * exports usually land), fires several events per write with no "file closed" signal, and
 * the stability check needs two looks spaced in time anyway.
 *
 * Exactly once: the import itself takes a PostgreSQL advisory lock (tried, not waited for)
 * and skips an export whose checksum it already recorded, in the same transaction that
 * writes the data (core/import/import-folder.ts). A worker that finds an export already
 * recorded (the other worker is moving it, or died before moving it) just moves it. The
 * admins' DM about a refused import is keyed by the import's id (core/import/notices.ts),
 * so whichever worker gets there sends it, once.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { importFolder } from '../core/import/import-folder.js';
import {
  claimNotice,
  importNoticeRecipients,
  importProblemText,
  markNoticeSent,
  releaseNotice,
  runReportText,
  staleDataText,
} from '../core/import/notices.js';
import {
  dataFreshness,
  freshnessOptions,
  getImport,
  importedSince,
  settledImportOf,
  staleNoticeKey,
  type ImportRun,
} from '../core/import/runs.js';
import { fromWallMs, localDate, toWallMs, wallTime } from '../core/time/zoned.js';
import type { WorkerContext } from './context.js';

export const PROCESSED_DIR = 'processados';
export const REFUSED_DIR = 'recusados';
export const READY_MARKER = 'pronto';
export const REPORT_FILE = 'relatorio.txt';
/** Written first into a folder being moved (see moveAway): what a recovery needs to finish it. */
export const MOVE_MANIFEST = '.carteira-movendo.json';
/** A move left half-done by another host's worker is finished after this long. */
const ABANDONED_MOVE_MS = 10 * 60_000;

interface MoveManifest {
  host: string;
  pid: number;
  importId: number;
  /** The export's files, when they were moved one by one out of IMPORT_DIR itself. */
  rootFiles?: string[];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

export type ImportPassOutcome =
  | { folder: string; outcome: 'waiting' | 'busy' | 'not_scheduled' }
  | {
      folder: string;
      outcome: 'imported' | 'refused' | 'failed' | 'duplicate';
      movedTo: string | null;
    };

interface Entry {
  name: string;
  size: number;
  mtimeMs: number;
}

async function filesOf(dir: string): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    try {
      const st = await stat(join(dir, e.name));
      out.push({ name: e.name, size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // Gone between readdir and stat (being renamed): the next poll sees the result.
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2026-12-03_060211` in the company timezone. */
function stampOf(now: Date, tz: string): string {
  const w = wallTime(now, tz);
  return `${localDate(now, tz)}_${pad2(w.hour)}${pad2(w.minute)}${pad2(w.second)}`;
}

/** The last IMPORT_SCHEDULE time at or before `now` (company timezone), or null if none. */
function lastScheduled(expression: string, now: Date, tz: string): Date | null {
  try {
    // On the wall-clock timeline (core/time/zoned.ts), as the subscriptions' schedules are.
    const it = CronExpressionParser.parse(expression, {
      tz: 'UTC',
      currentDate: new Date(toWallMs(now.getTime(), tz) + 1000),
    });
    return new Date(fromWallMs(it.prev().toDate().getTime(), tz));
  } catch {
    return null;
  }
}

export class ImportWatcher {
  /** Per candidate folder, what it looked like on the previous poll. */
  private readonly lastLook = new Map<string, string>();
  private running: Promise<ImportPassOutcome[]> | null = null;
  private unreadable = false;

  constructor(
    private readonly ctx: WorkerContext,
    readonly dir: string,
  ) {}

  /** One pass over IMPORT_DIR; concurrent calls share the pass in progress. */
  pass(): Promise<ImportPassOutcome[]> {
    this.running ??= this.scan().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no pass is running (stop waits for an import in progress). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async candidates(): Promise<{ folder: string; files: Entry[]; root: boolean }[]> {
    const out: { folder: string; files: Entry[]; root: boolean }[] = [];
    let entries;
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (e) {
      // Once per outage, not every poll.
      if (!this.unreadable)
        this.ctx.logger.warn({ err: (e as Error).message, dir: this.dir }, 'IMPORT_DIR unreadable');
      this.unreadable = true;
      return out;
    }
    this.unreadable = false;
    const rootFiles = await filesOf(this.dir);
    if (rootFiles.length > 0) out.push({ folder: this.dir, files: rootFiles, root: true });
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      if (e.name === PROCESSED_DIR || e.name === REFUSED_DIR) continue;
      const folder = join(this.dir, e.name);
      const files = await filesOf(folder).catch(() => []);
      if (files.length > 0) out.push({ folder, files, root: false });
    }
    return out;
  }

  private async scan(): Promise<ImportPassOutcome[]> {
    const results: ImportPassOutcome[] = [];
    const seen = new Set<string>();
    const pending = await this.finishAbandonedMoves();
    for (const c of await this.candidates()) {
      // Files of an export another worker is still moving are not a new export.
      if (c.root) c.files = c.files.filter((f) => !pending.has(f.name));
      if (c.files.length === 0) continue;
      if (this.ctx.stopping) break;
      seen.add(c.folder);
      const look = JSON.stringify(c.files);
      const ready =
        c.files.some((f) => f.name.toLowerCase() === READY_MARKER) ||
        this.lastLook.get(c.folder) === look;
      this.lastLook.set(c.folder, look);
      if (!ready) {
        results.push({ folder: c.folder, outcome: 'waiting' });
        continue;
      }
      if (!(await this.scheduled())) {
        results.push({ folder: c.folder, outcome: 'not_scheduled' });
        continue;
      }
      const r = await this.importOne(c.folder, c.root);
      if (r.outcome !== 'busy') this.lastLook.delete(c.folder);
      results.push(r);
    }
    for (const k of this.lastLook.keys()) if (!seen.has(k)) this.lastLook.delete(k);
    return results;
  }

  /** With IMPORT_SCHEDULE: only once per scheduled time (nothing imported since it yet). */
  private async scheduled(): Promise<boolean> {
    const expression = this.ctx.config.IMPORT_SCHEDULE;
    if (!expression) return true;
    const since = lastScheduled(expression, this.ctx.now(), this.ctx.config.CARTEIRA_TIMEZONE);
    if (!since) return false;
    return !(await importedSince(this.ctx.db, since));
  }

  private async importOne(folder: string, root: boolean): Promise<ImportPassOutcome> {
    const { ctx } = this;
    const log = ctx.logger.child({ folder });
    const report = await importFolder({
      database: ctx.database,
      folder,
      defaultTimezone: ctx.config.CARTEIRA_TIMEZONE,
      now: ctx.now,
      origin: 'worker',
      once: true,
    });
    if (report.skipped === 'busy') {
      log.info('another import is running; will look again');
      return { folder, outcome: 'busy' };
    }
    const run = await this.runOf(report.importId, report.checksum);
    if (!run) {
      log.error('import finished without a record; leaving the export in place');
      return { folder, outcome: 'busy' };
    }
    const ok = run.status === 'ok';
    const movedTo = await this.moveAway(folder, root, ok ? PROCESSED_DIR : REFUSED_DIR, run).catch(
      (e: unknown) => {
        log.error({ err: (e as Error).message }, 'could not move the export out of IMPORT_DIR');
        return null;
      },
    );
    if (!ok) await this.tellAdmins(run, movedTo);
    const outcome =
      report.skipped === 'duplicate'
        ? 'duplicate'
        : ok
          ? 'imported'
          : run.status === 'refused'
            ? 'refused'
            : 'failed';
    log.info({ importId: run.id, status: run.status, outcome, movedTo }, 'import from IMPORT_DIR');
    return { folder, outcome, movedTo };
  }

  private runOf(id: number | null, checksum: string): Promise<ImportRun | null> {
    return id !== null ? getImport(this.ctx.db, id) : settledImportOf(this.ctx.db, checksum);
  }

  /** Moves the export (a folder, or the root's files) under processados/ or recusados/. */
  private async moveAway(
    folder: string,
    root: boolean,
    where: string,
    run: ImportRun,
  ): Promise<string | null> {
    const base = join(this.dir, where);
    await mkdir(base, { recursive: true });
    const target = await this.freeName(
      base,
      stampOf(this.ctx.now(), this.ctx.config.CARTEIRA_TIMEZONE),
    );
    // Assembled under a hidden name and renamed once complete: whoever looks at the folder
    // (or polls it) sees the export with its relatorio.txt, never half of it. The manifest,
    // written before anything moves, lets a worker that died half-way be finished by the
    // next pass (finishAbandonedMoves).
    const partial = join(base, `.${basename(target)}.parcial`);
    const manifest: MoveManifest = { host: hostname(), pid: process.pid, importId: run.id };
    if (root) {
      const files = (await filesOf(folder)).map((f) => f.name);
      await mkdir(partial, { recursive: true });
      await writeFile(
        join(partial, MOVE_MANIFEST),
        JSON.stringify({ ...manifest, rootFiles: files }),
      );
      await this.moveRootFiles(files, partial);
    } else {
      try {
        await writeFile(join(folder, MOVE_MANIFEST), JSON.stringify(manifest));
        await rename(folder, partial);
      } catch (e) {
        // Another worker moved it first.
        if ((e as { code?: string }).code === 'ENOENT') return null;
        throw e;
      }
    }
    return this.completeMove(partial, target, where, run);
  }

  private async freeName(base: string, name: string): Promise<string> {
    const target = join(base, name);
    try {
      await stat(target);
      return `${target}-${randomBytes(2).toString('hex')}`;
    } catch {
      return target;
    }
  }

  private async moveRootFiles(names: readonly string[], partial: string): Promise<void> {
    for (const name of names) {
      await rename(join(this.dir, name), join(partial, name)).catch((e: unknown) => {
        if ((e as { code?: string }).code !== 'ENOENT') throw e;
      });
    }
  }

  /** Writes the report of a refused run, drops the manifest and gives the folder its name. */
  private async completeMove(
    partial: string,
    target: string,
    where: string,
    run: ImportRun | null,
  ): Promise<string> {
    if (where === REFUSED_DIR && run && run.status !== 'ok')
      await writeFile(join(partial, REPORT_FILE), runReportText(run), 'utf8');
    await rm(join(partial, MOVE_MANIFEST), { force: true });
    await rename(partial, target);
    return target;
  }

  /**
   * Finishes moves a worker left half-done (it stopped between moving the export into the
   * hidden `.<stamp>.parcial` folder and renaming it): the export's remaining files are moved
   * in, the report written, and the folder renamed as it would have been. A move belongs to a
   * dead worker when its manifest names this host and a process that is gone (or this very
   * process: a pass never overlaps its own moves), or, for another host, when it is older
   * than ten minutes. Returns the root files still claimed by moves left alone.
   */
  private async finishAbandonedMoves(): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const where of [PROCESSED_DIR, REFUSED_DIR]) {
      const base = join(this.dir, where);
      let names: string[];
      try {
        names = await readdir(base);
      } catch {
        continue;
      }
      for (const name of names) {
        const m = /^\.(.+)\.parcial$/.exec(name);
        if (!m) continue;
        const partial = join(base, name);
        try {
          const manifest = await readFile(join(partial, MOVE_MANIFEST), 'utf8')
            .then((t) => JSON.parse(t) as MoveManifest)
            .catch(() => null);
          if (!(await this.abandoned(partial, manifest))) {
            for (const f of manifest?.rootFiles ?? []) claimed.add(f);
            continue;
          }
          if (manifest?.rootFiles) await this.moveRootFiles(manifest.rootFiles, partial);
          const run = manifest ? await getImport(this.ctx.db, manifest.importId) : null;
          const target = await this.freeName(base, m[1]!);
          await this.completeMove(partial, target, where, run);
          this.ctx.logger.info(
            { movedTo: target },
            'finished moving an export a stopped worker left',
          );
        } catch (e) {
          this.ctx.logger.warn(
            { err: (e as Error).message, folder: partial },
            'could not finish moving an export',
          );
        }
      }
    }
    return claimed;
  }

  private async abandoned(partial: string, manifest: MoveManifest | null): Promise<boolean> {
    if (manifest && manifest.host === hostname())
      return manifest.pid === process.pid || !isAlive(manifest.pid);
    const st = await stat(partial);
    return this.ctx.now().getTime() - st.mtimeMs > ABANDONED_MOVE_MS;
  }

  private async tellAdmins(run: ImportRun, movedTo: string | null): Promise<void> {
    const text = importProblemText(run, {
      timezone: this.ctx.config.CARTEIRA_TIMEZONE,
      movedTo,
      importDir: this.dir,
    });
    await notifyAdmins(this.ctx, `import:${run.id}`, text);
  }
}

/** DMs every admin once about `key` (see core/import/notices.ts); returns how many were sent. */
export async function notifyAdmins(ctx: WorkerContext, key: string, text: string): Promise<number> {
  let sent = 0;
  for (const admin of await importNoticeRecipients(ctx.db)) {
    const recipient = String(admin.salespersonId);
    if (!(await claimNotice(ctx.db, key, recipient))) continue;
    try {
      await ctx.slack.dm(admin.slackUserId, text);
      await markNoticeSent(ctx.db, key, recipient, ctx.now());
      sent++;
    } catch (e) {
      ctx.logger.warn({ err: (e as Error).message, key, recipient }, 'admin notice not sent');
      await releaseNotice(ctx.db, key, recipient);
    }
  }
  return sent;
}

/**
 * Once per local day (company timezone) while the data is older than STALE_AFTER_HOURS,
 * the admins get a DM. Nothing before the first import (there is no data age to speak of).
 */
export async function checkStaleData(ctx: WorkerContext): Promise<number> {
  if (ctx.stopping) return 0;
  const opts = freshnessOptions(ctx.config);
  const now = ctx.now();
  const fresh = await dataFreshness(ctx.db, now, opts);
  if (!fresh.stale) return 0;
  return notifyAdmins(
    ctx,
    staleNoticeKey(now, opts.timezone),
    staleDataText(fresh, opts.staleAfterHours),
  );
}
