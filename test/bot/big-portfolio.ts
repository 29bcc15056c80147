/**
 * A large, plain portfolio made in SQL (generate_series), for "the report is large" tests
 * and the ack benchmark: `stores` stores, `people` salespeople per store (the first of each
 * store a gerente, person 0 of store 1 an admin), `projects` projects created in November
 * 2026 without contracts, so "Sem contratos no mês" returns all of them for an admin.
 * Salespeople get Slack ids `UBIG<store>x<n>` so commands can run as them.
 */
import type { Database } from '../../src/core/db/database.js';
import { inTransaction } from '../../src/core/db/session.js';
import { rebuildSummary } from '../../src/core/portfolio/summary.js';

export interface BigPortfolio {
  /** Slack ids: [admin, a gerente, a vendedor]. */
  admin: string;
  gerente: string;
  vendedor: string;
  projects: number;
}

export const bigSlackId = (store: number, n: number) =>
  `UBIG${String(store).padStart(3, '0')}X${String(n).padStart(4, '0')}`;

export async function seedBigPortfolio(
  database: Database,
  opts: { projects: number; stores?: number; people?: number; prefix?: string },
): Promise<BigPortfolio> {
  const stores = opts.stores ?? 4;
  const people = opts.people ?? 10;
  const p = opts.prefix ?? 'BIG';
  await inTransaction(database, async (s) => {
    await s.query(
      `INSERT INTO stores (code, name, timezone)
       SELECT $1 || g, 'Loja Grande ' || g, 'America/Sao_Paulo' FROM generate_series(1, $2) g`,
      [p, stores],
    );
    await s.query(
      `INSERT INTO salespeople (email, name, store_id, role, slack_user_id)
       SELECT lower($1) || st.g || '.' || n || '@grande.test', 'Pessoa ' || st.g || '.' || n, s.id,
              CASE WHEN n = 0 AND st.g = 1 THEN 'admin' WHEN n = 1 THEN 'gerente' ELSE 'vendedor' END,
              'UBIG' || lpad(st.g::text, 3, '0') || 'X' || lpad(n::text, 4, '0')
       FROM generate_series(1, $2) st(g) JOIN stores s ON s.code = $1 || st.g
       CROSS JOIN generate_series(0, $3 - 1) n`,
      [p, stores, people],
    );
    await s.query(
      `INSERT INTO clients (code, name, store_id)
       SELECT $1 || '-C' || g, 'Cliente Grande ' || g, s.id
       FROM generate_series(1, $2) g JOIN stores s ON s.code = $1 || (1 + g % $3)`,
      [p, opts.projects, stores],
    );
    await s.query(
      `INSERT INTO projects (code, client_id, store_id, salesperson_id, created_at, closing_status, probable_sale, estimated_value)
       SELECT $1 || '-P' || lpad(g::text, 7, '0'), c.id, c.store_id,
              (SELECT sp.id FROM salespeople sp WHERE sp.store_id = c.store_id ORDER BY sp.id OFFSET (g % $3) LIMIT 1),
              timestamptz '2026-11-01 15:00Z' + ((g % 26) * interval '1 day'),
              (ARRAY['Em negociação', 'Aguardando cliente', 'Em elaboração'])[1 + g % 3], g % 2 = 0, 1000 + (g % 5000)
       FROM generate_series(1, $2) g JOIN clients c ON c.code = $1 || '-C' || g`,
      [p, opts.projects, people],
    );
    await rebuildSummary(s);
  });
  return {
    admin: bigSlackId(1, 0),
    gerente: bigSlackId(1, 1),
    vendedor: bigSlackId(1, 2),
    projects: opts.projects,
  };
}
