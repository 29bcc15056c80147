import { checkMessageBlocks, checkView, formatProblems, withGeneratedIds } from './rules.js';
import type { LimitProblem, Refusals } from './rules.js';
import type { Json, RecordedView } from './types.js';
import type { StoredFile, Workspace } from './workspace.js';

/** What a method handler needs beyond its arguments. */
export interface MethodContext {
  ws: Workspace;
  /** `http://127.0.0.1:PORT`, for upload URLs and permalinks. */
  origin: string;
  triggerTtlMs: number;
  validateBlocks: boolean;
  /** Block types refused per surface (see `FakeSlack.refuse`). */
  refusals: Refusals;
  /** Scopes the token holds: a method needing another answers `missing_scope`. */
  scopes: ReadonlySet<string>;
  /** Slack shares a completed upload this long after files.completeUploadExternal. */
  fileShareDelayMs: number;
}

export type MethodHandler = (args: Json, ctx: MethodContext) => Json;

function fail(error: string, extra: Json = {}): Json {
  return { ok: false, error, ...extra };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function blocksProblem(problems: LimitProblem[]): Json {
  const messages = formatProblems(problems);
  return fail('invalid_blocks', {
    errors: problems.map((p) => `${p.message} [json-pointer:${p.pointer}]`),
    response_metadata: { messages },
  });
}

function viewProblem(problems: LimitProblem[]): Json {
  return fail('invalid_arguments', { response_metadata: { messages: formatProblems(problems) } });
}

function hasContent(args: Json): boolean {
  return (
    str(args.text) !== undefined ||
    (Array.isArray(args.blocks) && args.blocks.length > 0) ||
    (Array.isArray(args.attachments) && args.attachments.length > 0)
  );
}

function asBlocks(v: unknown): Json[] | undefined {
  return Array.isArray(v) ? (v as Json[]) : undefined;
}

// ---- auth ---------------------------------------------------------------------------------

const authTest: MethodHandler = (_args, { ws }) => ({
  ok: true,
  url: `https://${ws.team.domain}.slack.com/`,
  team: ws.team.name,
  user: ws.bot.name,
  team_id: ws.team.id,
  user_id: ws.bot.userId,
  bot_id: ws.bot.botId,
  is_enterprise_install: false,
});

// ---- chat ---------------------------------------------------------------------------------

const postMessage: MethodHandler = (args, ctx) => {
  const { ws } = ctx;
  const target = ws.postError(args.channel);
  if ('error' in target) return fail(target.error);
  if (!hasContent(args)) return fail('no_text');
  if (ctx.validateBlocks) {
    const problems = checkMessageBlocks(args, 'message', ctx.refusals);
    if (problems.length > 0) return blocksProblem(problems);
  }
  const channel = target.conversation.id;
  const ts = ws.ids.ts();
  const blocks = withGeneratedIds(args.blocks, () => ws.ids.shortRandom());
  const text = typeof args.text === 'string' ? args.text : undefined;
  const thread_ts = str(args.thread_ts);
  const attachments = asBlocks(args.attachments);
  ws.messageLog.push({
    kind: 'message',
    method: 'chat.postMessage',
    channel,
    ts,
    thread_ts,
    text,
    blocks,
    attachments,
    args,
    at: ws.now(),
  });
  const metadata =
    args.metadata && typeof args.metadata === 'object' ? (args.metadata as Json) : undefined;
  ws.history(channel).push({ ts, channel, text, blocks, thread_ts, metadata });
  return {
    ok: true,
    channel,
    ts,
    message: ws.messageObject({ ts, text, blocks, attachments, thread_ts }),
  };
};

const postEphemeral: MethodHandler = (args, ctx) => {
  const { ws } = ctx;
  const target = ws.postError(args.channel);
  if ('error' in target) return fail(target.error);
  const c = target.conversation;
  const user = str(args.user);
  if (!user || !ws.users.has(user)) return fail('user_not_in_channel');
  const userIn = c.is_im ? c.user === user : !c.membersKnown || c.members.has(user);
  if (!userIn) return fail('user_not_in_channel');
  if (!hasContent(args)) return fail('no_text');
  if (ctx.validateBlocks) {
    const problems = checkMessageBlocks(args, 'ephemeral', ctx.refusals);
    if (problems.length > 0) return blocksProblem(problems);
  }
  const ts = ws.ids.ts();
  ws.messageLog.push({
    kind: 'ephemeral',
    method: 'chat.postEphemeral',
    channel: c.id,
    ts,
    thread_ts: str(args.thread_ts),
    user,
    text: typeof args.text === 'string' ? args.text : undefined,
    blocks: withGeneratedIds(args.blocks, () => ws.ids.shortRandom()),
    attachments: asBlocks(args.attachments),
    args,
    at: ws.now(),
  });
  return { ok: true, message_ts: ts };
};

/** chat.update and chat.delete take a channel id (never a name or user id). */
function existingChannel(ws: Workspace, ref: unknown) {
  const c = typeof ref === 'string' ? ws.conversations.get(ref) : undefined;
  if (!c || (c.is_private && !ws.isBotMember(c))) return undefined;
  return c;
}

const update: MethodHandler = (args, ctx) => {
  const { ws } = ctx;
  const c = existingChannel(ws, args.channel);
  if (!c) return fail('channel_not_found');
  const ts = str(args.ts);
  const message = ts ? ws.findMessage(c.id, ts) : undefined;
  if (!ts || !message) return fail('message_not_found');
  if (c.is_archived) return fail('is_inactive');
  if (!hasContent(args)) return fail('no_text');
  if (ctx.validateBlocks) {
    const problems = checkMessageBlocks(args, 'message', ctx.refusals);
    if (problems.length > 0) return blocksProblem(problems);
  }
  const text = typeof args.text === 'string' ? args.text : undefined;
  // Slack: blocks given → replace them; text without blocks → blocks are removed.
  if (args.blocks !== undefined) {
    message.blocks = withGeneratedIds(args.blocks, () => ws.ids.shortRandom());
  } else if (text !== undefined) {
    message.blocks = undefined;
    message.edited = true;
  }
  if (text !== undefined) message.text = text;
  ws.messageLog.push({
    kind: 'update',
    method: 'chat.update',
    channel: c.id,
    ts,
    thread_ts: message.thread_ts,
    text: message.text,
    blocks: message.blocks,
    attachments: asBlocks(args.attachments),
    args,
    at: ws.now(),
  });
  return {
    ok: true,
    channel: c.id,
    ts,
    text: message.text ?? '',
    message: {
      ...ws.messageObject({ ts, text: message.text, blocks: message.blocks }),
      ...(message.edited ? { edited: { user: ws.bot.userId, ts: ws.ids.ts() } } : {}),
    },
  };
};

const del: MethodHandler = (args, { ws }) => {
  const c = existingChannel(ws, args.channel);
  if (!c) return fail('channel_not_found');
  const ts = str(args.ts);
  const list = ws.histories.get(c.id) ?? [];
  const index = list.findIndex((m) => m.ts === ts);
  if (index < 0) return fail('message_not_found');
  list.splice(index, 1);
  return { ok: true, channel: c.id, ts };
};

// ---- conversations --------------------------------------------------------------------------

const join: MethodHandler = (args, { ws }) => {
  const c = typeof args.channel === 'string' ? ws.conversations.get(args.channel) : undefined;
  if (!c) return fail('channel_not_found');
  if (c.is_im || c.is_private) return fail('method_not_supported_for_channel_type');
  if (c.is_archived) return fail('is_archived');
  if (ws.isBotMember(c)) {
    return {
      ok: true,
      channel: ws.conversationObject(c),
      warning: 'already_in_channel',
      response_metadata: { warnings: ['already_in_channel'] },
    };
  }
  c.members.add(ws.bot.userId);
  return { ok: true, channel: ws.conversationObject(c) };
};

// https://docs.slack.dev/reference/methods/conversations.info : a group DM needs mpim:read.
const info: MethodHandler = (args, { ws, scopes }) => {
  const raw = typeof args.channel === 'string' ? ws.conversations.get(args.channel) : undefined;
  if (raw?.is_mpim && !scopes.has('mpim:read')) {
    return fail('missing_scope', { needed: 'mpim:read', provided: [...scopes].join(',') });
  }
  if (raw?.is_mpim) return { ok: true, channel: ws.conversationObject(raw) };
  const c = existingChannel(ws, args.channel);
  if (!c) return fail('channel_not_found');
  return { ok: true, channel: ws.conversationObject(c) };
};

const open: MethodHandler = (args, { ws }) => {
  if (str(args.channel)) {
    const c = ws.conversations.get(String(args.channel));
    if (!c || !c.is_im) return fail('channel_not_found');
    return { ok: true, no_op: true, already_open: true, channel: { id: c.id } };
  }
  const users = String(args.users ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.length > 1) return fail('fake_slack_unsupported', { detail: 'group DMs (mpim)' });
  const user = ws.users.get(users[0]);
  if (!user) return fail('user_not_found');
  if (user.deleted) return fail('user_disabled');
  if (user.is_bot) return fail('cannot_dm_bot');
  const existed = [...ws.conversations.values()].some((c) => c.is_im && c.user === user.id);
  const dm = ws.dmWith(user.id);
  const wantsFull = args.return_im === true || args.return_im === 'true';
  return {
    ok: true,
    ...(existed ? { no_op: true, already_open: true } : {}),
    channel: wantsFull ? ws.conversationObject(dm) : { id: dm.id },
  };
};

function missingScope(scopes: ReadonlySet<string>, needed: string): Json {
  return fail('missing_scope', { needed, provided: [...scopes].join(',') });
}

// https://docs.slack.dev/reference/methods/conversations.history : needs channels:history,
// groups:history, im:history or mpim:history by conversation type; newest first; `oldest` /
// `latest` exclusive unless `inclusive`; `limit` (default 100) with cursor pagination; message
// `metadata` only when `include_all_metadata` is true.
const history: MethodHandler = (args, { ws, scopes }) => {
  const c = typeof args.channel === 'string' ? ws.conversations.get(args.channel) : undefined;
  if (!c || (c.is_private && !c.is_mpim && !ws.isBotMember(c))) return fail('channel_not_found');
  const needed = c.is_im
    ? 'im:history'
    : c.is_mpim
      ? 'mpim:history'
      : c.is_private
        ? 'groups:history'
        : 'channels:history';
  if (!scopes.has(needed)) return missingScope(scopes, needed);
  if (!ws.isBotMember(c)) return fail('not_in_channel');
  const inclusive = args.inclusive === true || args.inclusive === 'true';
  const oldest = args.oldest !== undefined ? Number(args.oldest) : undefined;
  const latest = args.latest !== undefined ? Number(args.latest) : undefined;
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
  const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
  const start = Number(/^offset:(\d+)$/.exec(String(args.cursor ?? ''))?.[1] ?? 0);
  const all = (ws.histories.get(c.id) ?? [])
    .filter((m) => m.visibleAt === undefined || m.visibleAt <= ws.now())
    .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
    .filter((m) => {
      const t = Number(m.ts);
      if (oldest !== undefined && (inclusive ? t < oldest : t <= oldest)) return false;
      if (latest !== undefined && (inclusive ? t > latest : t >= latest)) return false;
      return true;
    })
    .reverse();
  const page = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return {
    ok: true,
    messages: page.map((m) => ({
      ...ws.messageObject({ ts: m.ts, text: m.text, blocks: m.blocks, thread_ts: m.thread_ts }),
      ...(m.files ? { files: m.files.map((id) => ({ id })), upload: true } : {}),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    })),
    has_more: more,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: more ? `offset:${start + limit}` : '' },
  };
};

