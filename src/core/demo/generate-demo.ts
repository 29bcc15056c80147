/**
 * The demo dataset as row streams per table, in load order (parents first), with
 * explicit ids so children reference parents without lookups:
 *
 *   const data = generateDemo({ projects: 1500, seed: 42, today: '2026-11-18' });
 *   for (const t of data.tables) await session.copy(t.table, t.columns, t.rows());
 *
 * `rows()` starts a fresh walk each time; nothing but the company (stores, staff,
 * specifiers) is held in memory. `seedDemo` walks the projects once and cuts the
 * project tables into batches instead (`ofProject`), which saves four walks.
 */
import type { BulkRow } from '../db/session.js';
import { isoInstant, isoOf } from './calendar.js';
import { buildCompany, type DemoCompany } from './company.js';
import { resolveDemoOptions, type DemoOptions, type ResolvedDemoOptions } from './options.js';
import {
  codeWidth,
  contractCode,
  orderCode,
  roomCode,
  walkClients,
  walkProjects,
  type ClientPlan,
  type ProjectPlan,
} from './portfolio.js';

export interface DemoTable {
  table: string;
  columns: readonly string[];
  /** All rows, in id order; a fresh walk on every call. */
  rows(): Iterable<BulkRow>;
  /**
   * Tables made from projects (projects and everything under them) also give one
   * project's rows, so a loader can walk the projects once for all of them.
   */
  ofProject?: (p: ProjectPlan, out: BulkRow[]) => void;
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

const iso = isoInstant;

const PROJECT_COLUMNS = [
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
] as const;

function fromProjects(
  projects: () => Iterable<ProjectPlan>,
  table: string,
  columns: readonly string[],
  ofProject: (p: ProjectPlan, out: BulkRow[]) => void,
): DemoTable {
  return {
    table,
    columns,
    ofProject,
    *rows() {
      const out: BulkRow[] = [];
      for (const p of projects()) {
        ofProject(p, out);
        yield* out;
        out.length = 0;
      }
    },
  };
}

export function generateDemo(opts: DemoOptions): DemoDataset {
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
      columns: [
        'id',
        'email',
        'name',
        'store_id',
        'role',
        'supervisor_id',
        'slack_user_id',
        'active',
      ],
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
        for (const c of clients())
          yield [c.id, c.code, c.name, c.store.id, c.email, c.phone, c.city];
      },
    },
    fromProjects(projects, 'projects', PROJECT_COLUMNS, (p, out) => {
      out.push([
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
      ]);
    }),
    fromProjects(
      projects,
      'contracts',
      ['id', 'code', 'number', 'project_id', 'created_at', 'stage', 'value'],
      (p, out) => {
        for (const c of p.contracts) {
          const code = contractCode(c.id, width);
          out.push([c.id, code, c.number, p.id, iso(c.createdMs), c.stage, moneyText(c.cents)]);
        }
      },
    ),
    fromProjects(
      projects,
      'environments',
      ['id', 'code', 'project_id', 'name', 'value', 'contract_id'],
      (p, out) => {
        for (const r of p.rooms) {
          out.push([r.id, roomCode(r.id, width), p.id, r.name, moneyText(r.cents), r.contractId]);
        }
      },
    ),
    fromProjects(
      projects,
      'purchase_orders',
      ['id', 'code', 'contract_id', 'number', 'issued_at', 'supplier', 'status'],
      (p, out) => {
        for (const c of p.contracts) {
          for (const o of c.orders) {
            const code = orderCode(o.id, width);
            out.push([o.id, code, c.id, o.number, iso(o.issuedMs), o.supplier, o.status]);
          }
        }
      },
    ),
    fromProjects(
      projects,
      'contacts',
      ['id', 'project_id', 'salesperson_id', 'contacted_at', 'channel', 'note'],
      (p, out) => {
        for (const k of p.contacts) {
          out.push([k.id, p.id, k.salespersonId, iso(k.ms), k.channel, k.note]);
        }
      },
    ),
  ];
  return { options, company, tables, projects, clients };
}
