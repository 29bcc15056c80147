/**
 * What the admins are told about imports, and how each notice is sent once.
 *
 * A notice has a key (`import:<id>` for a refused or failed import, `stale:<day>` for data
 * older than STALE_AFTER_HOURS on a local day) and is claimed per admin by inserting
 * (key, recipient) into `admin_notices`: whoever inserts it sends it, so two workers or two
 * passes never DM the same thing twice. A Slack error gives the claim back for the next
 * pass; a worker that dies between the DM and the mark leaves the claim taken (the notice
 * is not repeated — at most once, like a reminder whose mark is written).
 */
import type { Kysely } from 'kysely';
import { IMPORT_NOTICE_ROLE } from '../access.js';
import type { DB } from '../db/schema.js';
import { formatImportReport, formatIssue } from './format-report.js';
import type { DataFreshness, ImportRun } from './runs.js';
import type { ImportReport } from './types.js';
import { formatCount } from '../render/format.js';
import { formatLocalDateTimeBr } from '../time/zoned.js';

/** Problems listed in a DM (the report file has them all). */
const DM_ISSUES = 5;

export interface NoticeRecipient {
  salespersonId: number;
  name: string;
  slackUserId: string;
}

/** Who is told about imports: active admins linked to Slack (core/access.ts). */
export async function importNoticeRecipients(db: Kysely<DB>): Promise<NoticeRecipient[]> {
  const rows = await db
    .selectFrom('salespeople')
    .select(['id', 'name', 'slack_user_id'])
    .where('role', '=', IMPORT_NOTICE_ROLE)
    .where('active', '=', true)
    .where('slack_user_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ salespersonId: r.id, name: r.name, slackUserId: r.slack_user_id! }));
}

/** Takes the notice for one recipient; false when someone already has. */
export async function claimNotice(
  db: Kysely<DB>,
  key: string,
  recipient: string,
): Promise<boolean> {
  const r = await db
    .insertInto('admin_notices')
    .values({ key, recipient })
    .onConflict((oc) => oc.columns(['key', 'recipient']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return r !== undefined;
}

export async function markNoticeSent(
  db: Kysely<DB>,
  key: string,
  recipient: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('admin_notices')
    .set({ status: 'sent', sent_at: now })
    .where('key', '=', key)
    .where('recipient', '=', recipient)
    .execute();
}

/** Gives a claim back (the DM failed), so a later pass sends it. */
export async function releaseNotice(db: Kysely<DB>, key: string, recipient: string): Promise<void> {
  await db
    .deleteFrom('admin_notices')
    .where('key', '=', key)
    .where('recipient', '=', recipient)
    .where('status', '=', 'sending')
    .execute();
}

/** The recorded run as the import report prints it (relatorio.txt). */
export function runReportText(run: ImportRun): string {
  const report: ImportReport = {
    files: run.files.map((f) => ({
      file: f.file,
      rows: f.rows,
      inserted: f.new,
      updated: f.updated,
      skipped: f.skipped,
    })),
    issues: run.errors,
    applied: run.status === 'ok',
    dryRun: false,
    projectsRefreshed: run.projectsRefreshed,
    durationMs: run.durationMs,
    status: run.status,
    importId: run.id,
    checksum: run.checksum,
    finishedAt: run.finishedAt,
  };
  let text = formatImportReport(report);
  if (run.errorCount > run.errors.length)
    text += `(${formatCount(run.errorCount - run.errors.length)} problemas a mais não foram guardados; rode \`carteira import --dry-run ${run.source}\` para ver todos.)\n`;
  return text;
}

/** The DM about a refused or failed import: what is wrong, which lines, what to do. */
export function importProblemText(
  run: ImportRun,
  opts: { timezone: string; movedTo: string | null; importDir: string },
): string {
  const when = formatLocalDateTimeBr(run.finishedAt, opts.timezone);
  const lines = [
    run.status === 'failed'
      ? `:x: A importação do ERP de ${when} falhou: nada foi gravado, os relatórios continuam com os dados anteriores.`
      : `:warning: A exportação do ERP recebida em ${when} foi recusada: nada foi gravado, os relatórios continuam com os dados anteriores.`,
  ];
  const n = run.errorCount;
  if (n > 0) {
    lines.push(
      n === 1
        ? 'O problema:'
        : `${formatCount(n)} problemas; ${n > DM_ISSUES ? 'os primeiros' : 'são eles'}:`,
    );
    for (const issue of run.errors.slice(0, DM_ISSUES)) lines.push(`• ${formatIssue(issue)}`);
  }
  if (opts.movedTo) lines.push(`Os arquivos e o relatório completo estão em \`${opts.movedTo}\`.`);
  lines.push(
    `Corrija os arquivos no ERP e coloque a exportação de novo em \`${opts.importDir}\` (ou rode \`carteira import\`).`,
  );
  return lines.join('\n');
}

/** The daily DM when the data is older than STALE_AFTER_HOURS. */
export function staleDataText(fresh: DataFreshness, staleAfterHours: number): string {
  return [
    fresh.warning ?? `⚠️ Mais de ${staleAfterHours} h sem importação do ERP`,
    'Os relatórios estão saindo com esses dados. Confira se a exportação do ERP chegou na pasta de importação (IMPORT_DIR) ou rode `carteira import`.',
  ].join('\n');
}
