/**
 * "Visão fixada" on the App Home: a menu to pin one of your views, and the pinned view's
 * chart — as text bars (the Home tab shows no uploaded image without sharing it somewhere)
 * with "Ver" and "Gráfico" (the PNG, sent to your DM). Run with your rights, today.
 */
import { runChart } from '../../core/portfolio/chart-query.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { chartTextBars } from '../../core/render/chart-format.js';
import { ACTION_IDS } from '../../core/render/slack-report.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';
import { pinnedView } from '../../core/views/pinned-view.js';
import type { SavedView } from '../../core/views/views.js';
import {
  BOT_ACTIONS,
  button,
  contextLine,
  esc,
  option,
  plain,
  section,
  type Block,
} from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { reportRequest } from '../reports/report-message.js';

export const PIN_ACTION = 'home_pin';
export const NO_PIN = 'none';

const T = {
  label: 'Visão fixada no Início',
  placeholder: 'Fixar uma visão',
  none: 'Nenhuma',
  noChart: (name: string) =>
    `A visão fixada “${name}” não tem gráfico: use *Editar* e escolha um na seção “Gráfico”.`,
  failed: 'Não consegui montar o gráfico da visão fixada agora.',
  hint: 'Fixe uma visão para ver o gráfico dela aqui.',
};

function pinMenu(views: SavedView[], pinned: SavedView | null): Block {
  const options = [
    option(T.none, NO_PIN),
    ...views.slice(0, SLACK_LIMITS.selectOptions - 1).map((v) => option(v.name, String(v.id))),
  ];
  const initial = pinned ? options.find((o) => o.value === String(pinned.id)) : options[0];
  return {
    type: 'actions',
    block_id: 'home_pin',
    elements: [
      {
        type: 'static_select',
        action_id: PIN_ACTION,
        placeholder: plain(T.placeholder, SLACK_LIMITS.placeholder),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    ],
  };
}

/** The section's blocks (never throws: a failure leaves only the menu and a line). */
export async function pinnedChartBlocks(
  deps: BotDeps,
  viewer: Viewer,
  views: SavedView[],
): Promise<Block[]> {
  let pinned: SavedView | null = null;
  try {
    pinned = await pinnedView(deps.db, viewer);
  } catch (e) {
    deps.logger.error({ err: e }, 'pinned view lookup failed');
  }
  const blocks: Block[] = [section(`*${T.label}*`), pinMenu(views, pinned)];
  if (!pinned) return [...blocks, contextLine(T.hint)];
  if (!pinned.definition.chart) return [...blocks, contextLine(T.noChart(esc(pinned.name)))];
  try {
    const chart = await runChart(deps.db, reportRequest(deps, viewer, pinned));
    if (!chart) return blocks;
    const bars = chartTextBars(chart).join('\n').replace(/```/g, "'''");
    blocks.push(
      section(`*${esc(chart.title)}*\n${esc(chart.subtitle)}\n\`\`\`${esc(bars)}\`\`\``),
      contextLine(esc(chart.scopeNote)),
      {
        type: 'actions',
        block_id: `home_pin_${pinned.id}`,
        elements: [
          button('Ver', BOT_ACTIONS.run, String(pinned.id), 'primary'),
          button('Gráfico', ACTION_IDS.chart, String(pinned.id)),
        ],
      },
    );
  } catch (e) {
    deps.logger.error({ err: e, viewId: pinned.id }, 'pinned chart failed');
    blocks.push(contextLine(T.failed));
  }
  return blocks;
}
