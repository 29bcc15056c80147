/**
 * Runs the real `carteira` binary as a child process against a test database, the way an
 * operator would, and returns its exit code and output.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCarteira(databaseUrl: string, ...args: string[]): Promise<CliResult> {
  try {
    const r = await run(process.execPath, ['bin/carteira.js', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