// ---- users --------------------------------------------------------------------------------

const usersInfo: MethodHandler = (args, { ws }) => {
  const user = typeof args.user === 'string' ? ws.users.get(args.user) : undefined;
  if (!user) return fail('user_not_found');
  return { ok: true, user: ws.userObject(user) };
};

const lookupByEmail: MethodHandler = (args, { ws }) => {
  const email = String(args.email ?? '').toLowerCase();
  const user = [...ws.users.values()].find(
    (u) => !u.deleted && u.email !== undefined && u.email.toLowerCase() === email,
  );
  if (!email || !user) return fail('users_not_found');
  return { ok: true, user: ws.userObject(user) };
};

// ---- views --------------------------------------------------------------------------------

/** Why a trigger_id cannot be exchanged now, or undefined when it can. */
function triggerError(args: Json, ctx: MethodContext): Json | undefined {
  const triggerId = str(args.trigger_id) ?? str(args.interactivity_pointer);
  if (!triggerId) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] },
    });
  }
  const trigger = ctx.ws.triggers.get(triggerId);
  if (!trigger) return fail('invalid_trigger_id');
  if (trigger.exchanged) return fail('exchanged_trigger_id');
  if (ctx.ws.now() - trigger.issuedAt > ctx.triggerTtlMs) return fail('expired_trigger_id');
  return undefined;
}

