/**
 * "Histórico" under `/carteira metas`: who changed which of the month's goals, when (in the
 * viewer's timezone), from what to what — only the goals the viewer may see
 * (src/core/goals/history.ts, rights from src/core/access.ts). Answered privately.
 */
import { describeGoalChange, goalMonthLabel, type GoalHistory } from '../../core/goals/history.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';
import { contextLine, esc, header, section, type Block } from '../blocks/elements.js';
import { texts } from '../texts.js';

export const GOALS_HISTORY_ACTION = 'goals_history';

const t = texts.goals;

/** At most this many changes in the message (newest first); the rest are counted. */
const SHOWN = 100;

export function goalHistoryMessage(
  history: GoalHistory,
  viewer: Viewer,
): { text: string; blocks: Block[] } {
  const month = goalMonthLabel(history.month);
  if (history.changes.length === 0) {
    const none = t.historyNone(month);
    return { text: none, blocks: [section(none)] };
  }
  const title = t.historyTitle(month);
  const lines = history.changes
    .slice(0, SHOWN)
    .map(
      (c) => `• ${describeGoalChange(c, viewer.timezone, { escape: esc, owner: (s) => `*${s}*` })}`,
    );
  // Lines packed into sections of at most Slack's 3000 characters, within 50 blocks.
  const room = SLACK_LIMITS.messageBlocks - 3;
  const sections: string[] = [];
  let shown = 0;
  for (const line of lines) {
    const last = sections.length - 1;
    if (last >= 0 && sections[last]!.length + 1 + line.length <= SLACK_LIMITS.sectionText) {
      sections[last] += `\n${line}`;
    } else if (sections.length < room && line.length <= SLACK_LIMITS.sectionText) {
      sections.push(line);
    } else break;
    shown++;
  }
  const blocks: Block[] = [
    header(title),
    contextLine(t.historyTimezone(viewer.timezone)),
    ...sections.map((s) => section(s)),
  ];
  const left = history.changes.length - shown;
  if (left > 0) blocks.push(contextLine(t.historyMore(left, history.month)));
  return { text: title, blocks };
}
