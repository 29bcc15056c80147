/**
 * Bulk-load helper: a foreign key is checked by a trigger once per inserted row, which
 * costs more than the insert itself at millions of rows. For a large load the table's
 * foreign keys are dropped and re-added after it, inside the import's transaction —
 * re-adding checks every row in one join (the PostgreSQL manual's "Populating a
 * Database" advice). The definitions are read back from the catalog, so the schema ends
 * exactly as the migrations made it; if anything fails, the transaction rolls it back.
 *
 * Dropping a constraint locks the table exclusively until commit, so it is only done
 * for loads big enough to need it (see FK_RELAX_ROWS in apply-entity.ts).
 */
import type { Session } from '../db/session.js';

export interface ForeignKey {
  name: string;
  definition: string;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Drops the foreign keys of `table`; returns them (empty when not possible, e.g. not the owner). */
export async function dropForeignKeys(s: Session, table: string): Promise<ForeignKey[]> {
  await s.query('SAVEPOINT carteira_import_fk');
  try {
    const fks = await s.query<ForeignKey>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
      [table],
    );
    if (fks.length > 0) {
      await s.query(`ALTER TABLE ${table} ${fks.map((f) => `DROP CONSTRAINT ${quoteIdent(f.name)}`).join(', ')}`);
    }
    await s.query('RELEASE SAVEPOINT carteira_import_fk');
    return fks;
  } catch {
    // Not allowed here (another role owns the table…): keep the per-row checks.
    await s.query('ROLLBACK TO SAVEPOINT carteira_import_fk');
    await s.query('RELEASE SAVEPOINT carteira_import_fk');
    return [];
  }
}

/** Re-adds what `dropForeignKeys` dropped; validates every row of the table. */
export async function restoreForeignKeys(s: Session, table: string, fks: readonly ForeignKey[]): Promise<void> {
  if (fks.length === 0) return;
  await s.query(
    `ALTER TABLE ${table} ${fks.map((f) => `ADD CONSTRAINT ${quoteIdent(f.name)} ${f.definition}`).join(', ')}`,
  );
}
