/**
 * The project card in Slack: `/carteira projeto <código>` (and "Detalhes" on a report) opens
 * a "Carregando…" modal at once, then shows the card in it (src/core/projects/card.ts, rights
 * from access.ts); its "Registrar contato" button pushes
 * a form (date, channel, note, "Lembrar em N dias") whose errors answer in the modal, and
 * whose success shows the card again, refreshed.
 */
import type { App, BlockAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isCarteiraError } from '../../core/errors.js';
import { getProjectCard, type ProjectCard } from '../../core/projects/card.js';
import { CONTACT_CHANNELS, logContact, MAX_CONTACT_NOTE } from '../../core/projects/contacts.js';
import { formatDateBr } from '../../core/portfolio/periods.js';
import {
  CARD_ACTION_IDS,
  CONTACT_CHANNEL_LABELS,
  detailsOption,
  renderCardBlocks,
} from '../../core/render/project-card.js';
import { loadViewer, type Viewer } from '../../core/portfolio/viewer.js';
import { searchProjects } from '../../core/projects/search.js';
import { buttonHandler, submissionHandler } from '../actions/action-context.js';
import type { BotDeps, CommandInvocation } from '../deps.js';
import { userText } from '../errors.js';
import { NOT_LINKED_TEXT, resolveSlackViewer } from '../identity.js';
import { messageModal } from '../modals/builder-view.js';
import { replyFor } from '../reply.js';
import { requireViewer } from '../require-viewer.js';

export const CONTACT_CALLBACK_ID = 'project_contact';
const B = {
  date: 'contact_date',
  channel: 'contact_channel',
  note: 'contact_note',
  remind: 'contact_remind',
} as const;
const REMIND_CHOICES = [1, 2, 3, 5, 7, 14, 30];

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function cardModal(card: ProjectCard, notice?: string) {
  const blocks: unknown[] = renderCardBlocks(card, { canLogContact: true });
  if (notice) blocks.unshift({ type: 'context', elements: [{ type: 'mrkdwn', text: notice }] });
  return {
    type: 'modal' as const,
    title: plain(`Projeto ${card.code}`.slice(0, 24)),
    close: plain('Fechar'),
    blocks: blocks as never[],
  };
}

function contactModal(card: ProjectCard) {
  const option = (value: string, text: string) => ({ text: plain(text), value });
  return {
    type: 'modal' as const,
    callback_id: CONTACT_CALLBACK_ID,
    private_metadata: card.code,
    title: plain('Registrar contato'),
    submit: plain('Registrar'),
    close: plain('Voltar'),
    blocks: [
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `*${card.code}* — ${card.client.name}` }],
      },
      {
        type: 'input',
        block_id: B.date,
        label: plain('Data do contato'),
        element: { type: 'datepicker', action_id: B.date, initial_date: card.asOf },
      },
      {
        type: 'input',
        block_id: B.channel,
        label: plain('Canal'),
        element: {
          type: 'static_select',
          action_id: B.channel,
          placeholder: plain('Como falou com o cliente'),
          options: CONTACT_CHANNELS.map((c) => option(c, CONTACT_CHANNEL_LABELS[c] ?? c)),
        },
      },
      {
        type: 'input',
        block_id: B.note,
        optional: true,
        label: plain('Anotação'),
        element: {
          type: 'plain_text_input',
          action_id: B.note,
          multiline: true,
          max_length: MAX_CONTACT_NOTE,
          placeholder: plain('O que foi combinado'),
        },
      },
      {
        type: 'input',
        block_id: B.remind,
        optional: true,
        label: plain('Lembrar em'),
        hint: plain('Você recebe uma mensagem no privado às 9h do dia escolhido.'),
        element: {
          type: 'static_select',
          action_id: B.remind,
          placeholder: plain('Sem lembrete'),
          options: REMIND_CHOICES.map((n) => option(String(n), `${n} ${n === 1 ? 'dia' : 'dias'}`)),
        },
      },
    ] as never[],
  };
}

const CARD_TITLE = 'Projeto';
export const CARD_LOADING_TEXT = ':hourglass_flowing_sand: Carregando o projeto…';

/**
 * Opens the card of `code` for the user behind `triggerId`. The trigger id dies 3 s after the
 * click, so a "Carregando…" modal is opened first, before any database query (the viewer, the
 * card); the card — or the Portuguese refusal, or how to get linked — then replaces it with
 * views.update. No data is shown to anyone the card refuses.
 */
