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
  const { body, action, respond, client } = args;
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
      respond: typeof responseUrl === 'string' && responseUrl ? respond : undefined,
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
 * Runs a modal submit handler; if it throws, acks (when it had not yet, so Slack does not
 * show its own English error) and tells the user by DM in Portuguese.
 */
export function submissionHandler(
  deps: BotDeps,
  work: (deps: BotDeps, args: SubmitArgs) => Promise<void>,
) {
  return async (args: SubmitArgs): Promise<void> => {
    let acked = false;
    const ack: SubmitArgs['ack'] = (response) => {
      acked = true;
      return args.ack(response);
    };
    try {
      await work(deps, { ...args, ack });
    } catch (e) {
      const logger = scoped(deps, args.context).logger;
      const text = userText(e, logger);
      if (!acked) {
        await args.ack().catch((err: unknown) => {
          logger.error({ err }, 'could not ack a failed modal submission');
        });
      }
      await postToDm(args.client, args.body.user.id, text).catch((err: unknown) => {
        logger.error({ err }, 'could not tell the user about a failure');
      });
    }
  };
}
