/**
 * Test clocks. Every test that needs "now" injects one of these into the code under test
 * (the code's own `Clock`, src/core/clock.ts), so no assertion depends on the real date.
 */
import type { Clock } from '../../src/core/clock.js';

export interface TestClock extends Clock {
  /** Moves the clock to `at`. */
  set(at: Date | string): void;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
}

/** A clock that stands still at `start` until told otherwise. */
export function testClock(start: Date | string): TestClock {
  let t = new Date(start).getTime();
  const clock = (() => new Date(t)) as TestClock;
  clock.set = (at) => {
    t = new Date(at).getTime();
  };
  clock.advance = (ms) => {
    t += ms;
  };
  return clock;
}
