/**
 * `node --import tsx src/worker/main.ts` (or the compiled `dist/src/worker/main.js`): the
 * worker as its own process, configured from the environment.
 */
import { loadConfig } from '../core/config.js';
import { isCarteiraError } from '../core/errors.js';
import { runWorker } from './index.js';

runWorker(loadConfig()).catch((e: unknown) => {
  process.stderr.write(
    `carteira worker: ${isCarteiraError(e) ? e.message : String((e as Error).stack ?? e)}\n`,
  );
  process.exit(1);
});
