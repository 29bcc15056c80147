/**
 * Posts the contact reminders that are due ("Lembrar em N dias"), each once: claim
 * (core/projects/reminders.ts), write the mark, DM, record. A transient Slack error gives
 * the claim back for the next pass; a permanent one fails the row with the reason.
 */
import { randomUUID } from 'node:crypto';
import {
  claimDueReminders,
  finishReminder,
  markReminderStarted,
  releaseReminder,
  reminderText,
  REMINDER_NOTES,
} from '../core/projects/reminders.js';
import { classifySlackError } from '../core/delivery/slack-errors.js';
import type { WorkerContext } from './context.js';

/** One pass; returns how many reminders were sent. */
export async function sendDueReminders(ctx: WorkerContext): Promise<number> {
  if (ctx.stopping) return 0;
  const due = await claimDueReminders(ctx.db, {
    token: `${ctx.workerId}/${randomUUID()}`,
    now: ctx.now(),
    staleMs: ctx.tuning.claimStaleMs,
  });
  let sent = 0;
  for (const r of due) {
    if (r.interrupted) {
      await finishReminder(ctx.db, r, { status: 'failed', error: REMINDER_NOTES.interrupted });
      continue;
    }
    if (!r.slackUserId) {
      await finishReminder(ctx.db, r, { status: 'failed', error: REMINDER_NOTES.notLinked });
      continue;
    }
    let marked = false;
    try {
      const channel = await ctx.slack.openDm(r.slackUserId);
      if (!(await markReminderStarted(ctx.db, r))) continue;
      marked = true;
      await ctx.slack.dm(r.slackUserId, reminderText(r));
      await finishReminder(ctx.db, r, { status: 'sent', channel });
      sent++;
    } catch (e) {
      const f = classifySlackError(e);
      if (f.kind === 'permanent') {
        await finishReminder(ctx.db, r, { status: 'failed', error: f.code });
      } else {
        const limited = f.kind === 'rate_limited';
        await releaseReminder(ctx.db, r, limited ? 'ratelimited' : f.code, limited || !marked);
      }
    }
  }
  return sent;
}
