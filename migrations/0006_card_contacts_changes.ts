/**
 * A report you can act on (issue 13):
 *
 * - `contacts` gain where a contact came from (`source`: the ERP, Slack, the CLI), who wrote
 *   it (`created_by`) and when it was written (`created_at`). A contact logged in Slack is a
 *   row here; the ERP's `ultimo_contato` stays on `projects.last_contact_at`, and the summary
 *   keeps the later of both, so an import never erases a contact logged in Slack.
 * - `contact_reminders`: "Lembrar em N dias" — one DM to one person at one instant, posted
 *   once by the worker (pending → sending → sent | failed, fenced by a claim token like the
 *   delivery ledger).
 * - `deliveries.snapshot`: what a sent delivery showed, compactly (each project's code with
 *   its situation and money values), so the next delivery of the same subscription to the
 *   same recipient can say what changed; `deliveries.changes` keeps the counts it reported
 *   ({new, left, changed}) for the history and `carteira deliveries list`.
 * - `subscriptions.only_if_changed`: "só enviar se algo mudou".
 */
import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE contacts ADD COLUMN source text NOT NULL DEFAULT 'erp'
      CHECK (source IN ('erp', 'slack', 'cli'));
    ALTER TABLE contacts ADD COLUMN created_by integer REFERENCES salespeople(id) ON DELETE SET NULL;
    ALTER TABLE contacts ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

    CREATE TABLE contact_reminders (
      id bigserial PRIMARY KEY,
      project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      contact_id integer REFERENCES contacts(id) ON DELETE SET NULL,
      salesperson_id integer NOT NULL REFERENCES salespeople(id) ON DELETE CASCADE,
      due_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      claimed_by text,
      claimed_at timestamptz,
      post_started_at timestamptz,
      sent_at timestamptz,
      slack_channel text,
      slack_ts text,
      error text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX contact_reminders_due_idx ON contact_reminders (due_at) WHERE status IN ('pending', 'sending');

    ALTER TABLE deliveries ADD COLUMN snapshot jsonb;
    ALTER TABLE deliveries ADD COLUMN changes jsonb;
    CREATE INDEX deliveries_history_idx ON deliveries (subscription_id, recipient, scheduled_for DESC)
      WHERE status = 'sent';

    ALTER TABLE subscriptions ADD COLUMN only_if_changed boolean NOT NULL DEFAULT false;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE subscriptions DROP COLUMN only_if_changed;
    DROP INDEX deliveries_history_idx;
    ALTER TABLE deliveries DROP COLUMN changes, DROP COLUMN snapshot;
    DROP TABLE contact_reminders;
    ALTER TABLE contacts DROP COLUMN created_at, DROP COLUMN created_by, DROP COLUMN source;
  `,
  );
}
