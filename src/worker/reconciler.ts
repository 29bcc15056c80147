/**
 * Makes Redis match Postgres. Postgres holds the subscriptions and the ledger; Redis holds
 * only what can be rebuilt from them:
 *
 * - schedulers: exactly one BullMQ job scheduler (`sub-<id>`, cron + timezone) per active
 *   subscription; changed ones are upserted, stale ones removed, unchanged ones left alone
 *   (re-upserting would drop an occurrence that is due at that very moment);
 * - catch-up: occurrences that should have fired since the subscription became active
 *   (bounded by `lookbackMs`) and were never recorded — Redis was flushed, every worker
 *   was down — are queued once within the grace window, recorded as missed beyond it;
 * - requested occurrences ("Enviar agora", CLI trigger) become jobs;
 * - orphans: ledger rows that should be moving but have no job get one.
 *
 * Runs at start, every `reconcileIntervalMs`, and (schedulers + requests only) right after
 * a NOTIFY. Passes never overlap within a process; several workers may run them at once:
 * every step is idempotent.
 */
import type { Job } from 'bullmq';
import { sql } from 'kysely';
import { MISSED_NOTE } from '../core/delivery/messages.js';
import { orphanDeliveries, recordMissed, requestedOccurrences } from '../core/delivery/ledger.js';
import { planCatchUp } from '../core/delivery/occurrence-time.js';
import { ledgerDb } from '../core/delivery/schema.js';
import { listAllSubscriptions } from '../core/subscriptions/list-subscriptions.js';
import type { Subscription } from '../core/subscriptions/subscription.js';
import type { WorkerContext } from './context.js';
import {
  deliverJobId,
  jobOptions,
  occurrenceJobId,
  schedulerId,
  subscriptionOfScheduler,
  type DeliverJobData,
  type OccurrenceJobData,
} from './queue.js';

export interface ReconcileReport {
  schedulers: { added: number; updated: number; removed: number; total: number };
  caughtUp: number;
  missed: number;
  requested: number;
  orphans: number;
}

const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

export class Reconciler {
  private chain: Promise<unknown> = Promise.resolve();
  private quickQueued: Promise<void> | null = null;

  constructor(private readonly ctx: WorkerContext) {}

  /** Runs `fn` after every pass already queued in this process. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Everything: schedulers, catch-up, requested occurrences, orphans. */
  full(): Promise<ReconcileReport> {
    return this.serial(async () => {
      try {
        const subs = await listAllSubscriptions(this.ctx.db, { activeOnly: true });
        const schedulers = await this.syncSchedulers(subs);
        const { caughtUp, missed } = await this.catchUp(subs);
        const requested = await this.pickupRequested();
        const orphans = await this.sweepOrphans();
        const report = { schedulers, caughtUp, missed, requested, orphans };
        this.ctx.metrics.reconciles.inc({ result: 'ok' });
        this.ctx.logger.debug({ report }, 'reconciled');
        return report;
      } catch (e) {
        this.ctx.metrics.reconciles.inc({ result: 'error' });
        throw e;
      }
    });
  }

  /** After a NOTIFY: schedulers and requested occurrences. Bursts collapse into one pass. */
  quick(): Promise<void> {
    if (this.quickQueued) return this.quickQueued;
    const pass = this.serial(async () => {
      this.quickQueued = null;
      const subs = await listAllSubscriptions(this.ctx.db, { activeOnly: true });
      await this.syncSchedulers(subs);
      await this.pickupRequested();
    });
    this.quickQueued = pass;
    return pass;
  }

  /** Requested occurrences only (the poll timer). */
  poll(): Promise<number> {
    return this.serial(() => this.pickupRequested());
  }

  async syncSchedulers(subs: Subscription[]): Promise<ReconcileReport['schedulers']> {
    const { queue, tuning } = this.ctx;
    const existing = new Map((await queue.getJobSchedulers(0, -1, true)).map((s) => [s.key, s]));
    const wanted = new Map(subs.map((s) => [schedulerId(s.id), s]));
    let added = 0;
    let updated = 0;
    let removed = 0;
    for (const key of existing.keys()) {
      if (subscriptionOfScheduler(key) !== null && !wanted.has(key)) {
        await queue.removeJobScheduler(key);
        removed++;
      }
    }
    for (const [key, sub] of wanted) {
      const current = existing.get(key);
      if (current && current.pattern === sub.cron && current.tz === sub.timezone) continue;
      await queue.upsertJobScheduler(
        key,
        { pattern: sub.cron, tz: sub.timezone },
        {
          name: 'occurrence',
          data: { subscriptionId: sub.id, origin: 'schedule' } satisfies OccurrenceJobData,
          opts: jobOptions(tuning),
        },
      );
      if (current) updated++;
      else added++;
    }
    if (added || updated || removed)
      this.ctx.logger.info({ added, updated, removed }, 'job schedulers reconciled');
    return { added, updated, removed, total: wanted.size };
  }

