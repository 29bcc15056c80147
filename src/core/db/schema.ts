/** Kysely table types. Columns with database defaults are `Generated`. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** numeric comes back from drivers as a string; write numbers or strings. */
type Numeric = ColumnType<string, number | string, number | string>;
type Json = ColumnType<unknown, string, string>;
type NullableJson = ColumnType<unknown, string | null, string | null>;

export interface StoresTable {
  id: Generated<number>;
  code: string;
  name: string;
  timezone: Generated<string>;
}

export type Role = 'vendedor' | 'gerente' | 'admin';

export interface SalespeopleTable {
  id: Generated<number>;
  email: string;
  name: string;
  store_id: number;
  role: Role;
  supervisor_id: number | null;
  slack_user_id: string | null;
  active: Generated<boolean>;
  /** The view pinned to the person's App Home (migration 0005). */
  home_view_id: Generated<number | null>;
}

export interface SpecifiersTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string | null;
  email: string | null;
}

export interface ClientsTable {
  id: Generated<number>;
  code: string;
  name: string;
  store_id: number;
  email: string | null;
  phone: string | null;
  city: string | null;
  /** Fingerprint of the CSV line that last wrote the row (import only; migration 0011). */
  import_hash: Generated<string | null>;
}

export interface ProjectsTable {
  id: Generated<number>;
  code: string;
  client_id: number;
  store_id: number;
  salesperson_id: number;
  specifier_id: number | null;
  created_at: Timestamp;
  closing_status: string | null;
  probable_sale: Generated<boolean>;
  closing_forecast: ColumnType<Date | string | null, string | null, string | null>;
  estimated_value: Generated<Numeric>;
  last_contact_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  /** Fingerprint of the CSV line that last wrote the row (import only; migration 0011). */
  import_hash: Generated<string | null>;
}

export interface ContractsTable {
  id: Generated<number>;
  code: string;
  number: string;
  project_id: number;
  created_at: Timestamp;
  stage: number;
  value: Generated<Numeric>;
  /** When the stage last changed, as Carteira saw it (migration 0008); null: never seen. */
  stage_since: Generated<Date | null>;
  /** Fingerprint of the CSV line that last wrote the row (import only; migration 0011). */
  import_hash: Generated<string | null>;
}

export interface EnvironmentsTable {
  id: Generated<number>;
  code: string;
  project_id: number;
  name: string;
  value: Generated<Numeric>;
  contract_id: number | null;
  /** Fingerprint of the CSV line that last wrote the row (import only; migration 0011). */
  import_hash: Generated<string | null>;
}

export interface PurchaseOrdersTable {
  id: Generated<number>;
  code: string;
  contract_id: number;
  number: string;
  issued_at: Timestamp;
  supplier: string | null;
  status: string | null;
  /** Fingerprint of the CSV line that last wrote the row (import only; migration 0011). */
  import_hash: Generated<string | null>;
}

export interface ContactsTable {
  id: Generated<number>;
  project_id: number;
  salesperson_id: number | null;
  contacted_at: Timestamp;
  channel: string | null;
  note: string | null;
  /** Where it came from (migration 0006): the ERP import, Slack, the CLI. */
  source: Generated<ContactSource>;
  /** Who wrote it (migration 0006); null for the ERP's. */
  created_by: number | null;
  created_at: Generated<Date>;
}

export type ContactSource = 'erp' | 'slack' | 'cli';

export type ReminderStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** "Lembrar em N dias" after a contact: one DM, posted once (migration 0006). */
export interface ContactRemindersTable {
  id: Generated<string>;
  project_id: number;
  contact_id: number | null;
  salesperson_id: number;
  due_at: Timestamp;
  status: Generated<ReminderStatus>;
  attempts: Generated<number>;
  claimed_by: string | null;
  claimed_at: Date | null;
  post_started_at: Date | null;
  sent_at: Date | null;
  slack_channel: string | null;
  slack_ts: string | null;
  error: string | null;
  created_at: Generated<Date>;
}

export interface ProjectSummaryTable {
  project_id: number;
  store_id: number;
  salesperson_id: number;
  client_id: number;
  specifier_id: number | null;
  project_code: string;
  client_name: string;
  search_key: string;
  created_on: string;
  closing_status: string | null;
  probable_sale: boolean;
  closing_forecast: string | null;
  estimated_value: Numeric;
  situation: number;
  principal_contract_id: number | null;
  contract_number: string | null;
  contract_created_on: string | null;
  contract_value: Numeric;
  environment_count: number;
  environments_without_contract: number;
  purchase_orders: number;
  last_purchase_order_on: string | null;
  last_contact_on: string | null;
}

export type Visibility = 'private' | 'team';

