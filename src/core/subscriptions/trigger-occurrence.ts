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
import { isIsoDate } from '../portfolio/periods.js';
import type { Viewer } from '../portfolio/viewer.js';
import { getSubscription } from './get-subscription.js';
import { requestOccurrence, type RequestedOccurrence } from './request-occurrence.js';
import {
  formatOccurrence,
  nextOccurrences,
  previousOccurrence,
  toWall,
  type ScheduleSpec,
} from './schedule.js';
import type { Subscription } from './subscription.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/**
 * `local` (`2026-11-30T08:00`) as milliseconds on the wall-clock timeline (the wall time
 * read as if it were UTC), or null when it is not a real date and time (month 13, 25:00).
 */
function parseLocal(local: string): number | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (!isIsoDate(`${m[1]}-${m[2]}-${m[3]}`) || h > 23 || mi > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi);
}

/**
 * The occurrence of `spec` whose wall-clock time in its zone is `local` (`2026-11-30T08:00`),
 * or null when the schedule has none at that time (or `local` is not a valid time).
 */
export function occurrenceFromLocal(spec: ScheduleSpec, local: string): Date | null {
  const wall = parseLocal(local);
  if (wall === null) return null;
  // Every zone is within ±15 h of UTC: the occurrence, if any, is in this window.
  const from = new Date(wall - 16 * 3600_000);
  for (const candidate of nextOccurrences(spec, from, 200)) {
    if (candidate.getTime() > wall + 16 * 3600_000) break;
    if (toWall(candidate.getTime(), spec.timezone) === wall) return candidate;
  }
  return null;
}

export async function triggerOccurrence(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  /** An explicit occurrence, or else the latest one at `now`. */
  opts: { occurrence: string; now?: Date } | { occurrence?: undefined; now: Date },
): Promise<{ subscription: Subscription; occurrence: RequestedOccurrence }> {
  const subscription = await getSubscription(db, viewer, id);
  const spec = subscription.schedule;
  let scheduledFor: Date | null;
  if (opts.occurrence !== undefined) {
    const wall = parseLocal(opts.occurrence);
    if (wall === null) {
      throw new CarteiraError(
        'invalid_input',
        `Ocorrência inválida: “${opts.occurrence}”. Use AAAA-MM-DDTHH:MM no fuso da assinatura (${spec.timezone}), ex.: 2026-11-30T08:00.`,
      );
    }
    scheduledFor = occurrenceFromLocal(spec, opts.occurrence);
    if (!scheduledFor) {
      const near = nextOccurrences(spec, new Date(wall - 86_400_000), 3)
        .map((d) => formatOccurrence(d, spec.timezone))
        .join('; ');
      throw new CarteiraError(
        'invalid_input',
        `${opts.occurrence} não é um horário da agenda da assinatura #${id} (${spec.timezone}). Horários próximos: ${near}.`,
      );
    }
  } else {
    const now = opts.now!;
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