/** The `view` argument, or the error Slack answers for it. */
function viewArgument(
  args: Json,
  ctx: MethodContext,
  expected: 'modal' | 'home',
): { view: Json } | { answer: Json } {
  const view = args.view;
  if (!view || typeof view !== 'object' || Array.isArray(view)) {
    return { answer: viewProblem([{ pointer: '/view', message: 'must provide an object' }]) };
  }
  if (ctx.validateBlocks) {
    const problems = checkView(view, expected, ctx.refusals);
    if (problems.length > 0) return { answer: viewProblem(problems) };
  }
  return { view: view as Json };
}

function storeView(
  ws: Workspace,
  view: Json,
  keep: { id?: string; root_view_id?: string | null; previous_view_id?: string | null },
): Json {
  const id = keep.id ?? ws.ids.id('V');
  const stored: Json = {
    id,
    team_id: ws.team.id,
    type: view.type,
    blocks: withGeneratedIds(view.blocks, () => ws.ids.shortRandom()) ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    state: { values: {} },
    hash: ws.ids.hash(),
    ...(view.title !== undefined ? { title: view.title } : {}),
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    close: view.close ?? null,
    submit: view.submit ?? null,
    previous_view_id: keep.previous_view_id ?? null,
    root_view_id: keep.root_view_id ?? id,
    app_id: ws.bot.appId,
    external_id: view.external_id ?? '',
    app_installed_team_id: ws.team.id,
    bot_id: ws.bot.botId,
  };
  ws.views.set(id, stored);
  return stored;
}

