/**
 * Runs a benchmark script in a fresh Node process (with tsx), so what it measures — its peak
 * RSS above all — is its own, and returns the JSON object it prints on its last line.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function childJson<T>(script: string, args: readonly string[]): Promise<T> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}
