import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { BotDeps } from '../deps.js';
import { scoped } from '../server/request-context.js';
import { publishHome } from './publish-home.js';

type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** `app_home_opened` on the Home tab: publish a fresh Home (the Messages tab needs nothing). */
export async function appHomeOpened(
  deps: BotDeps,
  { event, client, context }: HomeArgs,
): Promise<void> {
  if (event.tab !== 'home') return;
  await publishHome(scoped(deps, context), client, event.user);
}
