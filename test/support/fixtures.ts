/**
 * Small hand-made portfolios for tests whose answers are computed by hand. Inserts go
 * straight to the tables, then the summary is refreshed like an import would.
 */
import type { Database } from '../../src/core/db/database.js';
import { withSession } from '../../src/core/db/session.js';
import { refreshSummary } from '../../src/core/portfolio/summary.js';
import { situationCode, type StageId } from '../../src/core/portfolio/situations.js';
import { loadViewer, type Viewer } from '../../src/core/portfolio/viewer.js';
import type { Role } from '../../src/core/db/schema.js';

export interface FxStore {
  code: string;
  name?: string;
  timezone?: string;
}
export interface FxPerson {
  email: string;
  name?: string;
  store: string;
  role?: Role;
  supervisor?: string;
  slack?: string;
}
export interface FxContract {
  number: string;
  createdAt: string;
  stage: StageId;
  value?: number;
  orders?: { issuedAt: string; number?: string }[];
}
export interface FxProject {
  code: string;
  client?: string;
  store: string;
  seller: string;
  createdAt: string;
  specifier?: string;
  closingStatus?: string | null;
  probableSale?: boolean;
  closingForecast?: string | null;
  estimatedValue?: number;
  lastContactAt?: string | null;
  contracts?: FxContract[];
  /** Rooms: value and the number of the contract they belong to (if any). */
  rooms?: { name?: string; value?: number; contract?: string }[];
  contacts?: string[];
}
export interface Fixture {
  stores: FxStore[];
  people: FxPerson[];
  specifiers?: { code: string; name: string }[];
  projects: FxProject[];
}

export interface Built {
  storeId: Record<string, number>;
  personId: Record<string, number>;
  projectId: Record<string, number>;
  viewer(email: string): Promise<Viewer>;
}

let seq = 0;

export async function buildFixture(database: Database, fx: Fixture): Promise<Built> {
  return withSession(database, async (s) => {
    const storeId: Record<string, number> = {};
    for (const st of fx.stores) {
      const [r] = await s.query<{ id: number }>(
        `INSERT INTO stores (code, name, timezone) VALUES ($1, $2, $3) RETURNING id`,
        [st.code, st.name ?? `Loja ${st.code}`, st.timezone ?? 'America/Sao_Paulo'],
      );
      storeId[st.code] = r!.id;
    }
    const personId: Record<string, number> = {};
    for (const p of fx.people) {
      const [r] = await s.query<{ id: number }>(
        `INSERT INTO salespeople (email, name, store_id, role, slack_user_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          p.email,
          p.name ?? p.email.split('@')[0],
          storeId[p.store],
          p.role ?? 'vendedor',
          p.slack ?? null,
        ],
      );
      personId[p.email] = r!.id;
    }
    for (const p of fx.people) {
      if (p.supervisor) {
        await s.query(`UPDATE salespeople SET supervisor_id = $1 WHERE id = $2`, [
          personId[p.supervisor],
          personId[p.email],
        ]);
      }
    }
    const specId: Record<string, number> = {};
    for (const sp of fx.specifiers ?? []) {
      const [r] = await s.query<{ id: number }>(
        `INSERT INTO specifiers (code, name) VALUES ($1, $2) RETURNING id`,
        [sp.code, sp.name],
      );
      specId[sp.code] = r!.id;
    }
    const projectId: Record<string, number> = {};
    for (const p of fx.projects) {
      const [c] = await s.query<{ id: number }>(
        `INSERT INTO clients (code, name, store_id) VALUES ($1, $2, $3) RETURNING id`,
        [`C-${++seq}-${p.code}`, p.client ?? `Cliente ${p.code}`, storeId[p.store]],
      );
      const [pr] = await s.query<{ id: number }>(
        `INSERT INTO projects (code, client_id, store_id, salesperson_id, specifier_id, created_at,
           closing_status, probable_sale, closing_forecast, estimated_value, last_contact_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          p.code,
          c!.id,
          storeId[p.store],
          personId[p.seller],
          p.specifier ? specId[p.specifier] : null,
          p.createdAt,
          p.closingStatus ?? null,
          p.probableSale ?? false,
          p.closingForecast ?? null,
          p.estimatedValue ?? 0,
          p.lastContactAt ?? null,
        ],
      );
      projectId[p.code] = pr!.id;
      const contractId: Record<string, number> = {};
      for (const k of p.contracts ?? []) {
        const [cr] = await s.query<{ id: number }>(
          `INSERT INTO contracts (code, number, project_id, created_at, stage, value)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [`K-${++seq}`, k.number, pr!.id, k.createdAt, situationCode(k.stage), k.value ?? 0],
        );
        contractId[k.number] = cr!.id;
        for (const o of k.orders ?? []) {
          await s.query(
            `INSERT INTO purchase_orders (code, contract_id, number, issued_at) VALUES ($1, $2, $3, $4)`,
            [`PO-${++seq}`, cr!.id, o.number ?? `PO${seq}`, o.issuedAt],
          );
        }
      }
      for (const room of p.rooms ?? []) {
        await s.query(
          `INSERT INTO environments (code, project_id, name, value, contract_id) VALUES ($1, $2, $3, $4, $5)`,
          [
            `E-${++seq}`,
            pr!.id,
            room.name ?? 'Cozinha',
            room.value ?? 0,
            room.contract ? contractId[room.contract] : null,
          ],
        );
      }
      for (const at of p.contacts ?? []) {
        await s.query(`INSERT INTO contacts (project_id, contacted_at) VALUES ($1, $2)`, [
          pr!.id,
          at,
        ]);
      }
    }
    await refreshSummary(s, Object.values(projectId));
    return {
      storeId,
      personId,
      projectId,
      viewer: (email: string) => loadViewer(database.db, { email }),
    };
  });
}
