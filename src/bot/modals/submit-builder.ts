/**
 * The builder's submit: check every field (errors go back into the modal, keyed by block
 * id, and nothing is saved), then create, update or copy the view, close the modal and
 * confirm with a message that has the Ver button.
 */
import { isCarteiraError } from '../../core/errors.js';
import { ACTION_IDS } from '../../core/render/slack-report.js';
import { createView, getView, updateView, type SavedView } from '../../core/views/views.js';
import type { SubmitArgs } from '../actions/action-context.js';
import { BOT_ACTIONS, button, esc, section, type Block } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { resolveSlackViewer } from '../identity.js';
import { publishHome } from '../home/publish-home.js';
import { confirmToUser, type OutMessage } from '../reply.js';
import { scoped } from '../server/request-context.js';
import { NOT_LINKED_TEXT, texts } from '../texts.js';
import { loadCatalog } from './builder-catalog.js';
import {
  B,
  blankForm,
  errorTargets,
  formFromState,
  placeErrors,
  validateForm,
} from './builder-form.js';
import { decodeMetadata } from './builder-metadata.js';
import { messageModal } from './builder-view.js';
import { canEditView } from '../../core/access.js';

type How = 'created' | 'updated' | 'copied';

export function savedMessage(view: SavedView, how: How): OutMessage {
  const line = texts.builder.saved[how](view.name);
  const blocks: Block[] = [
    section(`:white_check_mark: ${esc(line)} ${texts.builder.saved.runHint}`),
    {
      type: 'actions',
      block_id: `saved_${view.id}`,
      elements: [
        button(texts.buttons.run, BOT_ACTIONS.run, String(view.id), 'primary'),
        button(texts.buttons.edit, ACTION_IDS.edit, String(view.id)),
        button(texts.buttons.subscribe, ACTION_IDS.subscribe, String(view.id)),
      ],
    },
  ];
  return { text: line, blocks };
}

export async function submitBuilder(deps: BotDeps, args: SubmitArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const d = scoped(deps, args.context);
  const userId = body.user.id;
  const viewer = await resolveSlackViewer(d, client, userId);
  if (!viewer) {
    await ack({
      response_action: 'update',
      view: messageModal(texts.builder.notLinkedTitle, NOT_LINKED_TEXT),
    });
    return;
  }
  const meta = decodeMetadata(view.private_metadata);
  if (!meta) {
    d.logger.warn('builder submitted with unreadable private_metadata');
    await ack({ response_action: 'errors', errors: { [B.name]: texts.generic.unexpected } });
    return;
  }
  let original: SavedView | null = null;
  if (meta.mode === 'edit' && meta.viewId !== null) {
    try {
      original = await getView(d.db, viewer, meta.viewId);
    } catch (e) {
      // Deleted while the modal was open: save what the user typed as a new view.
      if (isCarteiraError(e) && e.code === 'view_not_found') {
        d.logger.info({ viewId: meta.viewId }, 'edited view is gone; saving as a new view');
      } else if (isCarteiraError(e) && e.code === 'forbidden') {
        await ack({
          response_action: 'errors',
          errors: { [B.name]: texts.builder.errors.viewGone },
        });
        return;
      } else {
        throw e;
      }
    }
  }
  const catalog = await loadCatalog(d.db, viewer);
  const canUpdate = original ? canEditView(viewer, original) : false;
  const checked = validateForm(formFromState(view.state.values, blankForm()), {
    viewer,
    catalog,
    original,
    canUpdate,
  });
  if (!checked.ok) {
    d.logger.info({ fields: Object.keys(checked.errors) }, 'builder submission refused');
    await ack({
      response_action: 'errors',
      errors: placeErrors(checked.errors, errorTargets(view.blocks)),
    });
    return;
  }
  const { saveMode, ...input } = checked.value;
  let saved: SavedView;
  let how: How;
  try {
    if (original && saveMode === 'update') {
      saved = await updateView(d.db, viewer, original.id, input);
      how = 'updated';
    } else {
      saved = await createView(d.db, viewer, input);
      how = original && !canUpdate ? 'copied' : 'created';
    }
  } catch (e) {
    if (!isCarteiraError(e)) throw e;
    // Duplicate name, a name or description over the limit, a definition core refuses.
    const block = e.code === 'invalid_input' && /descri/i.test(e.message) ? B.description : B.name;
    await ack({ response_action: 'errors', errors: { [block]: e.message } });
    return;
  }
  await ack();
  d.logger.info({ viewId: saved.id, how }, 'view saved from the builder');
  await confirmToUser(client, d.logger, userId, meta.channelId, savedMessage(saved, how));
  if (!meta.channelId) await publishHome(d, client, userId, viewer);
}
