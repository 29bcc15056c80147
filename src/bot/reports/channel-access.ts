/**
 * Can the bot post in this channel? Looks it up (conversations.info), joins a public
 * channel it is not in (conversations.join), and says what stands in the way otherwise.
 * Used before uploading a file and before saving a channel subscription.
 */
import type { WebClient } from '@slack/web-api';
import type { BotDeps } from '../deps.js';
import { slackErrorCode } from '../errors.js';

export type ChannelAccess =
  | 'member'
  | 'joined'
  /** Private, or a private channel invisible to the bot: someone must `/invite` it. */
  | 'private'
  /** A group DM: an app cannot be invited to one; use the DM with the bot or a channel. */
  | 'group_dm'
  | 'archived'
  /** A public channel the join was refused for. */
  | 'join_failed'
  /** Slack did not say (an error other than not-found): the caller may just try. */
  | 'unknown';

export async function botChannelAccess(
  deps: BotDeps,
  client: WebClient,
  channelId: string,
): Promise<ChannelAccess> {
  let info;
  try {
    info = (await client.conversations.info({ channel: channelId })).channel;
  } catch (e) {
    // Private channels the bot is not in are invisible to it.
    if (slackErrorCode(e) === 'channel_not_found') return 'private';
    deps.logger.warn({ err: e, channelId }, 'conversations.info failed');
    return 'unknown';
  }
  if (!info) return 'unknown';
  if (info.is_archived) return 'archived';
  if (info.is_member) return 'member';
  if (info.is_mpim) return 'group_dm';
  if (info.is_private || info.is_mpim || info.is_group || info.is_im) return 'private';
  try {
    await client.conversations.join({ channel: channelId });
    deps.logger.info({ channelId }, 'joined public channel');
    return 'joined';
  } catch (e) {
    deps.logger.warn({ err: e, channelId }, 'conversations.join failed');
    return 'join_failed';
  }
}
