/**
 * `carteira subscriptions trigger <id> [--occurrence AAAA-MM-DDTHH:MM]`: queues one
 * occurrence of the schedule as if its time had come. The occurrence is a wall-clock time
 * in the subscription's timezone and must be one the schedule produces; without it, the
 * latest occurrence up to now. Triggering an occurrence that already exists (delivered,
 * queued or given up) changes nothing — the ledger keeps one post per occurrence.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { CarteiraError } from '../errors.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getSubscription } from './get-subscription.js';
import { requestOccurrence, type RequestedOccurrence } from './request-occurrence.js';
import {
  formatOccurrence,
  nextOccurrences,
  previousOccurrence,
  type ScheduleSpec,
} from './schedule.js';
import type { Subscription } from './subscription.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

function wallKey(date: Date, tz: string): string {
  const p: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const part of f.formatToParts(date)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The occurrence of `spec` whose wall-clock time in its zone is `local` (`2026-11-30T08:00`),
 * or null when the schedule has none at that time.
 */
export function occurrenceFromLocal(spec: ScheduleSpec, local: string): Date | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const key = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (!Number.isFinite(asUtc)) return null;
  // Every zone is within ±15 h of UTC: the occurrence, if any, is in this window.
  const from = new Date(asUtc - 16 * 3600_000);
  for (const candidate of nextOccurrences(spec, from, 200)) {
    if (candidate.getTime() > asUtc + 16 * 3600_000) break;
    if (wallKey(candidate, spec.timezone) === key) return candidate;
  }
  return null;
}

export async function triggerOccurrence(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  opts: { occurrence?: string; now?: Date } = {},
): Promise<{ subscription: Subscription; occurrence: RequestedOccurrence }> {
  const subscription = await getSubscription(db, viewer, id);
  const spec = subscription.schedule;
  let scheduledFor: Date | null;
  if (opts.occurrence !== undefined) {
    if (!LOCAL.test(opts.occurrence.trim())) {
      throw new CarteiraError(
        'invalid_input',
        `Ocorrência inválida: “${opts.occurrence}”. Use AAAA-MM-DDTHH:MM no fuso da assinatura (${spec.timezone}), ex.: 2026-11-30T08:00.`,
      );
    }
    scheduledFor = occurrenceFromLocal(spec, opts.occurrence);
    if (!scheduledFor) {
      const near = nextOccurrences(
        spec,
        new Date(Date.parse(`${opts.occurrence.trim()}:00Z`) - 86_400_000),
        3,
      )
        .map((d) => formatOccurrence(d, spec.timezone))
        .join('; ');
      throw new CarteiraError(
        'invalid_input',
        `${opts.occurrence} não é um horário da agenda da assinatura #${id} (${spec.timezone}). Horários próximos: ${near}.`,
      );
    }
  } else {
    const now = opts.now ?? new Date();
    scheduledFor = previousOccurrence(spec, new Date(now.getTime() + 1));
    if (!scheduledFor) {
      throw new CarteiraError(
        'invalid_input',
        `A assinatura #${id} ainda não teve nenhum horário; use --occurrence.`,
      );
    }
  }
  const occurrence = await requestOccurrence(db, {
    subscriptionId: subscription.id,
    scheduledFor,
    origin: 'trigger',
    requestedBy: viewer.id,
  });
  return { subscription, occurrence };
}
