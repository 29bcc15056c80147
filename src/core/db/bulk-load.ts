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
 * With `keys`, for a table loaded while empty, its primary key and unique constraints go
 * too (with the foreign keys of other tables that point at them): measured on 3.55M rooms,
 * the insert with every index took 10.9 s, without any 3.7 s plus 3.3 s to build the key
 * and the unique code afterwards. Only for an empty table: the tables that reference it are
 * then empty as well, so putting their foreign keys back checks nothing, and the caller's
 * rows are already free of repeated keys (a repeat would fail the restore, and roll back).
 *
 * Dropping locks the table (and, with `keys`, the tables referencing it) exclusively until
 * commit, so callers only do it for loads big enough to need it.
 */
import type { Session } from './session.js';

interface Definition {
  name: string;
  definition: string;
}

interface ForeignDefinition extends Definition {
  /** The referencing table. */
  table: string;
}

export interface RelaxedTable {
  table: string;
  foreignKeys: Definition[];
  indexes: Definition[];
  /** Primary key and unique constraints (with `keys`). */
  keys: Definition[];
  /** Unique indexes that back no constraint (with `keys`). */
  uniqueIndexes: Definition[];
  /** Other tables' foreign keys onto this one (with `keys`). */
  referencing: ForeignDefinition[];
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Drops the foreign keys and plain indexes of `table`; nothing when not allowed (not the owner…). */
export async function relaxTable(
  s: Session,
  table: string,
  opts: { keys?: boolean } = {},
): Promise<RelaxedTable> {
  const none: RelaxedTable = {
    table,
    foreignKeys: [],
    indexes: [],
    keys: [],
    uniqueIndexes: [],
    referencing: [],
  };
  const keys = opts.keys ?? false;
  await s.query('SAVEPOINT carteira_bulk_load');
  try {
    const foreignKeys = await s.query<Definition>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
      [table],
    );
    const indexes = await s.query<Definition & { unique: boolean }>(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition,
              i.indisunique AS unique
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = $1::regclass AND ($2 OR NOT i.indisunique) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
        ORDER BY c.relname`,
      [table, keys],
    );
    const own = keys
      ? await s.query<Definition>(
          `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
             FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u')
            ORDER BY contype, conname`,
          [table],
        )
      : [];
    const referencing = keys
      ? await s.query<ForeignDefinition>(
          `SELECT conname AS name, pg_get_constraintdef(oid) AS definition,
                  conrelid::regclass::text AS table
             FROM pg_constraint WHERE confrelid = $1::regclass AND contype = 'f'
              AND conrelid <> confrelid
            ORDER BY conrelid::regclass::text, conname`,
          [table],
        )
      : [];
    for (const f of referencing)
      await s.query(`ALTER TABLE ${f.table} DROP CONSTRAINT ${quoteIdent(f.name)}`);
    const dropped = [...foreignKeys, ...own];
    if (dropped.length > 0) {
      await s.query(
        `ALTER TABLE ${table} ${dropped.map((f) => `DROP CONSTRAINT ${quoteIdent(f.name)}`).join(', ')}`,
      );
    }
    if (indexes.length > 0)
      await s.query(`DROP INDEX ${indexes.map((i) => quoteIdent(i.name)).join(', ')}`);
    await s.query('RELEASE SAVEPOINT carteira_bulk_load');
    const strip = ({ name, definition }: Definition) => ({ name, definition });
    return {
      table,
      foreignKeys,
      indexes: indexes.filter((i) => !i.unique).map(strip),
      keys: own,
      uniqueIndexes: indexes.filter((i) => i.unique).map(strip),
      referencing,
    };
  } catch {
    // Keep the per-row work rather than fail the import.
    await s.query('ROLLBACK TO SAVEPOINT carteira_bulk_load');
    await s.query('RELEASE SAVEPOINT carteira_bulk_load');
    return none;
  }
}

/** Re-creates what `relaxTable` dropped (validating every row of the table). */
export async function restoreTable(s: Session, relaxed: RelaxedTable): Promise<void> {
  const { table } = relaxed;
  // Keys first: the foreign keys (this table's self-references, others' onto it) need them.
  for (const k of relaxed.keys)
    await s.query(`ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.definition}`);
  for (const i of [...relaxed.uniqueIndexes, ...relaxed.indexes]) await s.query(i.definition);
  if (relaxed.foreignKeys.length > 0) {
    await s.query(
      `ALTER TABLE ${table} ${relaxed.foreignKeys
        .map((f) => `ADD CONSTRAINT ${quoteIdent(f.name)} ${f.definition}`)
        .join(', ')}`,
    );
  }
  for (const f of relaxed.referencing)
    await s.query(`ALTER TABLE ${f.table} ADD CONSTRAINT ${quoteIdent(f.name)} ${f.definition}`);
}
