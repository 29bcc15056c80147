/**
 * Logging a contact (src/core/projects/contacts.ts) on real Postgres: stored with who wrote
 * it and where from, the summary refreshed at once (the next report's "Último contato" is
 * that day and "Dias sem contato" 0), kept through a later ERP import that carries an older
 * `ultimo_contato` (the later of both counts), a reminder booked at 09:00 of day + N in
 * the store's timezone; bad input changes nothing, another vendedor's project is refused.
 * Dates derive from the injected clock, never from the machine's day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../../src/core/import/index.js';
import { logContact } from '../../../src/core/projects/contacts.js';
import { definitionSchema } from '../../../src/core/portfolio/definition.js';
import { addDays, todayIn } from '../../../src/core/portfolio/periods.js';
import { runReport } from '../../../src/core/portfolio/query.js';
import type { Viewer } from '../../../src/core/portfolio/viewer.js';
import { instantOfLocal } from '../../../src/core/time/zoned.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture, type Built } from '../../support/fixtures.js';
import { testClock } from '../../support/clock.js';
import { writeExport } from '../import/fixtures.js';
import { CARD_FIXTURE } from './card-fixture.js';

let t: TestDatabase;
let fx: Built;
const TZ = 'America/Sao_Paulo';
// Some instant after the fixture's dates; the test reasons from whatever day it is in SP.
const clock = testClock('2026-12-07T14:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  fx = await buildFixture(t.database, CARD_FIXTURE);
});
afterAll(() => t.drop());

const definition = definitionSchema.parse({
  columns: ['project', 'last_contact_at', 'days_without_contact'],
  sort: [{ column: 'project', direction: 'asc' }],
});

async function reportRow(viewer: Viewer, code: string) {
  const asOf = todayIn(TZ, clock());
  const r = await runReport(t.database.db, { definition, viewer, asOf, now: clock() });
  return r.rows.find((row) => row.project === code);
}

async function contactCount(): Promise<number> {
  const r = await t.database.db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('logging a contact', () => {
  it('shows in the next report at once and survives a later ERP import', async () => {
    const vera = await fx.viewer('vend1@carteira.test');
    const today = todayIn(TZ, clock());
    expect(await reportRow(vera, 'P-01')).toMatchObject({ last_contact_at: '2026-11-20' });

    const logged = await logContact(
      t.database.db,
      vera,
      {
        projectCode: 'p-01',
        channel: 'WhatsApp',
        note: 'Cliente pediu revisão do closet',
        source: 'slack',
      },
      { now: clock() },
    );
    expect(logged).toMatchObject({
      projectCode: 'P-01',
      on: today,
      channel: 'whatsapp',
      reminder: null,
    });
    expect(await reportRow(vera, 'P-01')).toEqual({
      project: 'P-01',
      last_contact_at: today,
      days_without_contact: 0,
    });
    const row = await t.database.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', logged.contactId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'whatsapp',
      note: 'Cliente pediu revisão do closet',
      source: 'slack',
      created_by: fx.personId['vend1@carteira.test'],
      salesperson_id: fx.personId['vend1@carteira.test'],
    });
    expect(row.contacted_at.getTime()).toBe(clock().getTime());

    // The ERP exports the project again with its own (older) last contact.
    const client = await t.database.db
      .selectFrom('clients')
      .select('code')
      .where('name', '=', 'João Conceição')
      .executeTakeFirstOrThrow();
    const folder = await writeExport({
      'projetos.csv': [
        'codigo;cliente;loja;responsavel;criado_em;ultimo_contato;valor_estimado',
        `P-01;${client.code};SP;vend1@carteira.test;2026-10-05 10:00;${addDays(today, -3)} 10:00;12500`,
        '',
      ].join('\n'),
    });
    const imported = await importFolder({ database: t.database, folder });
    expect(imported.applied).toBe(true);
    clock.advance(2 * 86_400_000);
    expect(await reportRow(vera, 'P-01')).toEqual({
      project: 'P-01',
      last_contact_at: today,
      days_without_contact: 2,
    });
    // And a newer ERP contact wins over the Slack one.
    const later = await writeExport({
      'projetos.csv': [
        'codigo;cliente;loja;responsavel;criado_em;ultimo_contato',
        `P-01;${client.code};SP;vend1@carteira.test;2026-10-05 10:00;${addDays(today, 1)} 10:00`,
        '',
      ].join('\n'),
    });
    expect((await importFolder({ database: t.database, folder: later })).applied).toBe(true);
    expect(await reportRow(vera, 'P-01')).toMatchObject({
      last_contact_at: addDays(today, 1),
      days_without_contact: 1,
    });
  });

  it('books a reminder at 09:00 of day + N in the store’s timezone; an earlier day counts as that day', async () => {
    const vera = await fx.viewer('vend1@carteira.test');
    const today = todayIn(TZ, clock());
    const on = addDays(today, -1);
    const logged = await logContact(
      t.database.db,
      vera,
      {
        projectCode: 'P-02',
        on,
        channel: 'telefone',
        note: null,
        source: 'slack',
        remindInDays: 3,
      },
      { now: clock() },
    );
    expect(logged.reminder).toEqual({
      id: expect.any(Number),
      on: addDays(today, 3),
      dueAt: instantOfLocal(addDays(today, 3), '09:00', TZ),
    });
    expect(await reportRow(vera, 'P-02')).toMatchObject({
      last_contact_at: on,
      days_without_contact: 1,
    });
    const reminders = await t.database.db.selectFrom('contact_reminders').selectAll().execute();
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      status: 'pending',
      salesperson_id: fx.personId['vend1@carteira.test'],
    });
  });

  it('refuses bad input and another vendedor’s project, changing nothing', async () => {
    const before = await contactCount();
    const vania = await fx.viewer('vend3@carteira.test');
    const today = todayIn(TZ, clock());
    const base = { projectCode: 'P-03', channel: 'telefone', source: 'slack' as const };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ on: addDays(today, 1) }, 'date', 'não pode ser depois de hoje'],
      [{ on: '31/12/2026' }, 'date', 'Use AAAA-MM-DD'],
      [{ channel: 'pombo' }, 'channel', 'telefone, WhatsApp, visita ou e-mail'],
      [{ note: 'x'.repeat(1001) }, 'note', 'o máximo é 1000'],
      [{ remindInDays: 0 }, 'remind', 'entre 1 e 90'],
      [{ remindInDays: 91 }, 'remind', 'entre 1 e 90'],
    ];
    for (const [change, field, text] of cases) {
      await expect(
        logContact(t.database.db, vania, { ...base, ...change }, { now: clock() }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        details: { field },
        message: expect.stringContaining(text),
      });
    }
    await expect(
      logContact(t.database.db, vania, { ...base, projectCode: 'P-01' }, { now: clock() }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await contactCount()).toBe(before);
  });
});
