/**
 * A subscription as the rest of the code reads it: the row joined with its view and owner,
 * the schedule parsed back into a `ScheduleSpec`, the format split into "table" and "file".
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AlertCondition, DB, Destination, SubscriptionKind } from '../db/schema.js';
import { ledgerDb, type LedgerDB } from '../delivery/schema.js';
import type { FileFormat } from '../reports/report-file.js';
import { scheduleSpecSchema, type ScheduleSpec } from './schedule.js';

export type { Destination };

export const SUBSCRIPTION_FORMATS = [
  'table',
  'pdf',
  'csv',
  'xlsx',
  'table+pdf',
  'table+csv',
  'table+xlsx',
  'chart',
  'table+chart',
] as const;
export type SubscriptionFormat = (typeof SUBSCRIPTION_FORMATS)[number];
export const subscriptionFormatSchema = z.enum(SUBSCRIPTION_FORMATS);

export const DESTINATIONS = ['channel', 'dm', 'each_salesperson'] as const;

/**
 * `table+pdf` → a table message, then the PDF in the same conversation; `chart` is the
 * view's chart as a PNG image (nothing when the view has no chart).
 */
export function formatParts(format: SubscriptionFormat): {
  table: boolean;
  file: FileFormat | 'chart' | null;
} {
  const [first, second] = format.split('+') as [string, string | undefined];
  if (first === 'table')
    return { table: true, file: (second as FileFormat | 'chart' | undefined) ?? null };
  return { table: false, file: first as FileFormat | 'chart' };
}

/** A follow-up alert's condition (docs/domain.md, "Follow-up alerts"). */
export interface AlertSpec {
  condition: AlertCondition;
  /** More than this many days without contact / in the same stage. */
  days: number;
  /** Still matching this many days after it first matched: also to the supervisor or gerente. */
  escalateAfterDays: number | null;
}

/** "projetos sem contato há mais de 15 dias", "contratos parados na mesma situação há mais de 30 dias". */
export function alertLabel(alert: AlertSpec): string {
  const days = `${alert.days} ${alert.days === 1 ? 'dia' : 'dias'}`;
  return alert.condition === 'no_contact'
    ? `projetos sem contato há mais de ${days}`
    : `contratos parados na mesma situação há mais de ${days}`;
}

export interface Subscription {
  id: number;
  /** A report: `view`; an alert: `alert` (no view). */
  kind: SubscriptionKind;
  /** The view a report posts; null for an alert. */
  viewId: number | null;
  /** The view's name, or for an alert its title ("Alerta: projetos sem contato há mais de 15 dias"). */
  viewName: string;
  alert: AlertSpec | null;
  ownerId: number;
  ownerName: string;
  ownerEmail: string;
  ownerSlackUserId: string | null;
  ownerStoreId: number;
  /** The owner's store timezone: schedule texts name another zone only when it differs. */
  ownerTimezone: string;
  ownerActive: boolean;
  destination: Destination;
  channelId: string | null;
  schedule: ScheduleSpec;
  cron: string;
  timezone: string;
  format: SubscriptionFormat;
  skipEmpty: boolean;
  /** "Só enviar se algo mudou": skip a delivery that would report no change (0006). */
  onlyIfChanged: boolean;
  /** "Após a importação do dia": wait for today's ERP import, up to IMPORT_WAIT_HOURS (0007). */
  waitForImport: boolean;
  active: boolean;
  pausedReason: string | null;
  consecutiveFailures: number;
  activeSince: Date;
  createdAt: Date;
}

export function subscriptionQuery(db: Kysely<DB> | Kysely<LedgerDB>) {
  return ledgerDb(db)
    .selectFrom('subscriptions as s')
    .leftJoin('saved_views as v', 'v.id', 's.view_id')
    .innerJoin('salespeople as o', 'o.id', 's.owner_id')
    .innerJoin('stores as ost', 'ost.id', 'o.store_id')
    .select([
      's.id',
      's.view_id',
      'v.name as view_name',
      's.owner_id',
      'o.name as owner_name',
      'o.email as owner_email',
      'o.slack_user_id as owner_slack_user_id',
      'o.store_id as owner_store_id',
      'ost.timezone as owner_timezone',
      'o.active as owner_active',
      's.destination',
      's.channel_id',
      's.schedule',
      's.cron',
      's.timezone',
      's.format',
      's.skip_empty',
      's.only_if_changed',
      's.wait_for_import',
      's.active',
      's.paused_reason',
      's.consecutive_failures',
      's.active_since',
      's.created_at',
      's.kind',
      's.alert_condition',
      's.alert_days',
      's.escalate_after_days',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof subscriptionQuery>['executeTakeFirstOrThrow']>>;

/** The stored schedule; a row written by an older format falls back to its cron and zone. */
function parseStoredSchedule(raw: unknown, cron: string, timezone: string): ScheduleSpec {
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  const parsed = scheduleSpecSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return { kind: 'cron', expression: cron, timezone };
}

export function toSubscription(r: Row): Subscription {
  const format = subscriptionFormatSchema.safeParse(r.format);
  const alert: AlertSpec | null =
    r.kind === 'alert' && r.alert_condition && r.alert_days
      ? {
          condition: r.alert_condition,
          days: r.alert_days,
          escalateAfterDays: r.escalate_after_days,
        }
      : null;
  return {
    id: r.id,
    kind: r.kind,
    viewId: r.view_id,
    viewName: alert ? `Alerta: ${alertLabel(alert)}` : (r.view_name ?? '(visão excluída)'),
    alert,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    ownerEmail: r.owner_email,
    ownerSlackUserId: r.owner_slack_user_id,
    ownerStoreId: r.owner_store_id,
    ownerTimezone: r.owner_timezone,
    ownerActive: r.owner_active,
    destination: r.destination,
    channelId: r.channel_id,
    schedule: parseStoredSchedule(r.schedule, r.cron, r.timezone),
    cron: r.cron,
    timezone: r.timezone,
    format: format.success ? format.data : 'table',
    skipEmpty: r.skip_empty,
    onlyIfChanged: r.only_if_changed,
    waitForImport: r.wait_for_import,
    active: r.active,
    pausedReason: r.paused_reason,
    consecutiveFailures: r.consecutive_failures,
    activeSince: r.active_since,
    createdAt: r.created_at,
  };
}

/** A subscription by id, whoever owns it (callers check permissions), or null. */
export async function loadSubscription(
  db: Kysely<DB> | Kysely<LedgerDB>,
  id: number,
): Promise<Subscription | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await subscriptionQuery(db).where('s.id', '=', id).executeTakeFirst();
  return row ? toSubscription(row) : null;
}
