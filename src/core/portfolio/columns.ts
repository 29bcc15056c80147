/**
 * The whitelist of columns a view can show. Nothing outside this list ever reaches SQL:
 * the query maps a column id to a fixed SQL expression (see `query.ts`).
 */
export type ColumnType =
  | 'text'
  | 'date'
  | 'money'
  | 'integer'
  | 'boolean'
  | 'situation'
  /** A ratio (0.823), shown as `82%` (goals views). */
  | 'percent'
  /** A number with up to one decimal, e.g. a daily pace of 1,5 contratos (goals views). */
  | 'decimal';

export const COLUMNS = [
  { id: 'project', label: 'Projeto', type: 'text' },
  { id: 'client', label: 'Cliente', type: 'text' },
  { id: 'salesperson', label: 'Responsável', type: 'text' },
  { id: 'store', label: 'Loja', type: 'text' },
  { id: 'project_created_at', label: 'Criação do projeto', type: 'date' },
  { id: 'estimated_value', label: 'Valor do projeto', type: 'money' },
  { id: 'closing_status', label: 'Situação de fechamento', type: 'text' },
  { id: 'environment_count', label: 'Ambientes', type: 'integer' },
  { id: 'probable_sale', label: 'Provável venda', type: 'boolean' },
  { id: 'closing_forecast', label: 'Previsão de fechamento', type: 'date' },
  { id: 'contract_number', label: 'Nº do contrato', type: 'text' },
  { id: 'contract_created_at', label: 'Criação do contrato', type: 'date' },
  { id: 'contract_value', label: 'Valor contratado', type: 'money' },
  { id: 'specifier', label: 'Especificador', type: 'text' },
  { id: 'environments_without_contract', label: 'Ambientes sem contrato', type: 'integer' },
  { id: 'situation', label: 'Situação', type: 'situation' },
  { id: 'last_contact_at', label: 'Último contato', type: 'date' },
  { id: 'purchase_orders', label: 'Pedidos de compra', type: 'integer' },
  { id: 'last_purchase_order_at', label: 'Data do último pedido', type: 'date' },
  { id: 'days_without_contact', label: 'Dias sem contato', type: 'integer' },
] as const satisfies readonly { id: string; label: string; type: ColumnType }[];

export type ColumnId = (typeof COLUMNS)[number]['id'];
export const COLUMN_IDS = COLUMNS.map((c) => c.id) as [ColumnId, ...ColumnId[]];

export interface ColumnInfo {
  id: ColumnId;
  label: string;
  type: ColumnType;
}

export function columnInfo(id: ColumnId): ColumnInfo {
  const c = COLUMNS.find((col) => col.id === id);
  if (!c) throw new Error(`unknown column ${id}`);
  return c;
}

/** Columns a view may be grouped by (with subtotals per group). */
export const GROUPABLE_COLUMNS = [
  'salesperson',
  'store',
  'situation',
  'closing_status',
  'specifier',
  'client',
  'probable_sale',
] as const satisfies readonly ColumnId[];
export type GroupableColumnId = (typeof GROUPABLE_COLUMNS)[number];

/** Date fields a period filter can apply to. */
export const PERIOD_FIELDS = [
  'project_created_at',
  'contract_created_at',
  'closing_forecast',
  'last_contact_at',
  'last_purchase_order_at',
] as const satisfies readonly ColumnId[];
export type PeriodField = (typeof PERIOD_FIELDS)[number];
