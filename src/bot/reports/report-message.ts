/**
 * A saved view run for one user, as the Slack message the bot sends: the user's rights,
 * the report date today in their store's timezone, the first rows and the buttons.
 */
import { todayIn } from '../../core/portfolio/periods.js';
import { runReport } from '../../core/portfolio/query.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { assertValidMessage } from '../../core/render/slack-limits.js';
import { DEFAULT_SLACK_ROWS, renderSlackReport } from '../../core/render/slack-report.js';
import { detailsMenuBlock } from '../../core/render/project-card.js';
import type { SavedView } from '../../core/views/views.js';
import type { BotDeps } from '../deps.js';
import { fromReport, type OutMessage } from '../reply.js';

/** The report request for `view` as `viewer` sees it today. */
export function reportRequest(deps: BotDeps, viewer: Viewer, view: SavedView) {
  const now = deps.now();
  return {
    definition: view.definition,
    viewer,
    asOf: todayIn(viewer.timezone, now),
    view: { id: String(view.id), name: view.name, description: view.description },
    now,
  };
}

export async function reportMessage(
  deps: BotDeps,
  viewer: Viewer,
  view: SavedView,
): Promise<OutMessage> {
  const result = await runReport(deps.db, {
    ...reportRequest(deps, viewer, view),
    limit: DEFAULT_SLACK_ROWS,
  });
  let message = renderSlackReport(result, { actions: { viewId: String(view.id) } });
  const details = detailsMenuBlock(result.rows.map((r) => r.project));
  if (details) message = { ...message, blocks: [...message.blocks, details] };
  assertValidMessage(message);
  return fromReport(message);
}
