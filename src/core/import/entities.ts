/**
 * How each staged file becomes rows of its table, in set-based SQL (apply-entity.ts runs
 * these). For every entity:
 * - `joins` resolve the codes of the staging row (`s`) to ids, and `t` is the existing
 *   row with the same key (NULL for a new one);
 * - `refs` name the references that must resolve (an issue otherwise);
 * - `fields` are the target columns, as SQL over `s`, `t` and the joins. A field is only
 *   updated when the file has every CSV column it comes from, so an export without
 *   `fuso` or `valor_estimado` leaves those values alone;
 * - the `touch…` queries list the projects whose summary an insert or update changes
 *   (including a row's former project when it moved).
 *
 * Local date-times (no offset in the file) become instants here, with the timezone of
 * the store the row belongs to, after that store was upserted by this same import.
 */
import type { Kind } from './files.js';
import { FINGERPRINTED } from './fingerprints.js';

export interface Reference {
  /** Column (staging and resolved table) holding the referenced key. */
  column: string;
  /** Resolved column holding the referenced id (NULL = not found). */
  field: string;
  parent: Kind;
  /** How the message names it ("cliente", "responsável"). */
  label: string;
  feminine?: boolean;
}

export interface Field {
  column: string;
  expr: string;
  /** CSV columns this field comes from. */
  csv: readonly string[];
}

export interface EntitySql {
  kind: Kind;
  table: string;
  key: 'code' | 'email';
  joins: string;
  refs: readonly Reference[];
  fields: readonly Field[];
  /** Extra resolved columns (`expr AS name`). */
  keep: readonly string[];
  /** A condition over the resolved row that the entity's hook must look at (cheap pre-check). */
  flag?: string;
  updateReturning: string;
  /** SELECT of project ids over `upd` (the RETURNING rows of the update). */
  touchUpdated?: string;
  insertReturning: string;
  /** SELECT of project ids over `ins`. */
  touchInserted?: string;
}

