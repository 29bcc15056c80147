/**
 * "Lembrar em N dias": a contact logged with a reminder becomes one DM to its author at
 * 09:00 of that day (store timezone), posted by the worker exactly once however many
 * passes run; nothing before it is due; a stale claim whose post may have gone out is not
 * posted again.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logContact } from '../../src/core/projects/contacts.js';
import { REMINDER_NOTES } from '../../src/core/projects/reminders.js';
import { createWorld, type World } from './support.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world?.stopWorkers();
});
afterAll(async () => {
  await world?.close();
});

const reminderDms = () =>
  world.fake.messages().filter((m) => m.kind === 'message' && String(m.text).includes('Lembrete'));

describe('contact reminders', () => {
  it('DMs the author once, when due', async () => {
    const vera = await world.viewer('vend1@carteira.test');
    const logged = await logContact(
      world.db,
      vera,
      {
        projectCode: 'P-01',
        channel: 'telefone',
        note: 'Ligar de novo',
        source: 'slack',
        remindInDays: 2,
      },
      { now: world.clock() },
    );
    const dueAt = logged.reminder!.dueAt;

    let now = new Date(dueAt.getTime() - 60_000);
    const worker = await world.worker({ timers: false, now: () => now });
    expect(await worker.reminders()).toBe(0);
    now = new Date(dueAt.getTime() + 60_000);
    const passes = await Promise.all([worker.reminders(), worker.reminders()]);
    expect(passes.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await worker.reminders()).toBe(0);
    const dms = reminderDms();
    expect(dms).toHaveLength(1);
    expect(String(dms[0]!.text)).toContain('projeto P-01');
    expect(String(dms[0]!.text)).toContain('“Ligar de novo”');
    const row = await world.db
      .selectFrom('contact_reminders')
      .selectAll()
      .where('id', '=', String(logged.reminder!.id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('does not post again after an interrupted post (stale claim with its mark)', async () => {
    const vera = await world.viewer('vend1@carteira.test');
    const logged = await logContact(
      world.db,
      vera,
      { projectCode: 'P-04', channel: 'visita', source: 'slack', remindInDays: 1 },
      { now: world.clock() },
    );
    await world.db
      .updateTable('contact_reminders')
      .set({
        status: 'sending',
        claimed_by: 'dead/1',
        // Leases compare the database's clock, not the process's (faketime moves only the latter).
        claimed_at: sql<Date>`now() - interval '1 hour'`,
        post_started_at: sql<Date>`now() - interval '1 hour'`,
      })
      .where('id', '=', String(logged.reminder!.id))
      .execute();
    const before = reminderDms().length;
    const worker = await world.worker({
      timers: false,
      now: () => new Date(logged.reminder!.dueAt.getTime() + 60_000),
    });
    expect(await worker.reminders()).toBe(0);
    expect(reminderDms().length).toBe(before);
    const row = await world.db
      .selectFrom('contact_reminders')
      .selectAll()
      .where('id', '=', String(logged.reminder!.id))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', error: REMINDER_NOTES.interrupted });
  });
});
