import type { WebClient } from '@slack/web-api';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { assertValidModal } from '../../core/render/slack-limits.js';
import { type SavedView } from '../../core/views/views.js';
import type { BotDeps } from '../deps.js';
import { texts } from '../texts.js';
import { loadCatalog, type BuilderCatalog } from './builder-catalog.js';
import { emptyForm, formFromView, NAME_MAX, type BuilderForm } from './builder-form.js';
import type { BuilderMetadata } from './builder-metadata.js';
import { builderModal, messageModal, type BuilderViewOptions } from './builder-view.js';
import { canEditView } from '../../core/access.js';
import { goalsSpecOf } from '../../core/portfolio/definition.js';

/** "Nome (cópia)", cutting the name so the whole stays within 80 characters. */
export function copyName(name: string): string {
  const suffix = texts.builder.copyName('');
  return texts.builder.copyName(name.slice(0, NAME_MAX - suffix.length).trim());
}

/** What the builder needs to draw `view` (or a new view) for `viewer`. */
export function builderOptions(
  viewer: Viewer,
  catalog: BuilderCatalog,
  view: SavedView | null,
  channelId: string | null,
  form?: BuilderForm,
): BuilderViewOptions {
  if (!view) {
    return {
      form: form ?? emptyForm(),
      catalog,
      metadata: { mode: 'new', viewId: null, channelId },
    };
  }
  const canUpdate = canEditView(viewer, view);
  const metadata: BuilderMetadata = { mode: 'edit', viewId: view.id, channelId };
  return {
    form: form ?? formFromView(view, catalog, canUpdate ? undefined : copyName(view.name)),
    catalog,
    metadata,
    editing: { name: view.name, ownerName: view.ownerName, canUpdate },
  };
}

/**
 * Opens the builder with the interaction's trigger id (valid for 3 s, so this runs right
 * after `ack()`): empty for a new view, prefilled for `view`.
 */
export async function openBuilder(
  deps: BotDeps,
  client: WebClient,
  opts: {
    viewer: Viewer;
    triggerId: string;
    view: SavedView | null;
    channelId: string | null;
  },
): Promise<void> {
  // The trigger id dies 3 s after the click: open a "carregando" modal at once, then load
  // the catalog (three queries) and put the builder in its place with views.update.
  // A stale trigger id fails here; `userText` turns that into texts.builder.triggerExpired.
  if (opts.view && goalsSpecOf(opts.view.definition)) {
    await client.views.open({
      trigger_id: opts.triggerId,
      view: messageModal(texts.builder.titleEdit, texts.builder.goalsViewFixed(opts.view.name)),
    });
    return;
  }
  const loading = messageModal(
    opts.view ? texts.builder.titleEdit : texts.builder.titleNew,
    texts.builder.loading,
  );
  const opened = await client.views.open({ trigger_id: opts.triggerId, view: loading });
  const catalog = await loadCatalog(deps.db, opts.viewer);
  const modal = builderModal(builderOptions(opts.viewer, catalog, opts.view, opts.channelId));
  assertValidModal(modal);
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  await client.views.update({ view_id: viewId, hash: opened.view?.hash, view: modal });
}
