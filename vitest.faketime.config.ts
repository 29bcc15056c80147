/**
 * The suite as `.ci/faketime` runs it under libfaketime at awkward moments (month end,
 * year end, Monday just before 08:00), to prove no test expires on some calendar date.
 *
 * Left out: the suites that run BullMQ workers. BullMQ keeps its delays and job schedulers
 * in Redis on Redis's own clock, which faketime cannot move, so a faked Node clock would
 * disagree with the queue by design. Those suites inject their time through the worker's
 * Clock instead (test/worker/support.ts) and run on the real date in the main pass.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export const REDIS_CLOCK_SUITES = [
  'test/worker/**',
  'test/cli/subscription-commands.test.ts',

  'test/core/subscriptions/subscriptions.test.ts',
];

export default mergeConfig(
  base,
  defineConfig({ test: { exclude: ['**/node_modules/**', ...REDIS_CLOCK_SUITES] } }),
);
