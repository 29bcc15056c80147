/**
 * Kysely types for what migration 0003 adds (the `occurrences` table and the new columns of
 * `deliveries` and `subscriptions`), layered over the shared `DB` so ledger code is typed
 * without touching the shared schema file.
 *
 *   const ldb = ledgerDb(db); // Kysely<LedgerDB>
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

/** What produced an occurrence: its scheduler, catch-up after downtime, "Enviar agora", the CLI. */
export type OccurrenceOrigin = 'schedule' | 'catch_up' | 'manual' | 'trigger';
export type OccurrenceStatus = 'requested' | 'planned' | 'missed' | 'ignored';

export interface OccurrencesTable {
  id: Generated<number>;
  subscription_id: number;
  scheduled_for: Timestamp;
  origin: OccurrenceOrigin;
  status: OccurrenceStatus;
  late: Generated<boolean>;
  requested_by: number | null;
  recipients: number | null;
  failure_counted: Generated<boolean>;
  note: string | null;
  created_at: Generated<Date>;
  planned_at: NullableTimestamp;
}

export interface DeliveriesExtraColumns {
  origin: Generated<OccurrenceOrigin>;
  post_started_at: NullableTimestamp;
  pending_file_id: string | null;
  file_started_at: NullableTimestamp;
  note: string | null;
}

export interface SubscriptionsExtraColumns {
  active_since: Generated<Date>;
}

export type LedgerDB = Omit<DB, 'deliveries' | 'subscriptions'> & {
  occurrences: OccurrencesTable;
  deliveries: DB['deliveries'] & DeliveriesExtraColumns;
  subscriptions: DB['subscriptions'] & SubscriptionsExtraColumns;
};

/** The same connection, typed with the ledger's tables and columns. */
export function ledgerDb(db: Kysely<DB> | Kysely<LedgerDB>): Kysely<LedgerDB> {
  return db as unknown as Kysely<LedgerDB>;
}
