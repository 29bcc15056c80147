/**
 * Fresh data by itself (issue 14):
 *
 * - `imports`: one row per import run (the CLI's `carteira import` and the worker's watched
 *   folder): where from, when it started and finished, the files with their checksums and
 *   counts, the problems, and how it ended (`ok`, `refused` — the export had problems and
 *   nothing was written —, `failed` — it could not run). `checksum` identifies the export
 *   (all its files), so the worker imports an export once. `finished_at` of the latest `ok`
 *   row is what every report calls "Dados do ERP de …".
 * - `admin_notices`: a DM to one admin about one thing (an import refused, data stale on a
 *   day), claimed by inserting its key, so two workers or two passes send it once.
 * - `subscriptions.wait_for_import`: "após a importação do dia".
 */
import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE imports (
      id serial PRIMARY KEY,
      source text NOT NULL,
      origin text NOT NULL DEFAULT 'cli' CHECK (origin IN ('cli', 'worker')),
      checksum text NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('ok', 'refused', 'failed')),
      files jsonb NOT NULL DEFAULT '[]',
      errors jsonb NOT NULL DEFAULT '[]',
      error_count integer NOT NULL DEFAULT 0,
      projects_refreshed integer NOT NULL DEFAULT 0,
      duration_ms integer NOT NULL DEFAULT 0
    );
    CREATE INDEX imports_checksum_idx ON imports (checksum);
    CREATE INDEX imports_ok_idx ON imports (finished_at DESC) WHERE status = 'ok';

    CREATE TABLE admin_notices (
      key text NOT NULL,
      recipient text NOT NULL,
      status text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent')),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      PRIMARY KEY (key, recipient)
    );

    ALTER TABLE subscriptions ADD COLUMN wait_for_import boolean NOT NULL DEFAULT false;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE subscriptions DROP COLUMN wait_for_import;
    DROP TABLE admin_notices;
    DROP TABLE imports;
  `,
  );
}
