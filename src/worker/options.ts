/**
 * The worker's tunables. Production uses the defaults; tests shrink the waits (stale
 * claims, backoff, stall detection) to keep fault tests fast.
 */
export interface WorkerTuning {
  /** Occurrences missed by more than this are recorded as missed instead of posted (12 h). */
  graceMs: number;
  /** A delivery posted more than this after its time says "enviado com atraso" (10 min). */
  lateAfterMs: number;
  /** How far back catch-up looks for occurrences that never happened (7 days). */
  lookbackMs: number;
  /** Catch-up leaves the last minute to the scheduler's own jobs. */
  catchUpSettleMs: number;
  /** A claim older than this belongs to a dead worker and may be taken over (5 min). */
  claimStaleMs: number;
  /** Full reconcile: schedulers, catch-up, orphan sweep (5 min). */
  reconcileIntervalMs: number;
  /** Poll for requested occurrences, in case a NOTIFY was missed (10 s). */
  pollIntervalMs: number;
  /** A pending ledger row older than this without progress gets its job re-added. */
  orphanAfterMs: number;
  /** Attempts for transient failures (5xx, network), with exponential backoff from `backoffMs`. */
  attempts: number;
  backoffMs: number;
  /** Spacing between two posts to the same channel (Slack: about one per second). */
  channelIntervalMs: number;
  /** After this many 429s in a row a delivery counts as a transient failure. */
  maxRateLimitDelays: number;
  /** Consecutive failed occurrences that pause a subscription. */
  pauseAfterFailures: number;
  /** Time given to running jobs on stop before connections are cut. */
  shutdownTimeoutMs: number;
  /** BullMQ job lock and stalled-job check (30 s each by default). */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Slack Web API request timeout. */
  slackTimeoutMs: number;
  /** How often IMPORT_DIR is looked at (5 s); an export is complete after two equal looks. */
  importPollMs: number;
  /** An "após a importação do dia" occurrence re-checks for the import this often (1 min). */
  importRecheckMs: number;
  /**
   * Slack shares a completed upload asynchronously: a taken-over delivery whose file exists but
   * shows no share yet is checked again this often (5 s), up to `fileShareChecks` times (12),
   * before it is uploaded again.
   */
  fileShareRecheckMs: number;
  fileShareChecks: number;
}

export const DEFAULT_TUNING: WorkerTuning = {
  graceMs: 12 * 3600_000,
  lateAfterMs: 10 * 60_000,
  lookbackMs: 7 * 24 * 3600_000,
  catchUpSettleMs: 60_000,
  claimStaleMs: 5 * 60_000,
  reconcileIntervalMs: 5 * 60_000,
  pollIntervalMs: 10_000,
  orphanAfterMs: 60_000,
  attempts: 6,
  backoffMs: 2_000,
  channelIntervalMs: 1_050,
  maxRateLimitDelays: 30,
  pauseAfterFailures: 3,
  shutdownTimeoutMs: 10_000,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  slackTimeoutMs: 15_000,
  importPollMs: 5_000,
  importRecheckMs: 60_000,
  fileShareRecheckMs: 5_000,
  fileShareChecks: 12,
};
