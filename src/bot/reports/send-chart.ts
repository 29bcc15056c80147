/**
 * A view's chart as a PNG uploaded to Slack (files.uploadV2, with the chart's alt text):
 * for the "Gráfico" button, and with the message of `/carteira ver` when the view has a
 * chart — the image is uploaded first and the message links to it. Where the image may go
 * follows the files' rule (send-file.ts): the channel of the command or button, or the
 * bot's DM; an ephemeral answer never puts someone's figures in a channel.
 */
import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { formatProjects } from '../../core/render/format.js';
import { renderChartFile } from '../../core/reports/chart-file.js';
import type { SavedView } from '../../core/views/views.js';
import { contextLine, esc, type Block } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { slackErrorCode } from '../errors.js';
import type { ReportReply } from '../reply.js';
import { reportRequest } from './report-message.js';
import { destination, uploadFailure } from './send-file.js';

const LABEL = 'gráfico';

export const CHART_TEXTS = {
  noChart: (name: string) =>
    `A visão “${name}” não tem gráfico. Use *Editar* e escolha um na seção “Gráfico”.`,
  failed: 'Não consegui gerar o gráfico agora. Tente de novo em instantes.',
  sentToDm: 'Enviei o gráfico no seu privado comigo.',
  comment: (name: string, projects: string, userId: string) =>
    `Gráfico de *${name}* (${projects}), pedido por <@${userId}>.`,
  link: (permalink: string, name: string) => `:bar_chart: Gráfico: <${permalink}|${name}>`,
  linkDm: (permalink: string, name: string) =>
    `:bar_chart: Gráfico no seu privado comigo: <${permalink}|${name}>`,
  linkFailed: (why: string) => `:bar_chart: Gráfico não enviado: ${why}`,
};

export type SendChartResult =
  | { ok: true; channel: string; redirected: boolean; permalink: string | null }
  | { ok: false; text: string };

/** The permalink of the first file in a files.uploadV2 answer (its shape nests files). */
function permalinkOf(r: unknown): string | null {
  const seen: unknown[] = [r];
  while (seen.length) {
    const x = seen.shift();
    if (!x || typeof x !== 'object') continue;
    const o = x as Record<string, unknown>;
    if (typeof o.permalink === 'string') return o.permalink;
    if (Array.isArray(o.files)) seen.push(...o.files);
  }
  return null;
}

/** Renders the view's chart as `viewer` sees it today and uploads it. */
export async function sendChart(
  deps: BotDeps,
  client: WebClient,
  opts: { viewer: Viewer; view: SavedView; channelId: string | undefined; userId: string },
): Promise<SendChartResult> {
  if (!opts.view.definition.chart)
    return { ok: false, text: CHART_TEXTS.noChart(esc(opts.view.name)) };
  const dest = await destination(deps, client, opts.channelId, opts.userId, LABEL);
  if (!dest.ok) return dest;
  let file;
  try {
    file = await renderChartFile(deps.db, reportRequest(deps, opts.viewer, opts.view), 'png');
  } catch (e) {
    deps.logger.error({ err: e, viewId: opts.view.id }, 'chart generation failed');
    return { ok: false, text: CHART_TEXTS.failed };
  }
  if (!file) return { ok: false, text: CHART_TEXTS.noChart(esc(opts.view.name)) };
  let answer: unknown;
  try {
    answer = await client.files.uploadV2({
      channel_id: dest.channel,
      file: file.bytes,
      filename: file.filename,
      title: file.chart.title,
      alt_text: file.altText,
      initial_comment: CHART_TEXTS.comment(
        esc(opts.view.name),
        formatProjects(file.chart.totals.count),
        opts.userId,
      ),
    });
  } catch (e) {
    const code = slackErrorCode(e);
    deps.logger.warn({ err: e, code, channel: dest.channel }, 'chart upload failed');
    return { ok: false, text: uploadFailure(code, LABEL) };
  }
  deps.logger.info(
    { viewId: opts.view.id, bars: file.chart.series.length, bytes: file.bytes.length },
    'chart uploaded',
  );
  return {
    ok: true,
    channel: dest.channel,
    redirected: dest.redirected,
    permalink: permalinkOf(answer),
  };
}

/**
 * `ver`'s message with the chart: uploads it (to the channel when the answer is for the
 * channel, else to the user's DM) and adds a line linking to it. A view without a chart,
 * or a failed upload, leaves the message as it was (with a line saying why, for a failure).
 */
export async function withChart(
  deps: BotDeps,
  client: WebClient,
  opts: { viewer: Viewer; view: SavedView; channelId: string | undefined; userId: string },
  message: ReportReply,
): Promise<ReportReply> {
  if (!opts.view.definition.chart) return message;
  let sent: SendChartResult;
  try {
    sent = await sendChart(deps, client, opts);
  } catch (e) {
    // The table is the answer; a chart that cannot be delivered never takes it away.
    deps.logger.warn({ err: e, viewId: opts.view.id }, 'chart with the message failed');
    sent = { ok: false, text: CHART_TEXTS.failed };
  }
  const name = esc(opts.view.name);
  let line: Block;
  if (!sent.ok) line = contextLine(CHART_TEXTS.linkFailed(sent.text));
  else if (!sent.permalink) return message;
  else
    line = contextLine(
      opts.channelId && !sent.redirected
        ? CHART_TEXTS.link(sent.permalink, name)
        : CHART_TEXTS.linkDm(sent.permalink, name),
    );
  // Whatever table style the reply ends up with, the line sits right under the header and
  // context lines: before the totals and the table.
  return {
    report: true,
    render: (style) => {
      const rendered = message.render(style);
      const blocks = [...(rendered.blocks ?? [])];
      blocks.splice(Math.min(blocks.length, 2), 0, line);
      return { ...rendered, blocks };
    },
  };
}
