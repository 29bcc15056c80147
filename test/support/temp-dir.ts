/**
 * Temporary folders for a test file, removed when the file's tests are done. Importing
 * this module registers the clean-up for the importing test file (vitest runs each file
 * in its own module registry), so a run leaves nothing behind in the system's tmp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made = new Set<string>();

afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
  made.clear();
});

/** A fresh empty folder named `<prefix>XXXXXX` under the system's tmp folder. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}
