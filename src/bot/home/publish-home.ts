import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { assertValidModal, validateModal } from '../../core/render/slack-limits.js';
import { listViews } from '../../core/views/views.js';
import type { Block } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { resolveSlackViewer } from '../identity.js';
import { subscriptionsHomeSection } from '../subscriptions/home.js';
import { homeView, notLinkedHome } from './home-view.js';
import { canSeeImports } from '../../core/access.js';
import { dataFreshness, freshnessOptions, latestImport } from '../../core/import/runs.js';
import { texts } from '../texts.js';
import { pinnedChartBlocks } from './pinned-chart.js';

/**
 * "Minhas assinaturas", from the subscriptions module. A failure there never hides the
 * views: the section is left out and the error logged.
 */
async function subscriptionBlocks(deps: BotDeps, viewer: Viewer): Promise<Block[] | null> {
  try {
    const blocks = await subscriptionsHomeSection(deps, viewer);
    // Only blocks that pass Slack's limits on their own make it to the Home tab.
    const problems = validateModal({ type: 'home', blocks });
    if (problems.length === 0) return blocks;
    deps.logger.error(
      { problems: problems.slice(0, 5) },
      'subscriptions home section left out: over Slack limits',
    );
    return null;
  } catch (e) {
    deps.logger.error({ err: e }, 'subscriptions home section failed');
    return null;
  }
}

/** Admins see when the ERP was last imported and how it went; a failure leaves it out. */
async function importLine(deps: BotDeps, viewer: Viewer): Promise<string | null> {
  if (!canSeeImports(viewer)) return null;
  try {
    const opts = freshnessOptions(deps.config);
    const now = deps.now();
    const [last, fresh] = await Promise.all([
      latestImport(deps.db),
      dataFreshness(deps.db, now, opts),
    ]);
    return texts.home.importStatus(last, fresh, opts.timezone);
  } catch (e) {
    deps.logger.error({ err: e }, 'import status left out of App Home');
    return null;
  }
}

/**
 * Publishes the user's App Home (their views, or how to get linked). Callers that already
 * know the viewer pass it, sparing a second lookup.
 */
export async function publishHome(
  deps: BotDeps,
  client: WebClient,
  userId: string,
  known?: Viewer,
): Promise<void> {
  const viewer = known ?? (await resolveSlackViewer(deps, client, userId));
  if (!viewer) {
    await client.views.publish({ user_id: userId, view: notLinkedHome() });
    return;
  }
  const [views, subs] = await Promise.all([
    listViews(deps.db, viewer),
    subscriptionBlocks(deps, viewer),
  ]);
  const pinned = await pinnedChartBlocks(deps, viewer, views);
  const view = homeView(viewer, views, subs, pinned, await importLine(deps, viewer));
  assertValidModal(view);
  await client.views.publish({ user_id: userId, view });
}
