/**
 * What one delivery posts: the report of the subscription's view, run with the owner's
 * rights at the occurrence's report date (and, for a fan-out, restricted to one
 * recipient's projects), as a Slack table message and/or a file.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isCarteiraError } from '../errors.js';
import { runReport, type ReportRequest } from '../portfolio/query.js';
import type { FreshnessOptions } from '../import/runs.js';
import { goalsSpecOf } from '../portfolio/definition.js';
import type { Viewer } from '../portfolio/viewer.js';
import { formatPeriod, formatProjects } from '../render/format.js';
import {
  renderSlackReport,
  type TableStyle,
  type SlackBlock,
  type SlackReportMessage,
} from '../render/slack-report.js';
import { renderReportFile, type FileFormat } from '../reports/report-file.js';
import { renderChartFile } from '../reports/chart-file.js';
import { describeSchedule } from '../subscriptions/schedule.js';
import { formatParts, type Subscription } from '../subscriptions/subscription.js';
import { getView } from '../views/views.js';
import {
  changeCounts,
  changesBlocks,
  diffSnapshots,
  hasChanges,
  markRows,
  previousSnapshot,
  takeSnapshot,
  type ChangeCounts,
  type Changes,
  type Snapshot,
} from './changes.js';
import { SKIP_NOTES } from './messages.js';
import { reportDateOf } from './occurrence-time.js';
import { restrictToResponsible } from './recipients.js';
import { DeliveryError } from './slack-errors.js';

/** Rows shown in a scheduled table message ("mostrando 20 de 134"). */
/** Rows asked for the table; the message shows as many as fit Slack's cell budget. */
export const DELIVERY_TABLE_ROWS = 100;

export interface RenderedFile {
  bytes: Buffer;
  filename: string;
  /** `png` for the view's chart (the `chart` subscription format). */
  format: FileFormat | 'png';
  title: string;
  /** The text posted with the file. */
  comment: string;
  /** Images only: what the chart says, for Slack's alt text. */
  altText?: string;
}

export type RenderedDelivery =
  | { kind: 'skip'; rowCount: number; note: string }
  | {
      kind: 'post';
      rowCount: number;
      asOf: string;
      /** The message with a data_table (null: file only). */
      message: SlackReportMessage | null;
      /** The same message per table style, for Slack's refusals (see table-fallback.ts). */
      messageIn?: (style: TableStyle) => SlackReportMessage;
      file: RenderedFile | null;
      /** What this delivery showed, kept in the ledger for the next one (changes.ts); null for an alert. */
      snapshot: Snapshot | null;
      /** Compared with the previous delivery to the same recipient; null on the first. */
      changes: ChangeCounts | null;
    };

/** The change lines go above the table: after the header and its context lines. */
function withChangeLines(message: SlackReportMessage, lines: SlackBlock[]): SlackReportMessage {
  let at = 0;
  while (at < message.blocks.length && ['header', 'context'].includes(message.blocks[at]!.type))
    at++;
  return {
    ...message,
    blocks: [...message.blocks.slice(0, at), ...lines, ...message.blocks.slice(at)],
  };
}

/** The snapshot of this delivery and what changed since the previous one to the same recipient. */
async function compareWithPrevious(
  db: Kysely<DB>,
  req: ReportRequest,
  key: { subscriptionId: number; recipient: string; scheduledFor: Date },
): Promise<{ snapshot: Snapshot; changes: Changes }> {
  const [snapshot, previous] = await Promise.all([
    takeSnapshot(db, req),
    previousSnapshot(db, key),
  ]);
  return { snapshot, changes: diffSnapshots(previous, snapshot) };
}

