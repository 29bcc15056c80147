import { randomBytes } from 'node:crypto';
import { DEFAULTS } from './workspace.js';
import type { Json } from './types.js';

/**
 * Builders for what Slack sends to the bot's endpoint: slash command forms, interaction payloads
 * (block_actions, view_submission, view_closed) and Events API envelopes. Shapes follow Slack's
 * documented payloads; ids default to the fake workspace's (team, app, bot) so they match
 * `startFakeSlack()`'s auth.test.
 */

/** A user as payloads carry it; a bare id is enough. */
export type PayloadUser =
  string | { id: string; username?: string; name?: string; team_id?: string };

export interface WorkspaceIds {
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** Deprecated verification token Slack still sends in payloads. */
  token?: string;
}

const VERIFICATION_TOKEN = 'fakeVerificationToken0000';

function userObject(user: PayloadUser, teamId: string): Json {
  const u = typeof user === 'string' ? { id: user } : user;
  const username = u.username ?? u.name ?? u.id.toLowerCase();
  return { id: u.id, username, name: u.name ?? username, team_id: u.team_id ?? teamId };
}

function workspace(ids: WorkspaceIds) {
  return {
    teamId: ids.teamId ?? DEFAULTS.team.id,
    teamDomain: ids.teamDomain ?? DEFAULTS.team.domain,
    apiAppId: ids.apiAppId ?? DEFAULTS.bot.appId,
    token: ids.token ?? VERIFICATION_TOKEN,
  };
}

/** A trigger_id in Slack's format that no fake issued (views.open answers invalid_trigger_id). */
function strayTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

// ---- slash commands ------------------------------------------------------------------------

export interface SlashCommandInput extends WorkspaceIds {
  command?: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  /** Use `fake.responseUrl()`. */
  response_url?: string;
  /** Use `fake.newTriggerId()` when the command will open a modal. */
  trigger_id?: string;
  team_id?: string;
  enterprise_id?: string;
  enterprise_name?: string;
}

/** The fields of a slash command POST, in the order Slack sends them. */
export function slashCommandFields(input: SlashCommandInput): [string, string][] {
  const w = workspace({ ...input, teamId: input.team_id ?? input.teamId });
  const fields: [string, string][] = [
    ['token', w.token],
    ['team_id', w.teamId],
    ['team_domain', w.teamDomain],
  ];
  if (input.enterprise_id) fields.push(['enterprise_id', input.enterprise_id]);
  if (input.enterprise_name) fields.push(['enterprise_name', input.enterprise_name]);
  fields.push(
    ['channel_id', input.channel_id],
    [
      'channel_name',
      input.channel_name ?? (input.channel_id.startsWith('D') ? 'directmessage' : 'general'),
    ],
    ['user_id', input.user_id],
    ['user_name', input.user_name ?? input.user_id.toLowerCase()],
    ['command', input.command ?? '/carteira'],
    ['text', input.text ?? ''],
    ['api_app_id', w.apiAppId],
    ['is_enterprise_install', 'false'],
    [
      'response_url',
      input.response_url ?? `https://hooks.slack.com/commands/${w.teamId}/0000/unused`,
    ],
    ['trigger_id', input.trigger_id ?? strayTriggerId()],
  );
  return fields;
}

// ---- view state values ---------------------------------------------------------------------

/** An option as Slack reports a selection: `{ text: {type, text, emoji}, value }`. */
export type OptionInput = string | { value: string; text?: string; mrkdwn?: boolean };

function option(o: OptionInput): Json {
  const { value, text, mrkdwn } = typeof o === 'string' ? { value: o, text: o, mrkdwn: false } : o;
  return {
    text: mrkdwn
      ? { type: 'mrkdwn', text: text ?? value, verbatim: false }
      : { type: 'plain_text', text: text ?? value, emoji: true },
    value,
  };
}

/**
 * What `view.state.values[blockId][actionId]` holds for each input element, as Slack sends it
 * in view_submission (and block_actions `state`). Unset inputs are `null`, as in Slack.
 *
 * @example
 * viewSubmissionPayload({ user: 'U0ANA', view: { callback_id: 'nova_visao', values: {
 *   nome: { nome: input.plainText('Fechamentos do mês') },
 *   periodo: { periodo: input.staticSelect('this_month', 'Este mês') },
 * } } });
 */
