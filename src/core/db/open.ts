import type { Config } from '../config.js';
import { openDatabase, type Database } from './database.js';

/**
 * Opens the configured database: Postgres when DATABASE_URL is set, otherwise the
 * embedded PGlite — in memory, or persisted under PGLITE_DIR (`persist` picks the
 * default `.carteira-data/` so consecutive CLI commands see the same data).
 */
export function openConfigured(
  config: Config,
  opts: { persist?: boolean; poolSize?: number } = {},
): Promise<Database> {
  if (config.DATABASE_URL)
    return openDatabase({ url: config.DATABASE_URL, poolSize: opts.poolSize });
  const dir = config.PGLITE_DIR ?? (opts.persist ? '.carteira-data' : undefined);
  return openDatabase({ pgliteDir: dir });
}
