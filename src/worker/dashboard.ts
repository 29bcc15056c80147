/**
 * A read-only job dashboard: queue counts, job schedulers with their next run, delayed and
 * failed jobs, and the latest ledger rows — as HTML at `/dashboard` and JSON at
 * `/dashboard/api`. It changes nothing. (bull-board can replace it: see `DashboardHandler`.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listDeliveries } from '../core/subscriptions/subscription-history.js';
import { DELIVERY_STATUS_LABELS } from '../core/subscriptions/texts.js';
import type { WorkerContext } from './context.js';

/** Another dashboard mounted under `/dashboard` (e.g. bull-board's express router). */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => void;

export async function dashboardData(ctx: WorkerContext) {
  const { queue } = ctx;
  const [counts, schedulers, delayed, failed, deliveries] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'),
    queue.getJobSchedulers(0, 199, true),
    queue.getDelayed(0, 19),
    queue.getFailed(0, 19),
    listDeliveries(ctx.db, { limit: 50 }),
  ]);
  return {
    worker: ctx.workerId,
    generatedAt: ctx.now().toISOString(),
    counts,
    schedulers: schedulers.map((s) => ({
      id: s.key,
      pattern: s.pattern ?? null,
      tz: s.tz ?? null,
      next: s.next ? new Date(s.next).toISOString() : null,
    })),
    delayed: delayed.map((j) => ({
      id: j.id,
      name: j.name,
      data: j.data,
      runAt: new Date(j.timestamp + (j.delay ?? 0)).toISOString(),
    })),
    failed: failed.map((j) => ({
      id: j.id,
      name: j.name,
      data: j.data,
      reason: j.failedReason,
      attempts: j.attemptsMade,
      finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      subscription: d.subscriptionId,
      scheduledFor: d.scheduledFor.toISOString(),
      recipient: d.recipientName ?? (d.recipient || null),
      status: d.status,
      late: d.late,
      attempts: d.attempts,
      sentAt: d.sentAt?.toISOString() ?? null,
      error: d.error ?? d.note,
    })),
  };
}

const esc = (v: unknown) =>
  String(v ?? '—').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="empty">nada</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function dashboardHtml(data: Awaited<ReturnType<typeof dashboardData>>): string {
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Carteira — worker</title>
<meta http-equiv="refresh" content="10">
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}th{background:#f4f4f4}.empty{color:#888}</style></head><body>
<h1>Carteira — fila de relatórios</h1><p>Worker ${esc(data.worker)} · ${esc(data.generatedAt)} · somente leitura, atualiza a cada 10 s</p>
<h2>Jobs</h2>${table(Object.keys(data.counts), [Object.values(data.counts)])}
<h2>Agendamentos (${data.schedulers.length})</h2>${table(
    ['id', 'cron', 'fuso', 'próximo'],
    data.schedulers.map((s) => [s.id, s.pattern, s.tz, s.next]),
  )}
<h2>Adiados</h2>${table(
    ['id', 'tipo', 'quando'],
    data.delayed.map((j) => [j.id, j.name, j.runAt]),
  )}
<h2>Falhas</h2>${table(
    ['id', 'tipo', 'motivo', 'tentativas', 'quando'],
    data.failed.map((j) => [j.id, j.name, j.reason, j.attempts, j.finishedAt]),
  )}
<h2>Últimas entregas</h2>${table(
    [
      '#',
      'assinatura',
      'previsto',
      'destinatário',
      'situação',
      'atraso',
      'tentativas',
      'enviado',
      'erro/nota',
    ],
    data.deliveries.map((d) => [
      d.id,
      d.subscription,
      d.scheduledFor,
      d.recipient,
      DELIVERY_STATUS_LABELS[d.status],
      d.late ? 'sim' : '',
      d.attempts,
      d.sentAt,
      d.error,
    ]),
  )}
</body></html>`;
}
