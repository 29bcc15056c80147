/**
 * Business days for goals: Monday to Saturday (furniture stores open on Saturdays), less
 * Brazil's national public holidays. The holidays come from `date-holidays` (a maintained
 * calendar, movable feasts such as Good Friday included) rather than a list of our own.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

const brazil = new Holidays('BR');
const cache = new Map<number, Set<string>>();

function holidaysOf(year: number): Set<string> {
  let set = cache.get(year);
  if (!set) {
    set = new Set(
      brazil
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    cache.set(year, set);
  }
  return set;
}

/** Whether `AAAA-MM-DD` is a business day (Mon–Sat, not a national holiday). */
export function isBusinessDay(day: string): boolean {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  if (d.weekday === 7) return false;
  return !holidaysOf(d.year).has(day);
}

/** Business days from `from` to `to`, both included (0 when `from` is after `to`). */
export function businessDaysBetween(from: string, to: string): number {
  let n = 0;
  let d = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  while (d <= end) {
    if (isBusinessDay(d.toISODate()!)) n++;
    d = d.plus({ days: 1 });
  }
  return n;
}
