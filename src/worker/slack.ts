/**
 * The worker's Slack calls. The WebClient never retries or waits on its own
 * (`rejectRateLimitedCalls`, no retries): a 429 or a 5xx comes straight back to the job,
 * which delays itself or fails its attempt, so no worker slot ever sleeps on Slack.
 *
 * Messages carry `metadata` naming their ledger row, so a worker that takes over a crashed
 * delivery can look for the post in the channel's history before posting again. Files
 * are uploaded in the three steps `files.uploadV2` makes (get an upload URL, send the
 * bytes, complete), because the file id must be recorded before it is shared.
 */
import { WebClient, LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { SlackReportMessage } from '../core/render/slack-report.js';
import { DeliveryError } from '../core/delivery/slack-errors.js';
import { DmChannels } from '../core/delivery/dm-channels.js';

export const METADATA_EVENT = 'carteira_delivery';

function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  const log = logger.child({ component: 'slack-web-api' });
  return {
    debug: (...msg: unknown[]) => log.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => log.debug(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackClient(config: Config, logger: Logger, timeoutMs: number): WebClient {
  return new WebClient(config.SLACK_BOT_TOKEN, {
    slackApiUrl: config.SLACK_API_URL,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
    logger: slackLogger(logger),
    logLevel: LogLevel.WARN,
  });
}

export interface DeliveryMetadata {
  deliveryId: number;
  subscriptionId: number;
  scheduledFor: Date;
  recipient: string;
}

export class SlackDelivery {
  private readonly dms = new DmChannels();

  constructor(
    readonly client: WebClient,
    private readonly timeoutMs: number,
  ) {}

  /** The DM channel (`D…`) with a user, opened once and remembered (dm-channels.ts). */
  async openDm(userId: string): Promise<string> {
    const id = await this.dms.get(
      userId,
      async () => (await this.client.conversations.open({ users: userId })).channel?.id,
    );
    if (!id) throw new DeliveryError('user_not_found');
    return id;
  }

  async postReport(
    channel: string,
    message: SlackReportMessage,
    meta: DeliveryMetadata,
  ): Promise<string> {
    const r = await this.client.chat.postMessage({
      channel,
      text: message.text,
      // Our block shapes are a subset of Slack's; the renderer checks them against Slack's limits.
      blocks: message.blocks as never,
      attachments: message.attachments as never,
      unfurl_links: false,
      unfurl_media: false,
      metadata: {
        event_type: METADATA_EVENT,
        event_payload: {
          delivery_id: String(meta.deliveryId),
          subscription_id: meta.subscriptionId,
          scheduled_for: meta.scheduledFor.toISOString(),
          recipient: meta.recipient,
        },
      },
    });
    if (!r.ts) throw new DeliveryError('no_ts', 'chat.postMessage answered without ts');
    return r.ts;
  }

  /**
   * The ts of a message this delivery already posted in `channel` since `since`, null when
   * there is none, or `unknown` when the history cannot be read (missing scope, no access).
   */
  async findPosted(
    channel: string,
    since: Date,
    deliveryId: number,
  ): Promise<string | null | 'unknown'> {
    const oldest = ((since.getTime() - 60_000) / 1000).toFixed(6);
    let cursor: string | undefined;
    try {
      for (let page = 0; page < 5; page++) {
        const r = await this.client.conversations.history({
          channel,
          oldest,
          limit: 200,
          include_all_metadata: true,
          cursor,
        });
        for (const m of r.messages ?? []) {
          const meta = m.metadata as
            { event_type?: string; event_payload?: { delivery_id?: unknown } } | undefined;
          if (
            meta?.event_type === METADATA_EVENT &&
            String(meta.event_payload?.delivery_id) === String(deliveryId)
          ) {
            return m.ts ?? null;
          }
        }
        cursor = r.response_metadata?.next_cursor || undefined;
        if (!r.has_more || !cursor) return null;
      }
      return 'unknown';
    } catch {
      return 'unknown';
    }
  }

  async startUpload(
    filename: string,
    length: number,
    altText?: string,
  ): Promise<{ fileId: string; uploadUrl: string }> {
    const r = await this.client.files.getUploadURLExternal({
      filename,
      length,
      ...(altText ? { alt_text: altText } : {}),
    });
    if (!r.file_id || !r.upload_url) throw new DeliveryError('upload_url_missing');
    return { fileId: r.file_id, uploadUrl: r.upload_url };
  }

  async uploadBytes(uploadUrl: string, bytes: Buffer): Promise<void> {
    let res: Response;
    try {
      res = await fetch(uploadUrl, {
        method: 'POST',
        body: bytes,
        headers: { 'content-type': 'application/octet-stream' },
        signal: AbortSignal.timeout(this.timeoutMs * 2),
      });
    } catch (e) {
      throw new DeliveryError('upload_failed', `file upload failed: ${(e as Error).message}`);
    }
    await res.arrayBuffer().catch(() => undefined);
    if (res.status !== 200)
      throw new DeliveryError('upload_failed', `file upload answered HTTP ${res.status}`);
  }

  async completeUpload(
    fileId: string,
    channel: string,
    title: string,
    comment: string,
  ): Promise<void> {
    await this.client.files.completeUploadExternal({
      files: [{ id: fileId, title }],
      channel_id: channel,
      initial_comment: comment,
    });
  }

  /**
   * Where an interrupted upload stands in `channel`: `shared`; `pending` when the file exists
   * (completeUploadExternal accepted it) but Slack has not shared it yet — sharing is
   * asynchronous, files.info shows no share for a moment; `absent` when Slack knows no such
   * file (the upload was never completed); `unknown` when Slack will not say.
   */
  async fileShareState(
    fileId: string,
    channel: string,
  ): Promise<'shared' | 'pending' | 'absent' | 'unknown'> {
    try {
      const r = await this.client.files.info({ file: fileId });
      const f = r.file as
        | {
            shares?: { public?: Record<string, unknown>; private?: Record<string, unknown> };
            channels?: string[];
            groups?: string[];
            ims?: string[];
          }
        | undefined;
      if (!f) return 'absent';
      if (f.shares?.public?.[channel] || f.shares?.private?.[channel]) return 'shared';
      const listed = [...(f.channels ?? []), ...(f.groups ?? []), ...(f.ims ?? [])];
      return listed.includes(channel) ? 'shared' : 'pending';
    } catch (e) {
      const code = (e as { data?: { error?: string } }).data?.error;
      if (code === 'file_not_found' || code === 'file_deleted') return 'absent';
      return 'unknown';
    }
  }

  /** Joins a public channel (after not_in_channel); false when Slack refuses. */
  async join(channel: string): Promise<boolean> {
    try {
      const r = await this.client.conversations.join({ channel });
      return r.ok === true;
    } catch {
      return false;
    }
  }

  /** A plain DM (failure notices); errors are the caller's to log. */
  async dm(userId: string, text: string): Promise<void> {
    const channel = await this.openDm(userId);
    await this.client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
  }
}
