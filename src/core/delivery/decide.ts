/**
 * What to do with a delivery attempt that went wrong: the policy, decided here in core, so
 * the worker only maps the decision onto its queue (BullMQ delays, retries, failures).
 *
 * - `delay`: Slack said 429. Slack did not act on the call, so this is not an attempt: wait
 *   `Retry-After` (the channel is blocked that long) and come back, up to
 *   `maxRateLimitDelays` times in a row; after that it is treated like any other error.
 * - `retry`: a transient error (5xx, network, timeout) with attempts left: give the claim
 *   back and let the queue retry with backoff.
 * - `fail`: a permanent error, or a transient one on the last attempt: the row is failed,
 *   the owner is told, and (for the subscription's problems) the failure streak grows.
 */
import type { DeliveryFailure } from './slack-errors.js';

export type FailureDecision =
  | { kind: 'delay'; retryAfterMs: number; rateLimitedCount: number }
  | { kind: 'retry'; code: string; attempt: number }
  | {
      kind: 'fail';
      code: string;
      scope: 'subscription' | 'recipient';
      /** True when it failed only because the attempts ran out. */
      transient: boolean;
    };

export interface AttemptState {
  /** Attempts the queue already made before this one. */
  attemptsMade: number;
  /** Attempts allowed in all. */
  attempts: number;
  /** 429 delays so far for this delivery. */
  rateLimitedSoFar: number;
  maxRateLimitDelays: number;
}

export function decideAfterFailure(failure: DeliveryFailure, state: AttemptState): FailureDecision {
  if (failure.kind === 'rate_limited') {
    const count = state.rateLimitedSoFar + 1;
    if (count <= state.maxRateLimitDelays)
      return { kind: 'delay', retryAfterMs: failure.retryAfterMs, rateLimitedCount: count };
  }
  const attempt = state.attemptsMade + 1;
  if (failure.kind === 'permanent')
    return { kind: 'fail', code: failure.code, scope: failure.scope, transient: false };
  if (attempt >= state.attempts)
    return { kind: 'fail', code: failure.code, scope: 'subscription', transient: true };
  return { kind: 'retry', code: failure.code, attempt };
}
