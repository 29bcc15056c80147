import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, seedDemo, type SeedReport } from '../../../src/core/demo/index.js';
import type { Database } from '../../../src/core/db/database.js';
import { isCarteiraError } from '../../../src/core/errors.js';
import { resolvePreset } from '../../../src/core/portfolio/periods.js';
import { runReport } from '../../../src/core/portfolio/query.js';
import { loadViewer } from '../../../src/core/portfolio/viewer.js';
import { findView } from '../../../src/core/views/views.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';

async function rows<T>(database: Database, text: string, params: unknown[] = []): Promise<T[]> {
  const r = await database.pool!.query(text, params);
  return r.rows as T[];
}

async function foreignKeys(database: Database): Promise<string[]> {
  const r = await rows<{ k: string }>(
    database,
    `SELECT conrelid::regclass::text || '.' || conname || ' ' || pg_get_constraintdef(oid) AS k
     FROM pg_constraint WHERE contype = 'f' ORDER BY 1`,
  );
  return r.map((x) => x.k);
}

describe('seedDemo on Postgres, default options', () => {
  let t: TestDatabase;
  let report: SeedReport;
  let keysBefore: string[];
  // Default options, centred on the real today: the demo a user gets on whatever day this
  // suite runs (CI also runs it under faketime at month and year ends) must fill the views.
  const now = new Date();
  const today = generateDemo({ now }).options.today;

  beforeAll(async () => {
    t = await createTestDatabase();
    keysBefore = await foreignKeys(t.database);
    report = await seedDemo(t.database, { now });
  });
  afterAll(() => t.drop());

  it('reports what it loaded, and the tables hold exactly that', async () => {
    const [counts] = await rows<Record<string, number>>(
      t.database,
      `SELECT (SELECT count(*) FROM stores)::int AS stores,
              (SELECT count(*) FROM salespeople)::int AS salespeople,
              (SELECT count(*) FROM specifiers)::int AS specifiers,
              (SELECT count(*) FROM clients)::int AS clients,
              (SELECT count(*) FROM projects)::int AS projects,
              (SELECT count(*) FROM environments)::int AS environments,
              (SELECT count(*) FROM contracts)::int AS contracts,
              (SELECT count(*) FROM purchase_orders)::int AS "purchaseOrders",
              (SELECT count(*) FROM contacts)::int AS contacts,
              (SELECT count(*) FROM goals)::int AS goals,
              (SELECT count(*) FROM project_summary)::int AS summary`,
    );
    const { durationMs, ...loaded } = report;
    expect(durationMs).toBeGreaterThan(0);
    expect({ ...loaded, summary: loaded.projects }).toEqual(counts);
    expect(report.projects).toBe(1500);
    expect(report.stores).toBe(4);
    // Goals for the demo's month: two per vendedor, one per store, one for the company.
    expect(report.goals).toBeGreaterThan(report.stores + 1);
  });

  it('dates the seeded goals and their history by the caller’s clock, not the database’s', async () => {
    const stamps = await rows<{ at: Date }>(
      t.database,
      `SELECT updated_at AS at FROM goals UNION SELECT changed_at FROM goal_changes`,
    );
    expect(stamps.map((s) => s.at.toISOString())).toEqual([now.toISOString()]);
  });

  it('puts the foreign keys back and moves every sequence past the loaded ids', async () => {
    expect(await foreignKeys(t.database)).toEqual(keysBefore);
    const [store] = await rows<{ id: number }>(
      t.database,
      `INSERT INTO stores (code, name) VALUES ('L99', 'Nova loja') RETURNING id`,
    );
    expect(store!.id).toBe(report.stores + 1);
    const [contact] = await rows<{ id: number }>(
      t.database,
      `INSERT INTO contacts (project_id, contacted_at) VALUES (1, now()) RETURNING id`,
    );
    expect(contact!.id).toBe(report.contacts + 1);
    await rows(t.database, `DELETE FROM contacts WHERE id = $1`, [contact!.id]);
    await rows(t.database, `DELETE FROM stores WHERE id = $1`, [store!.id]);
  });

  it('fills the three starter views for every vendedor and every store', async () => {
    const month = resolvePreset('this_month', today);
    const year = resolvePreset('this_year', today);
    const perVendedor = await rows<{
      email: string;
      store_id: number;
      a: number;
      b: number;
      c: number;
    }>(
      t.database,
      `SELECT sp.email, sp.store_id,
              count(ps.*) FILTER (WHERE ps.situation = 0 AND ps.created_on BETWEEN $1 AND $2)::int AS a,
              count(ps.*) FILTER (WHERE ps.situation BETWEEN 1 AND 7
                                    AND ps.contract_created_on BETWEEN $1 AND $2)::int AS b,
              count(ps.*) FILTER (WHERE ps.situation BETWEEN 1 AND 7
                                    AND ps.contract_created_on BETWEEN $3 AND $4)::int AS c
       FROM salespeople sp LEFT JOIN project_summary ps ON ps.salesperson_id = sp.id
       WHERE sp.role = 'vendedor'
       GROUP BY sp.id ORDER BY sp.id`,
      [month.from, month.to, year.from, year.to],
    );
    expect(perVendedor.length).toBeGreaterThanOrEqual(16);
    const empty = perVendedor.filter((v) => v.a === 0 || v.b === 0 || v.c === 0);
    expect(empty).toEqual([]);
    const stores = new Set(perVendedor.map((v) => v.store_id));
    expect(stores.size).toBe(report.stores);
    // Nothing happens after the report date.
    const [future] = await rows<{ n: number }>(
      t.database,
      `SELECT count(*)::int AS n FROM project_summary
       WHERE created_on > $1 OR contract_created_on > $1 OR last_contact_on > $1
          OR last_purchase_order_on > $1`,
      [today],
    );
    expect(future!.n).toBe(0);
  });

  it('fills “Metas do mês”: a line for every vendedor, then the stores and the company', async () => {
    const [admin] = await rows<{ email: string }>(
      t.database,
      `SELECT email FROM salespeople WHERE role = 'admin' ORDER BY id LIMIT 1`,
    );
    const viewer = await loadViewer(t.database.db, { email: admin!.email });
    const view = await findView(t.database.db, viewer, 'Metas do mês');
    const result = await runReport(t.database.db, {
      definition: view.definition,
      viewer,
      asOf: today,
      now,
    });
    const vendedores = await rows<{ name: string }>(
      t.database,
      `SELECT name FROM salespeople WHERE role = 'vendedor' AND active`,
    );
    const lines = result.rows.map((r) => String(r.goal_line));
    for (const v of vendedores) expect(lines).toContain(v.name);
    expect(lines.filter((l) => l.startsWith('Loja ')).length).toBe(report.stores);
    expect(lines.at(-1)).toBe('Empresa');
    // The Monday DM of one vendedor: their own line.
    const [one] = await rows<{ email: string }>(
      t.database,
      `SELECT email FROM salespeople WHERE role = 'vendedor' AND active ORDER BY id LIMIT 1`,
    );
    const own = await runReport(t.database.db, {
      definition: view.definition,
      viewer: await loadViewer(t.database.db, { email: one!.email }),
      asOf: today,
      now,
    });
    expect(own.rows).toHaveLength(1);
  });

  it('derives every situation, money that adds up, and rooms without contract', async () => {
    const situations = await rows<{ situation: number; n: number }>(
      t.database,
      `SELECT situation, count(*)::int AS n FROM project_summary GROUP BY 1 ORDER BY 1`,
    );
    expect(situations.map((s) => s.situation)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const [money] = await rows<{ partial: number; with_orders: number }>(
      t.database,
      `SELECT count(*) FILTER (WHERE situation BETWEEN 1 AND 7 AND environments_without_contract > 0)::int AS partial,
              count(*) FILTER (WHERE purchase_orders > 0)::int AS with_orders
       FROM project_summary`,
    );
    expect(money!.partial).toBeGreaterThan(20);
    expect(money!.with_orders).toBeGreaterThan(500);
    const [check] = await rows<{ bad: number }>(
      t.database,
      `SELECT count(*)::int AS bad FROM contracts c
       JOIN (SELECT contract_id, sum(value) AS rooms FROM environments GROUP BY 1) e
         ON e.contract_id = c.id
       WHERE c.value > e.rooms OR c.value < e.rooms * 0.92`,
    );
    expect(check!.bad).toBe(0);
  });

  it('refuses to seed over existing data unless asked to replace it', async () => {
    const error = await seedDemo(t.database, { today }).catch((e: unknown) => e);
    expect(isCarteiraError(error) && error.code).toBe('invalid_input');
    expect((error as Error).message).toContain('--replace');
    const [n] = await rows<{ n: number }>(t.database, 'SELECT count(*)::int AS n FROM projects');
    expect(n!.n).toBe(1500);
  });

  it('replaces everything when asked, keeping the starter views', async () => {
    const starters = await rows<{ name: string }>(
      t.database,
      'SELECT name FROM saved_views WHERE is_starter ORDER BY name',
    );
    expect(starters.length).toBe(4);
    const [view] = await rows<{ id: number }>(
      t.database,
      `INSERT INTO saved_views (owner_id, name, name_key, visibility, definition, definition_version)
       VALUES (2, 'Minha visão', 'minha visao', 'private', '{}', 1) RETURNING id`,
    );
    await rows(
      t.database,
      `INSERT INTO subscriptions (view_id, owner_id, destination, schedule, cron, timezone)
       VALUES ($1, 2, 'dm', '{}', '0 8 * * 1', 'America/Sao_Paulo')`,
      [view!.id],
    );
    const again = await seedDemo(t.database, { projects: 800, seed: 7, today, replace: true });
    expect(again.projects).toBe(800);
    const [after] = await rows<{ projects: number; views: number; subs: number; summary: number }>(
      t.database,
      `SELECT (SELECT count(*) FROM projects)::int AS projects,
              (SELECT count(*) FROM saved_views)::int AS views,
              (SELECT count(*) FROM subscriptions)::int AS subs,
              (SELECT count(*) FROM project_summary)::int AS summary`,
    );
    expect(after).toEqual({ projects: 800, views: 4, subs: 0, summary: 800 });
  });
});
