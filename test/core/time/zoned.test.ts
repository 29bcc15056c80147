/**
 * The zoned-time rules, stated once (src/core/time/zoned.ts): wall clock ↔ instant in an IANA
 * zone, with the daylight-saving gap moved forward by the jump and the overlap resolved to
 * the earlier instant. Every schedule, report date and "gerado em" goes through these.
 */
import { describe, expect, it } from 'vitest';
import {
  formatLocalDateTimeBr,
  fromWallMs,
  instantOfLocal,
  isoWithOffset,
  localDate,
  offsetMs,
  toWallMs,
  wallTime,
} from '../../../src/core/time/zoned.js';

const NY = 'America/New_York';
const SP = 'America/Sao_Paulo';
const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('wall clock and instants', () => {
  it('reads the local day, time and ISO weekday of an instant', () => {
    // 02:30 UTC on 1 December is still 30 November, a Monday, in São Paulo.
    const at = new Date('2026-12-01T02:30:00Z');
    expect(localDate(at, SP)).toBe('2026-11-30');
    expect(wallTime(at, SP)).toMatchObject({
      year: 2026,
      month: 11,
      day: 30,
      hour: 23,
      weekday: 1,
    });
    expect(localDate(at, 'UTC')).toBe('2026-12-01');
    expect(formatLocalDateTimeBr(at, SP)).toBe('30/11/2026 23:30');
    expect(isoWithOffset(new Date('2026-12-03T09:02:11Z'), SP)).toBe('2026-12-03T06:02:11-03:00');
    expect(offsetMs(at, SP)).toBe(-3 * 3600_000);
  });

  it('round-trips ordinary wall times', () => {
    for (const iso of ['2026-11-30T08:00:00', '2027-01-01T00:00:00', '2026-02-28T23:59:00']) {
      const instant = fromWallMs(wall(iso), SP);
      expect(toWallMs(instant, SP)).toBe(wall(iso));
      expect(instant - wall(iso)).toBe(3 * 3600_000);
    }
    expect(instantOfLocal('2026-11-30', '08:00', SP).toISOString()).toBe(
      '2026-11-30T11:00:00.000Z',
    );
  });
});

describe('daylight-saving changes', () => {
  it('gap: a wall time the clocks jump over happens as much later as the jump', () => {
    // 8 March 2026, New York: 02:00 EST → 03:00 EDT; 02:30 does not exist.
    const instant = fromWallMs(wall('2026-03-08T02:30:00'), NY);
    expect(new Date(instant).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(formatLocalDateTimeBr(instant, NY)).toBe('08/03/2026 03:30');
  });

  it('overlap: a wall time that happens twice is the earlier instant', () => {
    // 1 November 2026, New York: 02:00 EDT → 01:00 EST; 01:30 happens twice.
    const instant = fromWallMs(wall('2026-11-01T01:30:00'), NY);
    expect(new Date(instant).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    // The second 01:30 (EST) reads the same on the wall.
    expect(toWallMs(instant + 3600_000, NY)).toBe(wall('2026-11-01T01:30:00'));
  });

  it('São Paulo before 2019 had summer time starting at midnight: 00:30 moved to 01:30', () => {
    // 4 November 2018: 00:00 -03 → 01:00 -02.
    const instant = fromWallMs(wall('2018-11-04T00:30:00'), SP);
    expect(formatLocalDateTimeBr(instant, SP)).toBe('04/11/2018 01:30');
    expect(localDate(instant, SP)).toBe('2018-11-04');
  });
});
