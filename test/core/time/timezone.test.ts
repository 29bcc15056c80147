/**
 * One timezone rule (src/core/time/timezone.ts) for every place a timezone comes in: a
 * store's `fuso` in the ERP export, a subscription's schedule and CARTEIRA_TIMEZONE.
 */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/core/config.js';
import { isInvalid, parseTimezone } from '../../../src/core/import/values.js';
import { scheduleSpecSchema } from '../../../src/core/subscriptions/schedule.js';
import type { Subscription } from '../../../src/core/subscriptions/subscription.js';
import { subscriptionSummary } from '../../../src/core/subscriptions/texts.js';
import { canonicalTimezone, DEFAULT_TIMEZONE } from '../../../src/core/time/timezone.js';

const fromImport = (tz: string) => {
  const r = parseTimezone(tz, 'fuso');
  return isInvalid(r) ? null : r;
};
const fromSchedule = (tz: string) => {
  const r = scheduleSpecSchema.safeParse({ kind: 'daily', time: '08:00', timezone: tz });
  return r.success ? r.data.timezone : null;
};
const fromConfig = (tz: string) => {
  const r = configSchema.shape.CARTEIRA_TIMEZONE.safeParse(tz);
  return r.success ? r.data : null;
};

describe('a timezone is judged the same way everywhere', () => {
  const cases: [string, string | null][] = [
    ['America/Sao_Paulo', 'America/Sao_Paulo'],
    ['america/sao_paulo', 'America/Sao_Paulo'],
    [' America/Manaus ', 'America/Manaus'],
    ['UTC', 'UTC'],
    ['Etc/GMT+3', 'Etc/GMT+3'],
    ['EST', null],
    ['BRT', null],
    ['utc', null],
    ['-03:00', null],
    ['GMT-3', null],
    ['America/Atlantida', null],
    ['', null],
  ];
  it.each(cases)('%j → %j', (raw, expected) => {
    expect(canonicalTimezone(raw)).toBe(expected);
    expect(fromImport(raw)).toBe(expected);
    expect(fromSchedule(raw)).toBe(expected);
  });

  it('CARTEIRA_TIMEZONE follows the rule too, and defaults to the one default', () => {
    expect(fromConfig('EST')).toBeNull();
    expect(fromConfig('utc')).toBeNull();
    expect(fromConfig('america/manaus')).toBe('America/Manaus');
    expect(configSchema.shape.CARTEIRA_TIMEZONE.parse(undefined)).toBe(DEFAULT_TIMEZONE);
  });

  it('refusals say what to type instead, in Portuguese', () => {
    const r = scheduleSpecSchema.safeParse({ kind: 'daily', time: '08:00', timezone: 'EST' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/fuso IANA, ex.: America\/Sao_Paulo/);
    const i = parseTimezone('EST', 'fuso');
    expect(isInvalid(i) && i.reason).toMatch(/fuso desconhecido: .*EST.*fuso IANA/);
  });
});

describe('schedule texts name a zone only when it is not the owner store’s', () => {
  const sub = (ownerTimezone: string, timezone: string) =>
    ({
      viewName: 'Sem contratos no mês',
      destination: 'dm',
      channelId: null,
      format: 'table',
      skipEmpty: false,
      ownerTimezone,
      schedule: { kind: 'weekly', weekdays: [1], time: '08:00', timezone },
    }) as unknown as Subscription;

  it('a company in Manaus reads its own schedules without “(fuso …)”', () => {
    expect(subscriptionSummary(sub('America/Manaus', 'America/Manaus'))).not.toMatch(/fuso/);
    expect(subscriptionSummary(sub('America/Manaus', 'America/Sao_Paulo'))).toMatch(
      /\(fuso America\/Sao_Paulo\)/,
    );
  });
});
