/**
 * How subscriptions read in Portuguese — destination, format, status, the one-line summary
 * and the next send times — shared by Slack and the CLI so both say the same thing.
 */
import type { DeliveryStatus } from '../db/schema.js';
import { describeSchedule, formatOccurrence, nextOccurrences } from './schedule.js';
import { alertLabel, type Subscription, type SubscriptionFormat } from './subscription.js';

export const FORMAT_LABELS: Record<SubscriptionFormat, string> = {
  table: 'Tabela',
  pdf: 'PDF',
  csv: 'CSV',
  xlsx: 'XLSX',
  'table+pdf': 'Tabela + PDF',
  'table+csv': 'Tabela + CSV',
  'table+xlsx': 'Tabela + XLSX',
  chart: 'Gráfico',
  'table+chart': 'Tabela + Gráfico',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'na fila',
  sending: 'enviando',
  sent: 'enviado',
  skipped: 'não enviado',
  failed: 'falhou',
  missed: 'perdido',
};

export const DELIVERY_STATUS_EMOJI: Record<DeliveryStatus, string> = {
  pending: ':hourglass_flowing_sand:',
  sending: ':outbox_tray:',
  sent: ':white_check_mark:',
  skipped: ':fast_forward:',
  failed: ':x:',
  missed: ':ghost:',
};

/** Slack mrkdwn needs `&`, `<` and `>` escaped in names that come from data. */
const escapeSlack = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "no canal <#C123>", "na DM de Vera Um", "para cada responsável, em privado". */
export function destinationLabel(
  sub: Pick<Subscription, 'destination' | 'channelId' | 'ownerName'>,
  opts: { slack?: boolean } = {},
): string {
  switch (sub.destination) {
    case 'channel':
      return opts.slack ? `no canal <#${sub.channelId}>` : `no canal ${sub.channelId}`;
    case 'dm':
      return `na DM de ${opts.slack ? escapeSlack(sub.ownerName) : sub.ownerName}`;
    case 'each_salesperson':
      return 'para cada responsável, em privado';
  }
}

/** The next `count` send times, formatted: "seg., 30/11/2026 08:00". */
export function nextSendTimes(
  sub: Pick<Subscription, 'schedule'>,
  from: Date,
  count = 3,
): string[] {
  return nextOccurrences(sub.schedule, from, count).map((d) =>
    formatOccurrence(d, sub.schedule.timezone),
  );
}

/**
 * "“Sem contratos no mês” — Toda segunda-feira às 08:00, no canal <#C1>, em Tabela + PDF".
 * With `slack`, names are escaped for mrkdwn and the channel is a link.
 */
export function subscriptionSummary(sub: Subscription, opts: { slack?: boolean } = {}): string {
  const when = describeSchedule(sub.schedule, sub.ownerTimezone);
  if (sub.alert) {
    const m = sub.alert.escalateAfterDays;
    const escalate = m
      ? `; ainda no alerta após ${m} ${m === 1 ? 'dia' : 'dias'}, também ao supervisor ou gerente`
      : '';
    return `Alerta “${alertLabel(sub.alert)}” — ${when}, a cada responsável, em privado${escalate}`;
  }
  const empty = sub.skipEmpty ? ', não envia se vazio' : '';
  const afterImport = sub.waitForImport ? ', após a importação do dia' : '';
  const name = opts.slack ? escapeSlack(sub.viewName) : sub.viewName;
  return `“${name}” — ${when}, ${destinationLabel(sub, opts)}, em ${FORMAT_LABELS[sub.format]}${empty}${afterImport}`;
}

/** "ativa", or "pausada (motivo)". */
export function subscriptionState(sub: Pick<Subscription, 'active' | 'pausedReason'>): string {
  if (sub.active) return 'ativa';
  return sub.pausedReason ? `pausada (${sub.pausedReason})` : 'pausada';
}
