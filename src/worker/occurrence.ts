/**
 * Plans one occurrence of a subscription and gets it delivered.
 *
 * The occurrence's instant identifies it: the scheduler's firing time (BullMQ's
 * `prevMillis`, mapped to the schedule's own occurrence), or the time carried by catch-up,
 * "Enviar agora" and CLI jobs. Planning writes the ledger rows (one, or one per fan-out
 * recipient) with ON CONFLICT DO NOTHING, so any number of jobs for the same occurrence
 * plan it once. Then a single row is delivered inline; a fan-out becomes `deliver` jobs
 * that run (and wait for their DM channels' send slots) in parallel.
 */
import { DelayedError, type Job } from 'bullmq';
import {
  createDeliveries,
  ensureOccurrence,
  markOccurrence,
  markOccurrenceMissed,
  openDeliveries,
  type PlannedRecipient,
} from '../core/delivery/ledger.js';
import { MISSED_NOTE, SKIP_NOTES } from '../core/delivery/messages.js';
import { canonicalOccurrence, reportDateOf, timeliness } from '../core/delivery/occurrence-time.js';
import { fanOutRecipients } from '../core/delivery/recipients.js';
import { isAutomatic } from '../core/delivery/schema.js';
import type { OccurrenceOrigin } from '../core/db/schema.js';
import { importFinishedOn, latestImport } from '../core/import/runs.js';
import { localDate } from '../core/time/zoned.js';
import { planAlert } from '../core/alerts/plan.js';
import { isCarteiraError } from '../core/errors.js';
import { loadViewer, type Viewer } from '../core/portfolio/viewer.js';
import { loadSubscription, type Subscription } from '../core/subscriptions/subscription.js';
import { getView } from '../core/views/views.js';
import { elapsedMs } from '../core/clock.js';
import type { WorkerContext } from './context.js';
import { deliverOne, timingRulesFor, type DeliverOutcome } from './deliver.js';
import { deliverJobId, firedAt, jobOptions, type OccurrenceJobData } from './queue.js';

export type OccurrenceOutcome = DeliverOutcome | 'planned' | 'missed' | 'ignored';

/** The subscription's owner as a viewer, or null when they left (no longer a salesperson). */
async function ownerOf(ctx: WorkerContext, sub: Subscription): Promise<Viewer | null> {
  try {
    return await loadViewer(ctx.db, { id: sub.ownerId });
  } catch (e) {
    if (!isCarteiraError(e)) throw e;
    return null;
  }
}

async function planRecipients(
  ctx: WorkerContext,
  sub: Subscription,
  scheduledFor: Date,
  occurrence: { origin: OccurrenceOrigin; late: boolean },
): Promise<PlannedRecipient[]> {
  if (sub.kind === 'alert') return planAlertRecipients(ctx, sub, scheduledFor, occurrence);
  if (sub.destination !== 'each_salesperson') return [{ recipient: '', status: 'pending' }];
  const owner = await ownerOf(ctx, sub);
  // The owner left: one row, which the delivery step fails with the reason.
  if (!owner) return [{ recipient: '', status: 'pending' }];
  let view;
  try {
    if (sub.viewId === null) return [{ recipient: '', status: 'pending' }];
    view = await getView(ctx.db, owner, sub.viewId);
  } catch (e) {
    if (!isCarteiraError(e)) throw e;
    return [{ recipient: '', status: 'pending' }];
  }
  const recipients = await fanOutRecipients(ctx.db, {
    definition: view.definition,
    owner,
    asOf: reportDateOf(scheduledFor, sub.timezone),
    now: ctx.now(),
  });
  // Nobody has rows: one skipped row, so the history says why nothing went out.
  if (recipients.length === 0)
    return [{ recipient: '', status: 'skipped', note: SKIP_NOTES.noRecipients }];
  return recipients.map((r) =>
    r.slackUserId
      ? { recipient: String(r.salespersonId), status: 'pending' as const }
      : {
          recipient: String(r.salespersonId),
          status: 'skipped' as const,
          note: SKIP_NOTES.notLinked,
        },
  );
}

/**
 * Milliseconds to wait before looking again for the day's import, or null to go ahead: the
 * subscription does not wait, or the import of the occurrence's day (company timezone) has
 * finished, or the cutoff (IMPORT_WAIT_HOURS after the scheduled time) has come — then the
 * report goes out with whatever data there is, the stale warning included when it is old.
 */
