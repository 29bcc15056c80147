/**
 * What an operator sees when `.env` has a mistake: the `carteira` process (the same
 * entry point the Docker image runs) stops at once with one line naming the variable
 * and a non-zero exit code — no stack trace, no secret.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/carteira.js', import.meta.url));

function carteira(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // A minimal environment: nothing from the developer's shell (a real DATABASE_URL,
  // say) leaks into what is being checked.
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    timeout: 20_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each case starts a process (~1.5 s through tsx): run them side by side.
describe.concurrent('carteira with a bad environment', () => {
  it.each([
    ['LOG_LEVEL', 'loud'],
    ['PORT', '70000'],
    ['CARTEIRA_TIMEZONE', 'Mars/Base'],
    ['DATABASE_URL', 'segredo-nao-e-url'],
  ])('stops on %s=%s with one line naming it', async (name, value) => {
    const r = await carteira(['migrate'], { [name]: value });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^carteira: Configuração inválida: /);
    expect(lines[0]).toContain(name);
    if (name === 'DATABASE_URL') expect(lines[0]).not.toContain(value);
  });

  it('still prints its usage without touching the configuration', async () => {
    const r = await carteira(['--help'], { LOG_LEVEL: 'loud' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migrate/);
    expect(r.stderr).toBe('');
  });
});