async function openCard(
  deps: BotDeps,
  client: WebClient,
  opts: { triggerId: string; userId: string; code: string },
): Promise<void> {
  const opened = await client.views.open({
    trigger_id: opts.triggerId,
    view: messageModal(CARD_TITLE, CARD_LOADING_TEXT),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  let view;
  try {
    const viewer = await resolveSlackViewer(deps, client, opts.userId);
    view = viewer
      ? cardModal(await getProjectCard(deps.db, viewer, opts.code, { now: deps.now() }))
      : messageModal(CARD_TITLE, NOT_LINKED_TEXT);
  } catch (e) {
    view = messageModal(CARD_TITLE, userText(e, deps.logger));
  }
  await client.views.update({ view_id: viewId, hash: opened.view?.hash, view });
}

/** `/carteira projeto <código>`. */
export async function projectCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  await openCard(deps, inv.client, {
    triggerId: inv.triggerId,
    userId: inv.userId,
    code: inv.text,
  });
}

async function viewerOf(deps: BotDeps, client: WebClient, userId: string): Promise<Viewer | null> {
  return requireViewer(deps, client, userId, replyFor({ client, userId }));
}

type Values = Record<
  string,
  Record<
    string,
    {
      selected_date?: string | null;
      selected_option?: { value: string } | null;
      value?: string | null;
    }
  >
>;

export function registerProjectListeners(app: App, deps: BotDeps): void {
  // "Detalhes" as an external_select (reports of more than 100 rows): the viewer's projects
  // matching what they typed, at most 100 options (Slack's limit).
  app.options<'block_suggestion'>(CARD_ACTION_IDS.details, async ({ body, ack }) => {
    try {
      const viewer = await loadViewer(deps.db, { slackUserId: body.user.id }).catch(() => null);
      const found = viewer ? await searchProjects(deps.db, viewer, body.value ?? '') : [];
      await ack({ options: found.map(detailsOption) });
    } catch (e) {
      deps.logger.error({ err: e }, 'project options failed');
      await ack({ options: [] });
    }
  });
  // "Detalhes" on a report: the chosen project's card.
  app.action<BlockAction>(
    CARD_ACTION_IDS.details,
    buttonHandler(deps, async (ctx, args) => {
      const action = args.action as { selected_option?: { value?: string } };
      const code = action.selected_option?.value;
      if (!code) return;
      await openCard(ctx.deps, args.client, { triggerId: ctx.triggerId, userId: ctx.userId, code });
    }),
  );
  app.action<BlockAction>(
    CARD_ACTION_IDS.logContact,
    buttonHandler(deps, async (ctx, args) => {
      if (!ctx.value) return;
      // As openCard: the form is pushed as "Carregando…" first (the trigger id lives 3 s).
      const pushed = await args.client.views.push({
        trigger_id: ctx.triggerId,
        view: messageModal('Registrar contato', CARD_LOADING_TEXT),
      });
      const viewId = pushed.view?.id;
      if (!viewId) throw new Error('views.push returned no view id');
      let view;
      try {
        const viewer = await resolveSlackViewer(ctx.deps, args.client, ctx.userId);
        view = viewer
          ? contactModal(
              await getProjectCard(ctx.deps.db, viewer, ctx.value, { now: ctx.deps.now() }),
            )
          : messageModal('Registrar contato', NOT_LINKED_TEXT);
      } catch (e) {
        view = messageModal('Registrar contato', userText(e, ctx.deps.logger));
      }
      await args.client.views.update({ view_id: viewId, hash: pushed.view?.hash, view });
    }),
  );
  app.view<ViewSubmitAction>(
    { callback_id: CONTACT_CALLBACK_ID, type: 'view_submission' },
    submissionHandler(deps, async (d, args) => {
      const { body, ack, client } = args;
      const viewer = await viewerOf(d, client, body.user.id);
      if (!viewer) {
        await ack();
        return;
      }
      const values = body.view.state.values as Values;
      const remind = values[B.remind]?.[B.remind]?.selected_option?.value;
      const code = body.view.private_metadata;
      try {
        const logged = await logContact(
          d.db,
          viewer,
          {
            projectCode: code,
            on: values[B.date]?.[B.date]?.selected_date ?? null,
            channel: values[B.channel]?.[B.channel]?.selected_option?.value ?? '',
            note: values[B.note]?.[B.note]?.value ?? null,
            source: 'slack',
            remindInDays: remind ? Number(remind) : null,
          },
          { now: d.now() },
        );
        const card = await getProjectCard(d.db, viewer, code, { now: d.now() });
        const notice =
          `:white_check_mark: Contato de ${formatDateBr(logged.on)} registrado.` +
          (logged.reminder ? ` Lembrete em ${formatDateBr(logged.reminder.on)} às 9h.` : '');
        await ack({ response_action: 'update', view: cardModal(card, notice) });
      } catch (e) {
        if (!isCarteiraError(e)) throw e;
        const field = (e.details as { field?: string } | undefined)?.field;
        const block =
          field === 'date'
            ? B.date
            : field === 'channel'
              ? B.channel
              : field === 'remind'
                ? B.remind
                : B.note;
        await ack({ response_action: 'errors', errors: { [block]: e.message } });
      }
    }),
  );
}