function externalIdTaken(ws: Workspace, view: Json, except?: string): boolean {
  const ext = str(view.external_id);
  if (!ext) return false;
  return [...ws.views.values()].some((v) => v.external_id === ext && v.id !== except);
}

function logView(
  ws: Workspace,
  method: RecordedView['method'],
  view: Json,
  extra: Partial<RecordedView>,
) {
  ws.viewLog.push({ method, view, viewId: String(view.id), at: ws.now(), ...extra });
}

function openOrPush(method: 'views.open' | 'views.push'): MethodHandler {
  return (args, ctx) => {
    const { ws } = ctx;
    const bad = triggerError(args, ctx);
    if (bad) return bad;
    const parsed = viewArgument(args, ctx, 'modal');
    if ('answer' in parsed) return parsed.answer;
    const { view } = parsed;
    if (externalIdTaken(ws, view)) return fail('duplicate_external_id');
    const triggerId = String(str(args.trigger_id) ?? args.interactivity_pointer);
    const trigger = ws.triggers.get(triggerId);
    if (trigger) trigger.exchanged = true;
    const stored = storeView(ws, view, {});
    logView(ws, method, stored, { trigger_id: triggerId });
    return { ok: true, view: stored };
  };
}

const viewsUpdate: MethodHandler = (args, ctx) => {
  const { ws } = ctx;
  const byId = str(args.view_id);
  const byExternal = str(args.external_id);
  if (!byId && !byExternal) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] either view_id or external_id is required'] },
    });
  }
  const existing = byId
    ? ws.views.get(byId)
    : [...ws.views.values()].find((v) => v.external_id === byExternal);
  if (!existing) return fail('not_found');
  if (str(args.hash) && args.hash !== existing.hash) return fail('hash_conflict');
  const parsed = viewArgument(args, ctx, existing.type === 'home' ? 'home' : 'modal');
  if ('answer' in parsed) return parsed.answer;
  const { view } = parsed;
  if (externalIdTaken(ws, view, String(existing.id))) return fail('duplicate_external_id');
  const stored = storeView(ws, view, {
    id: String(existing.id),
    root_view_id: existing.root_view_id as string | null,
    previous_view_id: existing.previous_view_id as string | null,
  });
  logView(ws, 'views.update', stored, {});
  return { ok: true, view: stored };
};

