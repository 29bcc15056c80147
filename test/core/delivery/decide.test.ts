/**
 * The retry policy of a delivery (src/core/delivery/decide.ts): what a 429, a 5xx and a
 * permanent error do to a scheduled report.
 */
import { describe, expect, it } from 'vitest';
import { decideAfterFailure, type AttemptState } from '../../../src/core/delivery/decide.js';

const fresh: AttemptState = {
  attemptsMade: 0,
  attempts: 5,
  rateLimitedSoFar: 0,
  maxRateLimitDelays: 3,
};

describe('decideAfterFailure', () => {
  it('a 429 waits Retry-After without using an attempt, a few times in a row', () => {
    const limited = { kind: 'rate_limited', retryAfterMs: 30_000, code: 'ratelimited' } as const;
    expect(decideAfterFailure(limited, { ...fresh, attemptsMade: 4 })).toEqual({
      kind: 'delay',
      retryAfterMs: 30_000,
      rateLimitedCount: 1,
    });
    // Past the allowance it counts like a transient error: retried, then failed.
    expect(decideAfterFailure(limited, { ...fresh, rateLimitedSoFar: 3 })).toEqual({
      kind: 'retry',
      code: 'ratelimited',
      attempt: 1,
    });
    expect(decideAfterFailure(limited, { ...fresh, rateLimitedSoFar: 3, attemptsMade: 4 })).toEqual(
      {
        kind: 'fail',
        code: 'ratelimited',
        scope: 'subscription',
        transient: true,
      },
    );
  });

  it('a 5xx is retried while attempts remain, then fails as transient', () => {
    const down = { kind: 'transient', code: 'service_unavailable' } as const;
    expect(decideAfterFailure(down, { ...fresh, attemptsMade: 3 })).toEqual({
      kind: 'retry',
      code: 'service_unavailable',
      attempt: 4,
    });
    expect(decideAfterFailure(down, { ...fresh, attemptsMade: 4 })).toMatchObject({
      kind: 'fail',
      transient: true,
    });
  });

  it('a permanent error fails at once, keeping whose problem it is', () => {
    expect(
      decideAfterFailure(
        { kind: 'permanent', code: 'channel_not_found', scope: 'subscription' },
        fresh,
      ),
    ).toEqual({ kind: 'fail', code: 'channel_not_found', scope: 'subscription', transient: false });
    expect(
      decideAfterFailure({ kind: 'permanent', code: 'user_disabled', scope: 'recipient' }, fresh),
    ).toMatchObject({ kind: 'fail', scope: 'recipient' });
  });
});
