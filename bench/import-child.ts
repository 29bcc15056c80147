/**
 * One import in a fresh process, so its peak memory is the import's own — not what the
 * benchmark's export of the demo portfolio left in its heap — as for `carteira import`:
 *   node --import tsx bench/import-child.ts <DATABASE_URL> <folder>
 * Prints one JSON line: { ms, maxRssMb, report }.
 */
import { openDatabase } from '../src/core/db/database.js';
import { importFolder } from '../src/core/import/index.js';

const [url, folder] = process.argv.slice(2);
if (!url || !folder) throw new Error('usage: import-child.ts <DATABASE_URL> <folder>');
const database = await openDatabase({ url, poolSize: 4 });
try {
  const t0 = performance.now();
  const report = await importFolder({ database, folder });
  const ms = performance.now() - t0;
  process.stdout.write(
    `${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, report })}\n`,
  );
} finally {
  await database.close();
}
