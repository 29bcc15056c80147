/**
 * The modal's callbacks: the "Assinar" button opens it, a changed input redraws it (with
 * the preview refreshed), and the submit validates — errors go back beside their inputs,
 * keyed by block id — then creates the subscription and confirms with the next send times.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { errorField, createSubscription } from '../../core/subscriptions/create-subscription.js';
import { isCarteiraError } from '../../core/errors.js';
import { assertValidModal } from '../../core/render/slack-limits.js';
import { getView } from '../../core/views/views.js';
import { viewIdFrom } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { slackErrorCode } from '../errors.js';
import { resolveSlackViewer } from '../identity.js';
import { confirmToUser, postToDm } from '../reply.js';
import { scoped } from '../server/request-context.js';
import { requireViewer } from '../require-viewer.js';
import { NOT_LINKED_TEXT, texts } from '../texts.js';
import type { ActionContext, SubmitArgs } from '../actions/action-context.js';
import { checkChannelAccess, createdMessage, openSubscriptionModal } from './commands.js';
import {
  B,
  decodeMetadata,
  formFromState,
  initialForm,
  MODAL_CALLBACK_ID,
  parseFormSchedule,
  scheduleBlock,
  scheduleOf,
  subscriptionModal,
  type StateValues,
} from './modal.js';
import { t } from './texts.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** "Assinar" on a report or in the App Home (value: the view id). */
export async function openFromButton(
  deps: BotDeps,
  client: WebClient,
  ctx: ActionContext,
): Promise<void> {
  const viewId = viewIdFrom(ctx.value);
  if (viewId === null) return;
  const viewer = await requireViewer(deps, client, ctx.userId, ctx.reply);
  if (!viewer) return;
  const view = await getView(deps.db, viewer, viewId);
  await openSubscriptionModal(deps, client, {
    triggerId: ctx.triggerId,
    viewer,
    view,
    channelId: ctx.fromHome ? null : (ctx.channelId ?? null),
  });
}

export async function redrawModal(deps: BotDeps, args: ActionArgs): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const d = scoped(deps, args.context);
  const view = body.view;
  if (!view || view.callback_id !== MODAL_CALLBACK_ID) return;
  const meta = decodeMetadata(view.private_metadata);
  if (!meta) return;
  const viewer = await resolveSlackViewer(d, client, body.user.id);
  if (!viewer) return;
  const saved = await getView(d.db, viewer, meta.viewId).catch(() => null);
  if (!saved) return;
  const form = formFromState(
    view.state.values as unknown as StateValues,
    initialForm(viewer, meta.channelId),
  );
  const modal = subscriptionModal({ viewer, view: saved, form, meta, now: d.now() });
  assertValidModal(modal);
  try {
    await client.views.update({ view_id: view.id, hash: view.hash, view: modal });
  } catch (e) {
    // A newer redraw won the race: that one is what the user sees.
    if (slackErrorCode(e) !== 'hash_conflict') throw e;
  }
}

export async function submitModal(deps: BotDeps, args: SubmitArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const d = scoped(deps, args.context);
  const userId = body.user.id;
  const viewer = await resolveSlackViewer(d, client, userId);
  if (!viewer) {
    await ack();
    await postToDm(client, userId, NOT_LINKED_TEXT).catch(() => {});
    return;
  }
  const meta = decodeMetadata(view.private_metadata);
  if (!meta) {
    d.logger.warn('subscription modal submitted with unreadable private_metadata');
    await ack();
    await postToDm(client, userId, texts.generic.unexpected).catch(() => {});
    return;
  }
  const form = formFromState(
    view.state.values as unknown as StateValues,
    initialForm(viewer, meta.channelId),
  );
  // Slack takes `errors` only on input blocks the submitted view has: an error about a block
  // not shown (values from before a redraw) goes beside the frequency.
  const inputs = new Set(
    view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])),
  );
  const onShown = (block: string) => (inputs.has(block) ? block : B.freq);
  const errors: Record<string, string> = {};
  if (form.destination === 'channel' && !form.channelId)
    errors[onShown(B.channel)] = t.modal.chooseChannel;
  const schedule = parseFormSchedule(form);
  if ('error' in schedule) errors[onShown(scheduleBlock(form))] = schedule.error;
  if (Object.keys(errors).length) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  let sub;
  try {
    sub = await createSubscription(d.db, {
      owner: viewer,
      input: {
        viewId: meta.viewId,
        destination: form.destination,
        channelId: form.destination === 'channel' ? form.channelId : null,
        schedule: scheduleOf(form),
        format: form.format,
        skipEmpty: form.skipEmpty,
        onlyIfChanged: form.onlyIfChanged,
        waitForImport: form.waitForImport,
      },
      now: d.now(),
    });
  } catch (e) {
    const field = errorField(e);
    const block =
      field === 'destination'
        ? B.dest
        : field === 'channel'
          ? B.channel
          : field === 'format'
            ? B.format
            : field === 'schedule'
              ? scheduleBlock(form)
              : null;
    // Anything else: `submissionHandler` acks and explains by DM.
    if (!block || !isCarteiraError(e)) throw e;
    await ack({
      response_action: 'errors',
      errors: { [onShown(block)]: e.message.slice(0, 300) },
    });
    return;
  }
  await ack();
  const note =
    sub.destination === 'channel' && sub.channelId
      ? await checkChannelAccess(d, client, sub.channelId)
      : null;
  await confirmToUser(
    client,
    d.logger,
    userId,
    meta.channelId,
    createdMessage(sub, d.now(), note),
  ).catch((err: unknown) => d.logger.error({ err }, 'could not confirm a new subscription'));
}