const viewsPublish: MethodHandler = (args, ctx) => {
  const { ws } = ctx;
  const userId = str(args.user_id);
  if (!userId) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: user_id'] },
    });
  }
  if (!ws.users.has(userId)) return fail('user_not_found');
  const parsed = viewArgument(args, ctx, 'home');
  if ('answer' in parsed) return parsed.answer;
  const { view } = parsed;
  const currentId = ws.homeViewIds.get(userId);
  const current = currentId ? ws.views.get(currentId) : undefined;
  if (str(args.hash) && current && args.hash !== current.hash) return fail('hash_conflict');
  const stored = storeView(ws, view, { id: currentId });
  ws.homeViewIds.set(userId, String(stored.id));
  logView(ws, 'views.publish', stored, { user: userId });
  return { ok: true, view: stored };
};

// ---- files --------------------------------------------------------------------------------

const MIME: Record<string, [mimetype: string, filetype: string, pretty: string]> = {
  pdf: ['application/pdf', 'pdf', 'PDF'],
  csv: ['text/csv', 'csv', 'CSV'],
  xlsx: [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'xlsx',
    'Excel Spreadsheet',
  ],
  txt: ['text/plain', 'text', 'Plain Text'],
  json: ['application/json', 'json', 'JSON'],
  png: ['image/png', 'png', 'PNG'],
};

const getUploadURLExternal: MethodHandler = (args, { ws, origin }) => {
  const filename = str(args.filename);
  const length = Number(args.length);
  if (!filename || !Number.isInteger(length) || length <= 0) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] filename and a positive length are required'] },
    });
  }
  const id = ws.ids.id('F');
  const uploadKey = `${ws.ids.shortRandom()}${id}`;
  const file: StoredFile = {
    id,
    filename,
    title: filename,
    declaredLength: length,
    bytes: Buffer.alloc(0),
    completed: false,
    uploaded: false,
    at: ws.now(),
    uploadKey,
    alt_text: str(args.alt_text),
    snippet_type: str(args.snippet_type),
  };
  ws.files.set(id, file);
  ws.uploadKeys.set(uploadKey, id);
  return { ok: true, upload_url: `${origin}/upload/v1/${uploadKey}`, file_id: id };
};

function fileObject(ws: Workspace, f: StoredFile, origin: string): Json {
  const ext = f.filename.split('.').pop()?.toLowerCase() ?? '';
  const [mimetype, filetype, pretty_type] = MIME[ext] ?? [
    'application/octet-stream',
    'binary',
    'Binary',
  ];
  const created = Math.floor(f.at / 1000);
  const privateUrl = `${origin}/files-pri/${ws.team.id}-${f.id}/${encodeURIComponent(f.filename)}`;
  return {
    id: f.id,
    created,
    timestamp: created,
    name: f.filename,
    title: f.title,
    mimetype,
    filetype,
    pretty_type,
    user: ws.bot.userId,
    user_team: ws.team.id,
    editable: false,
    size: f.bytes.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: false,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: privateUrl,
    url_private_download: `${privateUrl}?download=1`,
    permalink: `https://${ws.team.domain}.slack.com/files/${ws.bot.userId}/${f.id}/${f.filename}`,
    permalink_public: `https://slack-files.com/${ws.team.id}-${f.id}-0000000000`,
    comments_count: 0,
    is_starred: false,
    // Slack shares asynchronously: the answer to completeUploadExternal has no shares yet.
    shares: {},
    channels: [],
    groups: [],
    ims: [],
    has_more_shares: false,
    has_rich_preview: false,
    file_access: 'visible',
  };
}

