import type { Viewer } from '../../core/portfolio/viewer.js';
import { listSubscriptions } from '../../core/subscriptions/list-subscriptions.js';
import type { Block } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { subscriptionListBlocks } from './blocks.js';

/** Blocks the App Home gives this section at most (the views need the rest). */
export const HOME_SECTION_MAX_BLOCKS = 30;

/** "Minhas assinaturas" in the App Home: the viewer's own, with their buttons. */
export async function subscriptionsHomeSection(deps: BotDeps, viewer: Viewer): Promise<Block[]> {
  const subs = await listSubscriptions(deps.db, viewer, { scope: 'mine' });
  return subscriptionListBlocks(subs, viewer, deps.now(), { maxBlocks: HOME_SECTION_MAX_BLOCKS });
}
