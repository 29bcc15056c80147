import type { BotDeps, CommandInvocation } from '../deps.js';
import { openBuilder } from '../modals/open-builder.js';
import { replyFor } from '../reply.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';
import { findView } from '../../core/views/views.js';

/** `/carteira nova`: the builder, empty. */
export async function newViewCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  const reply = replyFor(inv);
  const viewer = await requireViewer(deps, inv.client, inv.userId, reply);
  if (!viewer) return;
  await openBuilder(deps, inv.client, {
    viewer,
    view: null,
    triggerId: inv.triggerId,
    channelId: inv.channelId,
  });
}

/** `/carteira editar <visão>`: the builder, prefilled. */
export async function editViewCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  const reply = replyFor(inv);
  if (!inv.text.trim()) {
    await reply(texts.generic.needViewName('editar', 'Sem contratos no mês'));
    return;
  }
  const viewer = await requireViewer(deps, inv.client, inv.userId, reply);
  if (!viewer) return;
  const view = await findView(deps.db, viewer, inv.text);
  await openBuilder(deps, inv.client, {
    viewer,
    view,
    triggerId: inv.triggerId,
    channelId: inv.channelId,
  });
}