// https://docs.slack.dev/reference/methods/files.info (files:read). A file exists for it once
// files.completeUploadExternal accepted it; until then `file_not_found`. Sharing is
// asynchronous (https://docs.slack.dev/reference/methods/files.completeUploadExternal and
// files.getUploadURLExternal: the upload is shared after completion): `shares` and
// `channels` stay empty until Slack has shared it, `fileShareDelayMs` later.
const filesInfo: MethodHandler = (args, { ws, origin, scopes, fileShareDelayMs }) => {
  if (!scopes.has('files:read')) return missingScope(scopes, 'files:read');
  const file = typeof args.file === 'string' ? ws.files.get(args.file) : undefined;
  if (!file || !file.completed) return fail('file_not_found');
  const object = fileObject(ws, file, origin);
  const shared = file.completedAt !== undefined && ws.now() >= file.completedAt + fileShareDelayMs;
  if (shared && file.channel) {
    const c = ws.conversations.get(file.channel);
    const kind = c?.is_im ? 'ims' : c?.is_private ? 'groups' : 'channels';
    const share = [
      {
        ts: file.share_ts,
        channel_name: c?.name ?? '',
        team_id: ws.team.id,
        share_user_id: ws.bot.userId,
        reply_count: 0,
        reply_users_count: 0,
        reply_users: [],
        ...(file.thread_ts ? { thread_ts: file.thread_ts } : {}),
      },
    ];
    object.shares = {
      [c?.is_private || c?.is_im ? 'private' : 'public']: { [file.channel]: share },
    };
    object[kind] = [file.channel];
  }
  return { ok: true, file: object, comments: [], response_metadata: { next_cursor: '' } };
};

const completeUploadExternal: MethodHandler = (args, { ws, origin, fileShareDelayMs }) => {
  const entries = args.files;
  if (!Array.isArray(entries) || entries.length === 0) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: files'] },
    });
  }
  const stored: { file: StoredFile; title?: string }[] = [];
  for (const entry of entries as unknown[]) {
    const id = entry && typeof entry === 'object' ? (entry as Json).id : undefined;
    const file = typeof id === 'string' ? ws.files.get(id) : undefined;
    if (!file || !file.uploaded) return fail('file_not_found');
    stored.push({ file, title: str((entry as Json).title) });
  }
  const channelRef = str(args.channel_id) ?? str(args.channels);
  let channel: string | undefined;
  if (channelRef) {
    if (channelRef.includes(','))
      return fail('fake_slack_unsupported', { detail: 'several channels' });
    const target = ws.postError(channelRef);
    if ('error' in target) return fail(target.error);
    channel = target.conversation.id;
  }
  const thread_ts = str(args.thread_ts);
  const initial_comment =
    typeof args.initial_comment === 'string' ? args.initial_comment : undefined;
  const share_ts = channel ? ws.ids.ts() : undefined;
  for (const { file, title } of stored) {
    file.completed = true;
    if (title) file.title = title;
    file.channel = channel;
    file.thread_ts = thread_ts;
    file.initial_comment = initial_comment;
    file.share_ts = share_ts;
    file.completedAt = ws.now();
  }
  if (channel && share_ts) {
    ws.history(channel).push({
      ts: share_ts,
      channel,
      text: initial_comment ?? '',
      thread_ts,
      files: stored.map((s) => s.file.id),
      visibleAt: ws.now() + fileShareDelayMs,
    });
  }
  return { ok: true, files: stored.map((s) => fileObject(ws, s.file, origin)) };
};

export const METHODS: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': del,
  'conversations.join': join,
  'conversations.info': info,
  'conversations.open': open,
  'conversations.history': history,
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'views.open': openOrPush('views.open'),
  'views.push': openOrPush('views.push'),
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
  'files.info': filesInfo,
};

/** Methods whose `channel` (or `channel_id`) argument names the conversation they act on. */
export function channelArgument(args: Json): unknown {
  return args.channel ?? args.channel_id;
}
