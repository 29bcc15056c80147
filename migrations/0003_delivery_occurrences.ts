/**
 * What the worker needs beyond 0001's ledger to post every occurrence exactly once:
 *
 * - `occurrences`: one row per (subscription, scheduled time), whatever its number of
 *   recipients. It records that an occurrence was seen (so catch-up after downtime knows
 *   what is missing), carries requests from processes that cannot reach the queue
 *   ("Enviar agora", `carteira subscriptions trigger`: status `requested`), and says
 *   when an occurrence was given up (`missed`). `failure_counted` makes a failed
 *   occurrence count once towards pausing its subscription, however many recipients.
 * - `deliveries` gain the write-ahead marks of the Slack calls: `post_started_at` is set
 *   just before chat.postMessage and `pending_file_id`/`file_started_at` just before a
 *   file is shared, so a worker that takes over a crashed delivery knows a post may
 *   already exist and checks Slack before posting again. `note` says why a delivery was
 *   skipped or missed; `origin` says what produced it.
 * - `subscriptions.active_since`: catch-up never goes back before creation or the last
 *   resume (a paused subscription does not owe the reports of its pause).
 */
import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE subscriptions ADD COLUMN active_since timestamptz NOT NULL DEFAULT now();

    CREATE TABLE occurrences (
      id bigserial PRIMARY KEY,
      subscription_id integer NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
      scheduled_for timestamptz NOT NULL,
      origin text NOT NULL CHECK (origin IN ('schedule', 'catch_up', 'manual', 'trigger')),
      status text NOT NULL CHECK (status IN ('requested', 'planned', 'missed', 'ignored')),
      late boolean NOT NULL DEFAULT false,
      requested_by integer REFERENCES salespeople(id) ON DELETE SET NULL,
      recipients integer,
      failure_counted boolean NOT NULL DEFAULT false,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      planned_at timestamptz,
      UNIQUE (subscription_id, scheduled_for)
    );
    CREATE INDEX occurrences_requested_idx ON occurrences (created_at) WHERE status = 'requested';
    CREATE INDEX occurrences_recent_idx ON occurrences (scheduled_for);

    ALTER TABLE deliveries ADD COLUMN origin text NOT NULL DEFAULT 'schedule'
      CHECK (origin IN ('schedule', 'catch_up', 'manual', 'trigger'));
    ALTER TABLE deliveries ADD COLUMN post_started_at timestamptz;
    ALTER TABLE deliveries ADD COLUMN pending_file_id text;
    ALTER TABLE deliveries ADD COLUMN file_started_at timestamptz;
    ALTER TABLE deliveries ADD COLUMN note text;
    CREATE INDEX deliveries_subscription_idx ON deliveries (subscription_id, scheduled_for DESC);
    CREATE INDEX deliveries_open_idx ON deliveries (created_at) WHERE status IN ('pending', 'sending');
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP INDEX deliveries_open_idx;
    DROP INDEX deliveries_subscription_idx;
    ALTER TABLE deliveries DROP COLUMN note, DROP COLUMN file_started_at, DROP COLUMN pending_file_id,
      DROP COLUMN post_started_at, DROP COLUMN origin;
    DROP TABLE occurrences;
    ALTER TABLE subscriptions DROP COLUMN active_since;
  `,
  );
}