  async catchUp(subs: Subscription[]): Promise<{ caughtUp: number; missed: number }> {
    const { ctx } = this;
    const now = ctx.now();
    if (subs.length === 0) return { caughtUp: 0, missed: 0 };
    const horizon = new Date(now.getTime() - ctx.tuning.lookbackMs);
    const recordedRows = await ledgerDb(ctx.db)
      .selectFrom('occurrences')
      .select(['subscription_id', 'scheduled_for'])
      .where('scheduled_for', '>', horizon)
      .where(sql<boolean>`subscription_id = ANY(${subs.map((s) => s.id)}::int[])`)
      .execute();
    const recorded = new Map<number, Set<number>>();
    for (const r of recordedRows) {
      let set = recorded.get(r.subscription_id);
      if (!set) recorded.set(r.subscription_id, (set = new Set()));
      set.add(r.scheduled_for.getTime());
    }
    let missed = 0;
    const jobs: {
      name: 'occurrence';
      data: OccurrenceJobData;
      opts: ReturnType<typeof jobOptions>;
    }[] = [];
    const note = MISSED_NOTE(ctx.tuning.graceMs);
    for (const sub of subs) {
      const since = new Date(Math.max(sub.activeSince.getTime(), horizon.getTime()));
      const plan = planCatchUp({
        spec: sub.schedule,
        since,
        now,
        recorded: recorded.get(sub.id) ?? new Set(),
        graceMs: ctx.tuning.graceMs,
        settleMs: ctx.tuning.catchUpSettleMs,
      });
      for (const at of plan.miss) {
        if (
          await recordMissed(ctx.db, {
            subscriptionId: sub.id,
            scheduledFor: at,
            origin: 'catch_up',
            note,
          })
        ) {
          ctx.metrics.deliveries.inc({ status: 'missed' });
          missed++;
        }
      }
      for (const at of plan.post) {
        jobs.push({
          name: 'occurrence',
          data: { subscriptionId: sub.id, origin: 'catch_up', scheduledFor: at.getTime() },
          opts: { ...jobOptions(ctx.tuning), jobId: occurrenceJobId(sub.id, at) },
        });
      }
    }
    for (let i = 0; i < jobs.length; i += 500) await ctx.queue.addBulk(jobs.slice(i, i + 500));
    const caughtUp = jobs.length;
    if (caughtUp || missed) ctx.logger.info({ caughtUp, missed }, 'catch-up after downtime');
    return { caughtUp, missed };
  }

  /** "Enviar agora" and CLI triggers waiting for a job. */
  async pickupRequested(): Promise<number> {
    const rows = await requestedOccurrences(this.ctx.db, {
      limit: 500,
      origins: ['manual', 'trigger'],
    });
    if (rows.length === 0) return 0;
    await this.ctx.queue.addBulk(
      rows.map((r) => ({
        name: 'occurrence',
        data: {
          subscriptionId: r.subscriptionId,
          origin: r.origin,
          scheduledFor: r.scheduledFor.getTime(),
        },
        opts: {
          ...jobOptions(this.ctx.tuning),
          jobId: occurrenceJobId(r.subscriptionId, r.scheduledFor),
        },
      })),
    );
    return rows.length;
  }

  /** Is any job that could move this work alive (waiting, delayed, active)? */
  private async anyLive(ids: string[]): Promise<{ live: boolean; dead: Job[] }> {
    const dead: Job[] = [];
    for (const id of ids) {
      const job = await this.ctx.queue.getJob(id);
      if (!job) continue;
      const state = await job.getState();
      if (LIVE_STATES.has(state)) return { live: true, dead };
      dead.push(job);
    }
    return { live: false, dead };
  }

  /**
   * Work that lost its job (Redis flushed, a job failed while its claim was held, a crash
   * between writing the ledger and adding the job): occurrences stuck in `requested` and
   * ledger rows pending or stale, with no live job, get a new job.
   */
  async sweepOrphans(): Promise<number> {
    const { ctx } = this;
    let revived = 0;
    const occurrences = await requestedOccurrences(ctx.db, {
      limit: 500,
      olderThanMs: ctx.tuning.orphanAfterMs,
    });
    for (const o of occurrences) {
      const id = occurrenceJobId(o.subscriptionId, o.scheduledFor);
      const { live, dead } = await this.anyLive([
        id,
        `repeat:${schedulerId(o.subscriptionId)}:${o.scheduledFor.getTime()}`,
      ]);
      if (live) continue;
      for (const job of dead) if (job.id === id) await job.remove().catch(() => {});
      await ctx.queue.add(
        'occurrence',
        {
          subscriptionId: o.subscriptionId,
          origin: o.origin,
          scheduledFor: o.scheduledFor.getTime(),
        },
        { ...jobOptions(ctx.tuning), jobId: id },
      );
      revived++;
    }
    const rows = await orphanDeliveries(ctx.db, {
      pendingMs: ctx.tuning.orphanAfterMs,
      staleMs: ctx.tuning.claimStaleMs,
    });
    for (const d of rows) {
      const id = deliverJobId(d.id);
      const { live, dead } = await this.anyLive([
        id,
        occurrenceJobId(d.subscriptionId, d.scheduledFor),
        `repeat:${schedulerId(d.subscriptionId)}:${d.scheduledFor.getTime()}`,
      ]);
      if (live) continue;
      for (const job of dead) if (job.id === id) await job.remove().catch(() => {});
      await ctx.queue.add('deliver', { deliveryId: d.id } satisfies DeliverJobData, {
        ...jobOptions(ctx.tuning),
        jobId: id,
      });
      revived++;
    }
    if (revived) ctx.logger.warn({ revived }, 'orphaned work re-queued');
    return revived;
  }
}

/** Used by /readyz: can we reach Postgres? */
export async function pingDatabase(ctx: WorkerContext): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(ctx.db);
    return true;
  } catch {
    return false;
  }
}
