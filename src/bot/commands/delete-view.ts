import { findView } from '../../core/views/views.js';
import { BOT_ACTIONS, button, esc, section } from '../blocks/elements.js';
import type { BotDeps, CommandInvocation } from '../deps.js';
import { replyFor } from '../reply.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';
import { canEditView } from '../../core/access.js';

/** `/carteira excluir <visão>`: asks for confirmation with two buttons; nothing changes yet. */
export async function deleteViewCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  const reply = replyFor(inv);
  if (!inv.text.trim()) {
    await reply(texts.generic.needViewName('excluir', 'Minha visão'));
    return;
  }
  const viewer = await requireViewer(deps, inv.client, inv.userId, reply);
  if (!viewer) return;
  const view = await findView(deps.db, viewer, inv.text);
  if (!canEditView(viewer, view)) {
    await reply(
      texts.deleteView.forbidden(
        esc(view.name),
        view.ownerName === null ? null : esc(view.ownerName),
      ),
    );
    return;
  }
  const subs = await deps.db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('view_id', '=', view.id)
    .executeTakeFirst();
  const id = String(view.id);
  await reply({
    text: texts.deleteView.confirmFallback(view.name),
    blocks: [
      section(texts.deleteView.confirm(esc(view.name), Number(subs?.n ?? 0))),
      {
        type: 'actions',
        block_id: `delete_${id}`,
        elements: [
          button(texts.buttons.delete, BOT_ACTIONS.deleteConfirm, id, 'danger'),
          button(texts.buttons.cancel, BOT_ACTIONS.deleteCancel, id),
        ],
      },
    ],
  });
}
