/**
 * The ledger's tables are part of the shared schema (`db/schema.ts`); this module keeps the
 * names the delivery code uses.
 */
import type { Kysely } from 'kysely';
import type { DB, OccurrenceOrigin } from '../db/schema.js';

export type { OccurrenceOrigin, OccurrenceStatus, OccurrencesTable } from '../db/schema.js';
export type LedgerDB = DB;

/** The connection, as the ledger code takes it. */
export function ledgerDb(db: Kysely<DB>): Kysely<LedgerDB> {
  return db;
}

/** Occurrences the schedule produced (as opposed to "Enviar agora" and CLI triggers). */
export function isAutomatic(origin: OccurrenceOrigin): boolean {
  return origin === 'schedule' || origin === 'catch_up';
}