export async function renderDelivery(
  db: Kysely<DB>,
  opts: {
    subscription: Subscription;
    owner: Viewer;
    scheduledFor: Date;
    /** Fan-out recipient; absent for a channel or the owner's DM. */
    recipient?: { salespersonId: number; name: string } | null;
    lateNote?: string | null;
    now: Date;
    /** Company timezone and STALE_AFTER_HOURS for the "Dados do ERP de …" line. */
    freshness?: FreshnessOptions;
  },
): Promise<RenderedDelivery> {
  const { subscription: sub, owner } = opts;
  let view;
  try {
    if (sub.viewId === null) throw new DeliveryError('view_unavailable');
    view = await getView(db, owner, sub.viewId);
  } catch (e) {
    if (isCarteiraError(e) && e.code === 'view_not_found')
      throw new DeliveryError('view_unavailable');
    throw e;
  }
  let definition = view.definition;
  if (opts.recipient) {
    const restricted = await restrictToResponsible(
      db,
      definition,
      owner,
      opts.recipient.salespersonId,
    );
    if (!restricted) return { kind: 'skip', rowCount: 0, note: SKIP_NOTES.noRows };
    definition = restricted;
  }
  const asOf = reportDateOf(opts.scheduledFor, sub.timezone);
  const req: ReportRequest = {
    definition,
    viewer: owner,
    asOf,
    view: { id: String(view.id), name: view.name, description: view.description },
    now: opts.now,
    freshness: opts.freshness,
  };
  const result = await runReport(db, { ...req, limit: DELIVERY_TABLE_ROWS });
  const count = result.totals.count;
  if (count === 0 && opts.recipient) return { kind: 'skip', rowCount: 0, note: SKIP_NOTES.noRows };
  if (count === 0 && sub.skipEmpty) return { kind: 'skip', rowCount: 0, note: SKIP_NOTES.empty };
  if (opts.recipient) {
    result.scopeNote = `${goalsSpecOf(definition) ? 'Metas' : 'Projetos'} de ${opts.recipient.name} — assinatura de ${owner.name}`;
  }
  // A goals view has goal lines, not projects: nothing to compare project by project, so
  // no change lines (and "só enviar se algo mudou" always sends it).
  const goalsView = goalsSpecOf(definition) !== null;
  const { snapshot, changes } = goalsView
    ? { snapshot: { v: 1 as const, asOf, rows: {} }, changes: null }
    : await compareWithPrevious(db, req, {
        subscriptionId: sub.id,
        recipient: opts.recipient ? String(opts.recipient.salespersonId) : '',
        scheduledFor: opts.scheduledFor,
      });
  if (changes && sub.onlyIfChanged && !hasChanges(changes))
    return { kind: 'skip', rowCount: count, note: SKIP_NOTES.unchanged };

  const parts = formatParts(sub.format);
  // The chart, when the format asks for it; a view without a chart (any more) sends its
  // table instead, so the subscription still delivers.
  const chart = parts.file === 'chart' && count > 0 ? await renderChartFile(db, req, 'png') : null;
  // An empty report has no file worth attaching: the message says "nenhum projeto".
  const wantsTable = parts.table || count === 0 || (parts.file === 'chart' && !chart);
  const fileFormat = count === 0 || parts.file === 'chart' ? null : parts.file;
  const footer: SlackBlock = {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Assinatura #${sub.id} · ${describeSchedule(sub.schedule, sub.ownerTimezone)} · gerencie em \`/carteira assinaturas\``,
      },
    ],
  };

  let message: SlackReportMessage | null = null;
  let messageIn: ((style: TableStyle) => SlackReportMessage) | undefined;
  if (wantsTable) {
    messageIn = (tableStyle: TableStyle) => {
      const m = renderSlackReport(changes ? markRows(result, changes) : result, {
        maxRows: DELIVERY_TABLE_ROWS,
        lateNote: opts.lateNote ?? undefined,
        tableStyle,
      });
      return withFooter(changes ? withChangeLines(m, changesBlocks(changes)) : m, footer);
    };
    message = messageIn('data_table');
  }
  let file: RenderedFile | null = null;
  if (fileFormat) {
    const rendered = await renderReportFile(db, req, fileFormat);
    const period = result.period ? ` (${formatPeriod(result.period)})` : '';
    const heading = `*${view.name}* — ${formatProjects(count, result.totals.noun)}${period}`;
    const comment = message
      ? `Relatório completo em ${fileFormat.toUpperCase()}: ${formatProjects(count, result.totals.noun)}.`
      : [
          heading,
          opts.lateNote ? `_${opts.lateNote}_` : null,
          `_Assinatura #${sub.id} · ${describeSchedule(sub.schedule, sub.ownerTimezone)}_`,
        ]
          .filter(Boolean)
          .join('\n');
    file = {
      bytes: rendered.bytes,
      filename: rendered.filename,
      format: fileFormat,
      title: `${view.name} — ${asOf}`,
      comment,
    };
  }
  if (chart) {
    const period = result.period ? ` (${formatPeriod(result.period)})` : '';
    file = {
      bytes: chart.bytes,
      filename: chart.filename,
      format: 'png',
      title: `${view.name} — gráfico — ${asOf}`,
      comment: message
        ? `Gráfico: ${chart.chart.subtitle}.`
        : [
            `*${view.name}* — ${formatProjects(count, result.totals.noun)}${period}`,
            opts.lateNote ? `_${opts.lateNote}_` : null,
            `_Assinatura #${sub.id} · ${describeSchedule(sub.schedule, sub.ownerTimezone)}_`,
          ]
            .filter(Boolean)
            .join('\n'),
      altText: chart.altText,
    };
  }
  return {
    kind: 'post',
    rowCount: count,
    asOf,
    message,
    file,
    messageIn,
    snapshot,
    changes: changes ? changeCounts(changes) : null,
  };
}

/** The subscription footer goes before a data_table (the table stays the last block). */
function withFooter(m: SlackReportMessage, footer: SlackBlock): SlackReportMessage {
  const last = m.blocks[m.blocks.length - 1];
  if (last?.type === 'data_table') {
    return { ...m, blocks: [...m.blocks.slice(0, -1), footer, last] };
  }
  return { ...m, blocks: [...m.blocks, footer] };
}
