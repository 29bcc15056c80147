/**
 * Bulk-load helpers. At millions of rows, a foreign key costs a trigger call per inserted
 * row and every secondary index a B-tree insertion per row — more than the insert itself.
 * For a large load the table's foreign keys and plain (non-unique, non-constraint)
 * indexes are dropped, and re-created afterwards inside the same transaction: one join
 * validates each foreign key and one sort builds each index (the PostgreSQL manual's
 * "Populating a Database" advice). Definitions are read back from the catalog, so the
 * schema ends exactly as the migrations made it; if anything fails, the transaction
 * rolls it all back.
 *
 * Dropping locks the table exclusively until commit, so callers only do it for loads
 * big enough to need it.
 */
import type { Session } from './session.js';

interface Definition {
  name: string;
  definition: string;
}

export interface RelaxedTable {
  table: string;
  foreignKeys: Definition[];
  indexes: Definition[];
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Drops the foreign keys and plain indexes of `table`; nothing when not allowed (not the owner…). */
export async function relaxTable(s: Session, table: string): Promise<RelaxedTable> {
  const none: RelaxedTable = { table, foreignKeys: [], indexes: [] };
  await s.query('SAVEPOINT carteira_bulk_load');
  try {
    const foreignKeys = await s.query<Definition>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
      [table],
    );
    const indexes = await s.query<Definition>(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY c.relname`,
      [table],
    );
    if (foreignKeys.length > 0) {
      await s.query(
        `ALTER TABLE ${table} ${foreignKeys.map((f) => `DROP CONSTRAINT ${quoteIdent(f.name)}`).join(', ')}`,
      );
    }
    if (indexes.length > 0)
      await s.query(`DROP INDEX ${indexes.map((i) => quoteIdent(i.name)).join(', ')}`);
    await s.query('RELEASE SAVEPOINT carteira_bulk_load');
    return { table, foreignKeys, indexes };
  } catch {
    // Keep the per-row work rather than fail the import.
    await s.query('ROLLBACK TO SAVEPOINT carteira_bulk_load');
    await s.query('RELEASE SAVEPOINT carteira_bulk_load');
    return none;
  }
}

/** Re-creates what `relaxTable` dropped (validating every row of the table). */
export async function restoreTable(s: Session, relaxed: RelaxedTable): Promise<void> {
  for (const i of relaxed.indexes) await s.query(i.definition);
  if (relaxed.foreignKeys.length > 0) {
    await s.query(
      `ALTER TABLE ${relaxed.table} ${relaxed.foreignKeys
        .map((f) => `ADD CONSTRAINT ${quoteIdent(f.name)} ${f.definition}`)
        .join(', ')}`,
    );
  }
}
