/**
 * What every button handler reads from a `block_actions` payload: who clicked, where
 * (channel of the message, or none for the App Home and modals), the button's value
 * (only ever a view id) and how to answer privately.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { BotDeps } from '../deps.js';
import { userText } from '../errors.js';
import { postToDm, replyFor, type Reply } from '../reply.js';
import { scoped } from '../server/request-context.js';
import { messageModal } from '../modals/builder-view.js';
import { texts } from '../texts.js';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface ActionContext {
  deps: BotDeps;
  userId: string;
  channelId: string | undefined;
  triggerId: string;
  value: string | undefined;
  /** Opened from the App Home (no channel, no response_url). */
  fromHome: boolean;
  reply: Reply & { replace: Reply };
}

export function actionContext(deps: BotDeps, args: ActionArgs): ActionContext {
  const { body, action, client } = args;
  const responseUrl = (body as { response_url?: unknown }).response_url;
  const value = 'value' in action && typeof action.value === 'string' ? action.value : undefined;
  return {
    deps: scoped(deps, args.context),
    userId: body.user.id,
    channelId: body.channel?.id ?? body.container?.channel_id,
    triggerId: body.trigger_id,
    value,
    fromHome: body.view?.type === 'home',
    reply: replyFor({
      responseUrl: typeof responseUrl === 'string' && responseUrl ? responseUrl : undefined,
      client,
      userId: body.user.id,
    }),
  };
}

/** Acks at once, then runs `work`; any failure becomes a Portuguese reply. */
export function buttonHandler(
  deps: BotDeps,
  work: (ctx: ActionContext, args: ActionArgs) => Promise<void>,
) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const ctx = actionContext(deps, args);
    try {
      await work(ctx, args);
    } catch (e) {
      await ctx.reply(userText(e, ctx.deps.logger)).catch((err: unknown) => {
        ctx.deps.logger.error({ err }, 'could not tell the user about a failure');
      });
    }
  };
}

/**
 * Slack drops a view_submission not acked within 3 seconds (the user sees an error and the
 * modal stays). A handler that has not acked after this long gets a "Salvando…" modal acked
 * for it; its own ack then arrives through views.update (see `lateAck`).
 */
export const SUBMIT_ACK_BUDGET_MS = 2_000;

type SubmitAck = Parameters<SubmitArgs['ack']>[0];

/** What a handler's ack becomes once the "Salvando…" modal was acked in its place. */
function lateView(response: SubmitAck): ReturnType<typeof messageModal> {
  const r = (response ?? {}) as { response_action?: string; view?: unknown; errors?: unknown };
  if ((r.response_action === 'update' || r.response_action === 'push') && r.view)
    return r.view as ReturnType<typeof messageModal>;
  if (r.response_action === 'errors' && r.errors && typeof r.errors === 'object') {
    const problems = Object.values(r.errors as Record<string, string>).join(' ');
    return messageModal(texts.generic.lateErrorsTitle, texts.generic.lateErrors(problems));
  }
  return messageModal(texts.generic.lateDoneTitle, texts.generic.lateDone);
}

/**
 * Runs a modal submit handler within Slack's ack budget. Validation that reads the database
 * (and users.info) stays before the handler's ack, so errors show beside their inputs when
 * it is quick; when it is not, the modal is acked with "Salvando…" after
 * `SUBMIT_ACK_BUDGET_MS` and the handler's answer replaces it by views.update. If the handler
 * throws, it acks (when it had not yet, so Slack does not show its own English error) and
 * tells the user by DM in Portuguese.
 */
export function submissionHandler(
  deps: BotDeps,
  work: (deps: BotDeps, args: SubmitArgs) => Promise<void>,
  budgetMs = SUBMIT_ACK_BUDGET_MS,
) {
  return async (args: SubmitArgs): Promise<void> => {
    const logger = scoped(deps, args.context).logger;
    // An object, so the narrowing TypeScript applies to a local does not hide the timer's change.
    const at: { state: 'waiting' | 'acked' | 'late' } = { state: 'waiting' };
    let early: Promise<void> = Promise.resolve();
    const timer = setTimeout(() => {
      if (at.state !== 'waiting') return;
      at.state = 'late';
      logger.warn({ budgetMs }, 'modal submission slower than the ack budget; acked "Salvando…"');
      early = args
        .ack({
          response_action: 'update',
          view: messageModal(texts.generic.savingTitle, texts.generic.savingBody),
        })
        .catch((err: unknown) => logger.error({ err }, 'could not ack a slow modal submission'));
    }, budgetMs);
    const ack: SubmitArgs['ack'] = async (response) => {
      if (at.state === 'waiting') {
        at.state = 'acked';
        clearTimeout(timer);
        return args.ack(response);
      }
      if (at.state === 'late') {
        await early;
        await args.client.views.update({ view_id: args.body.view.id, view: lateView(response) });
      }
    };
    try {
      await work(deps, { ...args, ack });
    } catch (e) {
      const text = userText(e, logger);
      if (at.state === 'late') {
        await early;
        await args.client.views
          .update({
            view_id: args.body.view.id,
            view: messageModal(texts.generic.lateErrorsTitle, text),
          })
          .catch((err: unknown) => logger.error({ err }, 'could not update a slow modal'));
      }
      if (at.state === 'waiting') {
        await ack().catch((err: unknown) => {
          logger.error({ err }, 'could not ack a failed modal submission');
        });
      }
      await postToDm(args.client, args.body.user.id, text).catch((err: unknown) => {
        logger.error({ err }, 'could not tell the user about a failure');
      });
    } finally {
      clearTimeout(timer);
      await early;
    }
  };
}
