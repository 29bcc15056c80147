/**
 * The one clock. Every rule that asks "what time is it" — report dates, schedules, next
 * sends, catch-up, grace, reminders, imports — takes a `Clock` and calls it; nothing else in
 * `src/` reads the wall clock (lint enforces it). Processes start with `systemClock`; tests
 * inject a fixed or moving one (`test/support/clock.ts`).
 *
 * Two things are deliberately not on this clock:
 * - leases in the delivery ledger (`claimed_at`, stale claims) are compared with the
 *   database's `now()` on both sides, so workers on machines whose clocks disagree still
 *   agree on who holds a claim;
 * - transport waits (BullMQ delays, Slack's Retry-After, timeouts) are real elapsed time,
 *   because Redis and Slack run on real time: use `elapsedMs()` for those.
 */
export type Clock = () => Date;

/** The machine's wall clock. Only entry points (bot, worker, CLI) pick it. */
export const systemClock: Clock = () => new Date();

/** Milliseconds since the epoch in real time, for transport waits only (see above). */
export function elapsedMs(): number {
  return Date.now();
}
