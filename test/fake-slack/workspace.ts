import type { IdFactory } from './ids.js';
import type {
  ChannelMessage,
  FakeChannel,
  FakeSlackOptions,
  FakeUser,
  Json,
  RecordedFile,
  RecordedMessage,
  RecordedResponse,
  RecordedView,
} from './types.js';

/** A conversation as the fake holds it: public/private channels and the bot's DMs. */
export interface Conversation {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_im: boolean;
  is_mpim?: boolean;
  /** For a DM: the other user. */
  user?: string;
  members: Set<string>;
  /** Whether `members` was configured (then postEphemeral checks the recipient is in it). */
  membersKnown: boolean;
  created: number;
}

export interface StoredFile extends RecordedFile {
  uploadKey: string;
  /** The bytes were POSTed to the upload URL. */
  uploaded: boolean;
  alt_text?: string;
  snippet_type?: string;
}

export interface Trigger {
  issuedAt: number;
  exchanged: boolean;
}

export const DEFAULTS = {
  token: 'xoxb-fake-carteira',
  team: { id: 'T0CARTEIRA0', name: 'Carteira Teste', domain: 'carteira-teste' },
  bot: { userId: 'U0CARTBOT00', botId: 'B0CARTBOT00', appId: 'A0CARTEIRA0', name: 'carteira' },
  tz: 'America/Sao_Paulo',
} as const;

/** Seconds east of UTC for an IANA zone right now (Slack's `tz_offset`). */
function tzOffsetSeconds(tz: string, at: number): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!m) return 0;
  const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60;
  return m[1] === '-' ? -seconds : seconds;
}

/**
 * Everything the fake Slack workspace knows: users, conversations, what was posted, uploaded,
 * opened. Methods here answer "does it exist / may the bot do this"; the HTTP layer decides
 * what to answer.
 */
export class Workspace {
  readonly token: string;
  readonly team: { id: string; name: string; domain: string };
  readonly bot: { userId: string; botId: string; appId: string; name: string };
  readonly chatWritePublic: boolean;

  users = new Map<string, FakeUser>();
  conversations = new Map<string, Conversation>();
  messageLog: RecordedMessage[] = [];
  histories = new Map<string, ChannelMessage[]>();
  files = new Map<string, StoredFile>();
  uploadKeys = new Map<string, string>();
  views = new Map<string, Json>();
  viewLog: RecordedView[] = [];
  homeViewIds = new Map<string, string>();
  triggers = new Map<string, Trigger>();
  responseIds = new Set<string>();
  responses: RecordedResponse[] = [];

  constructor(
    private readonly options: FakeSlackOptions,
    readonly ids: IdFactory,
    readonly now: () => number,
  ) {
    this.token = options.token ?? DEFAULTS.token;
    this.team = { ...DEFAULTS.team, ...options.team };
    this.bot = { ...DEFAULTS.bot, ...options.bot };
    this.chatWritePublic = options.chatWritePublic ?? false;
    this.reset();
  }