async function importWaitMs(
  ctx: WorkerContext,
  sub: Subscription,
  origin: OccurrenceOrigin,
  scheduledFor: Date,
): Promise<number | null> {
  // A follow-up alert waits for the day's import once the company imports at all (issue 13:
  // "each morning, after the day's import, once there is one").
  const waits =
    sub.waitForImport ||
    (sub.kind === 'alert' && (await latestImport(ctx.db, { status: 'ok' })) !== null);
  if (!waits || !isAutomatic(origin)) return null;
  const now = ctx.now().getTime();
  const cutoff = scheduledFor.getTime() + ctx.config.IMPORT_WAIT_HOURS * 3_600_000;
  if (now >= cutoff) return null;
  const tz = ctx.config.CARTEIRA_TIMEZONE;
  if (await importFinishedOn(ctx.db, localDate(scheduledFor, tz), tz)) return null;
  return Math.max(1, Math.min(ctx.tuning.importRecheckMs, cutoff - now));
}

/** A follow-up alert: its matches decide who is told (core/alerts/plan.ts). */
async function planAlertRecipients(
  ctx: WorkerContext,
  sub: Subscription,
  scheduledFor: Date,
  occurrence: { origin: OccurrenceOrigin; late: boolean },
): Promise<PlannedRecipient[]> {
  const owner = await ownerOf(ctx, sub);
  // The owner left: one row, which the delivery step fails with the reason.
  if (!owner) return [{ recipient: '', status: 'pending' }];
  return planAlert(ctx.db, {
    subscription: sub,
    owner,
    scheduledFor,
    asOf: reportDateOf(scheduledFor, sub.timezone),
    origin: occurrence.origin,
    late: occurrence.late,
  });
}

export async function processOccurrence(
  ctx: WorkerContext,
  job: Job<OccurrenceJobData>,
  token: string,
): Promise<OccurrenceOutcome> {
  const { subscriptionId, origin } = job.data;
  const log = ctx.logger.child({ jobId: job.id, subscriptionId });
  if (ctx.stopping) {
    // Shutting down: leave it to the next worker.
    await job.moveToDelayed(elapsedMs() + 1000, token);
    throw new DelayedError();
  }
  const sub = await loadSubscription(ctx.db, subscriptionId);
  if (!sub) return 'ignored'; // deleted; the reconciler drops its scheduler
  const fired = firedAt(job);
  if (!fired) {
    log.error('occurrence job without a time');
    return 'ignored';
  }
  let scheduledFor = fired;
  if (origin === 'schedule') {
    const canonical = canonicalOccurrence(sub.schedule, fired);
    if (!canonical) return 'ignored'; // e.g. the `L` firing of a "dia 30" schedule in a 31-day month
    scheduledFor = canonical;
  }
  if (isAutomatic(origin) && (!sub.active || scheduledFor < sub.activeSince)) return 'ignored';

  const occurrence = await ensureOccurrence(ctx.db, { subscriptionId, scheduledFor, origin });
  if (occurrence.status === 'missed' || occurrence.status === 'ignored') return 'ignored';
  if (occurrence.status === 'requested') {
    const wait = await importWaitMs(ctx, sub, occurrence.origin, scheduledFor);
    if (wait !== null) {
      // "Após a importação do dia": today's import has not finished. The occurrence row
      // exists (catch-up and the orphan sweep leave it alone while this job is delayed);
      // the job looks again later, without holding a worker slot.
      log.info({ scheduledFor, recheckInMs: wait }, 'waiting for the day’s import');
      await job.moveToDelayed(elapsedMs() + wait, token);
      throw new DelayedError();
    }
    const when = timeliness(
      { scheduledFor, origin: occurrence.origin },
      ctx.now(),
      timingRulesFor(ctx, sub),
    );
    if (when === 'missed') {
      await markOccurrenceMissed(ctx.db, occurrence, MISSED_NOTE(ctx.tuning.graceMs));
      ctx.metrics.deliveries.inc({ status: 'missed' });
      log.warn({ scheduledFor }, 'occurrence past the grace window: recorded as missed');
      return 'missed';
    }
    const late = when === 'late';
    const recipients = await planRecipients(ctx, sub, scheduledFor, {
      origin: occurrence.origin,
      late,
    });
    await createDeliveries(ctx.db, {
      subscriptionId,
      scheduledFor,
      origin: occurrence.origin,
      late,
      recipients,
    });
    await markOccurrence(ctx.db, occurrence.id, {
      status: 'planned',
      late,
      recipients: recipients.length,
    });
    const skipped = recipients.filter((r) => r.status === 'skipped').length;
    if (skipped) ctx.metrics.deliveries.inc({ status: 'skipped' }, skipped);
  }

  const open = await openDeliveries(ctx.db, subscriptionId, scheduledFor);
  if (open.length === 0) return 'planned';
  if (open.length === 1) return deliverOne(ctx, job, token, open[0]!.id);
  await ctx.queue.addBulk(
    open.map((d) => ({
      name: 'deliver',
      data: { deliveryId: d.id },
      opts: { ...jobOptions(ctx.tuning), jobId: deliverJobId(d.id) },
    })),
  );
  log.info({ scheduledFor, deliveries: open.length }, 'fan-out planned');
  return 'planned';
}
