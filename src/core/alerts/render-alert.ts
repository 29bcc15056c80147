/**
 * What one alert delivery posts: one DM listing the recipient's matching projects.
 *
 * - `sp:<id>` (the responsible): every match of the alert at the report date among the
 *   projects they are responsible for (within the owner's rights) — nothing of anyone else.
 * - `esc:<id>` (the supervisor or gerente): the matches escalated to them at this report
 *   date, restricted again to their own rights (access.ts).
 * Nothing left to say (a contact was logged since planning…) → skipped, no message.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { scopeOf } from '../access.js';
import { reportDateOf } from '../delivery/occurrence-time.js';
import type { RenderedDelivery } from '../delivery/render-delivery.js';
import { formatDateBr } from '../portfolio/periods.js';
import { situationFromCode, situationLabel } from '../portfolio/situations.js';
import { loadViewer, type Viewer } from '../portfolio/viewer.js';
import { formatCount, truncate } from '../render/format.js';
import { escapeMrkdwn, type SlackBlock, type SlackReportMessage } from '../render/slack-report.js';
import { describeSchedule } from '../subscriptions/schedule.js';
import { alertLabel, type Subscription } from '../subscriptions/subscription.js';
import { alertMatches, type AlertMatch } from './conditions.js';
import type { AlertRecipient } from './plan.js';

/** Lines listed in one DM; the rest are counted ("… e mais 12"). */
export const ALERT_MAX_LINES = 60;
const SECTION_CHARS = 2900;

export const ALERT_SKIP_NOTE = 'nada a alertar para este destinatário';

const plural = (n: number, one: string, many: string) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

function matchLine(m: AlertMatch, withResponsible: boolean): string {
  const who = withResponsible ? ` · ${escapeMrkdwn(m.salespersonName)}` : '';
  const head = `• *${escapeMrkdwn(m.projectCode)}* · ${escapeMrkdwn(truncate(m.clientName, 60))}${who}`;
  if (m.contractId === 0)
    return `${head} · ${plural(m.days, 'dia', 'dias')} sem contato (desde ${formatDateBr(m.since)})`;
  const stage = situationLabel(situationFromCode(m.situation));
  const contract = m.contractNumber ? ` · contrato ${escapeMrkdwn(m.contractNumber)}` : '';
  return `${head}${contract} · ${stage} há ${plural(m.days, 'dia', 'dias')} (desde ${formatDateBr(m.since)})`;
}

/** The lines as sections of at most ~2,900 characters (Slack's limit is 3,000). */
function sections(lines: string[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current = '';
  for (const l of lines) {
    if (current && current.length + l.length + 1 > SECTION_CHARS) {
      out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${l}` : l;
  }
  if (current) out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return out;
}

export function alertMessage(opts: {
  sub: Subscription;
  recipient: AlertRecipient;
  name: string;
  matches: AlertMatch[];
  asOf: string;
  lateNote?: string | null;
}): SlackReportMessage {
  const { sub, matches } = opts;
  const alert = sub.alert!;
  const label = alertLabel(alert);
  const what = alert.condition === 'no_contact' ? 'projeto' : 'contrato';
  const count = plural(matches.length, what, `${what}s`);
  const escalation = opts.recipient.kind === 'escalation';
  const intro = escalation
    ? `${escapeMrkdwn(opts.name)}, ${count} da sua equipe ${matches.length === 1 ? 'segue' : 'seguem'} no alerta “${label}” há ${plural(alert.escalateAfterDays ?? 0, 'dia', 'dias')} ou mais, sem mudança. Fale com o responsável.`
    : `${escapeMrkdwn(opts.name)}, ${count} seu${matches.length === 1 ? '' : 's'} no alerta “${label}”:`;
  const lines = matches.slice(0, ALERT_MAX_LINES).map((m) => matchLine(m, escalation));
  if (matches.length > ALERT_MAX_LINES)
    lines.push(`_… e mais ${formatCount(matches.length - ALERT_MAX_LINES)}._`);
  const context = [`Data: ${formatDateBr(opts.asOf)}`];
  if (opts.lateNote) context.push(opts.lateNote);
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(escalation ? `Escalonado: ${label}` : `Alerta: ${label}`, 150),
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(intro, 3000) } },
    ...sections(lines),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: context.map(escapeMrkdwn).join(' · ') },
        {
          type: 'mrkdwn',
          text: `Alerta #${sub.id} · ${describeSchedule(sub.schedule, sub.ownerTimezone)} · registre um contato em \`/carteira projeto CÓDIGO\` · gerencie em \`/carteira assinaturas\``,
        },
      ],
    },
  ];
  const text = escalation
    ? `Escalonado: ${count} da sua equipe no alerta “${label}”`
    : `Alerta: ${count} seu${matches.length === 1 ? '' : 's'} — ${label}`;
  return { text, blocks };
}

/** The matches one recipient gets, with their rights. */
export async function alertMatchesFor(
  db: Kysely<DB>,
  opts: { sub: Subscription; owner: Viewer; recipient: AlertRecipient; asOf: string },
): Promise<AlertMatch[]> {
  const alert = opts.sub.alert!;
  if (opts.recipient.kind === 'responsible') {
    return alertMatches(db, {
      condition: alert.condition,
      days: alert.days,
      asOf: opts.asOf,
      scope: await scopeOf(db, opts.owner),
      salespersonId: opts.recipient.salespersonId,
    });
  }
  const hits = await db
    .selectFrom('alert_hits')
    .select(['project_id', 'contract_id'])
    .where('subscription_id', '=', opts.sub.id)
    .where('escalated_to', '=', opts.recipient.salespersonId)
    .where('escalated_on', '=', opts.asOf)
    .execute();
  if (hits.length === 0) return [];
  let viewer: Viewer;
  try {
    viewer = await loadViewer(db, { id: opts.recipient.salespersonId });
  } catch {
    return [];
  }
  return alertMatches(db, {
    condition: alert.condition,
    days: alert.days,
    asOf: opts.asOf,
    scope: await scopeOf(db, viewer),
    only: hits.map((h) => ({ projectId: h.project_id, contractId: h.contract_id })),
  });
}

export async function renderAlertDelivery(
  db: Kysely<DB>,
  opts: {
    subscription: Subscription;
    owner: Viewer;
    scheduledFor: Date;
    recipient: AlertRecipient;
    recipientName: string;
    lateNote?: string | null;
  },
): Promise<RenderedDelivery> {
  const asOf = reportDateOf(opts.scheduledFor, opts.subscription.timezone);
  const matches = await alertMatchesFor(db, {
    sub: opts.subscription,
    owner: opts.owner,
    recipient: opts.recipient,
    asOf,
  });
  if (matches.length === 0) return { kind: 'skip', rowCount: 0, note: ALERT_SKIP_NOTE };
  const message = alertMessage({
    sub: opts.subscription,
    recipient: opts.recipient,
    name: opts.recipientName,
    matches,
    asOf,
    lateNote: opts.lateNote,
  });
  return {
    kind: 'post',
    rowCount: matches.length,
    asOf,
    message,
    file: null,
    snapshot: null,
    changes: null,
  };
}
