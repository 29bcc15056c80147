/**
 * Calendar helpers for the demo generator. Days are whole numbers (days since
 * 1970-01-01, as calendar dates, no timezone); instants are epoch milliseconds. A store's
 * local business time becomes an instant through its zone's UTC offset on that day,
 * looked up once per (zone, day) through src/core/time/zoned.ts and cached — millions of
 * timestamps, a few thousand look-ups.
 */
import { offsetMs } from '../time/zoned.js';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const NEAR_DAYS = 8192;

/** `AAAA-MM-DD` → day number. */
export function dayOf(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Day number → `AAAA-MM-DD`. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number → `DD/MM/AAAA`. */
export function brDateOf(day: number): string {
  const s = new Date(day * DAY_MS).toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
}

/** The first day of the month of `day`. */
export function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** The same calendar day `years` years earlier (29 Feb → 28 Feb). */
export function yearsBefore(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() - years;
  const m = d.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS;
}

/** Local wall-clock time of one IANA zone, with offsets cached per day. */
export class ZoneClock {
  // Offsets by day: an array around the first day asked for (the demo's three years),
  // a map for anything else.
  private base = NaN;
  private readonly near: number[] = new Array<number>(NEAR_DAYS).fill(NaN);
  private readonly far = new Map<number, number>();

  constructor(readonly timezone: string) {}

  /**
   * Offset (local − UTC, ms) in force during business hours of local `day`. Brazilian
   * zones changed offset at midnight when they had summer time, so noon UTC (morning
   * everywhere in Brazil) sees the same offset as the whole business day.
   */
  offset(day: number): number {
    if (Number.isNaN(this.base)) this.base = day - NEAR_DAYS / 2;
    const k = day - this.base;
    if (k >= 0 && k < NEAR_DAYS) {
      let o = this.near[k]!;
      if (Number.isNaN(o)) o = this.near[k] = this.lookUp(day);
      return o;
    }
    let o = this.far.get(day);
    if (o === undefined) this.far.set(day, (o = this.lookUp(day)));
    return o;
  }

  private lookUp(day: number): number {
    return offsetMs(day * DAY_MS + 12 * 3_600_000, this.timezone);
  }

  /** The instant of local `day` at `minute` minutes past local midnight. */
  instant(day: number, minute: number): number {
    return day * DAY_MS + minute * MINUTE_MS - this.offset(day);
  }

  /** Local wall-clock milliseconds of instant `ms` (for formatting). */
  local(ms: number): number {
    const guess = ms + this.offset(Math.floor(ms / DAY_MS));
    const o = this.offset(Math.floor(guess / DAY_MS));
    return ms + o;
  }

  /** Instant → local `DD/MM/AAAA HH:MM`, as an ERP export writes it. */
  formatBr(ms: number): string {
    const s = new Date(this.local(ms)).toISOString();
    return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}`;
  }
}

const dayTexts = new Map<number, string>();
const minuteTexts: string[] = Array.from({ length: 1440 }, (_, m) => {
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `T${hh}:${mm}:00.000Z`;
});

/**
 * Instant → ISO 8601 in UTC, same text as `Date#toISOString`. Whole minutes (all the
 * demo makes) are assembled from cached pieces: millions of timestamps per load.
 */
export function isoInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const minute = (ms - day * DAY_MS) / MINUTE_MS;
  if (!Number.isInteger(minute)) return new Date(ms).toISOString();
  let text = dayTexts.get(day);
  if (text === undefined) dayTexts.set(day, (text = isoOf(day)));
  return text + minuteTexts[minute]!;
}
