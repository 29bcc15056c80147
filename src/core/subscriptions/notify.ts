/**
 * Telling the worker that something changed, without a queue in core: a Postgres
 * `NOTIFY carteira_subscriptions` the worker LISTENs to. Notifications are a nudge, not a
 * transport — sent on commit, lost if no worker listens — so the worker also reconciles
 * and polls for requested occurrences on a timer; nothing depends on one arriving.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';

export const SUBSCRIPTIONS_CHANNEL = 'carteira_subscriptions';

const noticeSchema = z.object({
  /** `subscription`: created, paused, resumed or deleted; `occurrence`: one was requested. */
  kind: z.enum(['subscription', 'occurrence']),
  subscriptionId: z.number().int(),
});
export type SubscriptionNotice = z.infer<typeof noticeSchema>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema
export async function notifyWorker(db: Kysely<any>, notice: SubscriptionNotice): Promise<void> {
  await sql`SELECT pg_notify(${SUBSCRIPTIONS_CHANNEL}, ${JSON.stringify(notice)})`.execute(db);
}

/** The notice in a NOTIFY payload, or null when it is not one of ours. */
export function parseNotice(payload: string | undefined): SubscriptionNotice | null {
  if (!payload) return null;
  try {
    const r = noticeSchema.safeParse(JSON.parse(payload));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