  /**
   * Back to the configured users and channels; everything recorded is dropped — except the
   * DMs the bot opened with configured users. A DM in Slack keeps its id: the method "opens
   * or resumes a direct message" (https://docs.slack.dev/reference/methods/conversations.open),
   * so a bot that remembers a DM's id may keep posting to it without opening it again.
   */
  reset(): void {
    const ims = [...this.conversations.values()].filter((c) => c.is_im);
    this.users = new Map();
    this.addUser({
      id: this.bot.userId,
      name: this.bot.name,
      real_name: this.bot.name,
      is_bot: true,
    });
    for (const u of this.options.users ?? []) this.addUser(u);
    this.conversations = new Map();
    for (const c of this.options.channels ?? []) this.addChannel(c);
    for (const dm of ims) if (dm.user && this.users.has(dm.user)) this.conversations.set(dm.id, dm);
    this.messageLog = [];
    this.histories = new Map();
    this.files = new Map();
    this.uploadKeys = new Map();
    this.views = new Map();
    this.viewLog = [];
    this.homeViewIds = new Map();
    this.triggers = new Map();
    this.responseIds = new Set();
    this.responses = [];
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, { ...user });
  }

  addChannel(channel: FakeChannel): void {
    const members = new Set(channel.members ?? []);
    if (channel.botMember) members.add(this.bot.userId);
    this.conversations.set(channel.id, {
      id: channel.id,
      name: channel.name.replace(/^#/, ''),
      is_private: (channel.is_private ?? false) || (channel.is_mpim ?? false),
      is_archived: channel.is_archived ?? false,
      is_im: false,
      is_mpim: channel.is_mpim ?? false,
      members,
      membersKnown: channel.members !== undefined,
      created: Math.floor(this.now() / 1000) - 86_400,
    });
  }

  isBotMember(c: Conversation): boolean {
    return c.is_im || c.members.has(this.bot.userId);
  }

  /** The bot's DM with a user, opened on first use (id `D` + the user id's tail). */
  dmWith(userId: string): Conversation {
    const existing = [...this.conversations.values()].find((c) => c.is_im && c.user === userId);
    if (existing) return existing;
    const dm: Conversation = {
      id: `D${userId.slice(1)}`,
      name: userId,
      is_private: true,
      is_archived: false,
      is_im: true,
      user: userId,
      members: new Set([userId, this.bot.userId]),
      membersKnown: true,
      created: Math.floor(this.now() / 1000),
    };
    this.conversations.set(dm.id, dm);
    return dm;
  }

  /**
   * What `channel` names, as chat.postMessage reads it: an id, a `#name` or name, or a user id
   * (which means the bot's DM with that user).
   */
  resolve(ref: unknown): Conversation | undefined {
    if (typeof ref !== 'string' || ref === '') return undefined;
    const byId = this.conversations.get(ref);
    if (byId) return byId;
    if (/^[UW]/.test(ref) && this.users.has(ref) && !this.users.get(ref)?.deleted) {
      return this.dmWith(ref);
    }
    const name = ref.replace(/^#/, '');
    return [...this.conversations.values()].find((c) => !c.is_im && c.name === name);
  }

  /**
   * Why the bot may not post into `ref` (Slack's error code), or undefined when it may.
   * Private channels the bot is not in are invisible to it, hence `channel_not_found`.
   */
  postError(ref: unknown): { error: string } | { conversation: Conversation } {
    const c = this.resolve(ref);
    if (!c) return { error: 'channel_not_found' };
    if (c.is_private && !this.isBotMember(c)) return { error: 'channel_not_found' };
    if (c.is_archived) return { error: 'is_archived' };
    if (!this.isBotMember(c) && !this.chatWritePublic) return { error: 'not_in_channel' };
    return { conversation: c };
  }

  history(channel: string): ChannelMessage[] {
    let list = this.histories.get(channel);
    if (!list) {
      list = [];
      this.histories.set(channel, list);
    }
    return list;
  }

  findMessage(channel: string, ts: string): ChannelMessage | undefined {
    return this.histories.get(channel)?.find((m) => m.ts === ts);
  }

  // ---- Slack-shaped objects -------------------------------------------------------------

  conversationObject(c: Conversation): Json {
    if (c.is_im) {
      return {
        id: c.id,
        created: c.created,
        is_archived: false,
        is_im: true,
        is_org_shared: false,
        context_team_id: this.team.id,
        updated: c.created * 1000,
        user: c.user,
        is_user_deleted: this.users.get(c.user ?? '')?.deleted ?? false,
        priority: 0,
        is_open: true,
      };
    }
    return {
      id: c.id,
      name: c.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: c.is_mpim ?? false,
      is_private: c.is_private,
      created: c.created,
      is_archived: c.is_archived,
      is_general: false,
      unlinked: 0,
      name_normalized: c.name,
      is_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: this.team.id,
      updated: c.created * 1000,
      parent_conversation: null,
      creator: [...c.members].find((m) => m !== this.bot.userId) ?? '',
      is_ext_shared: false,
      shared_team_ids: [this.team.id],
      pending_connected_team_ids: [],
      is_member: this.isBotMember(c),
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      previous_names: [],
    };
  }

  userObject(u: FakeUser): Json {
    const tz = u.tz ?? DEFAULTS.tz;
    const realName = u.real_name ?? u.name ?? u.id;
    const displayName = u.name ?? '';
    return {
      id: u.id,
      team_id: this.team.id,
      name: u.name ?? u.id.toLowerCase(),
      deleted: u.deleted ?? false,
      color: '9f69e7',
      real_name: realName,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz, this.now()),
      profile: {
        title: '',
        phone: '',
        skype: '',
        real_name: realName,
        real_name_normalized: realName,
        display_name: displayName,
        display_name_normalized: displayName,
        fields: null,
        status_text: '',
        status_emoji: '',
        status_expiration: 0,
        avatar_hash: 'g0000000000',
        ...(u.email !== undefined ? { email: u.email } : {}),
        ...(u.is_bot ? { bot_id: this.bot.botId, api_app_id: this.bot.appId } : {}),
        first_name: realName.split(' ')[0],
        last_name: realName.split(' ').slice(1).join(' '),
        image_24: 'https://secure.gravatar.com/avatar/0.jpg',
        image_48: 'https://secure.gravatar.com/avatar/0.jpg',
        team: this.team.id,
      },
      is_admin: u.is_admin ?? false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      updated: Math.floor(this.now() / 1000) - 3600,
      is_email_confirmed: !u.is_bot,
      who_can_share_contact_card: 'EVERYONE',
    };
  }

  botProfile(): Json {
    return {
      id: this.bot.botId,
      app_id: this.bot.appId,
      user_id: this.bot.userId,
      name: this.bot.name,
      icons: { image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png' },
      deleted: false,
      updated: Math.floor(this.now() / 1000) - 86_400,
      team_id: this.team.id,
    };
  }

  messageObject(m: {
    ts: string;
    text?: string;
    blocks?: Json[];
    attachments?: Json[];
    thread_ts?: string;
  }): Json {
    return {
      user: this.bot.userId,
      type: 'message',
      ts: m.ts,
      bot_id: this.bot.botId,
      app_id: this.bot.appId,
      text: m.text ?? '',
      team: this.team.id,
      bot_profile: this.botProfile(),
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts, parent_user_id: this.bot.userId } : {}),
    };
  }
}
