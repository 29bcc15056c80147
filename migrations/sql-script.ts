import { sql, type Kysely } from 'kysely';

/**
 * Runs a DDL script statement by statement. PGlite's query path (like pg's extended
 * protocol) takes one statement at a time, so scripts are split on `;` at line ends —
 * keep `;` out of function bodies and comments in migration scripts.
 */
export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
