/**
 * Follow-up alerts end to end: the worker on real Redis and Postgres, DMs in the fake Slack.
 * A "projetos sem contato há mais de 10 dias" alert of the SP gerente, escalating after 1 day:
 *
 *   23/11: vend1 gets one DM with P-01 only, vend2 one with P-02 only (vend3 has no Slack:
 *          skipped, said in the ledger); nobody is escalated yet. The same occurrence again,
 *          or another one the same morning, posts nothing more.
 *   24/11: the responsibles again (still matching); the escalations, once: P-02 to vend1
 *          (vend2's supervisor), P-01 and P-03 to the gerente (no supervisor). vend2 logs a
 *          contact on P-02.
 *   25/11: P-02 has dropped out (vend2 gets nothing); vend1 is told about P-01 again; no
 *          escalation is repeated.
 *
 * And: a stalled-contract alert over no stalled contract is quiet (no message); one over a
 * contract in "Pedido" for weeks tells its responsible, and a stage change by the import
 * restarts the count.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlert } from '../../src/core/alerts/create-alert.js';
import { ALERT_NOTES } from '../../src/core/alerts/plan.js';
import { SKIP_NOTES } from '../../src/core/delivery/messages.js';
import { importFolder } from '../../src/core/import/index.js';
import { logContact } from '../../src/core/projects/contacts.js';
import { listDeliveries } from '../../src/core/subscriptions/subscription-history.js';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import type { RecordedMessage } from '../fake-slack/index.js';
import { tempDir } from '../support/temp-dir.js';
import {
  createWorld,
  deliveriesOf,
  messageText,
  reportPosts,
  SLACK,
  SP,
  waitUntil,
  type World,
} from './support.js';

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

/** Alerts are created after every occurrence the tests trigger: no catch-up, no scheduler. */
const AFTER_ALL = new Date('2027-06-01T12:00:00Z');
const daily8 = { kind: 'cron' as const, expression: '0 8 * * *', timezone: SP };

async function settled(subscriptionId: number, count: number) {
  return waitUntil(
    async () => {
      const rows = await deliveriesOf(world.db, subscriptionId);
      const open = rows.some((r) => r.status === 'pending' || r.status === 'sending');
      return !open && rows.length >= count ? rows : null;
    },
    20_000,
    `subscription ${subscriptionId}: ${count} settled deliveries`,
  );
}

function postsOf(subscriptionId: number): { recipient: string; day: string; m: RecordedMessage }[] {
  return reportPosts(world.fake)
    .map((m) => {
      const p = (
        m.args.metadata as {
          event_payload: { subscription_id: unknown; scheduled_for: string; recipient: string };
        }
      ).event_payload;
      return { p, m };
    })
    .filter(({ p }) => Number(p.subscription_id) === subscriptionId)
    .map(({ p, m }) => ({ recipient: p.recipient, day: p.scheduled_for.slice(0, 10), m }));
}

async function personId(email: string): Promise<number> {
  return (await world.viewer(email)).id;
}

/** The DM channel the fake opened for a Slack user (from its conversations.open answers). */
function dmOf(user: string): string {
  const call = world.fake.calls.find(
    (c) => c.method === 'conversations.open' && String(c.args.users) === user,
  );
  return String((call?.response as { channel?: { id?: string } } | undefined)?.channel?.id);
}

/** Project codes named in a message (`*P-01*`). */
const codesIn = (m: RecordedMessage) =>
  [...messageText(m).matchAll(/\*([PB]-\d\d)\*/g)].map((x) => x[1]).sort();

