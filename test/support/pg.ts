/** Connection details of the real Postgres the tests use (the machine's local server). */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
/**
 * One template per test run (set by the global setup, inherited by the test workers), so
 * two runs on one machine — two engineers, or CI beside a developer — never touch each
 * other's databases.
 */
export function templateDb(): string {
  const name = process.env.CARTEIRA_TEST_TEMPLATE;
  if (!name)
    throw new Error(
      'CARTEIRA_TEST_TEMPLATE is not set: run the tests through vitest (global setup)',
    );
  return name;
}

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}
