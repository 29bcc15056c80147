/**
 * Slack's "about one message per second per channel", shared by every worker through Redis,
 * without holding a worker slot while waiting.
 *
 * Two steps:
 * - **Reservation** (before any work): a job asks for a send slot in its channel. Each
 *   request moves the channel's "next free" time forward, so 100 jobs for one channel get
 *   100 distinct slots a second apart instead of a stampede at every wake-up. A slot in the
 *   future moves the job back to the delayed set until shortly before it (BullMQ's
 *   `moveToDelayed` + `DelayedError`); the worker takes other work meanwhile. A job that
 *   wakes for its reserved slot keeps it.
 * - **Permit** (right before each Slack post): the real spacing, measured from the
 *   channel's last actual post. Jobs run late when the worker is busy, so slots alone
 *   would let two posts bunch up; the permit makes the gap hold. A short wait (a few
 *   hundred ms) is slept through; a long one delays the job.
 *
 * A 429 blocks the channel for `Retry-After`: reservations and permits inside the block
 * are pushed after it. Times are Redis's clock, so workers on several machines agree.
 */
import type { Redis } from 'ioredis';

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

const RESERVE = `${NOW}
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local block = tonumber(redis.call('GET', KEYS[2]) or '0')
local interval = tonumber(ARGV[1])
local slots = tonumber(ARGV[2])
local held = tonumber(ARGV[3])
local early = tonumber(ARGV[4])
if held > 0 and now + early >= held and block <= now then
  return {held, now}
end
local slot = math.max(now, nextAt, block)
local after = slot + interval * slots
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return {slot, now}
`;

const PERMIT = `${NOW}
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local block = tonumber(redis.call('GET', KEYS[2]) or '0')
local earliest = math.max(last + tonumber(ARGV[1]), block)
if now >= earliest then
  redis.call('SET', KEYS[1], now, 'PX', tonumber(ARGV[1]) + 60000)
  return 0
end
return earliest - now
`;

const BLOCK = `${NOW}
local untilAt = now + tonumber(ARGV[1])
local block = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilAt > block then
  redis.call('SET', KEYS[1], untilAt, 'PX', untilAt - now + 60000)
end
return untilAt - now
`;

export interface SlotDecision {
  /** Milliseconds until the slot (0: now). */
  waitMs: number;
  /** The reserved slot, in Redis time; pass it back as `held` after waking up. */
  slot: number;
}

/** How long before its slot a delayed job wakes up, to have its report ready on time. */
export const WAKE_EARLY_MS = 300;

export class ChannelGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly intervalMs: number,
  ) {}

  private key(kind: 'next' | 'block' | 'last', channel: string): string {
    return `${this.prefix}:gate:${kind}:${channel}`;
  }

  /**
   * Reserves `slots` consecutive send slots in `channel` (a table and its file take two).
   * `held` is a slot reserved before a delay: kept if it is (nearly) due and the channel
   * is not blocked.
   */
  async reserve(channel: string, slots = 1, held = 0): Promise<SlotDecision> {
    const [slot, now] = (await this.redis.eval(
      RESERVE,
      2,
      this.key('next', channel),
      this.key('block', channel),
      this.intervalMs,
      slots,
      held,
      WAKE_EARLY_MS + 50,
    )) as [number, number];
    return { waitMs: Math.max(0, slot - now), slot };
  }

  /** 0 when a post to `channel` may go now (and records it), else the milliseconds to wait. */
  async permit(channel: string): Promise<number> {
    return (await this.redis.eval(
      PERMIT,
      2,
      this.key('last', channel),
      this.key('block', channel),
      this.intervalMs,
    )) as number;
  }

  /** After a 429: nobody posts to `channel` for `ms`. */
  async block(channel: string, ms: number): Promise<void> {
    await this.redis.eval(BLOCK, 1, this.key('block', channel), Math.ceil(ms));
  }
}
