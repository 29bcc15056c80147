/**
 * Refuses a signed request seen before. Bolt checks the signature and refuses timestamps
 * older than five minutes, but within those five minutes an identical copy of a request
 * (same body, timestamp and signature) is valid again: whoever captured it could run the
 * same command twice. Slack signs every delivery afresh (retries carry a new timestamp),
 * so the pair (timestamp, signature) identifies one delivery.
 *
 * This guard keeps the pairs of the last few minutes in memory. With several bot instances
 * behind a load balancer a replay could land on another instance; a shared store (Redis
 * `SET key 1 NX EX 360`) implements the same interface for that case.
 */
export interface ReplayGuard {
  /** True the first time `key` is seen within the window; false for a replay. */
  firstSeen(key: string): boolean | Promise<boolean>;
}

/** Bolt's own window for timestamps is 5 minutes; keep keys a little longer. */
export const REPLAY_WINDOW_MS = 6 * 60 * 1000;

export class MemoryReplayGuard implements ReplayGuard {
  // A Map iterates in insertion order and every entry lives as long, so the oldest
  // entries are always at the front: expiring is a walk from the start.
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number = REPLAY_WINDOW_MS,
    private readonly maxEntries: number = 200_000,
    private readonly clock: () => number = Date.now,
  ) {}

  firstSeen(key: string): boolean {
    const now = this.clock();
    for (const [k, expires] of this.seen) {
      if (expires > now && this.seen.size <= this.maxEntries) break;
      this.seen.delete(k);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, now + this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/** Thrown by the middleware for a replayed request; the receiver answers 401. */
export class ReplayedRequestError extends Error {
  override name = 'ReplayedRequestError';
  /** Bolt passes errors with a `code` through its error handling unchanged. */
  readonly code = 'carteira_replayed_request';
}

export function isReplayedRequest(e: unknown): e is ReplayedRequestError {
  return e instanceof ReplayedRequestError;
}
