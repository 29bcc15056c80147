/** Connection details of the real Postgres the tests use (the machine's local server). */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'carteira_test_template';

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}
