/**
 * Time rules of an occurrence: its report date, which instant a scheduler firing stands
 * for, and whether it is late or past saving.
 */
import { todayIn } from '../portfolio/periods.js';
import { isAutomatic, type OccurrenceOrigin } from './schema.js';
import {
  nextOccurrences,
  occurrenceAt,
  previousOccurrence,
  type ScheduleSpec,
} from '../subscriptions/schedule.js';

/**
 * The report date of an occurrence: its calendar day in the subscription's timezone. A
 * Monday 08:00 report about "this month" is about that Monday's month, even when it is
 * delivered late, on another day.
 */
export function reportDateOf(scheduledFor: Date, timezone: string): string {
  return todayIn(timezone, scheduledFor);
}

/**
 * The occurrence a scheduler firing stands for, or null when the firing is not one. The
 * cron given to BullMQ can fire on extra days (monthly day 29/30 is `29,L`: only one of
 * them is the occurrence), and around DST changes cron-parser and our schedule may pick
 * instants a little apart; a firing within `toleranceMs` of an occurrence is that one.
 */
export function canonicalOccurrence(
  spec: ScheduleSpec,
  firedAt: Date,
  toleranceMs = 2 * 3600_000,
): Date | null {
  if (occurrenceAt(spec, firedAt)) return firedAt;
  const before = previousOccurrence(spec, new Date(firedAt.getTime() + 1));
  const [after] = nextOccurrences(spec, firedAt, 1);
  const near = [before, after]
    .filter((d): d is Date => d !== null && d !== undefined)
    .filter((d) => Math.abs(d.getTime() - firedAt.getTime()) <= toleranceMs)
    .sort(
      (a, b) =>
        Math.abs(a.getTime() - firedAt.getTime()) - Math.abs(b.getTime() - firedAt.getTime()),
    );
  return near[0] ?? null;
}

/** How long after its time an occurrence still goes out, and when it counts as late. */
export interface TimingRules {
  /** An automatic occurrence older than this is recorded as missed, not sent. */
  graceMs: number;
  /** A non-manual occurrence sent more than this after its time is marked late. */
  lateAfterMs: number;
}

export type Timeliness = 'on_time' | 'late' | 'missed';

/**
 * The one rule of lateness and grace, for planning, delivering and catching up alike:
 * - `missed`: a scheduled or caught-up occurrence (not "Enviar agora", not a trigger) more
 *   than `graceMs` old is not sent at all — nobody wants last Monday's report on Thursday;
 * - `late`: any occurrence but "Enviar agora" sent more than `lateAfterMs` after its time
 *   goes out with a note saying so;
 * - otherwise `on_time`.
 */
export function timeliness(
  occurrence: { scheduledFor: Date; origin: OccurrenceOrigin },
  now: Date,
  rules: TimingRules,
): Timeliness {
  const age = now.getTime() - occurrence.scheduledFor.getTime();
  if (isAutomatic(occurrence.origin) && age > rules.graceMs) return 'missed';
  if (occurrence.origin !== 'manual' && age > rules.lateAfterMs) return 'late';
  return 'on_time';
}

export interface CatchUpPlan {
  /** Missed but still within the grace window: post them, marked late. */
  post: Date[];
  /** Older than the grace window: record them as missed. */
  miss: Date[];
}

/**
 * The occurrences of a schedule that should have happened in (`since`, `now - settleMs`]
 * and are not in `recorded` (epoch ms), split by the grace window. At most `max` of the
 * most recent ones are considered.
 */
export function planCatchUp(opts: {
  spec: ScheduleSpec;
  since: Date;
  now: Date;
  recorded: ReadonlySet<number>;
  graceMs: number;
  settleMs: number;
  max?: number;
}): CatchUpPlan {
  const until = opts.now.getTime() - opts.settleMs;
  const due: Date[] = [];
  let from = opts.since;
  const max = opts.max ?? 200;
  // Walk forward in pages; keep only the latest `max`.
  for (;;) {
    const page = nextOccurrences(opts.spec, from, 64);
    let done = false;
    for (const d of page) {
      if (d.getTime() > until) {
        done = true;
        break;
      }
      due.push(d);
      if (due.length > max) due.shift();
    }
    if (done || page.length === 0) break;
    from = page[page.length - 1]!;
  }
  const plan: CatchUpPlan = { post: [], miss: [] };
  for (const d of due) {
    if (opts.recorded.has(d.getTime())) continue;
    const when = timeliness({ scheduledFor: d, origin: 'catch_up' }, opts.now, {
      graceMs: opts.graceMs,
      lateAfterMs: 0,
    });
    if (when === 'missed') plan.miss.push(d);
    else plan.post.push(d);
  }
  return plan;
}
