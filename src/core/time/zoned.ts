/**
 * Zoned time: the one place that converts between instants and wall-clock times in an IANA
 * timezone. Built on luxon (its zone data is the runtime's ICU); nothing else in `src/`
 * formats with `Intl.DateTimeFormat({ timeZone })` or computes offsets by hand.
 *
 * Semantics around daylight-saving changes (pinned in test/core/time/zoned.test.ts):
 * - **Gap** (clocks jump forward over a wall time that never happens, 02:30 on a
 *   spring-forward night in New York): the wall time maps to the instant as much later as the
 *   jump (03:30 EDT). A report set for 02:30 still goes out that night, as cron-parser's
 *   `next()` (which BullMQ uses) also does.
 * - **Overlap** (clocks go back and a wall time happens twice, 01:30 on a fall-back night):
 *   the wall time maps to the **earlier** instant (01:30 EDT). It happens once.
 * Brazil has had no daylight saving since 2019, but stores' history (and other zones'
 * subscriptions) still cross such nights.
 *
 * The "wall-clock timeline" is a number of milliseconds whose UTC reading is the local date
 * and time: it has no DST, so day and month arithmetic on it is plain arithmetic.
 */
import { DateTime } from 'luxon';

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function zoned(instant: Date | number, tz: string): DateTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const dt = DateTime.fromMillis(ms, { zone: tz });
  if (!dt.isValid) throw new RangeError(`invalid instant or timezone: ${ms} in ${tz}`);
  return dt;
}

/** The wall-clock reading of an instant in `tz`. */
export function wallTime(instant: Date | number, tz: string): WallTime {
  const dt = zoned(instant, tz);
  return {
    year: dt.year,
    month: dt.month,
    day: dt.day,
    hour: dt.hour,
    minute: dt.minute,
    second: dt.second,
    millisecond: dt.millisecond,
    weekday: dt.weekday,
  };
}

/** The instant's position on the wall-clock timeline of `tz` (see the module comment). */
export function toWallMs(instantMs: number, tz: string): number {
  const dt = zoned(instantMs, tz);
  return instantMs + dt.offset * 60_000;
}

/**
 * The instant of a wall-clock time in `tz`: the earlier one in an overlap, shifted by the jump
 * in a gap (see the module comment).
 */
export function fromWallMs(wallMs: number, tz: string): number {
  const w = new Date(wallMs);
  const dt = DateTime.fromObject(
    {
      year: w.getUTCFullYear(),
      month: w.getUTCMonth() + 1,
      day: w.getUTCDate(),
      hour: w.getUTCHours(),
      minute: w.getUTCMinutes(),
      second: w.getUTCSeconds(),
      millisecond: w.getUTCMilliseconds(),
    },
    { zone: tz },
  );
  if (!dt.isValid) throw new RangeError(`invalid wall time ${w.toISOString()} in ${tz}`);
  const candidates = dt.getPossibleOffsets().map((d) => d.toMillis());
  return candidates.length > 0 ? Math.min(...candidates) : dt.toMillis();
}

/** The instant of local date `AAAA-MM-DD` at `HH:MM` in `tz` (gap/overlap as above). */
export function instantOfLocal(date: string, time: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(fromWallMs(Date.UTC(y, m - 1, d, hh, mm), tz));
}

/** The calendar day of an instant in `tz`, `AAAA-MM-DD`. */
export function localDate(instant: Date | number, tz: string): string {
  const w = wallTime(instant, tz);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}`;
}

/** The offset of `tz` from UTC at an instant, in milliseconds (−3 h in São Paulo). */
export function offsetMs(instant: Date | number, tz: string): number {
  return zoned(instant, tz).offset * 60_000;
}

/** An instant as `dd/mm/aaaa hh:mm` in `tz`: how every report writes a time. */
export function formatLocalDateTimeBr(instant: Date | number, tz: string): string {
  const w = wallTime(instant, tz);
  return `${pad2(w.day)}/${pad2(w.month)}/${w.year} ${pad2(w.hour)}:${pad2(w.minute)}`;
}

/** An instant as ISO 8601 with the zone's offset, `2026-12-03T06:02:11-03:00`. */
export function isoWithOffset(instant: Date | number, tz: string): string {
  return zoned(instant, tz).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}
