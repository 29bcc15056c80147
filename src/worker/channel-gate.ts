/**
 * Slack's "about one message per second per channel", shared by every worker through Redis,
 * without holding a worker slot: a job asks for a send slot in its channel; when the slot
 * is in the future, the job is moved back to the delayed set until then (BullMQ's
 * `moveToDelayed` + `DelayedError`) and the worker takes other work meanwhile.
 *
 * Slots are reservations: each request moves the channel's "next free" time forward, so
 * 100 jobs for one channel get 100 distinct slots a second apart instead of a stampede
 * at every wake-up. A job that wakes for its reserved slot keeps it. A 429 blocks the
 * channel for `Retry-After`; reservations that fall inside the block are re-made after it.
 * Times are Redis's clock, so workers on several machines agree.
 */
import type { Redis } from 'ioredis';

const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local block = tonumber(redis.call('GET', KEYS[2]) or '0')
local interval = tonumber(ARGV[1])
local slots = tonumber(ARGV[2])
local held = tonumber(ARGV[3])
if held > 0 and now + 50 >= held and block <= now then
  return {held, now}
end
local slot = math.max(now, nextAt, block)
local after = slot + interval * slots
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return {slot, now}
`;

const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilAt = now + tonumber(ARGV[1])
local block = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilAt > block then
  redis.call('SET', KEYS[1], untilAt, 'PX', untilAt - now + 60000)
end
return untilAt - now
`;

export interface SlotDecision {
  /** Milliseconds until the slot (0: post now). */
  waitMs: number;
  /** The reserved slot, in Redis time; pass it back as `held` after waking up. */
  slot: number;
}

export class ChannelGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly intervalMs: number,
  ) {}

  private keys(channel: string): [string, string] {
    return [`${this.prefix}:gate:next:${channel}`, `${this.prefix}:gate:block:${channel}`];
  }

  /**
   * Reserves `slots` consecutive send slots in `channel` (a table message plus its file
   * take two). `held` is a slot reserved before a delay: kept if it is due and the
   * channel is not blocked.
   */
  async reserve(channel: string, slots = 1, held = 0): Promise<SlotDecision> {
    const [nextKey, blockKey] = this.keys(channel);
    const [slot, now] = (await this.redis.eval(RESERVE, 2, nextKey, blockKey, this.intervalMs, slots, held)) as [
      number,
      number,
    ];
    return { waitMs: Math.max(0, slot - now), slot };
  }

  /** After a 429: nobody posts to `channel` for `ms`. */
  async block(channel: string, ms: number): Promise<void> {
    const [, blockKey] = this.keys(channel);
    await this.redis.eval(BLOCK, 1, blockKey, Math.ceil(ms));
  }
}