export interface SavedViewsTable {
  id: Generated<number>;
  owner_id: number | null;
  name: string;
  name_key: string;
  description: string | null;
  visibility: Visibility;
  definition: Json;
  definition_version: number;
  is_starter: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type Destination = 'channel' | 'dm' | 'each_salesperson';

export type SubscriptionKind = 'report' | 'alert';
export type AlertCondition = 'no_contact' | 'stalled_contract';

export interface SubscriptionsTable {
  id: Generated<number>;
  /** The view a report posts; null for an alert (migration 0008). */
  view_id: number | null;
  owner_id: number;
  destination: Destination;
  channel_id: string | null;
  schedule: Json;
  cron: string;
  timezone: string;
  format: Generated<string>;
  skip_empty: Generated<boolean>;
  active: Generated<boolean>;
  paused_reason: string | null;
  consecutive_failures: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Catch-up never goes back before this (creation or last resume); migration 0003. */
  active_since: Generated<Date>;
  /** "Só enviar se algo mudou" (migration 0006). */
  only_if_changed: Generated<boolean>;
  /** "Após a importação do dia": wait for today's import (migration 0007). */
  wait_for_import: Generated<boolean>;
  /** A report (a view) or a follow-up alert (a condition), migration 0008. */
  kind: Generated<SubscriptionKind>;
  alert_condition: AlertCondition | null;
  alert_days: number | null;
  escalate_after_days: number | null;
}

/** What a follow-up alert matched and whom it told (migration 0008). */
export interface AlertHitsTable {
  subscription_id: number;
  project_id: number;
  /** The contract of a `stalled_contract` match; 0 for a project-level condition. */
  contract_id: Generated<number>;
  salesperson_id: number;
  first_matched_on: ColumnType<string, string, string>;
  last_notified_on: ColumnType<string | null, string | null, string | null>;
  escalated_on: ColumnType<string | null, string | null, string | null>;
  escalated_to: number | null;
}

type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

/** What produced an occurrence: its scheduler, catch-up after downtime, "Enviar agora", the CLI. */
export type OccurrenceOrigin = 'schedule' | 'catch_up' | 'manual' | 'trigger';
export type OccurrenceStatus = 'requested' | 'planned' | 'missed' | 'ignored';

/** One row per (subscription, scheduled time), whatever its recipients (migration 0003). */
export interface OccurrencesTable {
  id: Generated<number>;
  subscription_id: number;
  scheduled_for: Timestamp;
  origin: OccurrenceOrigin;
  status: OccurrenceStatus;
  late: Generated<boolean>;
  requested_by: number | null;
  recipients: number | null;
  failure_counted: Generated<boolean>;
  note: string | null;
  created_at: Generated<Date>;
  planned_at: NullableTimestamp;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed' | 'missed';

export interface DeliveriesTable {
  id: Generated<string>;
  subscription_id: number;
  scheduled_for: Timestamp;
  recipient: Generated<string>;
  status: DeliveryStatus;
  late: Generated<boolean>;
  attempts: Generated<number>;
  claimed_by: string | null;
  claimed_at: Date | null;
  sent_at: Date | null;
  slack_channel: string | null;
  slack_ts: string | null;
  slack_file_id: string | null;
  row_count: number | null;
  error: string | null;
  created_at: Generated<Date>;
  // Write-ahead marks of the Slack calls (migration 0003), see core/delivery/ledger.ts.
  origin: Generated<OccurrenceOrigin>;
  post_started_at: NullableTimestamp;
  pending_file_id: string | null;
  file_started_at: NullableTimestamp;
  note: string | null;
  /** What a sent delivery showed, for the next one's "what changed" (migration 0006). */
  snapshot: NullableJson;
  /** The counts it reported: {new, left, changed}; null when nothing to compare with. */
  changes: NullableJson;
}

export type GoalMeasure = 'valor_contratado' | 'contratos' | 'projetos';

/** A monthly goal (migration 0004): a salesperson's, a store's (store only) or the company's. */
export interface GoalsTable {
  id: Generated<number>;
  /** First day of the goal's month. */
  month: ColumnType<string, string, string>;
  measure: GoalMeasure;
  store_id: number | null;
  salesperson_id: number | null;
  target: Numeric;
  updated_at: Timestamp;
}

export interface GoalChangesTable {
  id: Generated<string>;
  goal_id: number;
  changed_at: Timestamp;
  changed_by: number | null;
  source: 'slack' | 'cli' | 'import';
  old_target: Numeric | null;
  new_target: Numeric;
}

export type ImportStatus = 'ok' | 'refused' | 'failed';

/** One import run (migration 0007, src/core/import/runs.ts). */
export interface ImportsTable {
  id: Generated<number>;
  source: string;
  origin: Generated<'cli' | 'worker'>;
  checksum: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  status: ImportStatus;
  files: Json;
  errors: Json;
  error_count: Generated<number>;
  projects_refreshed: Generated<number>;
  duration_ms: Generated<number>;
}

/** A DM to one admin about one thing, claimed once by its key (migration 0007). */
export interface AdminNoticesTable {
  key: string;
  recipient: string;
  status: Generated<'sending' | 'sent'>;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

export interface DB {
  stores: StoresTable;
  salespeople: SalespeopleTable;
  specifiers: SpecifiersTable;
  clients: ClientsTable;
  projects: ProjectsTable;
  contracts: ContractsTable;
  environments: EnvironmentsTable;
  purchase_orders: PurchaseOrdersTable;
  contacts: ContactsTable;
  contact_reminders: ContactRemindersTable;
  project_summary: ProjectSummaryTable;
  saved_views: SavedViewsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  occurrences: OccurrencesTable;
  goals: GoalsTable;
  goal_changes: GoalChangesTable;
  imports: ImportsTable;
  admin_notices: AdminNoticesTable;
  alert_hits: AlertHitsTable;
}
