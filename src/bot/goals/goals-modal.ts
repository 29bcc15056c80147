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
import { goalMonthLabel } from '../../core/goals/history.js';
import { messageModal } from '../modals/builder-view.js';
import { texts } from '../texts.js';
import { GOALS_HISTORY_ACTION } from './history.js';

export const GOALS_MODAL = 'goals_set';
export const GOALS_OPEN_ACTION = 'goals_open';

const B = {
  month: 'goal_month',
  owner: 'goal_owner',
  measure: 'goal_measure',
  value: 'goal_value',
};

const monthLabel = goalMonthLabel;

/**
 * The buttons under `/carteira metas`: "Histórico" (anyone who sees a goal: the changes of
 * the goals they may see) and, for those who may set goals, "Definir metas".
 */
export function goalsActions(viewer: Viewer, month: string, hasGoals: boolean): Block | null {
  const elements = [
    ...(canSetGoals(viewer)
      ? [button(texts.goals.setButton, GOALS_OPEN_ACTION, month, 'primary')]
      : []),
    ...(hasGoals ? [button(texts.goals.historyButton, GOALS_HISTORY_ACTION, month)] : []),
  ];
  if (elements.length === 0) return null;
  return { type: 'actions', elements } as Block;
}

/** One group of a select's option groups (Slack: at most 100 options a group). */
interface OptionGroup {
  label: types.PlainTextElement;
  options: types.PlainTextOption[];
}

/** `options` cut into groups of at most 100, labelled `label`, `label (2)`, … */
function groupsOf(label: string, options: types.PlainTextOption[]): OptionGroup[] {
  const per = SLACK_LIMITS.selectOptions;
  const out: OptionGroup[] = [];
  for (let i = 0; i < options.length; i += per) {
    const n = i / per + 1;
    out.push({
      label: plain(n === 1 ? label : `${label} (${n})`, 75),
      options: options.slice(i, i + per),
    });
  }
  return out;
}

/**
 * Whose goal the user may set, as option groups (a static select holds 100 options, or 100
 * groups of 100): the company (admin) and the stores first, then each store's people, by
 * name. `cut` counts the people left out when even that is not enough (said in the modal).
 */
async function ownerOptions(
  deps: BotDeps,
  viewer: Viewer,
): Promise<{ groups: OptionGroup[]; cut: number }> {
  const head: types.PlainTextOption[] = [];
  if (viewer.role === 'admin') head.push(option('Empresa (todas as lojas)', 'company'));
  const stores = await deps.db
    .selectFrom('stores')
    .select(['id', 'name'])
    .$if(viewer.role !== 'admin', (q) => q.where('id', '=', viewer.storeId))
    .orderBy('name')
    .execute();
  for (const st of stores) head.push(option(storeLabel(st.name), `store:${st.id}`));
  const scope = await scopeOf(deps.db, viewer);
  const people = await deps.db
    .selectFrom('salespeople as sp')
    .innerJoin('stores as st', 'st.id', 'sp.store_id')
    .select(['sp.id', 'sp.name', 'st.name as store_name'])
    .where('sp.active', '=', true)
    .where(peopleInScope(scope, 'sp'))
    .orderBy('st.name')
    .orderBy('sp.name')
    .orderBy('sp.id')
    .execute();
  const groups = groupsOf(viewer.role === 'admin' ? 'Empresa e lojas' : 'Loja', head);
  const byStore = new Map<string, types.PlainTextOption[]>();
  for (const p of people) {
    const list = byStore.get(p.store_name) ?? [];
    list.push(option(p.name, `salesperson:${p.id}`));
    byStore.set(p.store_name, list);
  }
  for (const [store, list] of byStore)
    groups.push(...groupsOf(`Pessoas — ${storeLabel(store)}`, list));
  const max = SLACK_LIMITS.selectOptions;
  const cut = groups.slice(max).reduce((n, g) => n + g.options.length, 0);
  return { groups: groups.slice(0, max), cut };
}

/** "Loja Centro"; a store already named "Loja Paulista" is not called "Loja Loja Paulista". */
function storeLabel(name: string): string {
  return /^loja\b/i.test(name) ? name : `Loja ${name}`;
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
  const firstOwner = owners.groups[0]?.options[0];
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
          option_groups: owners.groups,
          ...(firstOwner ? { initial_option: firstOwner } : {}),
        }),
        ...(owners.cut > 0
          ? [
              {
                type: 'context',
                elements: [{ type: 'mrkdwn', text: texts.goals.ownersCut(owners.cut) }],
              } as Block,
            ]
          : []),
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
