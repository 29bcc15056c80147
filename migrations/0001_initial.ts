/**
 * The whole model: reference data, the portfolio (projects, rooms, contracts, orders,
 * contacts), the per-project summary that every view reads, saved views, subscriptions
 * and the worker's delivery ledger. Raw SQL keeps the DDL readable and identical on
 * Postgres and PGlite.
 */
import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- Case- and accent-insensitive key for names and searches, without the unaccent
    -- extension (not available on every Postgres or on PGlite). Kept to lower + translate
    -- (no regexp): it runs once per project when the summary is rebuilt. Callers collapse
    -- white space before storing names.
    CREATE FUNCTION carteira_fold(t text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT translate(lower(t),
                 'áàâãäåéèêëíìîïóòôõöúùûüçñý',
                 'aaaaaaeeeeiiiiooooouuuucny')
      $$;

    CREATE TABLE stores (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      timezone text NOT NULL DEFAULT 'America/Sao_Paulo'
    );

    CREATE TABLE salespeople (
      id serial PRIMARY KEY,
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      store_id integer NOT NULL REFERENCES stores(id),
      role text NOT NULL CHECK (role IN ('vendedor', 'gerente', 'admin')),
      supervisor_id integer REFERENCES salespeople(id),
      slack_user_id text UNIQUE,
      active boolean NOT NULL DEFAULT true,
      CHECK (supervisor_id IS NULL OR supervisor_id <> id)
    );
    CREATE INDEX salespeople_supervisor_idx ON salespeople (supervisor_id);

    CREATE TABLE specifiers (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      kind text,
      email text
    );

    CREATE TABLE clients (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      store_id integer NOT NULL REFERENCES stores(id),
      email text,
      phone text,
      city text
    );

    CREATE TABLE projects (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      client_id integer NOT NULL REFERENCES clients(id),
      store_id integer NOT NULL REFERENCES stores(id),
      salesperson_id integer NOT NULL REFERENCES salespeople(id),
      specifier_id integer REFERENCES specifiers(id),
      created_at timestamptz NOT NULL,
      closing_status text,
      probable_sale boolean NOT NULL DEFAULT false,
      closing_forecast date,
      estimated_value numeric(14,2) NOT NULL DEFAULT 0,
      last_contact_at timestamptz
    );

    -- stage: 1 contratado … 7 concluido, 8 cancelado (situations.ts)
    CREATE TABLE contracts (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      number text NOT NULL,
      project_id integer NOT NULL REFERENCES projects(id),
      created_at timestamptz NOT NULL,
      stage smallint NOT NULL CHECK (stage BETWEEN 1 AND 8),
      value numeric(14,2) NOT NULL DEFAULT 0
    );
    CREATE INDEX contracts_project_idx ON contracts (project_id);

    CREATE TABLE environments (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      project_id integer NOT NULL REFERENCES projects(id),
      name text NOT NULL,
      value numeric(14,2) NOT NULL DEFAULT 0,
      contract_id integer REFERENCES contracts(id)
    );
    CREATE INDEX environments_project_idx ON environments (project_id);

    CREATE TABLE purchase_orders (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      contract_id integer NOT NULL REFERENCES contracts(id),
      number text NOT NULL,
      issued_at timestamptz NOT NULL,
      supplier text,
      status text
    );
    CREATE INDEX purchase_orders_contract_idx ON purchase_orders (contract_id);

    CREATE TABLE contacts (
      id serial PRIMARY KEY,
      project_id integer NOT NULL REFERENCES projects(id),
      salesperson_id integer REFERENCES salespeople(id),
      contacted_at timestamptz NOT NULL,
      channel text,
      note text
    );
    CREATE INDEX contacts_project_idx ON contacts (project_id, contacted_at DESC);

    -- One row per project with every derived value a view reads, kept up to date at
    -- write time (import, seed) by refresh_project_summary. Dates are calendar dates in
    -- the project's store timezone, so period filters are plain indexed comparisons.
    CREATE TABLE project_summary (
      project_id integer PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
      store_id integer NOT NULL,
      salesperson_id integer NOT NULL,
      client_id integer NOT NULL,
      specifier_id integer,
      project_code text NOT NULL,
      client_name text NOT NULL,
      search_key text NOT NULL,
      created_on date NOT NULL,
      closing_status text,
      probable_sale boolean NOT NULL,
      closing_forecast date,
      estimated_value numeric(14,2) NOT NULL,
      situation smallint NOT NULL,
      principal_contract_id integer,
      contract_number text,
      contract_created_on date,
      contract_value numeric(14,2) NOT NULL,
      environment_count integer NOT NULL,
      environments_without_contract integer NOT NULL,
      purchase_orders integer NOT NULL,
      last_purchase_order_on date,
      last_contact_on date
    );
    -- Indexes follow the views' shape: a scope (store or salesperson), a date range, and
    -- the default order (that date, then the project code) so a store's or a salesperson's
    -- rows come out of the index already sorted. The company-wide ones also carry what the
    -- totals read, so counting a year of contracts is an index-only scan.
    CREATE INDEX ps_store_created_idx ON project_summary (store_id, created_on, project_code);
    CREATE INDEX ps_sp_created_idx ON project_summary (salesperson_id, created_on, project_code);
    CREATE INDEX ps_store_contract_idx ON project_summary (store_id, contract_created_on, project_code);
    CREATE INDEX ps_sp_contract_idx ON project_summary (salesperson_id, contract_created_on, project_code);
    CREATE INDEX ps_created_idx ON project_summary (created_on, project_code)
      INCLUDE (situation, estimated_value, contract_value);
    CREATE INDEX ps_contract_idx ON project_summary (contract_created_on, project_code)
      INCLUDE (situation, estimated_value, contract_value);

    CREATE TABLE saved_views (
      id serial PRIMARY KEY,
      owner_id integer REFERENCES salespeople(id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      name_key text NOT NULL,
      description text CHECK (description IS NULL OR length(description) <= 500),
      visibility text NOT NULL CHECK (visibility IN ('private', 'team')),
      definition jsonb NOT NULL,
      definition_version integer NOT NULL,
      is_starter boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    -- Names are unique per owner; starter views (no owner) are unique among themselves.
    CREATE UNIQUE INDEX saved_views_owner_name_idx ON saved_views (coalesce(owner_id, 0), name_key);

    CREATE TABLE subscriptions (
      id serial PRIMARY KEY,
      view_id integer NOT NULL REFERENCES saved_views(id) ON DELETE CASCADE,
      owner_id integer NOT NULL REFERENCES salespeople(id) ON DELETE CASCADE,
      destination text NOT NULL CHECK (destination IN ('channel', 'dm', 'each_salesperson')),
      channel_id text,
      schedule jsonb NOT NULL,
      cron text NOT NULL,
      timezone text NOT NULL,
      format text NOT NULL DEFAULT 'table',
      skip_empty boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      paused_reason text,
      consecutive_failures integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (destination <> 'channel' OR channel_id IS NOT NULL)
    );
    CREATE INDEX subscriptions_owner_idx ON subscriptions (owner_id);

    -- The delivery ledger: one row per (subscription, scheduled occurrence, recipient).
    -- The unique key is what makes retries, restarts and duplicate jobs post once.
    CREATE TABLE deliveries (
      id bigserial PRIMARY KEY,
      subscription_id integer NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
      scheduled_for timestamptz NOT NULL,
      recipient text NOT NULL DEFAULT '',
      status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed', 'missed')),
      late boolean NOT NULL DEFAULT false,
      attempts integer NOT NULL DEFAULT 0,
      claimed_by text,
      claimed_at timestamptz,
      sent_at timestamptz,
      slack_channel text,
      slack_ts text,
      slack_file_id text,
      row_count integer,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (subscription_id, scheduled_for, recipient)
    );
    CREATE INDEX deliveries_status_idx ON deliveries (status, scheduled_for);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TABLE deliveries, subscriptions, saved_views, project_summary, contacts,
      purchase_orders, environments, contracts, projects, clients, specifiers,
      salespeople, stores;
    DROP FUNCTION carteira_fold(text);
  `,
  );
}
