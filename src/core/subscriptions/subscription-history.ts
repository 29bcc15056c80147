import { sql, type Kysely } from 'kysely';
import type { DB, DeliveryStatus } from '../db/schema.js';
import type { ChangeCounts } from '../delivery/changes.js';
import { ledgerDb, type OccurrenceOrigin } from '../delivery/schema.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getSubscription } from './get-subscription.js';
import type { Subscription } from './subscription.js';

export interface DeliveryRecord {
  id: number;
  subscriptionId: number;
  scheduledFor: Date;
  /** '' for the subscription's channel or owner DM; a salesperson id for fan-out. */
  recipient: string;
  recipientName: string | null;
  status: DeliveryStatus;
  origin: OccurrenceOrigin;
  late: boolean;
  attempts: number;
  sentAt: Date | null;
  slackChannel: string | null;
  slackTs: string | null;
  slackFileId: string | null;
  rowCount: number | null;
  error: string | null;
  note: string | null;
  /** What changed since the previous delivery to the same recipient; null on the first. */
  changes: ChangeCounts | null;
}

function parseChanges(raw: unknown): ChangeCounts | null {
  const v = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!v || typeof v !== 'object') return null;
  const c = v as Partial<ChangeCounts>;
  if (typeof c.new !== 'number' || typeof c.left !== 'number' || typeof c.changed !== 'number')
    return null;
  return {
    since: String(c.since ?? ''),
    new: c.new,
    left: c.left,
    changed: c.changed,
    valueChanged: c.valueChanged ?? 0,
  };
}

/** Ledger rows, newest occurrence first (for Slack's "Histórico" and `carteira deliveries list`). */
export async function listDeliveries(
  db: Kysely<DB>,
  opts: { subscriptionId?: number; limit?: number } = {},
): Promise<DeliveryRecord[]> {
  let q = ledgerDb(db)
    .selectFrom('deliveries as d')
    // A fan-out row's recipient is the salesperson's id; an alert's `sp:<id>` / `esc:<id>`.
    .leftJoin('salespeople as r', (j) =>
      j.on(sql`r.id::text`, '=', sql`regexp_replace(d.recipient, '^(sp|esc):', '')`),
    )
    .select([
      'd.id',
      'd.subscription_id',
      'd.scheduled_for',
      'd.recipient',
      'r.name as recipient_name',
      'd.status',
      'd.origin',
      'd.late',
      'd.attempts',
      'd.sent_at',
      'd.slack_channel',
      'd.slack_ts',
      'd.slack_file_id',
      'd.row_count',
      'd.error',
      'd.note',
      'd.changes',
    ]);
  if (opts.subscriptionId !== undefined) q = q.where('d.subscription_id', '=', opts.subscriptionId);
  const rows = await q
    .orderBy('d.scheduled_for', 'desc')
    .orderBy('d.id', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    subscriptionId: r.subscription_id,
    scheduledFor: r.scheduled_for,
    recipient: r.recipient,
    recipientName: r.recipient_name,
    status: r.status,
    origin: r.origin,
    late: r.late,
    attempts: r.attempts,
    sentAt: r.sent_at,
    slackChannel: r.slack_channel,
    slackTs: r.slack_ts,
    slackFileId: r.slack_file_id,
    rowCount: r.row_count,
    error: r.error,
    note: r.note,
    changes: parseChanges(r.changes),
  }));
}

/** The last `limit` (10) deliveries of a subscription the viewer may manage. */
export async function subscriptionHistory(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  opts: { limit?: number } = {},
): Promise<{ subscription: Subscription; deliveries: DeliveryRecord[] }> {
  const subscription = await getSubscription(db, viewer, id);
  const deliveries = await listDeliveries(db, { subscriptionId: id, limit: opts.limit ?? 10 });
  return { subscription, deliveries };
}
