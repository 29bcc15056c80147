import type { Queue } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Config } from '../core/config.js';
import type { Database } from '../core/db/database.js';
import type { DB } from '../core/db/schema.js';
import type { Logger } from '../core/logger.js';
import type { ChannelGate } from './channel-gate.js';
import type { WorkerMetrics } from './metrics.js';
import type { WorkerTuning } from './options.js';
import type { DeliverJobData, OccurrenceJobData } from './queue.js';
import type { SlackDelivery } from './slack.js';

/** Fault injection for tests (e.g. dying right after a post, before recording it). */
export interface WorkerHooks {
  afterPost?(info: { deliveryId: number; channel: string; ts: string }): void | Promise<void>;
  /** Right after files.completeUploadExternal answered, before the file id is recorded. */
  afterComplete?(info: {
    deliveryId: number;
    channel: string;
    fileId: string;
  }): void | Promise<void>;
}

/** What the processors and the reconciler share; one per worker instance. */
export interface WorkerContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  logger: Logger;
  now: () => Date;
  queue: Queue<OccurrenceJobData | DeliverJobData>;
  slack: SlackDelivery;
  gate: ChannelGate;
  metrics: WorkerMetrics;
  tuning: WorkerTuning;
  /** Unique per process; claims are `${workerId}/${random}`. */
  workerId: string;
  hooks: WorkerHooks;
  /** Set when stopping: processors give their work back instead of starting Slack calls. */
  stopping: boolean;
}