export const input = {
  plainText: (value: string | null): Json => ({ type: 'plain_text_input', value }),
  number: (value: string | null): Json => ({ type: 'number_input', value }),
  email: (value: string | null): Json => ({ type: 'email_text_input', value }),
  url: (value: string | null): Json => ({ type: 'url_text_input', value }),
  staticSelect: (value: OptionInput | null, text?: string): Json => ({
    type: 'static_select',
    selected_option:
      value === null ? null : option(typeof value === 'string' && text ? { value, text } : value),
  }),
  externalSelect: (value: OptionInput | null): Json => ({
    type: 'external_select',
    selected_option: value === null ? null : option(value),
  }),
  multiStaticSelect: (values: OptionInput[]): Json => ({
    type: 'multi_static_select',
    selected_options: values.map(option),
  }),
  radioButtons: (value: OptionInput | null, text?: string): Json => ({
    type: 'radio_buttons',
    selected_option:
      value === null ? null : option(typeof value === 'string' && text ? { value, text } : value),
  }),
  checkboxes: (values: OptionInput[]): Json => ({
    type: 'checkboxes',
    selected_options: values.map(option),
  }),
  /** `AAAA-MM-DD`. */
  datepicker: (date: string | null): Json => ({ type: 'datepicker', selected_date: date }),
  /** `HH:mm`; `timezone` is present when the element set one. */
  timepicker: (time: string | null, timezone?: string): Json => ({
    type: 'timepicker',
    selected_time: time,
    ...(timezone ? { timezone } : {}),
  }),
  usersSelect: (user: string | null): Json => ({ type: 'users_select', selected_user: user }),
  multiUsersSelect: (users: string[]): Json => ({
    type: 'multi_users_select',
    selected_users: users,
  }),
  conversationsSelect: (id: string | null): Json => ({
    type: 'conversations_select',
    selected_conversation: id,
  }),
  multiConversationsSelect: (ids: string[]): Json => ({
    type: 'multi_conversations_select',
    selected_conversations: ids,
  }),
  channelsSelect: (id: string | null): Json => ({ type: 'channels_select', selected_channel: id }),
  multiChannelsSelect: (ids: string[]): Json => ({
    type: 'multi_channels_select',
    selected_channels: ids,
  }),
};

export type StateValues = Record<string, Record<string, Json>>;

/**
 * The state Slack submits for a modal nobody touched: each input block's initial value,
 * keyed by block id and action id. Tests then replace the inputs the "user" changed.
 */
export function initialState(view: Json): StateValues {
  const values: StateValues = {};
  for (const block of (view.blocks as Json[] | undefined) ?? []) {
    if (block.type !== 'input') continue;
    const el = block.element as Json;
    const opt = (o: unknown) => {
      const x = o as { value: string; text: { text: string } };
      return { value: x.value, text: x.text.text };
    };
    const options = () => ((el.initial_options as unknown[] | undefined) ?? []).map(opt);
    let v: Json;
    switch (el.type) {
      case 'radio_buttons':
        v = input.radioButtons(el.initial_option ? opt(el.initial_option) : null);
        break;
      case 'static_select':
        v = input.staticSelect(el.initial_option ? opt(el.initial_option) : null);
        break;
      case 'multi_static_select':
        v = input.multiStaticSelect(options());
        break;
      case 'checkboxes':
        v = input.checkboxes(options());
        break;
      case 'plain_text_input':
        v = input.plainText((el.initial_value as string | undefined) ?? null);
        break;
      case 'datepicker':
        v = input.datepicker((el.initial_date as string | undefined) ?? null);
        break;
      case 'timepicker':
        v = input.timepicker((el.initial_time as string | undefined) ?? null);
        break;
      case 'multi_users_select':
        v = input.multiUsersSelect((el.initial_users as string[] | undefined) ?? []);
        break;
      case 'conversations_select':
        v = input.conversationsSelect((el.initial_conversation as string | undefined) ?? null);
        break;
      default:
        throw new Error(`initialState: unknown element ${String(el.type)}`);
    }
    values[String(block.block_id)] = { [String(el.action_id)]: v };
  }
  return values;
}

// ---- views as payloads carry them ----------------------------------------------------------

