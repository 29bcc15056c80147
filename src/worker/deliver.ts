/**
 * Posts one ledger row to Slack, exactly once.
 *
 *   1. Find where it goes (channel, owner DM, recipient DM) and reserve a send slot in that
 *      channel; a slot in the future delays the job instead of sleeping.
 *   2. Claim the row (pending → sending, fenced by a per-attempt token). A live claim held
 *      by someone else delays the job until that claim would be stale.
 *   3. Render with the owner's rights at the occurrence's report date.
 *   4. For each part not yet recorded: take the channel's post permit (the real one-per-second
 *      gap), write the intent (post_started_at / pending_file_id), call Slack, record the
 *      result (slack_ts / slack_file_id). If a previous attempt left an intent without a
 *      result, first look for its post in Slack (message metadata, files.info). A file
 *      Slack has not shared yet (sharing is asynchronous) is checked again later, not
 *      uploaded again.
 *   5. Mark sent. 429 → give the claim back, block the channel for Retry-After, delay the job
 *      (not an attempt). 5xx/network → give the claim back, throw: BullMQ retries with
 *      backoff. Permanent error → failed, owner told, subscription maybe paused.
 */
import { elapsedMs } from '../core/clock.js';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import {
  claimDelivery,
  clearFileStarted,
  clearPostStarted,
  finishDelivery,
  getDelivery,
  heartbeat,
  isTerminal,
  markFileStarted,
  markPostStarted,
  recordFile,
  recordPost,
  registerSuccess,
  releaseDelivery,
  skipPending,
  type DeliveryRow,
} from '../core/delivery/ledger.js';
import { lateNote, SKIP_NOTES } from '../core/delivery/messages.js';
import { parseAlertRecipient } from '../core/alerts/plan.js';
import { ALERT_SKIP_NOTE, renderAlertDelivery } from '../core/alerts/render-alert.js';
import { timeliness } from '../core/delivery/occurrence-time.js';
import { decideAfterFailure } from '../core/delivery/decide.js';
import { renderDelivery, type RenderedFile } from '../core/delivery/render-delivery.js';
import { freshnessOptions } from '../core/import/runs.js';
import type { SlackReportMessage, TableStyle } from '../core/render/slack-report.js';
import { sendWithTableFallback } from '../core/render/table-fallback.js';
import { isAutomatic } from '../core/delivery/schema.js';
import { classifySlackError, DeliveryError } from '../core/delivery/slack-errors.js';
import { isCarteiraError } from '../core/errors.js';
import { loadViewer, type Viewer } from '../core/portfolio/viewer.js';
import {
  formatParts,
  loadSubscription,
  type Subscription,
} from '../core/subscriptions/subscription.js';
import { WAKE_EARLY_MS } from './channel-gate.js';
import type { WorkerContext } from './context.js';
import { recordFailure } from './failures.js';
import type { DeliverJobData, OccurrenceJobData } from './queue.js';

export type DeliverOutcome = 'sent' | 'skipped' | 'failed' | 'done' | 'gone';

type AnyJob = Job<OccurrenceJobData | DeliverJobData>;

interface Recipient {
  salespersonId: number;
  name: string;
  slackUserId: string | null;
}

type Target =
  { kind: 'post'; channel: string; recipient: Recipient | null } | { kind: 'skip'; note: string };

/**
 * The lateness rules for a subscription: one that waits for the import is not "late" for
 * the time it waited (its report was meant to go out after the import).
 */
export function timingRulesFor(ctx: WorkerContext, sub: Subscription): WorkerContext['tuning'] {
  if (!sub.waitForImport) return ctx.tuning;
  return {
    ...ctx.tuning,
    lateAfterMs: ctx.tuning.lateAfterMs + ctx.config.IMPORT_WAIT_HOURS * 3_600_000,
  };
}

/** Waits this short are slept through; longer ones give the worker slot back. */
const MAX_PERMIT_SLEEP_MS = 400;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves the job back to the delayed set until `until` (epoch ms) and ends this run. */
async function delayUntil(
  job: AnyJob,
  token: string,
  until: number,
  patch?: Partial<DeliverJobData>,
): Promise<never> {
  if (patch) await job.updateData({ ...job.data, ...patch });
  await job.moveToDelayed(until, token);
  throw new DelayedError();
}

