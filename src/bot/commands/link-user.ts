import type { BotDeps, CommandInvocation } from '../deps.js';
import { esc } from '../blocks/elements.js';
import { slackErrorCode } from '../errors.js';
import { canLinkPeople } from '../../core/access.js';
import { isEmail, linkSlackUser } from '../../core/people/link-salesperson.js';
import { replyFor } from '../reply.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';

/**
 * The arguments of `vincular`: a user mention (Slack escapes `@ana` as `<@U123|ana>` when
 * the command has "escape channels, users and links" on) or a bare user id, and an e-mail
 * (escaped as `<mailto:a@b.com|a@b.com>`).
 */
export function parseLinkArgs(text: string): { userId: string | null; email: string | null } {
  const user =
    /<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>/.exec(text)?.[1] ??
    /(?:^|\s)([UW][A-Z0-9]{8,30})(?=\s|$)/.exec(text)?.[1] ??
    null;
  const mailto = /<mailto:([^|>]+)(?:\|[^>]*)?>/.exec(text)?.[1];
  const bare = text
    .replace(/<[^>]*>/g, ' ')
    .split(/\s+/)
    .find((w) => w.includes('@') && !w.startsWith('@'));
  const email = (mailto ?? bare ?? '').trim().toLowerCase() || null;
  return { userId: user, email };
}

/** `/carteira vincular @pessoa email` (gerente: own store; admin: anyone). */
export async function linkUserCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  const reply = replyFor(inv);
  const actor = await requireViewer(deps, inv.client, inv.userId, reply);
  if (!actor) return;
  if (!canLinkPeople(actor)) {
    await reply(texts.link.forbidden);
    return;
  }
  const { userId, email } = parseLinkArgs(inv.text);
  if (!userId || !email) {
    await reply(texts.link.usage);
    return;
  }
  if (!isEmail(email)) {
    await reply(texts.link.badEmail);
    return;
  }
  try {
    const info = await inv.client.users.info({ user: userId });
    if (!info.user || info.user.is_bot || info.user.deleted) {
      await reply(texts.link.botUser);
      return;
    }
  } catch (e) {
    if (slackErrorCode(e) === 'user_not_found') {
      await reply(texts.link.botUser);
      return;
    }
    throw e;
  }
  const result = await linkSlackUser(deps.db, actor, userId, email);
  const sp = result.salesperson;
  if (!result.changed) {
    await reply(texts.link.already(userId, esc(sp.name)));
    return;
  }
  deps.logger.info(
    { slackUserId: userId, salespersonId: sp.id, by: actor.id },
    'linked Slack user by command',
  );
  let text = texts.link.done(userId, esc(sp.name), esc(sp.email), sp.role, esc(sp.storeName));
  if (result.previousUser) text += texts.link.replacedUser(result.previousUser);
  if (result.previousPerson) text += texts.link.replacedPerson(userId, esc(result.previousPerson));
  await reply(text);
}
