/**
 * The ledger's tables are part of the shared schema (`db/schema.ts`); this module keeps the
 * names the delivery code uses.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export type { OccurrenceOrigin, OccurrenceStatus, OccurrencesTable } from '../db/schema.js';
export type LedgerDB = DB;

/** The connection, as the ledger code takes it. */
export function ledgerDb(db: Kysely<DB>): Kysely<LedgerDB> {
  return db;
}
