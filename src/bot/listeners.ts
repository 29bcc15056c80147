/**
 * Every callback the bot answers, registered in one place: the request middleware, the
 * `/carteira` command, buttons, the builder modal, the App Home, and the subscriptions
 * module's own listeners (its "Assinar" button and modal).
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { ACTION_IDS } from '../core/render/slack-report.js';
import { buttonHandler, submissionHandler } from './actions/action-context.js';
import {
  cancelDeleteButton,
  confirmDeleteButton,
  editViewButton,
  fileButton,
  newViewButton,
  runViewButton,
} from './actions/view-buttons.js';
import { chartButton } from './actions/chart-button.js';
import { BOT_ACTIONS } from './blocks/elements.js';
import { registerCommands } from './commands/router.js';
import type { BotDeps } from './deps.js';
import { appHomeOpened } from './home/app-home-opened.js';
import { PIN_ACTION } from './home/pinned-chart.js';
import { pinSelected } from './home/pin-selected.js';
import { DISPATCHING_INPUTS } from './modals/builder-form.js';
import { BUILDER_CALLBACK_ID } from './modals/builder-metadata.js';
import { redrawBuilder } from './modals/redraw-builder.js';
import { submitBuilder } from './modals/submit-builder.js';
import type { InFlight } from './server/in-flight.js';
import type { ReplayGuard } from './server/replay-guard.js';
import { requestContext } from './server/request-context.js';
import { registerProjectListeners } from './projects/index.js';
import { registerSubscriptionListeners } from './subscriptions/index.js';
import { registerGoalListeners } from './goals/listeners.js';

export interface ListenerOptions {
  inFlight: InFlight;
  /** Refuses replayed HTTP requests (absent in Socket Mode, where there are no signatures). */
  replayGuard?: ReplayGuard;
}

export function registerListeners(app: App, deps: BotDeps, opts: ListenerOptions): void {
  app.use(requestContext(deps, { guard: opts.replayGuard, inFlight: opts.inFlight }));

  registerCommands(app, deps);

  app.action(BOT_ACTIONS.run, buttonHandler(deps, runViewButton));
  app.action(ACTION_IDS.pdf, buttonHandler(deps, fileButton('pdf')));
  app.action(ACTION_IDS.csv, buttonHandler(deps, fileButton('csv')));
  app.action(ACTION_IDS.xlsx, buttonHandler(deps, fileButton('xlsx')));
  app.action(ACTION_IDS.chart, buttonHandler(deps, chartButton));
  app.action(PIN_ACTION, buttonHandler(deps, pinSelected));
  app.action(ACTION_IDS.edit, buttonHandler(deps, editViewButton));
  app.action(BOT_ACTIONS.newView, buttonHandler(deps, newViewButton));
  app.action(BOT_ACTIONS.deleteConfirm, buttonHandler(deps, confirmDeleteButton));
  app.action(BOT_ACTIONS.deleteCancel, buttonHandler(deps, cancelDeleteButton));

  for (const id of DISPATCHING_INPUTS) {
    app.action({ action_id: id, type: 'block_actions' }, (args) => redrawBuilder(deps, args));
  }
  app.view<ViewSubmitAction>(
    { callback_id: BUILDER_CALLBACK_ID, type: 'view_submission' },
    submissionHandler(deps, submitBuilder),
  );

  app.event('app_home_opened', (args) => appHomeOpened(deps, args));

  registerSubscriptionListeners(app, deps);
  registerGoalListeners(app, deps);
  registerProjectListeners(app, deps);
}
