/**
 * Follow-up alerts (issue 13): a subscription that is a condition instead of a view.
 *
 * - `subscriptions.kind`: `report` (a view, as before) or `alert`; an alert has no view
 *   (`view_id` becomes nullable, required for reports), an `alert_condition`
 *   (`no_contact`: projects without contact for more than `alert_days` days;
 *   `stalled_contract`: contracts in the same stage for more than `alert_days` days) and,
 *   optionally, `escalate_after_days`: a match still there that many days after it first
 *   matched also goes, once, to the responsible's supervisor or the store's gerente.
 * - `contracts.stage_since`: when a contract entered its current stage, as far as Carteira saw
 *   it. A trigger sets it whenever a write (the import, above all) changes the stage, unless
 *   the write sets it too. Null means "never seen changing": the stage is then taken to date
 *   from the latest of the contract's creation and its latest purchase order (the last event
 *   the data shows for it), see src/core/alerts/conditions.ts. No insert trigger, so bulk
 *   loads pay nothing.
 * - `alert_hits`: what an alert matched, per (subscription, project, contract; 0 for a
 *   project-level condition): when it first matched, the last day its responsible was told,
 *   and when and to whom it was escalated. A match that stops matching is deleted, so a later
 *   match starts counting again.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { runScript } from './sql-script.js';

// One statement with semicolons inside: run apart from the script (see sql-script.ts).
const STAGE_SINCE_FUNCTION = `
  CREATE FUNCTION contracts_stage_since() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.stage_since := now();
    RETURN NEW;
  END $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE subscriptions ADD COLUMN kind text NOT NULL DEFAULT 'report'
      CHECK (kind IN ('report', 'alert'));
    ALTER TABLE subscriptions ADD COLUMN alert_condition text
      CHECK (alert_condition IN ('no_contact', 'stalled_contract'));
    ALTER TABLE subscriptions ADD COLUMN alert_days integer CHECK (alert_days BETWEEN 1 AND 3650);
    ALTER TABLE subscriptions ADD COLUMN escalate_after_days integer
      CHECK (escalate_after_days BETWEEN 1 AND 3650);
    ALTER TABLE subscriptions ALTER COLUMN view_id DROP NOT NULL;
    ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_kind_shape CHECK (
      (kind = 'report' AND view_id IS NOT NULL)
      OR (kind = 'alert' AND alert_condition IS NOT NULL AND alert_days IS NOT NULL));

    ALTER TABLE contracts ADD COLUMN stage_since timestamptz;
  `,
  );
  await sql.raw(STAGE_SINCE_FUNCTION).execute(db);
  await runScript(
    db,
    `
    CREATE TRIGGER contracts_stage_since BEFORE UPDATE OF stage ON contracts
      FOR EACH ROW
      WHEN (OLD.stage IS DISTINCT FROM NEW.stage AND OLD.stage_since IS NOT DISTINCT FROM NEW.stage_since)
      EXECUTE FUNCTION contracts_stage_since();

    CREATE TABLE alert_hits (
      subscription_id integer NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
      project_id integer NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      contract_id integer NOT NULL DEFAULT 0,
      salesperson_id integer NOT NULL REFERENCES salespeople(id) ON DELETE CASCADE,
      first_matched_on date NOT NULL,
      last_notified_on date,
      escalated_on date,
      escalated_to integer REFERENCES salespeople(id) ON DELETE SET NULL,
      PRIMARY KEY (subscription_id, project_id, contract_id)
    );
    CREATE INDEX alert_hits_escalated_idx ON alert_hits (subscription_id, escalated_to, escalated_on);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TABLE alert_hits;
    DROP TRIGGER contracts_stage_since ON contracts;
    DROP FUNCTION contracts_stage_since();
    ALTER TABLE contracts DROP COLUMN stage_since;
    DELETE FROM subscriptions WHERE kind = 'alert';
    ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_kind_shape;
    ALTER TABLE subscriptions ALTER COLUMN view_id SET NOT NULL;
    ALTER TABLE subscriptions DROP COLUMN escalate_after_days, DROP COLUMN alert_days,
      DROP COLUMN alert_condition, DROP COLUMN kind;
  `,
  );
}