async function loadRecipient(ctx: WorkerContext, recipient: string): Promise<Recipient | null> {
  const id = Number(recipient);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const r = await ctx.db
    .selectFrom('salespeople')
    .select(['id', 'name', 'slack_user_id', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && r.active ? { salespersonId: r.id, name: r.name, slackUserId: r.slack_user_id } : null;
}

/** An alert row goes to the DM of its responsible (`sp:<id>`) or escalation (`esc:<id>`). */
async function resolveAlertTarget(
  ctx: WorkerContext,
  sub: Subscription,
  row: DeliveryRow,
): Promise<Target> {
  const who = parseAlertRecipient(row.recipient);
  // A row without a recipient: planning could not run as the owner.
  if (!who) throw new DeliveryError(sub.ownerActive ? 'view_unavailable' : 'owner_inactive');
  const recipient = await loadRecipient(ctx, String(who.salespersonId));
  if (!recipient) return { kind: 'skip', note: ALERT_SKIP_NOTE };
  if (row.slackChannel) return { kind: 'post', channel: row.slackChannel, recipient };
  if (!recipient.slackUserId) return { kind: 'skip', note: SKIP_NOTES.notLinked };
  return { kind: 'post', channel: await ctx.slack.openDm(recipient.slackUserId), recipient };
}

async function resolveTarget(
  ctx: WorkerContext,
  sub: Subscription,
  row: DeliveryRow,
): Promise<Target> {
  if (sub.kind === 'alert') return resolveAlertTarget(ctx, sub, row);
  if (row.slackChannel) {
    // Resolved by an earlier attempt: keep the same conversation (a retry must land where
    // the first half of a table+file delivery went).
    const recipient =
      sub.destination === 'each_salesperson' ? await loadRecipient(ctx, row.recipient) : null;
    return { kind: 'post', channel: row.slackChannel, recipient };
  }
  switch (sub.destination) {
    case 'channel':
      return { kind: 'post', channel: sub.channelId!, recipient: null };
    case 'dm':
      if (!sub.ownerSlackUserId) throw new DeliveryError('owner_not_linked');
      return {
        kind: 'post',
        channel: await ctx.slack.openDm(sub.ownerSlackUserId),
        recipient: null,
      };
    case 'each_salesperson': {
      // A fan-out row without a recipient: planning could not run as the owner.
      if (row.recipient === '')
        throw new DeliveryError(sub.ownerActive ? 'view_unavailable' : 'owner_inactive');
      const recipient = await loadRecipient(ctx, row.recipient);
      if (!recipient) return { kind: 'skip', note: SKIP_NOTES.noRows };
      if (!recipient.slackUserId) return { kind: 'skip', note: SKIP_NOTES.notLinked };
      return { kind: 'post', channel: await ctx.slack.openDm(recipient.slackUserId), recipient };
    }
  }
}

async function loadOwner(ctx: WorkerContext, sub: Subscription): Promise<Viewer> {
  if (!sub.ownerActive) throw new DeliveryError('owner_inactive');
  try {
    return await loadViewer(ctx.db, { id: sub.ownerId });
  } catch (e) {
    if (isCarteiraError(e)) throw new DeliveryError('owner_inactive');
    throw e;
  }
}

/** One delivery attempt in progress: what the steps below share. */
interface Attempt {
  ctx: WorkerContext;
  job: AnyJob;
  token: string;
  log: WorkerContext['logger'];
  sub: Subscription;
  row: DeliveryRow;
  claimToken: string;
  /** Where it goes, once resolved. */
  channel: string | null;
  recipientName: string | null;
  /** The Slack call in flight whose write-ahead mark a 429 must clear. */
  step: 'none' | 'post' | 'complete';
}

/** Right before a post: the channel's real one-per-second spacing (see channel-gate.ts). */
async function permit(a: Attempt, to: string): Promise<void> {
  for (;;) {
    const wait = await a.ctx.gate.permit(to);
    if (wait === 0) return;
    if (wait <= MAX_PERMIT_SLEEP_MS && !a.ctx.stopping) {
      await sleep(wait);
      continue;
    }
    await releaseDelivery(a.ctx.db, a.row.id, a.claimToken);
    await delayUntil(a.job, a.token, elapsedMs() + wait, { gate: undefined });
  }
}

/** 4a. The table message, unless an earlier attempt's post is found in the channel. */
async function postMessage(
  a: Attempt,
  claimed: DeliveryRow,
  channel: string,
  messageIn: (style: TableStyle) => SlackReportMessage,
): Promise<void> {
  const { ctx, row, sub, log } = a;
  // data_table → table → text where Slack refuses a table style (remembered per process).
  const post = async (): Promise<string> => {
    let posted = '';
    await sendWithTableFallback({
      surface: 'message',
      render: messageIn,
      send: async (m) => {
        posted = await ctx.slack.postReport(channel, m, meta);
      },
      logger: log,
    });
    return posted;
  };
  const meta = {
    deliveryId: row.id,
    subscriptionId: sub.id,
    scheduledFor: claimed.scheduledFor,
    recipient: claimed.recipient,
  };
  let ts: string | null = null;
  if (claimed.postStartedAt) {
    const found = await ctx.slack.findPosted(channel, claimed.postStartedAt, row.id);
    if (found === 'unknown') {
      log.warn(
        { channel },
        'cannot read channel history to check an interrupted post; posting again (may duplicate)',
      );
    } else if (found) {
      log.info({ channel, ts: found }, 'interrupted post found in Slack; not posting again');
      ts = found;
    }
  }
  if (!ts) {
    await permit(a, channel);
    if (!(await markPostStarted(ctx.db, row.id, a.claimToken)))
      throw new DeliveryError('claim_lost');
    a.step = 'post';
    try {
      ts = await post();
    } catch (e) {
      // Bot not in a public channel: join it once and try again.
      const f = classifySlackError(e);
      if (
        f.kind === 'permanent' &&
        f.code === 'not_in_channel' &&
        sub.destination === 'channel' &&
        (await ctx.slack.join(channel))
      ) {
        await permit(a, channel);
        ts = await post();
      } else {
        throw e;
      }
    }
    a.step = 'none';
    await ctx.hooks.afterPost?.({ deliveryId: row.id, channel, ts });
  }
  await recordPost(ctx.db, row.id, a.claimToken, { channel, ts });
}

/** 4b. The file, unless an earlier attempt's share is found. */
async function shareFile(
  a: Attempt,
  claimed: DeliveryRow,
  channel: string,
  file: RenderedFile,
): Promise<void> {
  const { ctx, row, log } = a;
  if (claimed.pendingFileId && claimed.fileStartedAt) {
    const fileId = claimed.pendingFileId;
    const state = await ctx.slack.fileShareState(fileId, channel);
    if (state === 'shared') {
      await recordFile(ctx.db, row.id, a.claimToken, { channel, fileId });
      return;
    }
    const checks = (a.job.data as DeliverJobData).shareChecks ?? 0;
    if (state === 'pending' && checks < ctx.tuning.fileShareChecks) {
      // Uploaded and completed, not shared yet (Slack shares asynchronously): sent, pending
      // Slack's share. Come back later rather than upload it a second time.
      log.info({ fileId, checks }, 'interrupted file found, not shared yet; checking again later');
      await releaseDelivery(ctx.db, row.id, a.claimToken);
      await delayUntil(a.job, a.token, elapsedMs() + ctx.tuning.fileShareRecheckMs, {
        shareChecks: checks + 1,
        gate: undefined,
      });
    }
    if (state === 'unknown' || state === 'pending') {
      log.warn(
        { fileId, state },
        'cannot confirm an interrupted file share; sharing again (may duplicate)',
      );
    }
  }
  const upload = await ctx.slack.startUpload(file.filename, file.bytes.length, file.altText);
  await ctx.slack.uploadBytes(upload.uploadUrl, file.bytes);
  await permit(a, channel);
  if (!(await markFileStarted(ctx.db, row.id, a.claimToken, upload.fileId)))
    throw new DeliveryError('claim_lost');
  a.step = 'complete';
  try {
    await ctx.slack.completeUpload(upload.fileId, channel, file.title, file.comment);
  } catch (e) {
    // As for the message: the bot was removed from a public channel; join it once and retry.
    const f = classifySlackError(e);
    if (
      f.kind === 'permanent' &&
      f.code === 'not_in_channel' &&
      a.sub.destination === 'channel' &&
      (await ctx.slack.join(channel))
    ) {
      await permit(a, channel);
      await ctx.slack.completeUpload(upload.fileId, channel, file.title, file.comment);
    } else {
      throw e;
    }
  }
  a.step = 'none';
  await ctx.hooks.afterComplete?.({ deliveryId: row.id, channel, fileId: upload.fileId });
  await recordFile(ctx.db, row.id, a.claimToken, { channel, fileId: upload.fileId });
}

/** Maps core's decision on a failed attempt (decide.ts) onto the queue. */
async function onFailure(a: Attempt, claimed: DeliveryRow, e: unknown): Promise<never> {
  const { ctx, job, row, log } = a;
  const failure = classifySlackError(e);
  if (failure.kind === 'rate_limited') {
    ctx.metrics.rateLimited.inc();
    // 429: Slack did not act on the call.
    if (a.step === 'post') await clearPostStarted(ctx.db, row.id, a.claimToken);
    if (a.step === 'complete') await clearFileStarted(ctx.db, row.id, a.claimToken);
  }
  const decision = decideAfterFailure(failure, {
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    rateLimitedSoFar: (job.data as DeliverJobData).rateLimited ?? 0,
    maxRateLimitDelays: ctx.tuning.maxRateLimitDelays,
  });
  switch (decision.kind) {
    case 'delay':
      if (a.channel) await ctx.gate.block(a.channel, decision.retryAfterMs);
      await releaseDelivery(ctx.db, row.id, a.claimToken);
      log.info(
        { channel: a.channel, retryAfterMs: decision.retryAfterMs },
        'rate limited by Slack; delaying the job',
      );
      return delayUntil(job, a.token, elapsedMs() + decision.retryAfterMs, {
        rateLimited: decision.rateLimitedCount,
        gate: undefined,
      });
    case 'fail':
      ctx.metrics.slackErrors.inc({ kind: failure.kind, code: failure.code });
      await recordFailure(ctx, {
        subscription: a.sub,
        row: claimed,
        token: a.claimToken,
        code: decision.code,
        scope: decision.scope,
        transient: decision.transient,
        recipientName: a.recipientName,
        channel: a.channel,
      });
      throw new UnrecoverableError(`delivery ${row.id} failed: ${decision.code}`);
    case 'retry':
      ctx.metrics.slackErrors.inc({ kind: 'transient', code: decision.code });
      await releaseDelivery(
        ctx.db,
        row.id,
        a.claimToken,
        `tentativa ${decision.attempt}: ${decision.code}`,
      );
      log.warn(
        { err: e, code: decision.code, attempt: decision.attempt },
        'transient delivery error; will retry',
      );
      throw e;
  }
}

export async function deliverOne(
  ctx: WorkerContext,
  job: AnyJob,
  token: string,
  deliveryId: number,
): Promise<DeliverOutcome> {
  const log = ctx.logger.child({ jobId: job.id, deliveryId });
  const row = await getDelivery(ctx.db, deliveryId);
  if (!row) return 'gone';
  if (isTerminal(row.status)) return 'done';
  const sub = await loadSubscription(ctx.db, row.subscriptionId);
  if (!sub) return 'gone';
  if (!sub.active && isAutomatic(row.origin)) {
    // Pending, or left `sending` by a crashed worker: skipped. A live claim is its worker's.
    if (!(await skipPending(ctx.db, row.id, SKIP_NOTES.paused, ctx.tuning.claimStaleMs)))
      return 'done';
    ctx.metrics.deliveries.inc({ status: 'skipped' });
    return 'skipped';
  }
  if (ctx.stopping) await delayUntil(job, token, elapsedMs() + 1000);

  const parts = formatParts(sub.format);
  let target: Target | null = null;
  let targetError: unknown = null;
  try {
    target = await resolveTarget(ctx, sub, row);
  } catch (e) {
    targetError = e;
  }

  // 1. A send slot in the channel (a table and its file take two).
  if (target?.kind === 'post') {
    const data = job.data as DeliverJobData;
    const held = data.gate?.channel === target.channel ? data.gate.slot : 0;
    const slot = await ctx.gate.reserve(target.channel, parts.table && parts.file ? 2 : 1, held);
    if (slot.waitMs > WAKE_EARLY_MS) {
      // Wake a little early: the report is rendered by the time the slot comes.
      await delayUntil(job, token, elapsedMs() + slot.waitMs - WAKE_EARLY_MS, {
        gate: { channel: target.channel, slot: slot.slot },
      });
    }
  }

  // 2. The claim.
  const claimToken = `${ctx.workerId}/${randomUUID()}`;
  const claim = await claimDelivery(ctx.db, row.id, claimToken, ctx.tuning.claimStaleMs);
  if (claim.kind === 'gone') return 'gone';
  if (claim.kind === 'done') return 'done';
  if (claim.kind === 'busy') await delayUntil(job, token, claim.retryAt.getTime());
  if (claim.kind !== 'claimed') return 'done';
  const claimed = claim.row;
  if (claim.takeover)
    log.warn('taking over a delivery whose worker stopped mid-send; checking Slack before posting');

  const beat = setInterval(
    () => void heartbeat(ctx.db, row.id, claimToken).catch(() => {}),
    Math.max(1000, Math.floor(ctx.tuning.claimStaleMs / 3)),
  );
  beat.unref();
  const a: Attempt = {
    ctx,
    job,
    token,
    log,
    sub,
    row,
    claimToken,
    channel: null,
    recipientName: null,
    step: 'none',
  };
  try {
    if (targetError) throw targetError;
    if (!target) throw new DeliveryError('no_target');
    if (target.kind === 'skip') {
      await finishDelivery(ctx.db, row.id, claimToken, {
        status: 'skipped',
        note: target.note,
        rowCount: 0,
      });
      ctx.metrics.deliveries.inc({ status: 'skipped' });
      return 'skipped';
    }
    const channel = target.channel;
    a.channel = channel;
    a.recipientName = target.recipient?.name ?? null;
    if (ctx.stopping) {
      await releaseDelivery(ctx.db, row.id, claimToken);
      await delayUntil(job, token, elapsedMs() + 1000);
    }

    // 3. Render.
    const owner = await loadOwner(ctx, sub);
    const now = ctx.now();
    const late = claimed.late || timeliness(claimed, now, timingRulesFor(ctx, sub)) === 'late';
    const note = late ? lateNote(claimed.scheduledFor, sub.timezone) : null;
    const alertRecipient = sub.kind === 'alert' ? parseAlertRecipient(claimed.recipient) : null;
    const rendered = alertRecipient
      ? await renderAlertDelivery(ctx.db, {
          subscription: sub,
          owner,
          scheduledFor: claimed.scheduledFor,
          recipient: alertRecipient,
          recipientName: target.recipient?.name ?? '',
          lateNote: note,
        })
      : await renderDelivery(ctx.db, {
          subscription: sub,
          owner,
          scheduledFor: claimed.scheduledFor,
          recipient: target.recipient,
          lateNote: note,
          now,
          freshness: freshnessOptions(ctx.config),
        });
    if (rendered.kind === 'skip') {
      await finishDelivery(ctx.db, row.id, claimToken, {
        status: 'skipped',
        note: rendered.note,
        rowCount: rendered.rowCount,
      });
      ctx.metrics.deliveries.inc({ status: 'skipped' });
      await registerSuccess(ctx.db, sub.id);
      return 'skipped';
    }

    // 4. The parts not recorded yet.
    if (rendered.message && !claimed.slackTs)
      await postMessage(a, claimed, channel, rendered.messageIn ?? (() => rendered.message!));
    if (rendered.file && !claimed.slackFileId) await shareFile(a, claimed, channel, rendered.file);

    // 5. Done.
    await finishDelivery(ctx.db, row.id, claimToken, {
      status: 'sent',
      rowCount: rendered.rowCount,
      late,
      channel,
      ...(rendered.snapshot ? { snapshot: rendered.snapshot, changes: rendered.changes } : {}),
    });
    await registerSuccess(ctx.db, sub.id);
    ctx.metrics.deliveries.inc({ status: 'sent' });
    ctx.metrics.lag.observe(
      Math.max(0, (ctx.now().getTime() - claimed.scheduledFor.getTime()) / 1000),
    );
    log.info({ subscriptionId: sub.id, channel, rows: rendered.rowCount, late }, 'delivered');
    return 'sent';
  } catch (e) {
    if (e instanceof DelayedError) throw e;
    if (e instanceof DeliveryError && e.code === 'claim_lost') {
      log.warn('claim lost (another worker took over); leaving the row to it');
      return 'done';
    }
    return await onFailure(a, claimed, e);
  } finally {
    clearInterval(beat);
  }
}
