/**
 * Subscriptions in Slack: `/carteira assinar …` (quick form, or the modal), `/carteira
 * assinaturas` (the list and its buttons), the "Assinar" button of reports and the App
 * Home, the modal's redraws and submit, and the App Home section.
 *
 * The bot routes the two subcommands here (after ack and viewer resolution) and calls
 * `registerSubscriptionListeners` once.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { ACTION_IDS } from '../../core/render/slack-report.js';
import { buttonHandler, submissionHandler } from '../actions/action-context.js';
import type { BotDeps } from '../deps.js';
import { SUB_ACTIONS } from './blocks.js';
import {
  deleteButton,
  historyButton,
  pauseButton,
  resumeButton,
  sendNowButton,
} from './buttons.js';
import { DISPATCHING_ACTIONS, MODAL_CALLBACK_ID } from './modal.js';
import { openFromButton, redrawModal, submitModal } from './modal-listeners.js';

export { handleSubscribeCommand, handleSubscriptionsCommand } from './commands.js';
export { subscriptionsHomeSection } from './home.js';

export function registerSubscriptionListeners(app: App, deps: BotDeps): void {
  app.action(
    ACTION_IDS.subscribe,
    buttonHandler(deps, (ctx, args) => openFromButton(ctx.deps, args.client, ctx)),
  );
  for (const id of DISPATCHING_ACTIONS) {
    app.action({ action_id: id, type: 'block_actions' }, (args) => redrawModal(deps, args));
  }
  app.view<ViewSubmitAction>(
    { callback_id: MODAL_CALLBACK_ID, type: 'view_submission' },
    submissionHandler(deps, submitModal),
  );
  app.action(SUB_ACTIONS.pause, buttonHandler(deps, pauseButton));
  app.action(SUB_ACTIONS.resume, buttonHandler(deps, resumeButton));
  app.action(SUB_ACTIONS.delete, buttonHandler(deps, deleteButton));
  app.action(SUB_ACTIONS.sendNow, buttonHandler(deps, sendNowButton));
  app.action(SUB_ACTIONS.history, buttonHandler(deps, historyButton));
}