function localInstant(utc: string, local: string, store: string): string {
  return `coalesce(${utc}, ${local} AT TIME ZONE ${store}.timezone)`;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Salespeople and clients belong to a store, named by its `codigo`. */
const STORE_REF: Reference = {
  column: 'store_code',
  field: 'store_id',
  parent: 'stores',
  label: 'loja',
  feminine: true,
};

/** The line fingerprint (fingerprints.ts): written with the row, never compared as a value. */
export const FINGERPRINT_FIELD: Field = { column: 'import_hash', expr: 's.import_hash', csv: [] };

export function entities(defaultTimezone: string): readonly EntitySql[] {
  return withFingerprints([
    {
      kind: 'stores',
      table: 'stores',
      key: 'code',
      joins: '',
      refs: [],
      fields: [
        { column: 'name', expr: 's.name', csv: ['nome'] },
        // Blank `fuso`: an existing store keeps its timezone, a new one gets the default.
        {
          column: 'timezone',
          expr: `coalesce(s.timezone, t.timezone, ${literal(defaultTimezone)})`,
          csv: ['fuso'],
        },
      ],
      keep: ['t.timezone AS old_timezone'],
      updateReturning: 't.id, (t.timezone IS DISTINCT FROM r.old_timezone) AS moved',
      touchUpdated: 'SELECT p.id FROM projects p JOIN upd ON upd.moved AND p.store_id = upd.id',
      insertReturning: 'id',
    },
    {
      kind: 'salespeople',
      table: 'salespeople',
      key: 'email',
      joins: 'LEFT JOIN stores st ON st.code = s.store_code',
      refs: [STORE_REF],
      fields: [
        { column: 'name', expr: 's.name', csv: ['nome'] },
        { column: 'store_id', expr: 'st.id', csv: ['loja'] },
        { column: 'role', expr: 's.role', csv: ['cargo'] },
        // Blank `slack_id` keeps the link (people also link themselves from Slack).
        {
          column: 'slack_user_id',
          expr: 'coalesce(s.slack_id, t.slack_user_id)',
          csv: ['slack_id'],
        },
      ],
      keep: ['s.supervisor_email', 's.slack_id AS new_slack_id'],
      updateReturning: 't.id',
      insertReturning: 'id',
    },
    {
      kind: 'specifiers',
      table: 'specifiers',
      key: 'code',
      joins: '',
      refs: [],
      fields: [
        { column: 'name', expr: 's.name', csv: ['nome'] },
        { column: 'kind', expr: 's.kind', csv: ['tipo'] },
        { column: 'email', expr: 's.email', csv: ['email'] },
      ],
      keep: [],
      updateReturning: 't.id',
      insertReturning: 'id',
    },
    {
      kind: 'clients',
      table: 'clients',
      key: 'code',
      joins: 'LEFT JOIN stores st ON st.code = s.store_code',
      refs: [STORE_REF],
      fields: [
        { column: 'name', expr: 's.name', csv: ['nome'] },
        { column: 'store_id', expr: 'st.id', csv: ['loja'] },
        { column: 'email', expr: 's.email', csv: ['email'] },
        { column: 'phone', expr: 's.phone', csv: ['telefone'] },
        { column: 'city', expr: 's.city', csv: ['cidade'] },
      ],
      keep: ['t.name AS old_name'],
      // The summary carries the client's name (and searches it).
      updateReturning: 't.id, (t.name IS DISTINCT FROM r.old_name) AS renamed',
      touchUpdated: 'SELECT p.id FROM projects p JOIN upd ON upd.renamed AND p.client_id = upd.id',
      insertReturning: 'id',
    },
    {
      kind: 'projects',
      table: 'projects',
      key: 'code',
      joins: `LEFT JOIN clients c ON c.code = s.client_code
        LEFT JOIN stores st ON st.code = s.store_code
        LEFT JOIN salespeople sp ON sp.email = s.salesperson_email
        LEFT JOIN specifiers sf ON sf.code = s.specifier_code`,
      refs: [
        { column: 'client_code', field: 'client_id', parent: 'clients', label: 'cliente' },
        {
          column: 'store_code',
          field: 'store_id',
          parent: 'stores',
          label: 'loja',
          feminine: true,
        },
        {
          column: 'salesperson_email',
          field: 'salesperson_id',
          parent: 'salespeople',
          label: 'responsável',
        },
        {
          column: 'specifier_code',
          field: 'specifier_id',
          parent: 'specifiers',
          label: 'especificador',
        },
      ],
      fields: [
        { column: 'client_id', expr: 'c.id', csv: ['cliente'] },
        { column: 'store_id', expr: 'st.id', csv: ['loja'] },
        { column: 'salesperson_id', expr: 'sp.id', csv: ['responsavel'] },
        { column: 'specifier_id', expr: 'sf.id', csv: ['especificador'] },
        {
          column: 'created_at',
          expr: localInstant('s.created_utc', 's.created_local', 'st'),
          csv: ['criado_em'],
        },
        { column: 'closing_status', expr: 's.closing_status', csv: ['situacao_fechamento'] },
        {
          column: 'probable_sale',
          expr: 'coalesce(s.probable_sale, false)',
          csv: ['provavel_venda'],
        },
        { column: 'closing_forecast', expr: 's.closing_forecast', csv: ['previsao_fechamento'] },
        {
          column: 'estimated_value',
          expr: 'coalesce(s.estimated_value, 0)',
          csv: ['valor_estimado'],
        },
        {
          column: 'last_contact_at',
          expr: localInstant('s.last_contact_utc', 's.last_contact_local', 'st'),
          csv: ['ultimo_contato'],
        },
      ],
      keep: [],
      updateReturning: 't.id',
      touchUpdated: 'SELECT id FROM upd',
      insertReturning: 'id',
      touchInserted: 'SELECT id FROM ins',
    },
    {
      kind: 'contracts',
      table: 'contracts',
      key: 'code',
      joins: `LEFT JOIN projects p ON p.code = s.project_code
        LEFT JOIN stores st ON st.id = p.store_id`,
      refs: [{ column: 'project_code', field: 'project_id', parent: 'projects', label: 'projeto' }],
      fields: [
        { column: 'number', expr: 's.number', csv: ['numero'] },
        { column: 'project_id', expr: 'p.id', csv: ['projeto'] },
        {
          column: 'created_at',
          expr: localInstant('s.created_utc', 's.created_local', 'st'),
          csv: ['criado_em'],
        },
        { column: 'stage', expr: 's.stage', csv: ['situacao'] },
        { column: 'value', expr: 'coalesce(s.value, 0)', csv: ['valor'] },
      ],
      keep: ['t.project_id AS old_project_id'],
      updateReturning: 't.project_id, r.old_project_id',
      touchUpdated:
        'SELECT project_id FROM upd UNION ALL SELECT old_project_id FROM upd WHERE old_project_id <> project_id',
      insertReturning: 'project_id',
      touchInserted: 'SELECT project_id FROM ins',
    },
    {
      kind: 'environments',
      table: 'environments',
      key: 'code',
      joins: `LEFT JOIN projects p ON p.code = s.project_code
        LEFT JOIN contracts c ON c.code = s.contract_code`,
      refs: [
        { column: 'project_code', field: 'project_id', parent: 'projects', label: 'projeto' },
        { column: 'contract_code', field: 'contract_id', parent: 'contracts', label: 'contrato' },
      ],
      fields: [
        { column: 'project_id', expr: 'p.id', csv: ['projeto'] },
        { column: 'name', expr: 's.name', csv: ['nome'] },
        { column: 'value', expr: 'coalesce(s.value, 0)', csv: ['valor'] },
        { column: 'contract_id', expr: 'c.id', csv: ['contrato'] },
      ],
      keep: ['t.project_id AS old_project_id', 'c.project_id AS contract_project_id'],
      flag: 'contract_project_id <> project_id',
      updateReturning: 't.project_id, r.old_project_id',
      touchUpdated:
        'SELECT project_id FROM upd UNION ALL SELECT old_project_id FROM upd WHERE old_project_id <> project_id',
      insertReturning: 'project_id',
      touchInserted: 'SELECT project_id FROM ins',
    },
    {
      kind: 'orders',
      table: 'purchase_orders',
      key: 'code',
      joins: `LEFT JOIN contracts c ON c.code = s.contract_code
        LEFT JOIN projects cp ON cp.id = c.project_id
        LEFT JOIN stores st ON st.id = cp.store_id
        LEFT JOIN contracts oc ON oc.id = t.contract_id`,
      refs: [
        { column: 'contract_code', field: 'contract_id', parent: 'contracts', label: 'contrato' },
      ],
      fields: [
        { column: 'contract_id', expr: 'c.id', csv: ['contrato'] },
        { column: 'number', expr: 's.number', csv: ['numero'] },
        {
          column: 'issued_at',
          expr: localInstant('s.issued_utc', 's.issued_local', 'st'),
          csv: ['emitido_em'],
        },
        { column: 'supplier', expr: 's.supplier', csv: ['fornecedor'] },
        { column: 'status', expr: 's.status', csv: ['situacao'] },
      ],
      keep: ['c.project_id AS project_id', 'oc.project_id AS old_project_id'],
      updateReturning: 'r.project_id, r.old_project_id',
      touchUpdated:
        'SELECT project_id FROM upd UNION ALL SELECT old_project_id FROM upd WHERE old_project_id <> project_id',
      insertReturning: 'contract_id',
      touchInserted: 'SELECT c.project_id FROM ins JOIN contracts c ON c.id = ins.contract_id',
    },
  ]);
}

function withFingerprints(list: EntitySql[]): readonly EntitySql[] {
  return list.map((e) =>
    FINGERPRINTED.has(e.kind) ? { ...e, fields: [...e.fields, FINGERPRINT_FIELD] } : e,
  );
}
