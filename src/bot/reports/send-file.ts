/**
 * A view as a file (PDF, CSV, XLSX) uploaded where the user asked for it: the channel of
 * the command or button, joined first when it is public; the bot's DM for direct
 * conversations and the App Home. When Slack won't let the bot post there, the answer is
 * a Portuguese sentence saying how to fix it, and nothing is generated.
 */
import { botChannelAccess } from './channel-access.js';
import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { formatPeriod, formatProjects } from '../../core/render/format.js';
import { renderReportFile, type FileFormat } from '../../core/reports/report-file.js';
import type { SavedView } from '../../core/views/views.js';
import { esc } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { slackErrorCode } from '../errors.js';
import { dmChannel } from '../reply.js';
import { texts } from '../texts.js';
import { reportRequest } from './report-message.js';

export const FORMAT_LABELS: Record<FileFormat, string> = { pdf: 'PDF', csv: 'CSV', xlsx: 'XLSX' };

export type SendFileResult =
  | {
      ok: true;
      channel: string;
      filename: string;
      /** sent to the DM instead of `channelId` */ redirected: boolean;
    }
  | { ok: false; text: string };

type Destination = { ok: true; channel: string; redirected: boolean } | { ok: false; text: string };

/** Where the file can go, joining a public channel the bot is not in yet. */
export async function destination(
  deps: BotDeps,
  client: WebClient,
  channelId: string | undefined,
  userId: string,
  label: string,
): Promise<Destination> {
  // A DM (with the bot or between people) or no channel at all (App Home): the bot's DM.
  if (!channelId || channelId.startsWith('D')) {
    const dm = await dmChannel(client, userId);
    return { ok: true, channel: dm, redirected: Boolean(channelId) && channelId !== dm };
  }
  switch (await botChannelAccess(deps, client, channelId)) {
    case 'group_dm': {
      // No app can join a group DM: the file goes to the bot's DM with whoever asked.
      const dm = await dmChannel(client, userId);
      return { ok: true, channel: dm, redirected: true };
    }
    case 'private':
      return { ok: false, text: texts.files.notInPrivate(label) };
    case 'archived':
      return { ok: false, text: texts.files.archived };
    case 'join_failed':
      return { ok: false, text: texts.files.notInChannel(label) };
    default:
      // member, joined, or unknown: try the upload (its own errors are explained below).
      return { ok: true, channel: channelId, redirected: false };
  }
}

export function uploadFailure(code: string | undefined, label: string): string {
  switch (code) {
    case 'not_in_channel':
      return texts.files.notInChannel(label);
    case 'channel_not_found':
      return texts.files.notInPrivate(label);
    case 'is_archived':
      return texts.files.archived;
    case 'file_too_large':
    case 'request_too_large':
      return texts.files.tooLarge;
    default:
      return texts.files.failed(label);
  }
}

export async function sendReportFile(
  deps: BotDeps,
  client: WebClient,
  opts: {
    viewer: Viewer;
    view: SavedView;
    format: FileFormat;
    channelId: string | undefined;
    userId: string;
  },
): Promise<SendFileResult> {
  const label = FORMAT_LABELS[opts.format];
  const dest = await destination(deps, client, opts.channelId, opts.userId, label);
  if (!dest.ok) return dest;
  const req = reportRequest(deps, opts.viewer, opts.view);
  let file;
  try {
    file = await renderReportFile(deps.db, req, opts.format);
  } catch (e) {
    deps.logger.error(
      { err: e, viewId: opts.view.id, format: opts.format },
      'report file generation failed',
    );
    return { ok: false, text: texts.files.generatingFailed };
  }
  const period = formatPeriod(file.period);
  try {
    await client.files.uploadV2({
      channel_id: dest.channel,
      file: file.bytes,
      filename: file.filename,
      title: `${opts.view.name} (${label})`,
      initial_comment: texts.files.comment(
        esc(opts.view.name),
        formatProjects(file.count, file.noun),
        period,
        opts.userId,
      ),
    });
  } catch (e) {
    const code = slackErrorCode(e);
    deps.logger.warn({ err: e, code, channel: dest.channel }, 'report upload failed');
    return { ok: false, text: uploadFailure(code, label) };
  }
  deps.logger.info(
    {
      viewId: opts.view.id,
      format: opts.format,
      rows: file.count,
      bytes: file.bytes.length,
      channel: dest.channel,
    },
    'report file uploaded',
  );
  return { ok: true, channel: dest.channel, filename: file.filename, redirected: dest.redirected };
}
