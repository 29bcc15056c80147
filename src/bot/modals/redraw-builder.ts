/**
 * Redraws the builder when a mode changes ("Personalizado", "Datas fixas", "Escolher
 * pessoas"), keeping everything the user already filled in.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { assertValidModal } from '../../core/render/slack-limits.js';
import { getView, type SavedView } from '../../core/views/views.js';
import type { BotDeps } from '../deps.js';
import { slackErrorCode } from '../errors.js';
import { resolveSlackViewer } from '../identity.js';
import { scoped } from '../server/request-context.js';
import { loadCatalog } from './builder-catalog.js';
import { emptyForm, formFromState, formFromView } from './builder-form.js';
import { BUILDER_CALLBACK_ID, decodeMetadata } from './builder-metadata.js';
import { builderModal } from './builder-view.js';
import { builderOptions, copyName } from './open-builder.js';
import { canEditView } from '../../core/access.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export async function redrawBuilder(deps: BotDeps, args: ActionArgs): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const d = scoped(deps, args.context);
  const view = body.view;
  if (!view || view.callback_id !== BUILDER_CALLBACK_ID) return;
  const meta = decodeMetadata(view.private_metadata);
  if (!meta) return;
  const viewer = await resolveSlackViewer(d, client, body.user.id);
  if (!viewer) return;
  const catalog = await loadCatalog(d.db, viewer);
  let original: SavedView | null = null;
  if (meta.mode === 'edit' && meta.viewId !== null) {
    original = await getView(d.db, viewer, meta.viewId).catch(() => null);
  }
  // Inputs hidden until now start from the view's own values (or the defaults).
  const base = original
    ? formFromView(
        original,
        catalog,
        canEditView(viewer, original) ? undefined : copyName(original.name),
      )
    : emptyForm();
  const form = formFromState(view.state.values, base);
  const modal = builderModal(builderOptions(viewer, catalog, original, meta.channelId, form));
  assertValidModal(modal);
  try {
    await client.views.update({ view_id: view.id, hash: view.hash, view: modal });
  } catch (e) {
    // A newer redraw won the race (hash_conflict): that one is what the user sees.
    if (slackErrorCode(e) !== 'hash_conflict') throw e;
  }
}
