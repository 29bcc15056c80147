/**
 * The eight files of the ERP export (docs/import-format.md), in the order they are applied —
 * parents before children — with their columns, their staging table and how a CSV row becomes a
 * staging row. Values are validated and normalized here, in JS; references between files
 * are checked later, in SQL (apply-entity.ts), against this import and the database.
 *
 * Staging rows carry the file line first and the record's key second.
 */
import type { BulkValue } from '../db/session.js';
import type { ColumnSpec } from './headers.js';
import type { RowReader } from './row-reader.js';

export type Kind =
  | 'stores'
  | 'salespeople'
  | 'specifiers'
  | 'clients'
  | 'projects'
  | 'contracts'
  | 'environments'
  | 'orders'
  | 'goals';

export interface FileSpec {
  kind: Kind;
  file: string;
  /** How a reference to a row of this file is named in messages ("cliente C-9 …"). */
  noun: string;
  /** CSV column holding the key; messages name it ("código", "e-mail"). */
  keyColumn: string;
  keyLabel: string;
  columns: readonly ColumnSpec[];
  /** Staging table and its columns after `line` (the first is the key). */
  stage: string;
  stageColumns: ReadonlyArray<readonly [name: string, type: string]>;
  /** The staging row (line first) or null when `r.errors` says why not. */
  convert(r: RowReader, line: number): BulkValue[] | null;
}

function dt(
  v: { local: string | null; utc: string | null } | null,
): [string | null, string | null] {
  return v ? [v.local, v.utc] : [null, null];
}

const stores: FileSpec = {
  kind: 'stores',
  file: 'lojas.csv',
  noun: 'loja',
  keyColumn: 'codigo',
  keyLabel: 'código',
  columns: [
    { name: 'codigo', required: true },
    { name: 'nome', required: true },
    { name: 'fuso', aliases: ['fuso_horario', 'timezone'] },
  ],
  stage: 'imp_s_stores',
  stageColumns: [
    ['code', 'text'],
    ['name', 'text'],
    ['timezone', 'text'],
  ],
  convert(r, line) {
    const row = [line, r.key('codigo'), r.required('nome'), r.timezone('fuso')];
    return r.errors.length ? null : row;
  },
};

const salespeople: FileSpec = {
  kind: 'salespeople',
  file: 'vendedores.csv',
  noun: 'vendedor',
  keyColumn: 'email',
  keyLabel: 'e-mail',
  columns: [
    { name: 'email', required: true },
    { name: 'nome', required: true },
    { name: 'loja', required: true },
    { name: 'cargo', required: true, aliases: ['funcao', 'perfil'] },
    { name: 'supervisor_email', aliases: ['supervisor', 'email_supervisor'] },
    { name: 'slack_id', aliases: ['slack', 'slack_user_id'] },
  ],
  stage: 'imp_s_salespeople',
  stageColumns: [
    ['email', 'text'],
    ['name', 'text'],
    ['store_code', 'text'],
    ['role', 'text'],
    ['supervisor_email', 'text'],
    ['slack_id', 'text'],
  ],
  convert(r, line) {
    const row = [
      line,
      r.email('email', true),
      r.required('nome'),
      r.key('loja'),
      r.role('cargo'),
      r.email('supervisor_email', false),
      r.slackId('slack_id'),
    ];
    return r.errors.length ? null : row;
  },
};

const specifiers: FileSpec = {
  kind: 'specifiers',
  file: 'especificadores.csv',
  noun: 'especificador',
  keyColumn: 'codigo',
  keyLabel: 'código',
  columns: [
    { name: 'codigo', required: true },
    { name: 'nome', required: true },
    { name: 'tipo' },
    { name: 'email' },
  ],
  stage: 'imp_s_specifiers',
  stageColumns: [
    ['code', 'text'],
    ['name', 'text'],
    ['kind', 'text'],
    ['email', 'text'],
  ],
  convert(r, line) {
    const row = [
      line,
      r.key('codigo'),
      r.required('nome'),
      r.text('tipo'),
      r.contactEmail('email'),
    ];
    return r.errors.length ? null : row;
  },
};

const clients: FileSpec = {
  kind: 'clients',
  file: 'clientes.csv',
  noun: 'cliente',
  keyColumn: 'codigo',
  keyLabel: 'código',
  columns: [
    { name: 'codigo', required: true },
    { name: 'nome', required: true },
    { name: 'loja', required: true },
    { name: 'email' },
    { name: 'telefone', aliases: ['fone', 'celular'] },
    { name: 'cidade' },
  ],
  stage: 'imp_s_clients',
  stageColumns: [
    ['code', 'text'],
    ['name', 'text'],
    ['store_code', 'text'],
    ['email', 'text'],
    ['phone', 'text'],
    ['city', 'text'],
  ],
  convert(r, line) {
    const row = [
      line,
      r.key('codigo'),
      r.required('nome'),
      r.key('loja'),
      r.contactEmail('email'),
      r.text('telefone'),
      r.text('cidade'),
    ];
    return r.errors.length ? null : row;
  },
};

