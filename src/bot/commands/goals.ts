/**
 * `/carteira metas [AAAA-MM]`: how far the month's goals are, privately, with the viewer's
 * rights (a vendedor: their own; a gerente: the store and its people; an admin: all).
 */
import { MEASURE_LABELS, monthStart } from '../../core/goals/goals.js';
import { goalProgress, type GoalProgress } from '../../core/goals/progress.js';
import { isCarteiraError } from '../../core/errors.js';
import { todayIn } from '../../core/portfolio/periods.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { formatGoalFigure, formatGoalRatio } from '../../core/goals/format.js';
import { formatDate } from '../../core/render/format.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';
import { contextLine, esc, header, section, type Block } from '../blocks/elements.js';
import type { BotDeps, CommandInvocation } from '../deps.js';
import { goalsActions } from '../goals/goals-modal.js';
import { canSetGoals } from '../../core/access.js';
import { goalMonthLabel } from '../../core/goals/history.js';
import { DateTime } from 'luxon';
import { replyFor } from '../reply.js';
import { texts } from '../texts.js';

const t = texts.goals;

const figure = (g: GoalProgress, n: number | null) => formatGoalFigure(g.measure, n);

function whose(g: GoalProgress): string {
  if (g.scope === 'salesperson') return esc(g.salespersonName ?? g.salesperson ?? '');
  if (g.scope === 'store') return t.store(esc(g.storeName ?? ''));
  return t.company;
}

function goalLine(g: GoalProgress): string {
  const pct = formatGoalRatio(g.ratio);
  const pace =
    g.dailyPaceNeeded === null
      ? ''
      : ` · ${t.pace(formatGoalFigure(g.measure, g.dailyPaceNeeded, { pace: true }), g.businessDaysLeft)}`;
  const projection = g.projection === null ? '' : ` · ${t.projection(figure(g, g.projection))}`;
  return (
    `*${whose(g)}* — ${MEASURE_LABELS[g.measure]}: ${figure(g, g.achieved)} de ` +
    `${figure(g, g.target)} (*${pct}*) · ${t.remaining(figure(g, g.remaining))}${pace}${projection}`
  );
}

/**
 * The title's "até" day: the report date, clamped to the month (a past month is shown up to
 * its last day, closed; a month not begun yet has no day counted).
 */
function countedUntil(month: string, asOf: string): { until: string | null; closed: boolean } {
  const first = `${month}-01`;
  const last = DateTime.fromISO(first, { zone: 'UTC' }).endOf('month').toISODate()!;
  if (asOf < first) return { until: null, closed: false };
  if (asOf > last) return { until: last, closed: true };
  return { until: asOf, closed: false };
}

export function goalsBlocks(
  report: { month: string; asOf: string; goals: GoalProgress[] },
  viewer?: Viewer,
): {
  text: string;
  blocks: Block[];
} {
  const month = goalMonthLabel(report.month);
  const { until, closed } = countedUntil(report.month, report.asOf);
  const title = t.title(month, until === null ? null : formatDate(until), closed);
  const actions = viewer ? goalsActions(viewer, report.month, report.goals.length > 0) : null;
  if (report.goals.length === 0) {
    const none = t.none(month, viewer ? canSetGoals(viewer) : false);
    return { text: none, blocks: [section(none), ...(actions ? [actions] : [])] };
  }
  const blocks: Block[] = [header(title)];
  // One section per goal, within Slack's 50 blocks a message.
  const room = SLACK_LIMITS.messageBlocks - 3;
  for (const g of report.goals.slice(0, room)) blocks.push(section(goalLine(g)));
  if (report.goals.length > room) blocks.push(contextLine(t.more(report.goals.length - room)));
  else blocks.push(contextLine(t.footer));
  if (actions) blocks.push(actions);
  return { text: title, blocks };
}

export async function goalsCommand(
  deps: BotDeps,
  inv: CommandInvocation,
  viewer: Viewer,
): Promise<void> {
  const reply = replyFor(inv);
  const arg = inv.text.trim();
  const asOf = todayIn(viewer.timezone, deps.now());
  let month = asOf.slice(0, 7);
  if (arg) {
    try {
      monthStart(arg);
      month = arg;
    } catch (e) {
      if (!isCarteiraError(e)) throw e;
      await reply(t.badMonth(esc(arg)));
      return;
    }
  }
  const report = await goalProgress(deps.db, { viewer, asOf, month });
  await reply(goalsBlocks(report, viewer));
}
