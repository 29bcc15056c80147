/**
 * A saved view run for one user, as the Slack message the bot sends: the user's rights,
 * the report date today in their store's timezone, the first rows and the buttons.
 */
import { todayIn } from '../../core/portfolio/periods.js';
import { runReport } from '../../core/portfolio/query.js';
import { freshnessOptions } from '../../core/import/runs.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { assertValidMessage } from '../../core/render/slack-limits.js';
import {
  DEFAULT_SLACK_ROWS,
  renderSlackReport,
  type ReportButton,
  type TableStyle,
} from '../../core/render/slack-report.js';

const WITH_CHART: ReportButton[] = ['pdf', 'csv', 'xlsx', 'chart', 'edit', 'subscribe'];
/** A goals view ("Metas do mês") is fixed and has no chart nor project rows. */
const GOALS_VIEW: ReportButton[] = ['pdf', 'csv', 'xlsx', 'subscribe'];
import { detailsMenuBlock } from '../../core/render/project-card.js';
import type { SavedView } from '../../core/views/views.js';
import { goalsSpecOf } from '../../core/portfolio/definition.js';
import type { BotDeps } from '../deps.js';
import { fromReport, type ReportReply } from '../reply.js';

/** The report request for `view` as `viewer` sees it today. */
export function reportRequest(deps: BotDeps, viewer: Viewer, view: SavedView) {
  const now = deps.now();
  return {
    definition: view.definition,
    viewer,
    asOf: todayIn(viewer.timezone, now),
    view: { id: String(view.id), name: view.name, description: view.description },
    now,
    freshness: freshnessOptions(deps.config),
  };
}

export async function reportMessage(
  deps: BotDeps,
  viewer: Viewer,
  view: SavedView,
): Promise<ReportReply> {
  const result = await runReport(deps.db, {
    ...reportRequest(deps, viewer, view),
    limit: DEFAULT_SLACK_ROWS,
  });
  // "Gráfico" joins the buttons when the view has a chart. Rendered per table style: the
  // reply steps down data_table → table → text where Slack refuses one
  // (see core/render/table-fallback.ts). "Detalhes" (the project card) goes under it.
  const goalsView = goalsSpecOf(view.definition) !== null;
  const buttons = goalsView ? GOALS_VIEW : view.definition.chart ? WITH_CHART : undefined;
  const details = goalsView
    ? null
    : detailsMenuBlock(
        result.rows.map((r) => r.project),
        { total: result.totals.count },
      );
  const render = (tableStyle: TableStyle) => {
    let message = renderSlackReport(result, {
      actions: { viewId: String(view.id), buttons },
      tableStyle,
    });
    if (details) message = { ...message, blocks: [...message.blocks, details] };
    assertValidMessage(message);
    return fromReport(message);
  };
  return { report: true, render };
}
