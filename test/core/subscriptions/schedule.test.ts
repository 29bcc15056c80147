import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { CarteiraError } from '../../../src/core/errors.js';
import {
  describeSchedule,
  formatOccurrence,
  isCronExact,
  nextOccurrences,
  occurrenceAt,
  parseCron,
  previousOccurrence,
  scheduleSpecSchema,
  toCron,
  type ScheduleSpec,
} from '../../../src/core/subscriptions/schedule.js';

const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';

const mondays8h: ScheduleSpec = { kind: 'weekly', weekdays: [1], time: '08:00', timezone: SP };
const weekdays8h: ScheduleSpec = {
  kind: 'weekly',
  weekdays: [1, 2, 3, 4, 5],
  time: '08:00',
  timezone: SP,
};
const monthly = (day: number | 'last', time: string, timezone = SP): ScheduleSpec => ({
  kind: 'monthly',
  day,
  time,
  timezone,
});

const next3 = (spec: ScheduleSpec, from: string) =>
  nextOccurrences(spec, new Date(from), 3).map((d) => d.toISOString());

/** What BullMQ does with the pattern: cron-parser in the spec's timezone, one `next()` after another. */
function bullmqFirings(spec: ScheduleSpec, from: string, count: number): string[] {
  const it = CronExpressionParser.parse(toCron(spec), {
    currentDate: new Date(from),
    tz: spec.timezone,
  });
  return Array.from({ length: count }, () => it.next().toDate().toISOString());
}

function errorOf(fn: () => unknown): CarteiraError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CarteiraError) return e;
    throw e;
  }
  throw new Error('expected a CarteiraError');
}

describe('next occurrences in São Paulo', () => {
  // 2026-11-27 is a Friday; 12:00Z is 09:00 in São Paulo (UTC−3, no DST since 2019).
  it('weekly on Monday at 08:00', () => {
    expect(next3(mondays8h, '2026-11-27T12:00:00Z')).toEqual([
      '2026-11-30T11:00:00.000Z',
      '2026-12-07T11:00:00.000Z',
      '2026-12-14T11:00:00.000Z',
    ]);
  });

  it('working days skip the weekend', () => {
    expect(next3(weekdays8h, '2026-11-27T12:00:00Z')).toEqual([
      '2026-11-30T11:00:00.000Z',
      '2026-12-01T11:00:00.000Z',
      '2026-12-02T11:00:00.000Z',
    ]);
  });

  it('is strictly after `from`: an occurrence at `from` itself is not repeated', () => {
    const daily: ScheduleSpec = { kind: 'daily', time: '07:30', timezone: SP };
    expect(next3(daily, '2026-11-30T10:30:00Z')).toEqual([
      '2026-12-01T10:30:00.000Z',
      '2026-12-02T10:30:00.000Z',
      '2026-12-03T10:30:00.000Z',
    ]);
  });

  it('monthly on day 5', () => {
    expect(next3(monthly(5, '09:00'), '2026-11-05T12:00:00Z')).toEqual([
      '2026-12-05T12:00:00.000Z',
      '2027-01-05T12:00:00.000Z',
      '2027-02-05T12:00:00.000Z',
    ]);
  });

  it('last day of the month across February 2027 (28 days)', () => {
    expect(next3(monthly('last', '18:00'), '2027-01-15T00:00:00Z')).toEqual([
      '2027-01-31T21:00:00.000Z',
      '2027-02-28T21:00:00.000Z',
      '2027-03-31T21:00:00.000Z',
    ]);
  });

  it('last day of the month across February 2028 (leap year, 29 days)', () => {
    expect(next3(monthly('last', '18:00'), '2028-01-15T00:00:00Z')).toEqual([
      '2028-01-31T21:00:00.000Z',
      '2028-02-29T21:00:00.000Z',
      '2028-03-31T21:00:00.000Z',
    ]);
  });

  it('"dia 31" falls on the last day of shorter months, never skipping one', () => {
    expect(
      nextOccurrences(monthly(31, '09:00'), new Date('2027-01-01T00:00:00Z'), 4).map((d) =>
        d.toISOString(),
      ),
    ).toEqual([
      '2027-01-31T12:00:00.000Z',
      '2027-02-28T12:00:00.000Z',
      '2027-03-31T12:00:00.000Z',
      '2027-04-30T12:00:00.000Z',
    ]);
  });

  it('"dia 30" is the 30th, or the last day of February — once a month', () => {
    expect(
      nextOccurrences(monthly(30, '09:00'), new Date('2027-01-01T00:00:00Z'), 4).map((d) =>
        d.toISOString(),
      ),
    ).toEqual([
      '2027-01-30T12:00:00.000Z',
      '2027-02-28T12:00:00.000Z',
      '2027-03-30T12:00:00.000Z',
      '2027-04-30T12:00:00.000Z',
    ]);
    expect(next3(monthly(29, '09:00'), '2028-02-01T00:00:00Z')).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2028-03-29T12:00:00.000Z',
      '2028-04-29T12:00:00.000Z',
    ]);
    expect(next3(monthly(29, '09:00'), '2027-02-01T00:00:00Z')[0]).toBe('2027-02-28T12:00:00.000Z');
  });

  it('a custom cron', () => {
    const spec: ScheduleSpec = { kind: 'cron', expression: '0 8,14 * * 1-5', timezone: SP };
    expect(next3(spec, '2026-11-27T12:00:00Z')).toEqual([
      '2026-11-27T17:00:00.000Z',
      '2026-11-30T11:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
    ]);
  });
});

