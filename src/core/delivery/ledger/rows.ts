/**
 * The delivery ledger's rows: their columns, their mapping, and which statuses are final.
 * The whole ledger is described in `../ledger.ts`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, DeliveryStatus } from '../../db/schema.js';
import { ledgerDb, type LedgerDB, type OccurrenceOrigin } from '../schema.js';

export type AnyDb = Kysely<DB> | Kysely<LedgerDB>;

/** A duration in milliseconds as a Postgres interval (bound, never spliced). */
export const ms = (n: number) => sql`(${n}::double precision * interval '1 millisecond')`;

export const TERMINAL_STATUSES: readonly DeliveryStatus[] = ['sent', 'skipped', 'failed', 'missed'];

export interface DeliveryRow {
  id: number;
  subscriptionId: number;
  scheduledFor: Date;
  recipient: string;
  status: DeliveryStatus;
  origin: OccurrenceOrigin;
  late: boolean;
  attempts: number;
  claimedBy: string | null;
  claimedAt: Date | null;
  slackChannel: string | null;
  slackTs: string | null;
  slackFileId: string | null;
  pendingFileId: string | null;
  postStartedAt: Date | null;
  fileStartedAt: Date | null;
  rowCount: number | null;
}

export const DELIVERY_COLUMNS = [
  'id',
  'subscription_id',
  'scheduled_for',
  'recipient',
  'status',
  'origin',
  'late',
  'attempts',
  'claimed_by',
  'claimed_at',
  'slack_channel',
  'slack_ts',
  'slack_file_id',
  'pending_file_id',
  'post_started_at',
  'file_started_at',
  'row_count',
] as const;

export interface RawDelivery {
  id: number | string;
  subscription_id: number;
  scheduled_for: Date;
  recipient: string;
  status: DeliveryStatus;
  origin: OccurrenceOrigin;
  late: boolean;
  attempts: number;
  claimed_by: string | null;
  claimed_at: Date | null;
  slack_channel: string | null;
  slack_ts: string | null;
  slack_file_id: string | null;
  pending_file_id: string | null;
  post_started_at: Date | null;
  file_started_at: Date | null;
  row_count: number | null;
}

export function toRow(r: RawDelivery): DeliveryRow {
  return {
    id: Number(r.id),
    subscriptionId: r.subscription_id,
    scheduledFor: r.scheduled_for,
    recipient: r.recipient,
    status: r.status,
    origin: r.origin,
    late: r.late,
    attempts: r.attempts,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at,
    slackChannel: r.slack_channel,
    slackTs: r.slack_ts,
    slackFileId: r.slack_file_id,
    pendingFileId: r.pending_file_id,
    postStartedAt: r.post_started_at,
    fileStartedAt: r.file_started_at,
    rowCount: r.row_count,
  };
}

export function isTerminal(status: DeliveryStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export async function getDelivery(db: AnyDb, id: number): Promise<DeliveryRow | null> {
  const r = await ledgerDb(db)
    .selectFrom('deliveries')
    .select(DELIVERY_COLUMNS)
    .where('id', '=', String(id))
    .executeTakeFirst();
  return r ? toRow(r) : null;
}