const projects: FileSpec = {
  kind: 'projects',
  file: 'projetos.csv',
  noun: 'projeto',
  keyColumn: 'codigo',
  keyLabel: 'código',
  columns: [
    { name: 'codigo', required: true },
    { name: 'cliente', required: true },
    { name: 'loja', required: true },
    { name: 'responsavel', required: true, aliases: ['responsavel_email', 'email_responsavel'] },
    { name: 'criado_em', required: true, aliases: ['data_criacao', 'criacao'] },
    { name: 'especificador' },
    { name: 'situacao_fechamento', aliases: ['situacao_de_fechamento'] },
    { name: 'provavel_venda' },
    { name: 'previsao_fechamento', aliases: ['previsao_de_fechamento'] },
    { name: 'valor_estimado', aliases: ['valor_do_projeto', 'valor_projeto'] },
    { name: 'ultimo_contato' },
  ],
  stage: 'imp_s_projects',
  stageColumns: [
    ['code', 'text'],
    ['client_code', 'text'],
    ['store_code', 'text'],
    ['salesperson_email', 'text'],
    ['specifier_code', 'text'],
    ['created_local', 'timestamp'],
    ['created_utc', 'timestamptz'],
    ['closing_status', 'text'],
    ['probable_sale', 'boolean'],
    ['closing_forecast', 'date'],
    ['estimated_value', 'numeric'],
    ['last_contact_local', 'timestamp'],
    ['last_contact_utc', 'timestamptz'],
  ],
  convert(r, line) {
    const code = r.key('codigo');
    const client = r.key('cliente');
    const store = r.key('loja');
    const salesperson = r.email('responsavel', true);
    const [createdLocal, createdUtc] = dt(r.dateTime('criado_em', true));
    const specifier = r.optionalKey('especificador');
    const status = r.text('situacao_fechamento');
    const probable = r.bool('provavel_venda');
    const forecast = r.date('previsao_fechamento');
    const value = r.money('valor_estimado');
    const [contactLocal, contactUtc] = dt(r.dateTime('ultimo_contato', false));
    if (r.errors.length) return null;
    return [
      line,
      code,
      client,
      store,
      salesperson,
      specifier,
      createdLocal,
      createdUtc,
      status,
      probable,
      forecast,
      value,
      contactLocal,
      contactUtc,
    ];
  },
};

const contracts: FileSpec = {
  kind: 'contracts',
  file: 'contratos.csv',
  noun: 'contrato',
  keyColumn: 'codigo',
  keyLabel: 'código',
  columns: [
    { name: 'codigo', required: true },
    { name: 'numero', required: true, aliases: ['numero_contrato'] },
    { name: 'projeto', required: true },
    { name: 'criado_em', required: true, aliases: ['data_criacao', 'criacao'] },
    { name: 'situacao', required: true, aliases: ['etapa'] },
    { name: 'valor' },
  ],
  stage: 'imp_s_contracts',
  stageColumns: [
    ['code', 'text'],
    ['number', 'text'],
    ['project_code', 'text'],
    ['created_local', 'timestamp'],
    ['created_utc', 'timestamptz'],
    ['stage', 'smallint'],
    ['value', 'numeric'],
  ],
  convert(r, line) {
    const code = r.key('codigo');
    const number = r.required('numero');
    const project = r.key('projeto');
    const [local, utc] = dt(r.dateTime('criado_em', true));
    const stage = r.stage('situacao');
    const value = r.money('valor');
    if (r.errors.length) return null;
    return [line, code, number, project, local, utc, stage, value];
  },
};

const environments: FileSpec = {
  kind: 'environments',
  file: 'ambientes.csv',
  noun: 'ambiente',
  keyColumn: 'codigo',
  keyLabel: 'código',
  columns: [
    { name: 'codigo', required: true },
    { name: 'projeto', required: true },
    { name: 'nome', required: true },
    { name: 'valor' },
    { name: 'contrato' },
  ],
  stage: 'imp_s_environments',
  stageColumns: [
    ['code', 'text'],
    ['project_code', 'text'],
    ['name', 'text'],
    ['value', 'numeric'],
    ['contract_code', 'text'],
  ],
  convert(r, line) {
    const row = [
      line,
      r.key('codigo'),
      r.key('projeto'),
      r.required('nome'),
      r.money('valor'),
      r.optionalKey('contrato'),
    ];
    return r.errors.length ? null : row;
  },
};

const orders: FileSpec = {
  kind: 'orders',
  file: 'pedidos.csv',
  noun: 'pedido',
  keyColumn: 'codigo',
  keyLabel: 'código',
  columns: [
    { name: 'codigo', required: true },
    { name: 'contrato', required: true },
    { name: 'numero', required: true, aliases: ['numero_pedido'] },
    { name: 'emitido_em', required: true, aliases: ['emissao', 'data_emissao'] },
    { name: 'fornecedor', aliases: ['fabrica'] },
    { name: 'situacao' },
  ],
  stage: 'imp_s_orders',
  stageColumns: [
    ['code', 'text'],
    ['contract_code', 'text'],
    ['number', 'text'],
    ['issued_local', 'timestamp'],
    ['issued_utc', 'timestamptz'],
    ['supplier', 'text'],
    ['status', 'text'],
  ],
  convert(r, line) {
    const code = r.key('codigo');
    const contract = r.key('contrato');
    const number = r.required('numero');
    const [local, utc] = dt(r.dateTime('emitido_em', true));
    const supplier = r.text('fornecedor');
    const status = r.text('situacao');
    if (r.errors.length) return null;
    return [line, code, contract, number, local, utc, supplier, status];
  },
};

/** Every file, parents before children. */
export const FILES: readonly FileSpec[] = [
  stores,
  salespeople,
  specifiers,
  clients,
  projects,
  contracts,
  environments,
  orders,
];

export function fileOf(kind: Kind): FileSpec {
  const spec = FILES.find((f) => f.kind === kind);
  if (!spec) throw new Error(`unknown kind ${kind}`);
  return spec;
}
