/**
 * `carteira import` and `carteira imports list` (docs/operations.md, "Imports").
 *
 * The import prints its progress on stderr (stdout keeps the report): on a terminal, one
 * line per file rewritten in place (rows, rows/s, time left from the bytes read); without a
 * terminal (a cron job, a pipe), one line per finished file, so a log shows where it is.
 */
import { resolve } from 'node:path';
import { elapsedMs } from '../core/clock.js';
import { CarteiraError } from '../core/errors.js';
import {
  formatImportReport,
  formatIssue,
  importFolder,
  type ImportProgress,
} from '../core/import/index.js';
import { listImports, type ImportRun } from '../core/import/runs.js';
import { formatCount } from '../core/render/format.js';
import { formatLocalDateTimeBr, isoWithOffset } from '../core/time/zoned.js';
import { parse } from './args.js';
import { withDatabase, type Command } from './commands.js';

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Progress on stderr; `tty` decides the form (see the module comment). */
export function progressPrinter(
  write: (s: string) => void,
  tty: boolean,
  clock: () => number = elapsedMs,
): (p: ImportProgress) => void {
  let file = '';
  let startedAt = 0;
  let lastDraw = 0;
  return (p) => {
    const t = clock();
    if (p.file !== file) {
      file = p.file;
      startedAt = t;
      lastDraw = 0;
    }
    const secs = Math.max(0.001, (t - startedAt) / 1000);
    const rate = Math.round(p.rows / secs);
    if (p.done) {
      const line = `${p.file}: ${formatCount(p.rows)} linhas em ${duration(t - startedAt)} (${formatCount(rate)} linhas/s)`;
      write(tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
      return;
    }
    if (!tty || t - lastDraw < 200) return;
    lastDraw = t;
    const fraction = p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 0;
    const left =
      fraction > 0.01 ? `, faltam ~${duration(((t - startedAt) * (1 - fraction)) / fraction)}` : '';
    write(
      `\r\x1b[2K${p.file}: ${formatCount(p.rows)} linhas, ${formatCount(rate)} linhas/s, ${Math.floor(fraction * 100)}%${left}`,
    );
  };
}

const importCmd: Command = {
  usage: 'carteira import <pasta> [--dry-run] [--skip-invalid]',
  async run(args, config, now) {
    const { values, positionals } = parse(args, {
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
    });
    const folder = positionals[0];
    if (!folder)
      throw new CarteiraError(
        'invalid_input',
        'Diga a pasta com os CSV exportados do ERP: `carteira import ./exportacao`.',
      );
    return withDatabase(config, async (database) => {
      const report = await importFolder({
        database,
        folder: resolve(folder),
        dryRun: values['dry-run'],
        skipInvalid: values['skip-invalid'],
        defaultTimezone: config.CARTEIRA_TIMEZONE,
        now,
        origin: 'cli',
        onProgress: progressPrinter((s) => process.stderr.write(s), process.stderr.isTTY === true),
      });
      out(formatImportReport(report));
      return report.applied || report.dryRun
        ? report.issues.length && !values['skip-invalid']
          ? 1
          : 0
        : 1;
    });
  },
};

const STATUS_LABEL: Record<ImportRun['status'], string> = {
  ok: 'concluída',
  refused: 'recusada',
  failed: 'falhou',
};

function runJson(r: ImportRun, tz: string) {
  return {
    id: String(r.id),
    source: r.source,
    origin: r.origin,
    status: r.status,
    checksum: r.checksum,
    startedAt: isoWithOffset(r.startedAt, tz),
    finishedAt: isoWithOffset(r.finishedAt, tz),
    durationMs: r.durationMs,
    projectsRefreshed: r.projectsRefreshed,
    files: r.files,
    errorCount: r.errorCount,
    errors: r.errors,
  };
}

const imports: Command = {
  usage: 'carteira imports list [--limit N] [--format table|json]',
  async run(args, config) {
    const { values, positionals } = parse(args, {
      limit: { type: 'string' },
      format: { type: 'string', default: 'table' },
    });
    if (positionals[0] !== 'list')
      throw new CarteiraError('invalid_input', 'Use `carteira imports list [--format json]`.');
    if (values.format !== 'table' && values.format !== 'json')
      throw new CarteiraError(
        'invalid_input',
        `Formato desconhecido “${values.format}”. Use table ou json.`,
      );
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new CarteiraError('invalid_input', '--limit deve ser um número inteiro ≥ 1.');
    const tz = config.CARTEIRA_TIMEZONE;
    await withDatabase(config, async (database) => {
      const runs = await listImports(database.db, limit);
      if (values.format === 'json') {
        out(
          JSON.stringify(
            runs.map((r) => runJson(r, tz)),
            null,
            2,
          ),
        );
        return;
      }
      if (runs.length === 0) {
        out(
          'Nenhuma importação registrada. Rode `carteira import <pasta>` ou configure IMPORT_DIR.',
        );
        return;
      }
      for (const r of runs) {
        const sum = (k: 'new' | 'updated' | 'unchanged' | 'skipped') =>
          formatCount(r.files.reduce((n, f) => n + f[k], 0));
        out(
          `#${String(r.id).padEnd(4)} ${formatLocalDateTimeBr(r.finishedAt, tz)}  ${STATUS_LABEL[r.status].padEnd(9)}  ` +
            `${r.origin === 'worker' ? 'worker' : 'CLI   '}  ${r.files.length} arquivos: ${sum('new')} novas, ` +
            `${sum('updated')} atualizadas, ${sum('unchanged')} sem mudança, ${sum('skipped')} ignoradas` +
            `${r.errorCount ? `, ${formatCount(r.errorCount)} problemas` : ''} — ${r.source}`,
        );
        if (r.status !== 'ok' && r.errors[0]) {
          const e = r.errors[0];
          out(`      ${formatIssue(e)}`);
        }
      }
    });
  },
};

export const IMPORT_COMMANDS: Record<string, Command> = { import: importCmd, imports };
