/**
 * The pure rules under the worker: what a Slack error means for a delivery, which missed
 * occurrences are posted late and which are given up, and what the owner reads.
 */
import { describe, expect, it } from 'vitest';
import {
  failureNotice,
  formatOccurrenceShort,
  lateNote,
} from '../../src/core/delivery/messages.js';
import { planCatchUp, reportDateOf } from '../../src/core/delivery/occurrence-time.js';
import { classifySlackError, DeliveryError } from '../../src/core/delivery/slack-errors.js';
import type { ScheduleSpec } from '../../src/core/subscriptions/schedule.js';
import type { Subscription } from '../../src/core/subscriptions/subscription.js';

const SP = 'America/Sao_Paulo';
const platform = (error: string) => ({
  code: 'slack_webapi_platform_error',
  data: { ok: false, error },
});

describe('Slack errors', () => {
  it('429 waits Retry-After; 5xx and network are retried; the rest is permanent', () => {
    expect(classifySlackError({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 7000,
      code: 'ratelimited',
    });
    expect(classifySlackError({ code: 'slack_webapi_http_error', statusCode: 503 })).toEqual({
      kind: 'transient',
      code: 'http_503',
    });
    expect(classifySlackError({ code: 'slack_webapi_request_error' })).toEqual({
      kind: 'transient',
      code: 'network_error',
    });
    expect(classifySlackError(platform('internal_error')).kind).toBe('transient');
    for (const code of [
      'channel_not_found',
      'is_archived',
      'not_in_channel',
      'invalid_auth',
      'account_inactive',
      'token_revoked',
      'missing_scope',
    ]) {
      expect(classifySlackError(platform(code)), code).toEqual({
        kind: 'permanent',
        code,
        scope: 'subscription',
      });
    }
    expect(classifySlackError(platform('user_not_found'))).toEqual({
      kind: 'permanent',
      code: 'user_not_found',
      scope: 'recipient',
    });
    expect(classifySlackError(new DeliveryError('owner_not_linked')).kind).toBe('permanent');
    expect(classifySlackError(new Error('ECONNRESET')).kind).toBe('transient');
  });
});

describe('catch-up after downtime', () => {
  const mondays: ScheduleSpec = { kind: 'weekly', weekdays: [1], time: '08:00', timezone: SP };
  it('posts what is within the grace window, gives up what is older, skips what was recorded', () => {
    const plan = planCatchUp({
      spec: mondays,
      since: new Date('2026-11-10T00:00:00Z'),
      now: new Date('2026-11-30T13:00:00Z'),
      recorded: new Set([new Date('2026-11-16T11:00:00Z').getTime()]),
      graceMs: 12 * 3600_000,
      settleMs: 60_000,
    });
    expect(plan.miss.map((d) => d.toISOString())).toEqual(['2026-11-23T11:00:00.000Z']);
    expect(plan.post.map((d) => d.toISOString())).toEqual(['2026-11-30T11:00:00.000Z']);
  });

  it('leaves the last minute to the scheduler, and bounds how far back it looks', () => {
    const spec: ScheduleSpec = { kind: 'cron', expression: '*/15 * * * *', timezone: SP };
    const now = new Date('2026-11-30T12:00:30Z');
    const plan = planCatchUp({
      spec,
      since: new Date('2026-11-01T00:00:00Z'),
      now,
      recorded: new Set(),
      graceMs: 3600_000,
      settleMs: 60_000,
      max: 10,
    });
    expect(plan.post.length + plan.miss.length).toBe(10);
    expect(plan.post.at(-1)!.toISOString()).toBe('2026-11-30T11:45:00.000Z'); // 12:00 is the scheduler's
  });

  it('dates a report by its occurrence in the subscription’s zone', () => {
    // 23:30 on 30/11 in São Paulo is already 1/12 in UTC: the report is about November.
    expect(reportDateOf(new Date('2026-12-01T02:30:00Z'), SP)).toBe('2026-11-30');
  });
});

describe('what people read', () => {
  it('a late note without the year', () => {
    expect(formatOccurrenceShort(new Date('2026-11-30T11:00:00Z'), SP)).toBe('seg., 30/11 08:00');
    expect(lateNote(new Date('2026-11-30T11:00:00Z'), SP)).toBe(
      'enviado com atraso: previsto para seg., 30/11 08:00',
    );
  });

  it('the owner’s DM says which subscription, why, how to fix it, and when it pauses', () => {
    const sub = {
      id: 12,
      viewName: 'Sem contratos no mês',
      ownerName: 'Gustavo',
      destination: 'channel',
      channelId: 'C0VENDAS001',
      schedule: { kind: 'weekly', weekdays: [1], time: '08:00', timezone: SP },
      timezone: SP,
      format: 'table',
      skipEmpty: false,
    } as unknown as Subscription;
    const at = new Date('2026-11-30T11:00:00Z');
    const second = failureNotice({
      subscription: sub,
      scheduledFor: at,
      code: 'is_archived',
      failures: 2,
      pauseAfter: 3,
      paused: false,
    });
    expect(second).toContain(
      '*Não consegui enviar a assinatura #12* — previsto para seg., 30/11/2026 08:00.',
    );
    expect(second).toContain('no canal <#C0VENDAS001>');
    expect(second).toContain('*Motivo:* o canal foi arquivado.');
    expect(second).toContain('*Como resolver:* desarquive o canal');
    expect(second).toContain('Falha 2 de 3');
    const third = failureNotice({
      subscription: sub,
      scheduledFor: at,
      code: 'not_in_channel',
      failures: 3,
      pauseAfter: 3,
      paused: true,
    });
    expect(third).toContain('/invite @Carteira');
    expect(third).toContain('A assinatura foi pausada* depois de 3 falhas seguidas');
    const down = failureNotice({
      subscription: sub,
      scheduledFor: at,
      code: 'http_503',
      transient: true,
      failures: 1,
      pauseAfter: 3,
      paused: false,
    });
    expect(down).toContain('o Slack ficou indisponível durante todas as tentativas');
  });
});
