/**
 * "Definir metas": a gerente (their store and its people) or an admin (anyone, the store
 * goals and the company's) sets or changes one goal of a month from Slack. The choices are
 * only what the access rule lets the user set (src/core/access.ts); core checks again.
 */
import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import { canSetGoals, peopleInScope, scopeOf } from '../../core/access.js';
import { isCarteiraError } from '../../core/errors.js';
import { formatGoalFigure } from '../../core/goals/format.js';
import {
  GOAL_MEASURES,
  isGoalMeasure,
  MEASURE_LABELS,
  setGoal,
  type GoalOwner,
} from '../../core/goals/goals.js';
import { isInvalid, parseMoney } from '../../core/import/values.js';
import { todayIn } from '../../core/portfolio/periods.js';
import type { Viewer } from '../../core/portfolio/viewer.js';
import { SLACK_LIMITS } from '../../core/render/slack-limits.js';
import { button, option, plain, type Block } from '../blocks/elements.js';
import type { BotDeps } from '../deps.js';
import { confirmToUser } from '../reply.js';
import type { SubmitArgs } from '../actions/action-context.js';
import { monthName } from '../../core/time/months.js';
import { messageModal } from '../modals/builder-view.js';

export const GOALS_MODAL = 'goals_set';
export const GOALS_OPEN_ACTION = 'goals_open';

const B = {
  month: 'goal_month',
  owner: 'goal_owner',
  measure: 'goal_measure',
  value: 'goal_value',
};

function monthLabel(month: string): string {
  const d = DateTime.fromISO(`${month}-01`, { zone: 'UTC' });
  return `${monthName(d.month)} de ${d.year}`;
}

/** The button under `/carteira metas` for those who may set goals. */
export function setGoalsButton(viewer: Viewer, month: string): Block | null {
  if (!canSetGoals(viewer)) return null;
  return {
    type: 'actions',
    elements: [button('Definir metas', GOALS_OPEN_ACTION, month, 'primary')],
  } as Block;
}

/** Whose goal the user may set: the company (admin), stores, then people, by name. */
async function ownerOptions(deps: BotDeps, viewer: Viewer): Promise<types.PlainTextOption[]> {
  const out: types.PlainTextOption[] = [];
  if (viewer.role === 'admin') out.push(option('Empresa (todas as lojas)', 'company'));
  const stores = await deps.db
    .selectFrom('stores')
    .select(['id', 'name'])
    .$if(viewer.role !== 'admin', (q) => q.where('id', '=', viewer.storeId))
    .orderBy('name')
    .execute();
  for (const st of stores) out.push(option(`Loja ${st.name}`, `store:${st.id}`));
  const scope = await scopeOf(deps.db, viewer);
  const people = await deps.db
    .selectFrom('salespeople as sp')
    .select(['sp.id', 'sp.name'])
    .where('sp.active', '=', true)
    .where(peopleInScope(scope, 'sp'))
    .orderBy('sp.name')
    .limit(SLACK_LIMITS.selectOptions)
    .execute();
  for (const p of people) out.push(option(p.name, `salesperson:${p.id}`));
  return out.slice(0, SLACK_LIMITS.selectOptions);
}

function input(blockId: string, label: string, element: Record<string, unknown>): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
  } as unknown as Block;
}

