/** The listeners of "Definir metas": the button opens the modal, the submission saves. */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { buttonHandler, submissionHandler } from '../actions/action-context.js';
import type { BotDeps } from '../deps.js';
import { requireViewer } from '../require-viewer.js';
import { GOALS_MODAL, GOALS_OPEN_ACTION, openGoalsModal, submitGoals } from './goals-modal.js';

export function registerGoalListeners(app: App, deps: BotDeps): void {
  app.action(
    GOALS_OPEN_ACTION,
    buttonHandler(deps, async (ctx, args) => {
      const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
      if (!viewer) return;
      await openGoalsModal(ctx.deps, args.client, {
        viewer,
        triggerId: ctx.triggerId,
        month: ctx.value,
      });
    }),
  );
  app.view<ViewSubmitAction>(
    { callback_id: GOALS_MODAL, type: 'view_submission' },
    submissionHandler(deps, async (d, args) => {
      const viewer = await requireViewer(d, args.client, args.body.user.id, async () => {});
      if (!viewer) {
        await args.ack({
          response_action: 'errors',
          errors: { goal_owner: 'Seu usuário não está vinculado a um vendedor.' },
        });
        return;
      }
      await submitGoals(d, args, viewer);
    }),
  );
}
