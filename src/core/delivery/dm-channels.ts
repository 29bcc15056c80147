/**
 * The bot's DM channel with each user, asked of Slack once (`conversations.open`) and then
 * remembered: a DM keeps its id, and conversations.open is a Tier 3 method — about 50 calls
 * a minute for the whole workspace — so asking again for every report, chart or file would,
 * in a busy minute, pause the app's Slack calls for a Retry-After. Used by the worker
 * (worker/slack.ts) and the bot (bot/reply.ts), each with its own; like slack-errors.ts it
 * does not import the Slack library: the caller says how to open the DM.
 *
 * Requests that arrive together share one call. A call that fails, or that names no channel,
 * is not remembered: the next request asks again.
 */
export class DmChannels {
  private readonly known = new Map<string, Promise<string | undefined>>();

  constructor(private readonly max = 5_000) {}

  /** The DM channel for `key` (a user, or token and user), opened with `open` the first time. */
  get(key: string, open: () => Promise<string | undefined>): Promise<string | undefined> {
    const known = this.known.get(key);
    if (known) return known;
    const opening = open();
    if (this.known.size >= this.max) this.known.clear();
    this.known.set(key, opening);
    const forget = () => {
      if (this.known.get(key) === opening) this.known.delete(key);
    };
    opening.then((id) => {
      if (!id) forget();
    }, forget);
    return opening;
  }
}
