import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * carteira_fold without RETURNS NULL ON NULL INPUT: a strict SQL function whose body is not
 * strict itself (a CASE, since 0012) is never inlined, so every call went through the
 * SQL-function executor: folding the 1M projects' search keys took 3.9 s, against 1.0 s for
 * the same rows unfolded; inlined, 2.75 s (docs/benchmarks.md). The results are the same, NULL
 * included: for a NULL argument octet_length(NULL) = char_length(NULL) is NULL, so the ELSE
 * runs, and translate(lower(NULL), …) is NULL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `ALTER FUNCTION carteira_fold(text) CALLED ON NULL INPUT`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `ALTER FUNCTION carteira_fold(text) RETURNS NULL ON NULL INPUT`);
}
