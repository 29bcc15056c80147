/**
 * Who sees what (src/core/access.ts), path by path: a vendedor never sees another's rows,
 * names, views or subscriptions, and a gerente never reaches past their store — in the
 * report, the builder's menus, the fan-out, the subscription list and management, the
 * saved views and the Slack-user links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/bot/modals/builder-catalog.js';
import { canEditView, describeScope, scopeOf } from '../../src/core/access.js';
import { fanOutRecipients } from '../../src/core/delivery/recipients.js';
import { linkSlackUser } from '../../src/core/people/link-salesperson.js';
import { parseDefinition } from '../../src/core/portfolio/definition.js';
import { runReport } from '../../src/core/portfolio/query.js';
import { createSubscription } from '../../src/core/subscriptions/create-subscription.js';
import { getSubscription } from '../../src/core/subscriptions/get-subscription.js';
import { listSubscriptions } from '../../src/core/subscriptions/list-subscriptions.js';
import { createView, getView, listViews } from '../../src/core/views/views.js';
import { testClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildFixture, type Built } from '../support/fixtures.js';

const clock = testClock('2026-11-24T15:00:00Z');
const now = clock();
// Dates inside the fixture are relative to the injected clock, never to a calendar date.
const day = (offset: number) =>
  new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

let t: TestDatabase;
let b: Built;

beforeAll(async () => {
  t = await createTestDatabase();
  b = await buildFixture(t.database, {
    stores: [{ code: 'A' }, { code: 'B' }],
    people: [
      { email: 'admin@x.br', store: 'A', role: 'admin' },
      { email: 'ga@x.br', store: 'A', role: 'gerente' },
      { email: 'lead@x.br', store: 'A', role: 'vendedor', supervisor: 'ga@x.br' },
      { email: 'sub@x.br', store: 'A', role: 'vendedor', supervisor: 'lead@x.br' },
      { email: 'solo@x.br', store: 'A', role: 'vendedor', supervisor: 'ga@x.br' },
      { email: 'gb@x.br', store: 'B', role: 'gerente' },
      { email: 'vb@x.br', store: 'B', role: 'vendedor', supervisor: 'gb@x.br' },
    ],
    projects: [
      {
        code: 'P-LEAD',
        store: 'A',
        seller: 'lead@x.br',
        createdAt: day(-3),
        closingStatus: 'Status do lead',
      },
      {
        code: 'P-SUB',
        store: 'A',
        seller: 'sub@x.br',
        createdAt: day(-3),
        closingStatus: 'Status do sub',
      },
      {
        code: 'P-SOLO',
        store: 'A',
        seller: 'solo@x.br',
        createdAt: day(-3),
        closingStatus: 'Status do solo',
      },
      {
        code: 'P-VB',
        store: 'B',
        seller: 'vb@x.br',
        createdAt: day(-3),
        closingStatus: 'Status da loja B',
      },
    ],
  });
});
afterAll(() => t.drop());

const definition = parseDefinition({ columns: ['project', 'salesperson'] });
const asOf = () => day(0);

async function codesSeenBy(email: string): Promise<string[]> {
  const viewer = await b.viewer(email);
  const r = await runReport(t.database.db, { definition, viewer, asOf: asOf(), now });
  return r.rows.map((row) => row.project).sort();
}

describe('the report (command, button, schedule, file and chart all run it)', () => {
  it('a vendedor sees their own projects and their subordinates’, nobody else’s', async () => {
    expect(await codesSeenBy('lead@x.br')).toEqual(['P-LEAD', 'P-SUB']);
    expect(await codesSeenBy('sub@x.br')).toEqual(['P-SUB']);
    expect(await codesSeenBy('solo@x.br')).toEqual(['P-SOLO']);
  });

  it('a gerente sees their store only; an admin everything', async () => {
    expect(await codesSeenBy('ga@x.br')).toEqual(['P-LEAD', 'P-SOLO', 'P-SUB']);
    expect(await codesSeenBy('gb@x.br')).toEqual(['P-VB']);
    expect(await codesSeenBy('admin@x.br')).toEqual(['P-LEAD', 'P-SOLO', 'P-SUB', 'P-VB']);
  });

  it('asking for another salesperson’s rows by filter still returns nothing outside the scope', async () => {
    const viewer = await b.viewer('solo@x.br');
    const other = parseDefinition({
      columns: ['project'],
      filters: {
        responsible: { mode: 'list', salespersonIds: [b.personId['lead@x.br']!] },
      },
    });
    const r = await runReport(t.database.db, { definition: other, viewer, asOf: asOf(), now });
    expect(r.rows).toEqual([]);
    expect(r.totals.count).toBe(0);
  });

  it('says in words what each role sees', async () => {
    const lead = await b.viewer('lead@x.br');
    expect(describeScope(lead, await scopeOf(t.database.db, lead))).toMatch(/subordinados/);
    const ga = await b.viewer('ga@x.br');
    expect(describeScope(ga, await scopeOf(t.database.db, ga))).toMatch(/apenas a loja/);
  });
});

describe('the builder’s menus', () => {
  it('a vendedor is offered only the names and closing statuses of their own portfolio', async () => {
    const c = await loadCatalog(t.database.db, await b.viewer('solo@x.br'));
    expect(c.people.map((p) => p.name)).toEqual(['solo']);
    expect(c.closingStatuses).toEqual(['Status do solo']);
    expect(c.stores).toHaveLength(1);
  });

  it('a gerente is offered their store’s people and statuses, not the other store’s', async () => {
    const c = await loadCatalog(t.database.db, await b.viewer('ga@x.br'));
    expect(c.people.map((p) => p.name).sort()).toEqual(['admin', 'ga', 'lead', 'solo', 'sub']);
    expect(c.closingStatuses).not.toContain('Status da loja B');
    const admin = await loadCatalog(t.database.db, await b.viewer('admin@x.br'));
    expect(admin.stores).toHaveLength(2);
    expect(admin.closingStatuses).toContain('Status da loja B');
  });
});

describe('fan-out ("cada responsável em privado")', () => {
  it('a gerente’s fan-out reaches only the responsibles of their store', async () => {
    const owner = await b.viewer('ga@x.br');
    const recipients = await fanOutRecipients(t.database.db, {
      definition,
      owner,
      asOf: asOf(),
      now,
    });
    expect(recipients.map((r) => r.name).sort()).toEqual(['lead', 'solo', 'sub']);
  });
});

describe('views and subscriptions', () => {
  it('a private view is seen and changed by its owner only', async () => {
    const lead = await b.viewer('lead@x.br');
    const solo = await b.viewer('solo@x.br');
    const view = await createView(t.database.db, lead, {
      name: 'Minha lista do lead',
      visibility: 'private',
      definition,
    });
    expect((await listViews(t.database.db, solo)).map((v) => v.name)).not.toContain(
      'Minha lista do lead',
    );
    await expect(getView(t.database.db, solo, view.id)).rejects.toMatchObject({
      code: 'view_not_found',
    });
    expect(canEditView(solo, view)).toBe(false);
    expect(canEditView(await b.viewer('admin@x.br'), view)).toBe(false);
  });

  it('a vendedor neither lists nor manages another’s subscription; a gerente of another store neither', async () => {
    const lead = await b.viewer('lead@x.br');
    const view = await createView(t.database.db, lead, {
      name: 'Para assinar',
      visibility: 'team',
      definition,
    });
    const sub = await createSubscription(t.database.db, {
      owner: lead,
      input: {
        viewId: view.id,
        destination: 'dm',
        schedule: { kind: 'weekly', weekdays: [1], time: '08:00', timezone: 'America/Sao_Paulo' },
      },
      now,
    });
    const solo = await b.viewer('solo@x.br');
    const gb = await b.viewer('gb@x.br');
    expect((await listSubscriptions(t.database.db, solo)).map((s) => s.id)).not.toContain(sub.id);
    expect((await listSubscriptions(t.database.db, gb)).map((s) => s.id)).not.toContain(sub.id);
    expect(
      (await listSubscriptions(t.database.db, await b.viewer('ga@x.br'))).map((s) => s.id),
    ).toContain(sub.id);
    await expect(getSubscription(t.database.db, solo, sub.id)).rejects.toThrow();
    await expect(getSubscription(t.database.db, gb, sub.id)).rejects.toThrow();
  });
});

describe('linking Slack users', () => {
  it('a vendedor may not link anyone; a gerente only people of their store', async () => {
    const db = t.database.db;
    await expect(
      linkSlackUser(db, await b.viewer('solo@x.br'), 'U0SOLO', 'solo@x.br'),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      linkSlackUser(db, await b.viewer('ga@x.br'), 'U0VB', 'vb@x.br'),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/sua loja/),
    });
    const vb = await db
      .selectFrom('salespeople')
      .select('slack_user_id')
      .where('email', '=', 'vb@x.br')
      .executeTakeFirstOrThrow();
    expect(vb.slack_user_id).toBeNull();
    const ok = await linkSlackUser(db, await b.viewer('ga@x.br'), 'U0SOLO', 'solo@x.br');
    expect(ok.changed).toBe(true);
    const byAdmin = await linkSlackUser(db, await b.viewer('admin@x.br'), 'U0VB', 'vb@x.br');
    expect(byAdmin.changed).toBe(true);
  });

  it('a gerente may not take a Slack user away from another store’s salesperson', async () => {
    // U0VB is linked to vb (store B) above; ga (store A) may not move it to one of theirs.
    await expect(
      linkSlackUser(t.database.db, await b.viewer('ga@x.br'), 'U0VB', 'sub@x.br'),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
