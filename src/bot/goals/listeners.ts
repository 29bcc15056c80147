/**
 * The listeners of the goals under `/carteira metas`: "Definir metas" opens the modal (only
 * for those who may set goals, checked before anything opens), the submission saves, and
 * "Histórico" answers privately with the month's changes the user may see.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { canSetGoals } from '../../core/access.js';
import { isCarteiraError } from '../../core/errors.js';
import { monthStart } from '../../core/goals/goals.js';
import { goalChangesOf } from '../../core/goals/history.js';
import { todayIn } from '../../core/portfolio/periods.js';
import { buttonHandler, submissionHandler } from '../actions/action-context.js';
import { esc } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';
import { GOALS_MODAL, GOALS_OPEN_ACTION, openGoalsModal, submitGoals } from './goals-modal.js';
import { GOALS_HISTORY_ACTION, goalHistoryMessage } from './history.js';

export function registerGoalListeners(app: App, deps: BotDeps): void {
  app.action(
    GOALS_OPEN_ACTION,
    buttonHandler(deps, async (ctx, args) => {
      const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
      if (!viewer) return;
      // A stale or forged button: a vendedor never sees the form (core refuses a save too).
      if (!canSetGoals(viewer)) {
        await ctx.reply(texts.goals.setForbidden);
        return;
      }
      await openGoalsModal(ctx.deps, args.client, {
        viewer,
        triggerId: ctx.triggerId,
        month: ctx.value,
      });
    }),
  );
  app.action(
    GOALS_HISTORY_ACTION,
    buttonHandler(deps, async (ctx, args) => {
      const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
      if (!viewer) return;
      let month = todayIn(viewer.timezone, ctx.deps.now()).slice(0, 7);
      if (ctx.value) {
        try {
          monthStart(ctx.value);
          month = ctx.value;
        } catch (e) {
          if (!isCarteiraError(e)) throw e;
          await ctx.reply(texts.goals.badMonth(esc(ctx.value)));
          return;
        }
      }
      const history = await goalChangesOf(ctx.deps.db, { viewer, month });
      await ctx.reply(goalHistoryMessage(history, viewer));
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
