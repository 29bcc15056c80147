/**
 * Who is this Slack user? Linked by the import's `slack_id`, by `vincular`, or — on first
 * use — by matching the e-mail of their Slack profile (users.info) to a salesperson.
 */
import type { WebClient } from '@slack/web-api';
import { elapsedMs } from '../core/clock.js';
import { isCarteiraError } from '../core/errors.js';
import { loadViewer, type Viewer } from '../core/portfolio/viewer.js';
import type { BotDeps } from './deps.js';

export const NOT_LINKED_TEXT =
  'Seu usuário do Slack ainda não está vinculado a um vendedor do Carteira, então não posso mostrar dados. ' +
  'Peça a um gerente ou administrador: `/carteira vincular @você seu.email@loja.com.br` ' +
  '(ou confira se o e-mail do seu perfil do Slack é o mesmo cadastrado no ERP).';

/**
 * users.info is Tier 4 (100 per minute per workspace, https://docs.slack.dev/reference/methods/users.info):
 * an unlinked user's profile e-mail is remembered for a few minutes, so a burst of commands
 * (or someone retrying) asks Slack once.
 */
const PROFILE_TTL_MS = 5 * 60_000;
const profileEmails = new Map<string, { email: string | undefined; at: number }>();

async function profileEmail(client: WebClient, userId: string): Promise<string | undefined> {
  const known = profileEmails.get(userId);
  if (known && elapsedMs() - known.at < PROFILE_TTL_MS) return known.email;
  const info = await client.users.info({ user: userId });
  const email = info.user?.profile?.email?.trim().toLowerCase();
  if (profileEmails.size > 5_000) profileEmails.clear();
  profileEmails.set(userId, { email, at: elapsedMs() });
  return email;
}

/** The viewer for a Slack user, linking by e-mail on first use; null when not linked. */
export async function resolveSlackViewer(
  deps: BotDeps,
  client: WebClient,
  userId: string,
): Promise<Viewer | null> {
  try {
    return await loadViewer(deps.db, { slackUserId: userId });
  } catch (e) {
    if (!isCarteiraError(e)) throw e;
  }
  let email: string | undefined;
  try {
    email = await profileEmail(client, userId);
  } catch (e) {
    deps.logger.warn({ err: e, userId }, 'users.info failed while linking by e-mail');
    return null;
  }
  if (!email) return null;
  // Link only a salesperson not yet linked to someone else.
  const linked = await deps.db
    .updateTable('salespeople')
    .set({ slack_user_id: userId })
    .where('email', '=', email)
    .where('active', '=', true)
    .where('slack_user_id', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!linked) return null;
  deps.logger.info({ userId, salespersonId: linked.id }, 'linked Slack user by e-mail');
  return loadViewer(deps.db, { id: linked.id });
}
