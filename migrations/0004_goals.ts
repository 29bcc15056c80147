/**
 * Monthly goals (metas): a target per month and measure for a salesperson, a store (store
 * only) or the whole company (neither). One goal per (month, measure, store, salesperson);
 * setting it again changes it in place, and every change is kept in `goal_changes` (who,
 * when, from where, old and new target) so the history can be shown.
 */
import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE goals (
      id serial PRIMARY KEY,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      measure text NOT NULL CHECK (measure IN ('valor_contratado', 'contratos', 'projetos')),
      store_id integer REFERENCES stores(id) ON DELETE CASCADE,
      salesperson_id integer REFERENCES salespeople(id) ON DELETE CASCADE,
      target numeric(14, 2) NOT NULL CHECK (target >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX goals_key ON goals (
      month, measure, coalesce(store_id, 0), coalesce(salesperson_id, 0)
    );
    CREATE TABLE goal_changes (
      id bigserial PRIMARY KEY,
      goal_id integer NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
      changed_at timestamptz NOT NULL,
      changed_by integer REFERENCES salespeople(id) ON DELETE SET NULL,
      source text NOT NULL CHECK (source IN ('slack', 'cli', 'import')),
      old_target numeric(14, 2),
      new_target numeric(14, 2) NOT NULL
    );
    CREATE INDEX goal_changes_goal_idx ON goal_changes (goal_id, changed_at DESC);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE goal_changes, goals`);
}
