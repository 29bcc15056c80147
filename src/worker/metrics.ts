/**
 * Prometheus metrics on `/metrics`: deliveries by final status, the lag between an
 * occurrence's time and its post, queue depth by job state (read from Redis at scrape
 * time), Slack rate limits and errors. One registry per worker instance.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class WorkerMetrics {
  readonly registry = new Registry();
  readonly deliveries: Counter<'status'>;
  readonly lag: Histogram;
  readonly rateLimited: Counter;
  readonly slackErrors: Counter<'kind' | 'code'>;
  readonly reconciles: Counter<'result'>;

  constructor(jobCounts: () => Promise<Record<string, number>>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'carteira_worker_' });
    this.deliveries = new Counter({
      name: 'carteira_deliveries_total',
      help: 'Deliveries finished by this worker, by status (sent, skipped, failed, missed)',
      labelNames: ['status'],
      registers,
    });
    this.lag = new Histogram({
      name: 'carteira_delivery_lag_seconds',
      help: 'Time from an occurrence (scheduled time) to its post in Slack',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 12 * 3600],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'carteira_slack_rate_limited_total',
      help: 'Slack calls answered 429 (the job was delayed by Retry-After)',
      registers,
    });
    this.slackErrors = new Counter({
      name: 'carteira_slack_errors_total',
      help: 'Failed Slack calls by kind (transient, permanent) and error code',
      labelNames: ['kind', 'code'],
      registers,
    });
    this.reconciles = new Counter({
      name: 'carteira_reconciles_total',
      help: 'Reconcile passes (schedulers, catch-up, orphan sweep), by result',
      labelNames: ['result'],
      registers,
    });
    new Gauge({
      name: 'carteira_queue_jobs',
      help: 'Jobs in the report queue by state',
      labelNames: ['state'],
      registers,
      async collect() {
        try {
          const counts = await jobCounts();
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        } catch {
          // Redis down: the gauge keeps its last values; /readyz says so.
        }
      },
    });
  }
}
