import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../core/portfolio/viewer.js';
import type { BotDeps } from './deps.js';
import { NOT_LINKED_TEXT, resolveSlackViewer } from './identity.js';
import type { Reply } from './reply.js';

/**
 * The salesperson behind a Slack user, or null after telling the user how to get linked.
 * Every path that shows data goes through here, so an unlinked user never sees any.
 */
export async function requireViewer(
  deps: BotDeps,
  client: WebClient,
  userId: string,
  reply: Reply,
): Promise<Viewer | null> {
  const viewer = await resolveSlackViewer(deps, client, userId);
  if (!viewer) await reply(NOT_LINKED_TEXT);
  return viewer;
}
