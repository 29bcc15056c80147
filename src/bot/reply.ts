/**
 * Answering the user privately wherever the request came from: through the response_url
 * (slash commands, buttons on messages) as an ephemeral message, or — for App Home and
 * modals, which have none — in the bot's direct conversation with the user.
 */
import type { WebClient } from '@slack/web-api';
import { DmChannels } from '../core/delivery/dm-channels.js';
import { assertValidMessage } from '../core/render/slack-limits.js';
import type { SlackReportMessage, TableStyle } from '../core/render/slack-report.js';
import { sendWithTableFallback, type TableSurface } from '../core/render/table-fallback.js';
import type { Block } from './blocks/elements.js';
import { postToResponseUrl, type ResponseOptions } from './response-url.js';

/** A message the bot sends: fallback text plus optional blocks and attachments. */
export interface OutMessage {
  text: string;
  blocks?: Block[];
  attachments?: { blocks: Block[] }[];
}

/** A report, rendered in whichever table style the surface accepts. */
export interface ReportReply {
  report: true;
  render: (style: TableStyle) => OutMessage;
}

export type Reply = (message: string | OutMessage | ReportReply) => Promise<void>;

function isReport(m: string | OutMessage | ReportReply): m is ReportReply {
  return typeof m === 'object' && 'report' in m;
}

/** Sends a report with the table fallback chain; anything else as it is. */
export async function sendMaybeReport(
  surface: TableSurface,
  message: string | OutMessage | ReportReply,
  send: (m: OutMessage) => Promise<void>,
): Promise<void> {
  if (!isReport(message)) return send(normalize(message));
  await sendWithTableFallback({ surface, render: message.render, send });
}

function normalize(message: string | OutMessage): OutMessage {
  const m = typeof message === 'string' ? { text: message } : message;
  assertValidMessage(m);
  return m;
}

/** The report renderer's message typed as one we send (its block shapes are a subset of Slack's). */
export function fromReport(msg: SlackReportMessage): OutMessage {
  return msg as unknown as OutMessage;
}

/** DMs the bot opened, by bot token and user (a reinstalled app's new token asks again). */
const dms = new DmChannels();

/** The bot's DM channel with a user (conversations.open, once; needs im:write). */
export async function dmChannel(client: WebClient, userId: string): Promise<string> {
  const id = await dms.get(
    `${client.token ?? ''}\u0000${userId}`,
    async () => (await client.conversations.open({ users: userId })).channel?.id,
  );
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
 * A private reply: ephemeral through the response_url (response-url.ts) when the request has one,
 * else a DM. `replace` replaces the message the button was on (confirmations).
 */
export function replyFor(opts: {
  responseUrl?: string | undefined;
  client: WebClient;
  userId: string;
}): Reply & { replace: Reply; inChannel: Reply } {
  const send = (extra: ResponseOptions) => async (message: string | OutMessage | ReportReply) => {
    const url = opts.responseUrl;
    if (url) {
      await sendMaybeReport('response_url', message, (m) =>
        postToResponseUrl(url, m, {
          response_type: 'ephemeral',
          replace_original: false,
          ...extra,
        }),
      );
    } else {
      await sendMaybeReport('message', message, (m) => postToDm(opts.client, opts.userId, m));
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
