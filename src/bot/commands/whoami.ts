import { describeScope, scopeOf } from '../../core/access.js';
import { ROLE_LABELS } from '../../core/portfolio/viewer.js';
import { esc } from '../blocks/elements.js';
import type { BotDeps, CommandInvocation } from '../deps.js';
import { replyFor } from '../reply.js';
import { requireViewer } from '../require-viewer.js';
import { texts } from '../texts.js';

/** `/carteira eu`: the salesperson behind this Slack user, their role and what they see. */
export async function whoamiCommand(deps: BotDeps, inv: CommandInvocation): Promise<void> {
  const reply = replyFor(inv);
  const viewer = await requireViewer(deps, inv.client, inv.userId, reply);
  if (!viewer) return;
  const scope = describeScope(viewer, await scopeOf(deps.db, viewer));
  await reply(
    [
      texts.whoami.line(
        esc(viewer.name),
        esc(viewer.email),
        ROLE_LABELS[viewer.role],
        esc(viewer.storeName),
      ),
      texts.whoami.scope(esc(scope)),
      texts.whoami.timezone(viewer.timezone),
    ].join('\n'),
  );
}