export interface ViewInput {
  id?: string;
  type?: 'modal' | 'home';
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
  hash?: string;
  title?: Json;
  submit?: Json | null;
  close?: Json | null;
  blocks?: Json[];
  root_view_id?: string | null;
  previous_view_id?: string | null;
  /** State values (shorthand for `state: { values }`). */
  values?: StateValues;
  state?: { values: StateValues };
  [key: string]: unknown;
}

/**
 * A full view object as Slack embeds it in interaction payloads. Pass a view recorded by
 * `fake.views()` (`.view`) to submit exactly what the bot opened.
 */
export function viewObject(view: ViewInput, ids: WorkspaceIds = {}): Json {
  const w = workspace(ids);
  const { values, state, ...rest } = view;
  const id = view.id ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
  return {
    id,
    team_id: w.teamId,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: '',
    hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    title: { type: 'plain_text', text: 'Carteira', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: null,
    root_view_id: id,
    app_id: w.apiAppId,
    external_id: '',
    app_installed_team_id: w.teamId,
    bot_id: DEFAULTS.bot.botId,
    ...rest,
    state: { values: values ?? state?.values ?? {} },
  };
}

// ---- interaction payloads ------------------------------------------------------------------

export interface BlockActionInput extends WorkspaceIds {
  user: PayloadUser;
  actionId: string;
  blockId?: string;
  /** Button value. */
  value?: string;
  /** Element type (default `button`); add `selected_option` etc. via `action`. */
  type?: string;
  /** Extra fields of the action (e.g. `selected_option`, `text`). */
  action?: Json;
  /** For actions in a message: the channel it is in. */
  channel?: string | { id: string; name?: string };
  /** The message the button is on (ts, text, blocks…); its ts makes `container.message_ts`. */
  message?: Json;
  /** For actions in a modal or App Home: the view (then there is no channel/response_url). */
  view?: ViewInput;
  isEphemeral?: boolean;
  responseUrl?: string;
  triggerId?: string;
  /** `state.values` of the surface (inputs next to the button). */
  values?: StateValues;
}

/** A `block_actions` payload (a button click or menu pick). */
export function blockActionPayload(input: BlockActionInput): Json {
  const w = workspace(input);
  const ts = actionTs();
  const action: Json = {
    action_id: input.actionId,
    block_id: input.blockId ?? 'actions',
    type: input.type ?? 'button',
    ...(input.type === undefined || input.type === 'button'
      ? { text: { type: 'plain_text', text: input.actionId, emoji: true } }
      : {}),
    ...(input.value !== undefined ? { value: input.value } : {}),
    action_ts: ts,
    ...input.action,
  };
  const payload: Json = {
    type: 'block_actions',
    user: userObject(input.user, w.teamId),
    api_app_id: w.apiAppId,
    token: w.token,
    trigger_id: input.triggerId ?? strayTriggerId(),
    team: { id: w.teamId, domain: w.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (input.view) {
    const view = viewObject({ ...input.view, values: input.values ?? input.view.values }, input);
    payload.container = { type: 'view', view_id: view.id };
    payload.view = view;
  } else {
    const channel =
      typeof input.channel === 'string' ? { id: input.channel, name: 'general' } : input.channel;
    const messageTs = typeof input.message?.ts === 'string' ? input.message.ts : actionTs();
    payload.container = {
      type: 'message',
      message_ts: messageTs,
      channel_id: channel?.id,
      is_ephemeral: input.isEphemeral ?? false,
    };
    if (channel) payload.channel = { id: channel.id, name: channel.name ?? 'general' };
    if (!input.isEphemeral) {
      payload.message = {
        type: 'message',
        ts: messageTs,
        bot_id: DEFAULTS.bot.botId,
        user: DEFAULTS.bot.userId,
        app_id: w.apiAppId,
        text: '',
        team: w.teamId,
        ...input.message,
      };
    }
    payload.state = { values: input.values ?? {} };
    payload.response_url =
      input.responseUrl ?? `https://hooks.slack.com/actions/${w.teamId}/0/unused`;
  }
  return payload;
}

export interface BlockSuggestionInput extends WorkspaceIds {
  user: PayloadUser;
  /** The external_select's action_id and block_id. */
  actionId: string;
  blockId?: string;
  /** What the user typed. */
  value: string;
  /** The menu is in a message in this channel (default), or in a view. */
  channel?: string;
  message?: Json;
  view?: ViewInput;
}

/**
 * A `block_suggestion` payload: Slack asking the app's options load URL for the options of
 * an `external_select` as the user types (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select,
 * https://docs.slack.dev/reference/interaction-payloads/block_suggestion-payload). Slack
 * sends it once the user typed `min_query_length` characters; the app answers with
 * `{ options }` in the HTTP response (see `checkOptionsResponse` in rules.ts).
 */
export function blockSuggestionPayload(input: BlockSuggestionInput): Json {
  const w = workspace(input);
  const payload: Json = {
    type: 'block_suggestion',
    user: userObject(input.user, w.teamId),
    api_app_id: w.apiAppId,
    token: w.token,
    team: { id: w.teamId, domain: w.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    action_id: input.actionId,
    block_id: input.blockId ?? 'actions',
    value: input.value,
  };
  if (input.view) {
    const view = viewObject(input.view, input);
    payload.container = { type: 'view', view_id: view.id };
    payload.view = view;
  } else {
    const channel = input.channel ?? 'C0GENERAL01';
    const ts = typeof input.message?.ts === 'string' ? input.message.ts : actionTs();
    payload.container = {
      type: 'message',
      message_ts: ts,
      channel_id: channel,
      is_ephemeral: false,
    };
    payload.channel = { id: channel, name: 'general' };
    payload.message = {
      type: 'message',
      ts,
      bot_id: DEFAULTS.bot.botId,
      text: '',
      ...input.message,
    };
  }
  return payload;
}

export interface ViewSubmissionInput extends WorkspaceIds {
  user: PayloadUser;
  /** callback_id, private_metadata and `values` (or `state.values`), or a recorded view. */
  view: ViewInput;
  /** Shorthand for `view.values`. */
  values?: StateValues;
  triggerId?: string;
  /** Only when the modal has a conversations_select with response_url_enabled. */
  responseUrls?: {
    block_id: string;
    action_id: string;
    channel_id: string;
    response_url: string;
  }[];
}

/** A `view_submission` payload (the user pressed the modal's submit button). */
export function viewSubmissionPayload(input: ViewSubmissionInput): Json {
  const w = workspace(input);
  return {
    type: 'view_submission',
    team: { id: w.teamId, domain: w.teamDomain },
    user: userObject(input.user, w.teamId),
    api_app_id: w.apiAppId,
    token: w.token,
    trigger_id: input.triggerId ?? strayTriggerId(),
    view: viewObject({ ...input.view, values: input.values ?? input.view.values }, input),
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `view_closed` payload (sent only for views opened with `notify_on_close: true`). */
export function viewClosedPayload(
  input: { user: PayloadUser; view: ViewInput; isCleared?: boolean } & WorkspaceIds,
): Json {
  const w = workspace(input);
  return {
    type: 'view_closed',
    team: { id: w.teamId, domain: w.teamDomain },
    user: userObject(input.user, w.teamId),
    api_app_id: w.apiAppId,
    token: w.token,
    view: viewObject(input.view, input),
    is_cleared: input.isCleared ?? false,
    is_enterprise_install: false,
    enterprise: null,
  };
}

// ---- Events API ----------------------------------------------------------------------------

/** Wraps an event in the Events API `event_callback` envelope Slack POSTs as JSON. */
export function eventEnvelope(event: Json, ids: WorkspaceIds & { botUserId?: string } = {}): Json {
  const w = workspace(ids);
  const seconds = Math.floor(Date.now() / 1000);
  return {
    token: w.token,
    team_id: w.teamId,
    api_app_id: w.apiAppId,
    event: { event_ts: actionTs(), ...event },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: seconds,
    authorizations: [
      {
        enterprise_id: null,
        team_id: w.teamId,
        user_id: ids.botUserId ?? DEFAULTS.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  };
}

/** `app_home_opened` for the Home tab; pass `view` when the user had a published home view. */
export function appHomeOpenedEvent(
  input: {
    user: string;
    channel?: string;
    tab?: 'home' | 'messages';
    view?: ViewInput;
  } & WorkspaceIds & {
      botUserId?: string;
    },
): Json {
  return eventEnvelope(
    {
      type: 'app_home_opened',
      user: input.user,
      channel: input.channel ?? `D${input.user.slice(1)}`,
      tab: input.tab ?? 'home',
      ...(input.view ? { view: viewObject({ type: 'home', ...input.view }, input) } : {}),
    },
    input,
  );
}
