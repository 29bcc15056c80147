/**
 * Line fingerprints for the daily import (issue 14): `import_hash` on the five large tables
 * is a 53-bit hash of the CSV line (and its file's header) that last wrote the row. A later
 * export whose line for the same key hashes the same is known to change nothing, so it is
 * neither converted nor staged (src/core/import/fingerprints.ts). Null: never written by an
 * import with fingerprints (seeded rows, rows from before this migration) — always read.
 * Adding a nullable column without a default rewrites nothing.
 */
import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

const TABLES = ['clients', 'projects', 'contracts', 'environments', 'purchase_orders'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    TABLES.map((t) => `ALTER TABLE ${t} ADD COLUMN import_hash bigint;`).join('\n'),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, TABLES.map((t) => `ALTER TABLE ${t} DROP COLUMN import_hash;`).join('\n'));
}
