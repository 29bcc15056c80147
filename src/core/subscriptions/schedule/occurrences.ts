/**
 * A schedule's occurrences: the next ones, the previous one, and whether an instant is one.
 * Wall-clock conversions (and their DST gap/overlap rules) are `../../time/zoned.ts`'s.
 */
import { CronExpressionParser } from 'cron-parser';
import { fromWallMs, toWallMs } from '../../time/zoned.js';
import { toCron } from './cron.js';
import type { ScheduleRule, ScheduleSpec } from './spec.js';

/*
 * Occurrences are computed on a "wall-clock timeline": a Date whose UTC fields are the
 * local date and time in the spec's zone. cron-parser iterates that timeline in UTC (no
 * DST, so `next` and `prev` agree), and each wall time is then mapped to its instant.
 */

/**
 * The wall-clock time of an instant, as milliseconds on the wall-clock timeline (kept under
 * this name for the schedule's callers; the conversion is zoned.ts's).
 */
export function toWall(instantMs: number, tz: string): number {
  return toWallMs(instantMs, tz);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a wall time the pattern fires at is an occurrence (monthly 29/30 clamp). */
function isOccurrenceWall(spec: ScheduleRule, wall: Date): boolean {
  if (spec.kind !== 'monthly' || spec.day === 'last') return true;
  const length = daysInMonth(wall.getUTCFullYear(), wall.getUTCMonth() + 1);
  return wall.getUTCDate() === Math.min(spec.day, length);
}

// Wider than any DST jump (1 h almost everywhere, 30 min on Lord Howe Island).
const MARGIN_MS = 3 * 3600_000;

function wallIterator(spec: ScheduleSpec, startWallMs: number) {
  return CronExpressionParser.parse(toCron(spec), { tz: 'UTC', currentDate: startWallMs });
}

/**
 * The next `count` occurrences strictly after `from`, in order.
 *
 * @example nextOccurrences(mondays8h, new Date('2026-11-27T12:00:00Z'), 1) // [2026-11-30T11:00:00.000Z]
 */
export function nextOccurrences(spec: ScheduleSpec, from: Date, count: number): Date[] {
  const out: Date[] = [];
  if (count <= 0) return out;
  const it = wallIterator(spec, toWallMs(from.getTime(), spec.timezone) - MARGIN_MS);
  let last = from.getTime();
  while (out.length < count) {
    const wall = it.next().toDate();
    if (!isOccurrenceWall(spec, wall)) continue;
    const instant = fromWallMs(wall.getTime(), spec.timezone);
    // `> last` skips what precedes `from` and a wall time shifted onto the next one.
    if (instant > last) {
      out.push(new Date(instant));
      last = instant;
    }
  }
  return out;
}

/**
 * The latest occurrence strictly before `before` (the worker catches up on it after
 * downtime), or null when the schedule never fired before then.
 */
export function previousOccurrence(spec: ScheduleSpec, before: Date): Date | null {
  const it = wallIterator(spec, toWallMs(before.getTime(), spec.timezone) + MARGIN_MS);
  for (;;) {
    let wall: Date;
    try {
      wall = it.prev().toDate();
    } catch {
      return null;
    }
    if (!isOccurrenceWall(spec, wall)) continue;
    const instant = fromWallMs(wall.getTime(), spec.timezone);
    if (instant < before.getTime()) return new Date(instant);
  }
}

/** Whether `date` is exactly (to the millisecond) one of the schedule's occurrences. */
export function occurrenceAt(spec: ScheduleSpec, date: Date): boolean {
  const ms = date.getTime();
  if (!Number.isFinite(ms) || ms % 60_000 !== 0) return false;
  const [next] = nextOccurrences(spec, new Date(ms - 1), 1);
  return next !== undefined && next.getTime() === ms;
}
