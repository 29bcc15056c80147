/**
 * The demo dataset as row streams per table, in load order (parents first), with
 * explicit ids so children reference parents without lookups:
 *
 *   const data = generateDemo({ projects: 1500, seed: 42, today: '2026-11-18' });
 *   for (const t of data.tables) await session.copy(t.table, t.columns, t.rows());
 *
 * `rows()` starts a fresh walk each time; nothing but the company (stores, staff,
 * specifiers) is held in memory.
 */
import type { BulkRow } from '../db/session.js';
import { isoOf } from './calendar.js';
import { buildCompany, type DemoCompany } from './company.js';
import { resolveDemoOptions, type DemoOptions, type ResolvedDemoOptions } from './options.js';
import { codeWidth, contractCode, orderCode, roomCode, walkClients, walkProjects, type ClientPlan, type ProjectPlan } from './portfolio.js';

export interface DemoTable {
  table: string;
  columns: readonly string[];
  rows(): Iterable<BulkRow>;
}

export interface DemoDataset {
  options: ResolvedDemoOptions;
  company: DemoCompany;
  tables: readonly DemoTable[];
  /** Every project with its rooms, contracts, orders and contacts, in id order. */
  projects(): Iterable<ProjectPlan>;
  clients(): Iterable<ClientPlan>;
}

/** Tables the demo fills, with a serial `id` each. */
export const DEMO_TABLES = [
  'stores',
  'salespeople',
  'specifiers',
  'clients',
  'projects',
  'contracts',
  'environments',
  'purchase_orders',
  'contacts',
] as const;

/** Cents → `1234.56` (numeric text for COPY/INSERT). */
export function moneyText(cents: number): string {
  const c = cents % 100;
  return `${(cents - c) / 100}.${c < 10 ? '0' : ''}${c}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function generateDemo(opts: DemoOptions = {}): DemoDataset {
  const options = resolveDemoOptions(opts);
  const company = buildCompany(options);
  const width = codeWidth(options.projects);
  const projects = () => walkProjects(options, company);
  const clients = () => walkClients(options, company);

  const tables: DemoTable[] = [
    {
      table: 'stores',
      columns: ['id', 'code', 'name', 'timezone'],
      *rows() {
        for (const s of company.stores) yield [s.id, s.code, s.name, s.timezone];
      },
    },
    {
      table: 'salespeople',
      columns: ['id', 'email', 'name', 'store_id', 'role', 'supervisor_id', 'slack_user_id', 'active'],
      *rows() {
        for (const p of company.salespeople) {
          yield [p.id, p.email, p.name, p.storeId, p.role, p.supervisorId, null, true];
        }
      },
    },
    {
      table: 'specifiers',
      columns: ['id', 'code', 'name', 'kind', 'email'],
      *rows() {
        for (const s of company.specifiers) yield [s.id, s.code, s.name, s.kind, s.email];
      },
    },
    {
      table: 'clients',
      columns: ['id', 'code', 'name', 'store_id', 'email', 'phone', 'city'],
      *rows() {
        for (const c of clients()) yield [c.id, c.code, c.name, c.store.id, c.email, c.phone, c.city];
      },
    },
    {
      table: 'projects',
      columns: [
        'id',
        'code',
        'client_id',
        'store_id',
        'salesperson_id',
        'specifier_id',
        'created_at',
        'closing_status',
        'probable_sale',
        'closing_forecast',
        'estimated_value',
        'last_contact_at',
      ],
      *rows() {
        for (const p of projects()) {
          yield [
            p.id,
            p.code,
            p.clientId,
            p.store.id,
            p.salespersonId,
            p.specifierId,
            iso(p.createdMs),
            p.closingStatus,
            p.probableSale,
            p.closingForecastDay === null ? null : isoOf(p.closingForecastDay),
            moneyText(p.estimatedCents),
            iso(p.lastContactMs),
          ];
        }
      },
    },
    {
      table: 'contracts',
      columns: ['id', 'code', 'number', 'project_id', 'created_at', 'stage', 'value'],
      *rows() {
        for (const p of projects()) {
          for (const c of p.contracts) {
            yield [c.id, contractCode(c.id, width), c.number, p.id, iso(c.createdMs), c.stage, moneyText(c.cents)];
          }
        }
      },
    },
    {
      table: 'environments',
      columns: ['id', 'code', 'project_id', 'name', 'value', 'contract_id'],
      *rows() {
        for (const p of projects()) {
          for (const r of p.rooms) {
            yield [r.id, roomCode(r.id, width), p.id, r.name, moneyText(r.cents), r.contractId];
          }
        }
      },
    },
    {
      table: 'purchase_orders',
      columns: ['id', 'code', 'contract_id', 'number', 'issued_at', 'supplier', 'status'],
      *rows() {
        for (const p of projects()) {
          for (const c of p.contracts) {
            for (const o of c.orders) {
              yield [o.id, orderCode(o.id, width), c.id, o.number, iso(o.issuedMs), o.supplier, o.status];
            }
          }
        }
      },
    },
    {
      table: 'contacts',
      columns: ['id', 'project_id', 'salesperson_id', 'contacted_at', 'channel', 'note'],
      *rows() {
        for (const p of projects()) {
          for (const k of p.contacts) yield [k.id, p.id, k.salespersonId, iso(k.ms), k.channel, k.note];
        }
      },
    },
  ];
  return { options, company, tables, projects, clients };
}