describe('follow-up alerts', () => {
  it('tells each responsible their own projects, escalates once, and drops a contacted project', async () => {
    const gerente = await world.viewer('gerente@carteira.test');
    const sub = await createAlert(world.db, {
      owner: gerente,
      input: {
        condition: 'no_contact',
        days: 10,
        escalateAfterDays: 1,
        schedule: { ...daily8, expression: '0 8,9 * * *' },
      },
      now: AFTER_ALL,
    });
    expect(sub.kind).toBe('alert');
    const [vend1, vend2, vend3, ger] = await Promise.all([
      personId('vend1@carteira.test'),
      personId('vend2@carteira.test'),
      personId('vend3@carteira.test'),
      personId('gerente@carteira.test'),
    ]);
    await world.worker({ now: () => AFTER_ALL });

    // 23/11: one DM per linked responsible, with their own projects only.
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-23T08:00' });
    let rows = await settled(sub.id, 3);
    expect(rows.map((r) => [r.recipient, r.status])).toEqual([
      [`sp:${vend1}`, 'sent'],
      [`sp:${vend2}`, 'sent'],
      [`sp:${vend3}`, 'skipped'],
    ]);
    expect(rows.find((r) => r.recipient === `sp:${vend3}`)!.note).toBe(SKIP_NOTES.notLinked);
    let posts = postsOf(sub.id);
    expect(posts).toHaveLength(2);
    const first1 = posts.find((p) => p.recipient === `sp:${vend1}`)!;
    const first2 = posts.find((p) => p.recipient === `sp:${vend2}`)!;
    expect(first1.m.channel).toBe(dmOf(SLACK.vend1));
    expect(first2.m.channel).toBe(dmOf(SLACK.vend2));
    expect(codesIn(first1.m)).toEqual(['P-01']);
    expect(codesIn(first2.m)).toEqual(['P-02']);
    expect(messageText(first1.m)).toContain('sem contato há mais de 10 dias');
    expect(messageText(first1.m)).toContain('18 dias sem contato');

    // The same occurrence again, and another one the same morning: nothing more.
    const again = await triggerOccurrence(world.db, gerente, sub.id, {
      occurrence: '2026-11-23T08:00',
    });
    expect(again.occurrence.created).toBe(false);
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-23T09:00' });
    rows = await settled(sub.id, 4);
    expect(rows).toHaveLength(4);
    expect(rows.at(-1)).toMatchObject({
      recipient: '',
      status: 'skipped',
      note: ALERT_NOTES.toldToday,
    });
    expect(postsOf(sub.id)).toHaveLength(2);

    // 24/11: responsibles again, and the escalations.
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-24T08:00' });
    rows = await settled(sub.id, 4 + 5);
    const day2 = rows.filter((r) => r.scheduled_for.toISOString().startsWith('2026-11-24'));
    expect(day2.map((r) => r.recipient).sort()).toEqual(
      [`esc:${ger}`, `esc:${vend1}`, `sp:${vend1}`, `sp:${vend2}`, `sp:${vend3}`].sort(),
    );
    posts = postsOf(sub.id).filter((p) => p.day === '2026-11-24');
    expect(posts).toHaveLength(4);
    const escSupervisor = posts.find((p) => p.recipient === `esc:${vend1}`)!;
    const escGerente = posts.find((p) => p.recipient === `esc:${ger}`)!;
    expect(escSupervisor.m.channel).toBe(dmOf(SLACK.vend1));
    expect(codesIn(escSupervisor.m)).toEqual(['P-02']);
    expect(messageText(escSupervisor.m)).toContain('Válter Dois');
    expect(escGerente.m.channel).toBe(dmOf(SLACK.gerente));
    expect(codesIn(escGerente.m)).toEqual(['P-01', 'P-03']);
    expect(codesIn(posts.find((p) => p.recipient === `sp:${vend1}`)!.m)).toEqual(['P-01']);
    expect(codesIn(posts.find((p) => p.recipient === `sp:${vend2}`)!.m)).toEqual(['P-02']);

    // vend2 calls the client of P-02 (from the card in Slack).
    const v2 = await world.viewer('vend2@carteira.test');
    await logContact(
      world.db,
      v2,
      { projectCode: 'P-02', channel: 'telefone', source: 'slack' },
      { now: new Date('2026-11-24T14:00:00Z') },
    );

    // 25/11: P-02 dropped out; vend1 again; no escalation repeated.
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-25T08:00' });
    rows = await settled(sub.id, 4 + 5 + 2);
    const day3 = rows.filter((r) => r.scheduled_for.toISOString().startsWith('2026-11-25'));
    expect(day3.map((r) => [r.recipient, r.status]).sort()).toEqual(
      [
        [`sp:${vend1}`, 'sent'],
        [`sp:${vend3}`, 'skipped'],
      ].sort(),
    );
    posts = postsOf(sub.id).filter((p) => p.day === '2026-11-25');
    expect(posts.map((p) => p.recipient)).toEqual([`sp:${vend1}`]);
    expect(codesIn(posts[0]!.m)).toEqual(['P-01']);
    // The history names the person behind each key.
    const history = await listDeliveries(world.db, { subscriptionId: sub.id });
    expect(history.find((d) => d.recipient === `esc:${vend1}`)!.recipientName).toBe('Vera Um');
    expect(history.find((d) => d.recipient === `sp:${vend2}`)!.recipientName).toBe('Válter Dois');
    // Every (occurrence, recipient) posted at most once.
    const keys = postsOf(sub.id).map((p) => `${p.day}|${p.recipient}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is quiet when nothing matches, and counts a stalled contract from its last stage change', async () => {
    const admin = await world.viewer('admin@carteira.test');
    const sub = await createAlert(world.db, {
      owner: admin,
      input: { condition: 'stalled_contract', days: 15, schedule: daily8 },
      now: AFTER_ALL,
    });
    await world.worker({ now: () => AFTER_ALL });

    // No contract at all: one skipped ledger row, no message.
    await triggerOccurrence(world.db, admin, sub.id, { occurrence: '2026-11-20T08:00' });
    let rows = await settled(sub.id, 1);
    expect(rows.map((r) => [r.recipient, r.status, r.note])).toEqual([
      ['', 'skipped', ALERT_NOTES.nothing],
    ]);
    expect(postsOf(sub.id)).toHaveLength(0);

    // The ERP: P-05 (vman, Manaus) has a contract in "Pedido" since 01/11.
    const dir = await tempDir('carteira-alerts-');
    const contracts = (stage: string) =>
      'codigo;numero;projeto;criado_em;situacao;valor\n' +
      `K-50;950;P-05;2026-11-01 10:00;${stage};4000\n`;
    await writeFile(join(dir, 'contratos.csv'), contracts('pedido'));
    expect((await importFolder({ database: world.t.database, folder: dir })).applied).toBe(true);

    await triggerOccurrence(world.db, admin, sub.id, { occurrence: '2026-11-21T08:00' });
    rows = await settled(sub.id, 2);
    const vman = await personId('vman@carteira.test');
    expect(rows.at(-1)).toMatchObject({ recipient: `sp:${vman}`, status: 'sent' });
    const [post] = postsOf(sub.id);
    expect(post!.m.channel).toBe(dmOf(SLACK.vman));
    expect(codesIn(post!.m)).toEqual(['P-05']);
    expect(messageText(post!.m)).toContain('contrato 950 · Pedido há 20 dias (desde 01/11/2026)');

    // The import moves it to "Entrega": the stage's count starts again (not stalled now).
    await writeFile(join(dir, 'contratos.csv'), contracts('entrega'));
    expect((await importFolder({ database: world.t.database, folder: dir })).applied).toBe(true);
    const k = await world.db
      .selectFrom('contracts')
      .select(['stage', 'stage_since'])
      .where('code', '=', 'K-50')
      .executeTakeFirstOrThrow();
    expect(k.stage).toBe(4);
    expect(k.stage_since).not.toBeNull();
    await triggerOccurrence(world.db, admin, sub.id, { occurrence: '2026-11-22T08:00' });
    rows = await settled(sub.id, 3);
    expect(rows.at(-1)).toMatchObject({ recipient: '', status: 'skipped' });
    expect(postsOf(sub.id)).toHaveLength(1);
  });
});
