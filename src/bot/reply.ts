/**
 * Answering the user privately wherever the request came from: through the response_url
 * (slash commands, buttons on messages) as an ephemeral message, or — for App Home and
 * modals, which have none — in the bot's direct conversation with the user.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { assertValidMessage } from '../core/render/slack-limits.js';
import type { SlackReportMessage } from '../core/render/slack-report.js';
import type { Block } from './blocks/elements.js';

/** A message the bot sends: fallback text plus optional blocks and attachments. */
export interface OutMessage {
  text: string;
  blocks?: Block[];
  attachments?: { blocks: Block[] }[];
}

export type Reply = (message: string | OutMessage) => Promise<void>;

function normalize(message: string | OutMessage): OutMessage {
  const m = typeof message === 'string' ? { text: message } : message;
  assertValidMessage(m);
  return m;
}

/** The report renderer's message typed as one we send (its block shapes are a subset of Slack's). */
export function fromReport(msg: SlackReportMessage): OutMessage {
  return msg as unknown as OutMessage;
}

/** The bot's DM channel with a user (conversations.open; needs im:write). */
export async function dmChannel(client: WebClient, userId: string): Promise<string> {
  const r = await client.conversations.open({ users: userId });
  const id = r.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

export async function postToDm(
  client: WebClient,
  userId: string,
  message: string | OutMessage,
): Promise<void> {
  const m = normalize(message);
  await client.chat.postMessage({ channel: await dmChannel(client, userId), ...m });
}

/**
 * A private reply: ephemeral through `respond` when the request has a response_url,
 * else a DM. `replace` replaces the message the button was on (confirmations).
 */
export function replyFor(opts: {
  respond?: RespondFn | undefined;
  client: WebClient;
  userId: string;
}): Reply & { replace: Reply; inChannel: Reply } {
  const send = (extra: Partial<RespondArguments>) => async (message: string | OutMessage) => {
    const m = normalize(message);
    if (opts.respond) {
      await opts.respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...m,
        ...extra,
      } as RespondArguments);
    } else {
      await postToDm(opts.client, opts.userId, m);
    }
  };
  const reply = send({}) as Reply & { replace: Reply; inChannel: Reply };
  reply.replace = send({ replace_original: true });
  reply.inChannel = send({ response_type: 'in_channel' });
  return reply;
}

/**
 * A modal's confirmation to the user who submitted it: ephemeral in the channel the modal
 * was opened from, or by DM when there is none or the bot cannot post there.
 */
export async function confirmToUser(
  client: WebClient,
  logger: { info: (obj: object, msg: string) => void },
  userId: string,
  channelId: string | null,
  message: OutMessage,
): Promise<void> {
  if (channelId && !channelId.startsWith('D')) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, ...message });
      return;
    } catch (e) {
      logger.info({ err: e, channelId }, 'ephemeral confirmation failed; sending it by DM');
    }
  }
  await postToDm(client, userId, message);
}
