/**
 * The queue's vocabulary: one BullMQ queue, two kinds of job, deterministic job ids.
 *
 * - `occurrence` {subscriptionId, origin, scheduledFor?}: plans one occurrence (its ledger
 *   rows) and delivers it — inline when it has one recipient, as `deliver` jobs for a
 *   fan-out. Scheduler jobs carry no `scheduledFor`: their time is BullMQ's `prevMillis`.
 * - `deliver` {deliveryId}: posts one ledger row.
 *
 * Job ids make re-adding the same work a no-op while the job exists; the ledger makes it
 * harmless when it does not.
 */
import type { Job, JobsOptions } from 'bullmq';
import type { OccurrenceOrigin } from '../core/delivery/schema.js';
import type { WorkerTuning } from './options.js';

export const QUEUE_NAME = 'reports';

export interface OccurrenceJobData {
  subscriptionId: number;
  origin: OccurrenceOrigin;
  /** Epoch ms; absent on scheduler jobs. */
  scheduledFor?: number;
  /** Rate-limit reservation kept across a delay (see channel-gate.ts). */
  gate?: { channel: string; slot: number };
  rateLimited?: number;
  /** Times a taken-over file was found uploaded but not shared yet (see shareFile). */
  shareChecks?: number;
}

export interface DeliverJobData {
  deliveryId: number;
  gate?: { channel: string; slot: number };
  rateLimited?: number;
  /** Times a taken-over file was found uploaded but not shared yet (see shareFile). */
  shareChecks?: number;
}

export type ReportJob = Job<OccurrenceJobData | DeliverJobData>;

export const schedulerId = (subscriptionId: number) => `sub-${subscriptionId}`;

export function subscriptionOfScheduler(id: string): number | null {
  const m = /^sub-(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

export const occurrenceJobId = (subscriptionId: number, scheduledFor: Date | number) =>
  `occ-${subscriptionId}-${typeof scheduledFor === 'number' ? scheduledFor : scheduledFor.getTime()}`;

export const deliverJobId = (deliveryId: number) => `dlv-${deliveryId}`;

export function jobOptions(t: WorkerTuning): JobsOptions {
  return {
    attempts: t.attempts,
    backoff: { type: 'exponential', delay: t.backoffMs },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}

/** The occurrence a job stands for: its own `scheduledFor`, or the scheduler's firing time. */
export function firedAt(job: Job<OccurrenceJobData>): Date | null {
  if (typeof job.data.scheduledFor === 'number') return new Date(job.data.scheduledFor);
  if (typeof job.opts.prevMillis === 'number') return new Date(job.opts.prevMillis);
  const m = /^repeat:[^:]+:(\d+)$/.exec(job.id ?? '');
  return m ? new Date(Number(m[1])) : null;
}