describe('daylight saving time (America/New_York)', () => {
  it('Monday 08:00 stays 08:00 local when the clocks go back (1 Nov 2026)', () => {
    const spec: ScheduleSpec = { ...mondays8h, timezone: NY };
    expect(next3(spec, '2026-10-20T00:00:00Z')).toEqual([
      '2026-10-26T12:00:00.000Z', // EDT, UTC−4
      '2026-11-02T13:00:00.000Z', // EST, UTC−5
      '2026-11-09T13:00:00.000Z',
    ]);
  });

  it('02:30 on the spring-forward night (8 Mar 2026) happens once, an hour later', () => {
    const spec: ScheduleSpec = { kind: 'daily', time: '02:30', timezone: NY };
    expect(next3(spec, '2026-03-07T00:00:00Z')).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z', // 03:30 EDT: 02:30 does not exist that night
      '2026-03-09T06:30:00.000Z',
    ]);
    expect(previousOccurrence(spec, new Date('2026-03-09T00:00:00Z'))?.toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('01:30 on the fall-back night (1 Nov 2026) happens once, the first time', () => {
    const spec: ScheduleSpec = { kind: 'daily', time: '01:30', timezone: NY };
    expect(next3(spec, '2026-10-31T12:00:00Z')).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-02T06:30:00.000Z',
      '2026-11-03T06:30:00.000Z',
    ]);
    expect(occurrenceAt(spec, new Date('2026-11-01T05:30:00Z'))).toBe(true);
    expect(occurrenceAt(spec, new Date('2026-11-01T06:30:00Z'))).toBe(false); // 01:30 EST
    expect(previousOccurrence(spec, new Date('2026-11-02T00:00:00Z'))?.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
});

describe('agreement with the scheduler (cron-parser with tz, as BullMQ runs it)', () => {
  const cases: [string, ScheduleSpec, string][] = [
    ['weekly, São Paulo', mondays8h, '2026-11-27T12:00:00Z'],
    ['last day, leap year', monthly('last', '18:00'), '2028-01-15T00:00:00Z'],
    [
      'daily 02:30 over spring-forward',
      { kind: 'daily', time: '02:30', timezone: NY },
      '2026-03-06T00:00:00Z',
    ],
    [
      'daily 01:30 over fall-back',
      { kind: 'daily', time: '01:30', timezone: NY },
      '2026-10-30T00:00:00Z',
    ],
  ];
  for (const [name, spec, from] of cases) {
    it(name, () => {
      expect(isCronExact(spec)).toBe(true);
      expect(nextOccurrences(spec, new Date(from), 5).map((d) => d.toISOString())).toEqual(
        bullmqFirings(spec, from, 5),
      );
    });
  }

  it('monthly day 30 fires on extra days that occurrenceAt filters out', () => {
    const spec = monthly(30, '09:00');
    expect(isCronExact(spec)).toBe(false);
    const firings = bullmqFirings(spec, '2027-01-01T00:00:00Z', 8);
    expect(firings).toContain('2027-01-31T12:00:00.000Z');
    const real = firings.filter((f) => occurrenceAt(spec, new Date(f)));
    expect(real).toEqual(
      nextOccurrences(spec, new Date('2027-01-01T00:00:00Z'), real.length).map((d) =>
        d.toISOString(),
      ),
    );
  });
});

describe('previousOccurrence and occurrenceAt', () => {
  it('the previous occurrence is strictly before the given instant', () => {
    expect(previousOccurrence(mondays8h, new Date('2026-11-30T11:00:00Z'))?.toISOString()).toBe(
      '2026-11-23T11:00:00.000Z',
    );
    expect(previousOccurrence(mondays8h, new Date('2026-11-30T11:00:01Z'))?.toISOString()).toBe(
      '2026-11-30T11:00:00.000Z',
    );
    expect(
      previousOccurrence(monthly(31, '09:00'), new Date('2027-03-01T00:00:00Z'))?.toISOString(),
    ).toBe('2027-02-28T12:00:00.000Z');
  });

  it('only exact instants are occurrences', () => {
    expect(occurrenceAt(mondays8h, new Date('2026-11-30T11:00:00.000Z'))).toBe(true);
    expect(occurrenceAt(mondays8h, new Date('2026-11-30T11:00:00.001Z'))).toBe(false);
    expect(occurrenceAt(mondays8h, new Date('2026-11-30T11:01:00Z'))).toBe(false);
    expect(occurrenceAt(mondays8h, new Date('2026-12-01T11:00:00Z'))).toBe(false);
    expect(occurrenceAt(monthly(30, '09:00'), new Date('2027-02-28T12:00:00Z'))).toBe(true);
    expect(occurrenceAt(monthly(30, '09:00'), new Date('2027-03-31T12:00:00Z'))).toBe(false);
  });
});

describe('toCron', () => {
  it('builds the 5-field pattern', () => {
    expect(toCron({ kind: 'daily', time: '07:30', timezone: SP })).toBe('30 7 * * *');
    expect(toCron(mondays8h)).toBe('0 8 * * 1');
    expect(toCron({ ...mondays8h, weekdays: [1, 3, 5] })).toBe('0 8 * * 1,3,5');
    expect(toCron(weekdays8h)).toBe('0 8 * * 1-5');
    expect(toCron({ ...mondays8h, weekdays: [6, 7] })).toBe('0 8 * * 0,6');
    expect(toCron({ ...mondays8h, weekdays: [1, 2, 3, 4, 5, 6, 7] })).toBe('0 8 * * *');
    expect(toCron(monthly(5, '09:00'))).toBe('0 9 5 * *');
  });

  it('uses L for the last day and for day 31', () => {
    expect(toCron(monthly('last', '18:00'))).toBe('0 18 L * *');
    expect(toCron(monthly(31, '18:00'))).toBe('0 18 L * *');
    expect(toCron(monthly(30, '18:00'))).toBe('0 18 30,L * *');
  });

  it('passes a custom cron through, normalised', () => {
    expect(toCron({ kind: 'cron', expression: ' 0  8 * * 1 ', timezone: SP })).toBe('0 8 * * 1');
  });
});

describe('describeSchedule', () => {
  const cases: [ScheduleSpec, string][] = [
    [mondays8h, 'Toda segunda-feira às 08:00'],
    [{ ...mondays8h, weekdays: [1, 3, 5] }, 'Toda segunda, quarta e sexta às 08:00'],
    [weekdays8h, 'Dias úteis às 08:00'],
    [{ ...mondays8h, weekdays: [6] }, 'Todo sábado às 08:00'],
    [{ ...mondays8h, weekdays: [6, 7] }, 'Todo sábado e domingo às 08:00'],
    [{ ...mondays8h, weekdays: [1, 6] }, 'Toda segunda e todo sábado às 08:00'],
    [{ kind: 'daily', time: '07:30', timezone: SP }, 'Todo dia às 07:30'],
    [monthly(5, '09:00'), 'Todo dia 5 às 09:00'],
    [monthly(1, '09:00'), 'Todo dia 1º às 09:00'],
    [monthly('last', '18:00'), 'Último dia de cada mês às 18:00'],
    [monthly(31, '18:00'), 'Todo dia 31 (ou o último dia, nos meses mais curtos) às 18:00'],
    [{ kind: 'cron', expression: '0 8 * * 1', timezone: SP }, 'Toda segunda-feira às 08:00'],
    [{ kind: 'cron', expression: '0 8,14 * * 1-5', timezone: SP }, 'Dias úteis às 08:00 e 14:00'],
    [{ kind: 'cron', expression: '30 9 1,15 * *', timezone: SP }, 'Todo dia 1º e 15 às 09:30'],
    [{ kind: 'cron', expression: '0 8 * * 5L', timezone: SP }, 'Expressão cron: 0 8 * * 5L'],
    [{ kind: 'cron', expression: '0 8 31 * *', timezone: SP }, 'Expressão cron: 0 8 31 * *'],
    [
      { ...mondays8h, timezone: 'America/Manaus' },
      'Toda segunda-feira às 08:00 (fuso America/Manaus)',
    ],
  ];
  for (const [spec, text] of cases) {
    it(text, () => expect(describeSchedule(spec, SP)).toBe(text));
  }

  it('omits the zone that is the store’s home', () => {
    expect(describeSchedule({ ...mondays8h, timezone: NY }, NY)).toBe(
      'Toda segunda-feira às 08:00',
    );
    expect(describeSchedule(mondays8h, NY)).toBe(
      'Toda segunda-feira às 08:00 (fuso America/Sao_Paulo)',
    );
  });
});

describe('formatOccurrence', () => {
  it('formats in pt-BR in the given zone', () => {
    expect(formatOccurrence(new Date('2026-11-30T11:00:00Z'), SP)).toBe('seg., 30/11/2026 08:00');
    expect(formatOccurrence(new Date('2027-02-28T21:00:00Z'), SP)).toBe('dom., 28/02/2027 18:00');
    expect(formatOccurrence(new Date('2026-11-01T05:30:00Z'), NY)).toBe('dom., 01/11/2026 01:30');
    expect(formatOccurrence(new Date('2026-11-29T02:00:00Z'), SP)).toBe('sáb., 28/11/2026 23:00');
  });
});

describe('parseCron', () => {
  it('accepts and normalises 5-field expressions', () => {
    expect(parseCron('0  8 * * 1-5').expression).toBe('0 8 * * 1-5');
    expect(parseCron('*/15 * * * *').expression).toBe('*/15 * * * *');
    expect(parseCron('0 8 * * MON').expression).toBe('0 8 * * MON');
    expect(parseCron('0 18 L * *').expression).toBe('0 18 L * *');
  });

  it('rejects malformed expressions in Portuguese', () => {
    for (const bad of ['0 8 * *', 'todo dia', '', '60 8 * * *', '0 8 * * 9', '@daily']) {
      const e = errorOf(() => parseCron(bad));
      expect(e.code).toBe('invalid_input');
      expect(e.message).toBe(
        'Expressão cron inválida: use 5 campos, ex.: 0 8 * * 1 (segundas às 8h)',
      );
    }
  });

  it('rejects seconds (6 fields)', () => {
    expect(errorOf(() => parseCron('0 0 8 * * 1')).message).toBe(
      'Expressão cron inválida: o campo de segundos não é aceito; use 5 campos, ex.: 0 8 * * 1 (segundas às 8h)',
    );
  });

  it('rejects expressions firing more often than every 15 minutes', () => {
    expect(errorOf(() => parseCron('*/5 * * * *')).message).toBe(
      'Expressão cron muito frequente: "*/5 * * * *" dispara a cada 5 minutos; um relatório pode ser enviado no máximo a cada 15 minutos, ex.: 0 8 * * 1 (segundas às 8h)',
    );
    expect(errorOf(() => parseCron('* 8 * * 1')).message).toContain('dispara a cada minuto');
    expect(errorOf(() => parseCron('0,10 8 * * 1')).message).toContain('muito frequente');
    expect(parseCron('0,15,30,45 8-18 * * 1-5').expression).toBe('0,15,30,45 8-18 * * 1-5');
    expect(errorOf(() => parseCron('5,55 0,23 * * *')).message).toContain('a cada 10 minutos');
  });

  it('rejects days that never come and random (H) values', () => {
    expect(errorOf(() => parseCron('0 8 31 2 *')).message).toContain('nunca acontece');
    expect(errorOf(() => parseCron('H 8 * * 1')).message).toContain('valor aleatório H');
  });

  it('is what the schema uses for cron specs', () => {
    const r = scheduleSpecSchema.safeParse({
      kind: 'cron',
      expression: '*/5 * * * *',
      timezone: SP,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('muito frequente');
  });
});

describe('scheduleSpecSchema', () => {
  it('normalises weekdays and the timezone name', () => {
    expect(
      scheduleSpecSchema.parse({
        kind: 'weekly',
        weekdays: [5, 1, 3, 1],
        time: '08:00',
        timezone: 'america/sao_paulo',
      }),
    ).toEqual({ kind: 'weekly', weekdays: [1, 3, 5], time: '08:00', timezone: SP });
  });

  it.each([
    [{ kind: 'daily', time: '24:00', timezone: SP }, 'Horário inválido'],
    [{ kind: 'daily', time: '8:00', timezone: SP }, 'Horário inválido'],
    [{ kind: 'daily', time: '08:00', timezone: 'Mars/Olympus' }, 'Fuso horário inválido'],
    [{ kind: 'weekly', weekdays: [], time: '08:00', timezone: SP }, 'pelo menos um dia'],
    [{ kind: 'weekly', weekdays: [0], time: '08:00', timezone: SP }, 'Dia da semana inválido'],
    [{ kind: 'monthly', day: 32, time: '08:00', timezone: SP }, 'Dia do mês inválido'],
  ])('rejects %j', (input, message) => {
    const r = scheduleSpecSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join(' | ')).toContain(message);
  });
});
