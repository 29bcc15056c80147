/**
 * `/carteira …`: acks at once (Slack allows 3 s and a modal's trigger id lives 3 s), then
 * routes the subcommand. Every failure ends as a private Portuguese answer.
 */
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { BotDeps, CommandInvocation } from '../deps.js';
import { userText } from '../errors.js';
import { replyFor } from '../reply.js';
import { requireViewer } from '../require-viewer.js';
import { scoped } from '../server/request-context.js';
import { projectCommand } from '../projects/index.js';
import { handleSubscribeCommand, handleSubscriptionsCommand } from '../subscriptions/index.js';
import { deleteViewCommand } from './delete-view.js';
import { editViewCommand, newViewCommand } from './edit-view.js';
import { helpCommand } from './help.js';
import { linkUserCommand } from './link-user.js';
import { listViewsCommand } from './list-views.js';
import { parseCommand, type Subcommand } from './parse.js';
import { runViewCommand } from './run-view.js';
import { whoamiCommand } from './whoami.js';
import { goalsCommand } from './goals.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Handler = (deps: BotDeps, inv: CommandInvocation) => Promise<void>;

/** Hands a subscription subcommand to the subscriptions module, with the caller's viewer. */
function withViewer(
  fn: (
    deps: BotDeps,
    inv: CommandInvocation,
    viewer: NonNullable<Awaited<ReturnType<typeof requireViewer>>>,
  ) => Promise<void>,
): Handler {
  return async (deps, inv) => {
    const viewer = await requireViewer(deps, inv.client, inv.userId, replyFor(inv));
    if (viewer) await fn(deps, inv, viewer);
  };
}

const HANDLERS: Record<Exclude<Subcommand, 'help'>, Handler> = {
  list: listViewsCommand,
  run: runViewCommand,
  new: newViewCommand,
  edit: editViewCommand,
  delete: deleteViewCommand,
  link: linkUserCommand,
  whoami: whoamiCommand,
  goals: withViewer(goalsCommand),
  subscribe: withViewer(handleSubscribeCommand),
  subscriptions: withViewer(handleSubscriptionsCommand),
  project: projectCommand,
};

export async function carteiraCommand(deps: BotDeps, args: CommandArgs): Promise<void> {
  await args.ack();
  const d = scoped(deps, args.context);
  const { command, client } = args;
  const parsed = parseCommand(command.text ?? '');
  const inv: CommandInvocation = {
    userId: command.user_id,
    teamId: command.team_id,
    channelId: command.channel_id,
    channelName: command.channel_name,
    text: parsed.rest,
    triggerId: command.trigger_id,
    responseUrl: command.response_url,
    client,
  };
  d.logger.debug({ subcommand: parsed.subcommand }, 'command');
  try {
    if (parsed.subcommand === null) await helpCommand(d, inv, parsed.word);
    else if (parsed.subcommand === 'help') await helpCommand(d, inv);
    else await HANDLERS[parsed.subcommand](d, inv);
  } catch (e) {
    await replyFor(inv)(userText(e, d.logger)).catch((err: unknown) => {
      d.logger.error({ err }, 'could not answer a command');
    });
  }
}

/** `/carteira` (and `/carteira-<anything>` for a second app in a test workspace). */
export function registerCommands(app: App, deps: BotDeps): void {
  app.command(/^\/carteira(-[a-z0-9_-]+)?$/, (args) => carteiraCommand(deps, args));
}
