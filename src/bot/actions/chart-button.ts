/**
 * "Gráfico" on results: the view's chart, run with the rights of whoever clicks, uploaded
 * to the channel of the message (or the DM, from the App Home or a private channel the bot
 * is not in). Same rules as the PDF/CSV/XLSX buttons.
 */
import { getView } from '../../core/views/views.js';
import { viewIdFrom } from '../blocks/elements.js';
import { CHART_TEXTS, sendChart } from '../reports/send-chart.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';
import type { ActionArgs, ActionContext } from './action-context.js';

export async function chartButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
  if (!viewer) return;
  const id = viewIdFrom(ctx.value);
  if (id === null) {
    await ctx.reply(texts.generic.viewGone);
    return;
  }
  const view = await getView(ctx.deps.db, viewer, id);
  const sent = await sendChart(ctx.deps, args.client, {
    viewer,
    view,
    channelId: ctx.fromHome ? undefined : ctx.channelId,
    userId: ctx.userId,
  });
  if (!sent.ok) await ctx.reply(sent.text);
  else if (sent.redirected) await ctx.reply(CHART_TEXTS.sentToDm);
}