export async function openGoalsModal(
  deps: BotDeps,
  client: WebClient,
  opts: { viewer: Viewer; triggerId: string; month: string | undefined },
): Promise<void> {
  const today = todayIn(opts.viewer.timezone, deps.now());
  const current = DateTime.fromISO(today, { zone: 'UTC' }).startOf('month');
  const months = [-1, 0, 1, 2].map((n) => current.plus({ months: n }).toFormat('yyyy-MM'));
  const initial = opts.month && months.includes(opts.month) ? opts.month : months[1]!;
  const monthOptions = months.map((m) => option(monthLabel(m), m));
  // The trigger id dies 3 s after the click: open a "carregando" modal first, then read the
  // owners (database) and put the form in its place with views.update.
  const opened = await client.views.open({
    trigger_id: opts.triggerId,
    view: messageModal('Definir metas', ':hourglass_flowing_sand: Carregando…'),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  const owners = await ownerOptions(deps, opts.viewer);
  const measures = GOAL_MEASURES.map((m) => option(MEASURE_LABELS[m], m));
  await client.views.update({
    view_id: viewId,
    hash: opened.view?.hash,
    view: {
      type: 'modal',
      callback_id: GOALS_MODAL,
      title: plain('Definir metas', 24),
      submit: plain('Salvar', 24),
      close: plain('Cancelar', 24),
      blocks: [
        input(B.month, 'Mês', {
          type: 'static_select',
          action_id: B.month,
          options: monthOptions,
          initial_option: monthOptions.find((o) => o.value === initial),
        }),
        input(B.owner, 'De quem', {
          type: 'static_select',
          action_id: B.owner,
          options: owners,
          initial_option: owners[0],
        }),
        input(B.measure, 'Medida', {
          type: 'static_select',
          action_id: B.measure,
          options: measures,
          initial_option: measures[0],
        }),
        input(B.value, 'Meta', {
          type: 'plain_text_input',
          action_id: B.value,
          max_length: 30,
          placeholder: plain('Ex.: 150.000,00 ou 12', 150),
        }),
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Valor contratado em reais; contratos e projetos em número inteiro. Uma meta que já existe é alterada, e a alteração fica no histórico.',
            },
          ],
        } as Block,
      ] as types.View['blocks'],
    },
  });
}

type State = Record<
  string,
  Record<string, { selected_option?: { value: string } | null; value?: string | null }>
>;

function owner(value: string | undefined): GoalOwner | null {
  if (value === 'company') return { kind: 'company' };
  const m = /^(store|salesperson):(\d+)$/.exec(value ?? '');
  if (!m) return null;
  const id = Number(m[2]);
  return m[1] === 'store'
    ? { kind: 'store', storeId: id }
    : { kind: 'salesperson', salespersonId: id };
}

/** Saves the goal; a wrong value or a refusal answers on the modal's block. */
export async function submitGoals(deps: BotDeps, args: SubmitArgs, viewer: Viewer): Promise<void> {
  const state = args.view.state.values as State;
  const month = state[B.month]?.[B.month]?.selected_option?.value ?? '';
  const measure = state[B.measure]?.[B.measure]?.selected_option?.value ?? '';
  const who = owner(state[B.owner]?.[B.owner]?.selected_option?.value);
  const rawValue = (state[B.value]?.[B.value]?.value ?? '').trim();
  const errors: Record<string, string> = {};
  if (!isGoalMeasure(measure)) errors[B.measure] = 'Escolha uma medida da lista.';
  if (!who) errors[B.owner] = 'Escolha de quem é a meta.';
  const parsed = rawValue ? parseMoney(rawValue, 'meta') : null;
  if (!rawValue) errors[B.value] = 'Diga a meta, ex.: 150.000,00.';
  else if (isInvalid(parsed))
    errors[B.value] = 'Valor inválido: use um número, ex.: 150.000,00 ou 12.';
  if (Object.keys(errors).length) {
    await args.ack({ response_action: 'errors', errors });
    return;
  }
  const target = Number(parsed);
  const m = measure as (typeof GOAL_MEASURES)[number];
  try {
    const r = await setGoal(deps.db, {
      actor: viewer,
      input: { month, measure: m, owner: who!, target },
      source: 'slack',
      now: deps.now(),
    });
    await args.ack();
    const what = `${MEASURE_LABELS[m]} de ${monthLabel(month)}`;
    const text = !r.changed
      ? `A meta de ${what} já era ${formatGoalFigure(m, target)}. Nada mudou.`
      : r.previous === null
        ? `Meta de ${what} definida: ${formatGoalFigure(m, target)}.`
        : `Meta de ${what} alterada: ${formatGoalFigure(m, r.previous)} → ${formatGoalFigure(m, target)}. A alteração fica no histórico.`;
    await confirmToUser(args.client, deps.logger, args.body.user.id, null, { text });
  } catch (e) {
    if (!isCarteiraError(e)) throw e;
    const field = (e.details as { field?: string } | undefined)?.field;
    const block = field === 'value' ? B.value : field === 'month' ? B.month : B.owner;
    await args.ack({ response_action: 'errors', errors: { [block]: e.message } });
  }
}
