/** The App Home's "Visão fixada" menu: pins (or unpins) the chosen view and republishes. */
import { pinView } from '../../core/views/pinned-view.js';
import type { ActionArgs, ActionContext } from '../actions/action-context.js';
import { viewIdFrom } from '../blocks/elements.js';
import { requireViewer } from '../require-viewer.js';
import { NO_PIN } from './pinned-chart.js';
import { publishHome } from './publish-home.js';

export async function pinSelected(ctx: ActionContext, args: ActionArgs): Promise<void> {
  const action = args.action as { selected_option?: { value?: unknown } };
  const raw = action.selected_option?.value;
  const id = raw === NO_PIN ? null : viewIdFrom(raw);
  if (id === null && raw !== NO_PIN) return; // a forged value changes nothing
  const viewer = await requireViewer(ctx.deps, args.client, ctx.userId, ctx.reply);
  if (!viewer) return;
  await pinView(ctx.deps.db, viewer, id);
  await publishHome(ctx.deps, args.client, ctx.userId, viewer);
}
