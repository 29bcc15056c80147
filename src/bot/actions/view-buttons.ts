/**
 * The buttons on results, lists and the App Home. Every button carries only a view id:
 * the view is loaded and run with the rights of whoever clicks, so a button on a
 * manager's message shows a salesperson only their own rows.
 */
import { isCarteiraError } from '../../core/errors.js';
import type { FileFormat } from '../../core/reports/report-file.js';
import { deleteView, getView } from '../../core/views/views.js';
import { esc, viewIdFrom } from '../blocks/elements.js';
import { userText } from '../errors.js';
import { openBuilder } from '../modals/open-builder.js';
import { reportMessage } from '../reports/report-message.js';
import { FORMAT_LABELS, sendReportFile } from '../reports/send-file.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';
import type { ActionArgs, ActionContext } from './action-context.js';

async function viewerAndView(ctx: ActionContext, args: ActionArgs) {
  const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
  if (!viewer) return null;
  const id = viewIdFrom(ctx.value);
  if (id === null) {
    await ctx.reply(texts.generic.viewGone);
    return null;
  }
  return { viewer, view: await getView(ctx.deps.db, viewer, id) };
}

/** Ver: the result, privately (ephemeral under the message, or by DM from the App Home). */
export async function runViewButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const found = await viewerAndView(ctx, args);
  if (!found) return;
  await ctx.reply(await reportMessage(ctx.deps, found.viewer, found.view));
}

/** PDF · CSV · XLSX: the whole view as a file in the channel of the message (or the DM). */
export function fileButton(format: FileFormat) {
  return async (ctx: ActionContext, args: ActionArgs): Promise<void> => {
    const found = await viewerAndView(ctx, args);
    if (!found) return;
    const sent = await sendReportFile(ctx.deps, args.client, {
      ...found,
      format,
      channelId: ctx.fromHome ? undefined : ctx.channelId,
      userId: ctx.userId,
    });
    if (!sent.ok) await ctx.reply(sent.text);
    else if (sent.redirected) await ctx.reply(texts.files.sentToDm(FORMAT_LABELS[format]));
  };
}

/** Editar: the builder prefilled (a copy is saved when the view is not the user's to change). */
export async function editViewButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const found = await viewerAndView(ctx, args);
  if (!found) return;
  await openBuilder(ctx.deps, args.client, {
    ...found,
    triggerId: ctx.triggerId,
    channelId: ctx.fromHome ? null : (ctx.channelId ?? null),
  });
}

/** Nova visão (lists and App Home). */
export async function newViewButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
  if (!viewer) return;
  await openBuilder(ctx.deps, args.client, {
    viewer,
    view: null,
    triggerId: ctx.triggerId,
    channelId: ctx.fromHome ? null : (ctx.channelId ?? null),
  });
}

/** "Excluir" on the confirmation: deletes (rights checked again) and replaces the question. */
export async function confirmDeleteButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
  if (!viewer) return;
  const id = viewIdFrom(ctx.value);
  if (id === null) {
    await ctx.reply.replace(texts.generic.viewGone);
    return;
  }
  try {
    const deleted = await deleteView(ctx.deps.db, viewer, id);
    ctx.deps.logger.info({ viewId: id }, 'view deleted');
    await ctx.reply.replace(texts.deleteView.done(esc(deleted.name)));
  } catch (e) {
    if (isCarteiraError(e) && (e.code === 'forbidden' || e.code === 'view_not_found')) {
      await ctx.reply.replace(userText(e, ctx.deps.logger));
      return;
    }
    throw e;
  }
}

/** "Cancelar" on the confirmation. */
export async function cancelDeleteButton(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const id = viewIdFrom(ctx.value);
  const viewer =
    id === null ? null : await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
  const view =
    viewer && id !== null ? await getView(ctx.deps.db, viewer, id).catch(() => null) : null;
  await ctx.reply.replace(
    view ? texts.deleteView.cancelled(esc(view.name)) : texts.deleteView.cancelledUnknown,
  );
}
