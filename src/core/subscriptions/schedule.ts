/**
 * When a subscription fires. A `ScheduleSpec` is what a manager chose ("toda segunda às
 * 8h"); this module turns it into the cron pattern a BullMQ job scheduler runs, lists its
 * occurrences, and describes it in Portuguese.
 *
 * Semantics, pinned by tests:
 * - An occurrence is a wall-clock time in the spec's IANA timezone. Every matching
 *   wall-clock time happens exactly once: when the clocks go back, the first of the two
 *   instants counts; when they jump forward over it, it happens as much later as the jump
 *   (02:30 on a spring-forward night in New York → 03:30 EDT), as cron-parser's `next()`
 *   (which BullMQ uses) also does.
 * - Monthly day 29, 30 or 31 means "that day, or the last day of the month when the month
 *   is shorter": a report set for "dia 31" arrives on 30/04 and 28/02, never skips a month.
 *   Day 31 is exactly cron's `L` (last day of the month, supported by cron-parser 5); days
 *   29 and 30 cannot be one 5-field cron, so their pattern also fires on a few extra days
 *   (see `isCronExact`) and `occurrenceAt` says which firings are real.
 * - A custom cron must not fire more often than every 15 minutes (wall-clock): a report
 *   is not a heartbeat.
 */
export * from './schedule/spec.js';
export * from './schedule/cron.js';
export * from './schedule/occurrences.js';
export * from './schedule/describe.js';
