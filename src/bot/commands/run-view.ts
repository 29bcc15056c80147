import type { BotDeps, CommandInvocation } from '../deps.js';
import { reportMessage } from '../reports/report-message.js';
import { sendReportFile, FORMAT_LABELS } from '../reports/send-file.js';
import { replyFor } from '../reply.js';
import { withChart } from '../reports/send-chart.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';
import { findRunTarget } from './find-view.js';

/** `/carteira ver <visão> [pdf|csv|xlsx] [canal]`: the table (ephemeral, or for the channel), or the file. */
export async function runViewCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  const reply = replyFor(inv);
  if (!inv.text.trim()) {
    await reply(texts.generic.needViewName('ver', 'Sem contratos no mês'));
    return;
  }
  const viewer = await requireViewer(deps, inv.client, inv.userId, reply);
  if (!viewer) return;
  const { view, args } = await findRunTarget(deps, viewer, inv.text);
  if (args.format) {
    const sent = await sendReportFile(deps, inv.client, {
      viewer,
      view,
      format: args.format,
      channelId: inv.channelId,
      userId: inv.userId,
    });
    if (!sent.ok) await reply(sent.text);
    else if (sent.redirected) await reply(texts.files.sentToDm(FORMAT_LABELS[args.format]));
    return;
  }
  const message = await withChart(
    deps,
    inv.client,
    { viewer, view, channelId: args.inChannel ? inv.channelId : undefined, userId: inv.userId },
    await reportMessage(deps, viewer, view),
  );
  if (args.inChannel) await reply.inChannel(message);
  else await reply(message);
}
