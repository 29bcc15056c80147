/**
 * Hand-made report results for renderer tests: Portuguese names with accents, money with
 * cents, nulls, and the column mixes of the starter views.
 */
import { COLUMNS, columnInfo, type ColumnId } from '../../../src/core/portfolio/columns.js';
import type {
  ReportColumn,
  ReportGroup,
  ReportResult,
  ReportRow,
} from '../../../src/core/portfolio/result.js';
import { SITUATION_IDS, situationLabel } from '../../../src/core/portfolio/situations.js';

export function cols(...ids: ColumnId[]): ReportColumn[] {
  return ids.map((id) => {
    const c = columnInfo(id);
    return { id: c.id, label: c.label, type: c.type };
  });
}

/** Columns of "Situação dos contratos" plus a few more types. */
export const MIXED_COLUMNS = cols(
  'project',
  'client',
  'salesperson',
  'situation',
  'probable_sale',
  'environment_count',
  'last_contact_at',
  'estimated_value',
  'contract_value',
);

export const ALL_COLUMNS: ReportColumn[] = COLUMNS.map((c) => ({
  id: c.id,
  label: c.label,
  type: c.type,
}));

const CLIENTS = [
  'João da Silva',
  'Maria Conceição',
  'Antônio Araújo',
  'Lúcia Gonçalves',
  'Zé Müller',
];
const PEOPLE = ['Ana Souza', 'Bruno Câmara', 'Cíntia Brandão'];
const STATUSES = ['Em negociação', 'Aguardando cliente', 'Perdido'];

/** A deterministic row with every column filled (some with nulls). */
export function makeRow(i: number): ReportRow {
  const day = String((i % 28) + 1).padStart(2, '0');
  return {
    project: `P-${String(i + 1).padStart(5, '0')}`,
    client: CLIENTS[i % CLIENTS.length],
    salesperson: PEOPLE[i % PEOPLE.length],
    store: 'Loja Centro',
    project_created_at: `2026-11-${day}`,
    estimated_value: 1234.56 + i,
    closing_status: STATUSES[i % STATUSES.length],
    environment_count: (i % 5) + 1,
    probable_sale: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
    closing_forecast: i % 4 === 0 ? null : `2026-12-${day}`,
    contract_number: i % 2 === 0 ? `C-${1000 + i}` : null,
    contract_created_at: `2026-11-${day}`,
    contract_value: i % 2 === 0 ? 1000 + i * 10 : 0,
    specifier: i % 2 === 0 ? 'Arq. Débora Lins' : null,
    environments_without_contract: i % 3,
    situation: SITUATION_IDS[i % SITUATION_IDS.length],
    last_contact_at: i % 5 === 0 ? null : `2026-10-${day}`,
    purchase_orders: i % 4,
    last_purchase_order_at: i % 4 === 0 ? null : `2026-11-${day}`,
    days_without_contact: i % 5 === 0 ? null : i % 40,
  };
}

export function makeRows(n: number, from = 0): ReportRow[] {
  return Array.from({ length: n }, (_, i) => makeRow(from + i));
}

export function* rowGenerator(n: number): Generator<ReportRow> {
  for (let i = 0; i < n; i++) yield makeRow(i);
}

export function makeResult(overrides: Partial<ReportResult> = {}): ReportResult {
  const rows = overrides.rows ?? makeRows(3);
  const count = overrides.totals?.count ?? rows.length;
  return {
    view: {
      id: 'view-123',
      name: 'Situação dos contratos',
      description: 'Contratos do ano por situação',
    },
    asOf: '2026-11-27',
    timezone: 'America/Sao_Paulo',
    period: { field: 'contract_created_at', from: '2026-11-01', to: '2026-11-30' },
    columns: MIXED_COLUMNS,
    rows,
    totals: { count, estimated_value: 120000.5, contract_value: 98765.43 },
    truncated: rows.length < count,
    groupBy: null,
    groups: [],
    filtersSummary:
      'Situação: Contratado a Concluído · Criação do contrato: 01/11/2026 a 30/11/2026 · Responsável: todos',
    scopeNote: 'Ana Souza (gerente) — toda a loja Loja Centro',
    generatedAt: '2026-11-27T11:00:00.000Z',
    ...overrides,
  };
}

/** Rows sorted by situation with one group per situation present. */
export function groupedBySituation(n: number): ReportResult {
  const rows = makeRows(n).sort(
    (a, b) =>
      SITUATION_IDS.indexOf(a.situation as never) - SITUATION_IDS.indexOf(b.situation as never),
  );
  const groups: ReportGroup[] = [];
  for (const id of SITUATION_IDS) {
    const inGroup = rows.filter((r) => r.situation === id);
    if (inGroup.length === 0) continue;
    groups.push({
      key: id,
      label: situationLabel(id),
      totals: {
        count: inGroup.length,
        estimated_value: inGroup.reduce((s, r) => s + Number(r.estimated_value), 0),
        contract_value: inGroup.reduce((s, r) => s + Number(r.contract_value), 0),
      },
    });
  }
  return makeResult({ rows, groupBy: 'situation', groups });
}
