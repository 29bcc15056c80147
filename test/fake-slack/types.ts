/**
 * Public shapes of the fake Slack: what a test configures and what it can inspect afterwards.
 * Field names follow Slack's own (snake_case) wherever the value is something Slack sends.
 */

/** Any JSON object as Slack sends or receives it. */
export type Json = Record<string, unknown>;

export interface FakeUser {
  id: string;
  name?: string;
  real_name?: string;
  email?: string;
  tz?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  deleted?: boolean;
}

export interface FakeChannel {
  /** `C…` for channels, `G…` is fine for private ones too. */
  id: string;
  name: string;
  is_private?: boolean;
  /** A group DM (private; an app cannot be invited; conversations.info needs `mpim:read`). */
  is_mpim?: boolean;
  is_archived?: boolean;
  /**
   * User ids in the channel. Include the bot's user id (or set `botMember`) to make the bot a
   * member. When given, `chat.postEphemeral` checks the target user is in this list.
   */
  members?: string[];
  /** Shorthand for putting the bot's user id in `members`. */
  botMember?: boolean;
}

export interface FakeSlackOptions {
  /** The only bot token accepted (default `xoxb-fake-carteira`). */
  token?: string;
  team?: { id?: string; name?: string; domain?: string };
  bot?: { userId?: string; botId?: string; appId?: string; name?: string };
  users?: FakeUser[];
  channels?: FakeChannel[];
  /**
   * Slack's "about one message per second per channel". Exceeding it answers HTTP 429 with a
   * `Retry-After` header. Applies to `methods` (default: chat.postMessage only).
   */
  rateLimitPerChannel?: { perSecond: number; methods?: string[] };
  /** How long an issued trigger_id may be exchanged (default 3000 ms, as Slack). */
  triggerTtlMs?: number;
  /** Check Block Kit limits (lengths, counts) like Slack does (default true). */
  validateBlocks?: boolean;
  /** Bot holds `chat:write.public`: may post to public channels it has not joined (default false). */
  chatWritePublic?: boolean;
  /** Clock in epoch ms, for ts values and trigger expiry (default Date.now). */
  now?: () => number;
  /** Scopes the bot token holds (default: the bot scopes of slack-manifest.yml). */
  scopes?: string[];
  /**
   * Block types Slack refuses on a surface, e.g. `{ ephemeral: ['data_table'] }`: the payload
   * gets `invalid_blocks` naming the block (for fallback tests). Also `fake.refuse(…)`.
   */
  refuse?: Partial<Record<'message' | 'ephemeral' | 'response_url' | 'modal' | 'home', string[]>>;
  /**
   * Slack shares a file asynchronously after files.completeUploadExternal: files.info shows
   * no `shares` (and conversations.history no share message) until this much later (default
   * 1500 ms). Also `fake.setFileShareDelay(ms)`.
   */
  fileShareDelayMs?: number;
  /**
   * Per-method rate-limit tiers (requests per minute per method per workspace, Slack's
   * documented minimum for the tier); exceeding one answers HTTP 429 + Retry-After. Default
   * on with the real tiers (`RATE_TIERS` in rules.ts); `false` turns them off (for benchmarks
   * that measure something else), an object overrides some methods' per-minute limits.
   */
  rateTiers?: false | Record<string, number>;
  /** Extra Web API methods, answered instead of `unknown_method`. Return Slack's JSON body. */
  handlers?: Record<string, (args: Json) => Json>;
}

/** One injected failure, consumed by the next matching call. */
export type Fault =
  | { status: 429; retryAfter?: number; delayMs?: number }
  | { status: 500 | 502 | 503 | 504; delayMs?: number }
  | { error: string; delayMs?: number; extra?: Json }
  | { delayMs: number }
  /** Holds the call until the promise settles, then answers normally (for ordering tests). */
  | { until: Promise<unknown> };

export interface RecordedCall {
  /** Web API method, or `upload` (file bytes POST) or `response_url`. */
  method: string;
  /** Decoded arguments: JSON-encoded form fields (blocks, view, files…) arrive parsed. */
  args: Json;
  /** Epoch ms when the request arrived. */
  at: number;
  /** HTTP status answered. */
  status: number;
  /** Body answered (JSON for Web API methods). */
  response: Json;
  contentType: string;
  authorization?: string;
}

export interface RecordedMessage {
  kind: 'message' | 'ephemeral' | 'update';
  method: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update';
  /** Resolved channel id (a DM's `D…` id when posted to a user id). */
  channel: string;
  /** For ephemeral messages this is the `message_ts` Slack answered. */
  ts: string;
  thread_ts?: string;
  /** Recipient of an ephemeral message. */
  user?: string;
  text?: string;
  blocks?: Json[];
  attachments?: Json[];
  args: Json;
  at: number;
}

export interface RecordedFile {
  id: string;
  filename: string;
  title: string;
  /** `length` declared to files.getUploadURLExternal. */
  declaredLength: number;
  bytes: Buffer;
  /** Channel it was shared to by files.completeUploadExternal (absent: private file). */
  channel?: string;
  initial_comment?: string;
  thread_ts?: string;
  /** ts of the share message the fake made in the channel. */
  share_ts?: string;
  /** Epoch ms when files.completeUploadExternal accepted it. */
  completedAt?: number;
  completed: boolean;
  at: number;
}

export interface RecordedView {
  method: 'views.open' | 'views.push' | 'views.update' | 'views.publish';
  /** The view as Slack stored it (with id, hash, generated block_ids…). */
  view: Json;
  viewId: string;
  /** For views.publish: whose App Home. */
  user?: string;
  trigger_id?: string;
  at: number;
}

export interface RecordedResponse {
  /** The id part of the response_url. */
  id: string;
  url: string;
  body: Json;
  text?: string;
  blocks?: Json[];
  response_type?: string;
  replace_original?: boolean;
  delete_original?: boolean;
  at: number;
}

/** A message as it currently stands in a channel (updates applied, deletions removed). */
export interface ChannelMessage {
  ts: string;
  channel: string;
  text?: string;
  blocks?: Json[];
  thread_ts?: string;
  files?: string[];
  edited?: boolean;
  /** Message metadata as posted (conversations.history shows it only with include_all_metadata). */
  metadata?: Json;
  /**
   * Epoch ms from which conversations.history lists it (file share messages appear only once
   * Slack has shared the file, `fileShareDelayMs` after files.completeUploadExternal).
   */
  visibleAt?: number;
}
