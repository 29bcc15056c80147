/**
 * "What changed since the last delivery" end to end: the worker on real Redis and Postgres
 * posting to the fake Slack, an ERP import between two deliveries that adds a project,
 * moves two situations and cancels one project out of the view. The second message says
 * exactly "1 novo · 1 saiu · 2 mudaram de situação" above the table and marks the rows; the
 * ledger and `listDeliveries` (what `deliveries list --format json` prints) carry the
 * counts; a fan-out keeps one history per salesperson; "só enviar se algo mudou" skips an
 * occurrence with nothing new.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/core/import/index.js';
import { SKIP_NOTES } from '../../src/core/delivery/messages.js';
import { listDeliveries } from '../../src/core/subscriptions/subscription-history.js';
import { triggerOccurrence } from '../../src/core/subscriptions/trigger-occurrence.js';
import { createView } from '../../src/core/views/views.js';
import {
  CHANNELS,
  createWorld,
  deliveriesOf,
  MON_07_DEC,
  messageText,
  reportPosts,
  tableProjects,
  waitUntil,
  weeklyMonday8,
  type World,
} from './support.js';
import { tempDir } from '../support/temp-dir.js';

let world: World;
let viewId: number;
beforeAll(async () => {
  world = await createWorld();
  const gerente = await world.viewer('gerente@carteira.test');
  const view = await createView(world.db, gerente, {
    name: 'Carteira ativa',
    visibility: 'team',
    definition: {
      filters: {
        situations: {
          mode: 'custom',
          ids: ['sem_contrato', 'contratado', 'em_revisao', 'pedido', 'entrega', 'montagem'],
        },
      },
      columns: ['project', 'salesperson', 'situation', 'estimated_value'],
      sort: [{ column: 'project', direction: 'asc' }],
    },
  });
  viewId = view.id;
});
afterEach(async () => {
  await world?.stopWorkers();
});
afterAll(async () => {
  await world?.close();
});

async function done(subscriptionId: number, count: number) {
  return waitUntil(
    async () => {
      const rows = await deliveriesOf(world.db, subscriptionId);
      const finished = rows.filter((r) => r.status !== 'pending' && r.status !== 'sending');
      return finished.length >= count ? rows : null;
    },
    20_000,
    `subscription ${subscriptionId}: ${count} deliveries`,
  );
}

async function importCsv(files: Record<string, string>) {
  const dir = await tempDir('carteira-changes-');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const r = await importFolder({ database: world.t.database, folder: dir });
  expect(r.applied).toBe(true);
}

/** Subscriptions start after every occurrence the test triggers: no catch-up interferes. */
const AFTER_ALL = new Date(MON_07_DEC.getTime() + 3_600_000);

const postOf = (ts: string | null) => reportPosts(world.fake).find((m) => m.ts === ts)!;

describe('what changed since the last delivery', () => {
  it('counts new, left and moved projects between two deliveries around an import', async () => {
    const sub = await world.subscribe(
      'gerente@carteira.test',
      {
        viewId,
        destination: 'channel',
        channelId: CHANNELS.vendas,
        schedule: weeklyMonday8,
      },
      AFTER_ALL,
    );
    const fanOut = await world.subscribe(
      'gerente@carteira.test',
      {
        viewId,
        destination: 'each_salesperson',
        schedule: weeklyMonday8,
        onlyIfChanged: true,
      },
      AFTER_ALL,
    );
    const gerente = await world.viewer('gerente@carteira.test');
    await world.worker({ now: () => AFTER_ALL });

    // 1. Monday 23/11: the first delivery says it is the first.
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-23T08:00' });
    await triggerOccurrence(world.db, gerente, fanOut.id, { occurrence: '2026-11-23T08:00' });
    const [first] = await done(sub.id, 1);
    await done(fanOut.id, 3);
    expect(first).toMatchObject({ status: 'sent' });
    const firstPost = postOf(first!.slack_ts);
    expect(messageText(firstPost)).toContain('Primeiro envio desta assinatura');
    expect(tableProjects(firstPost)).toEqual(['P-01', 'P-02', 'P-03', 'P-04']);
    expect(first!.changes).toBeNull();

    // 2. The ERP: P-01 gets an order-stage contract, P-02 a signed one, P-03's only
    //    contract is cancelled (it leaves the view), P-06 is new.
    await importCsv({
      'clientes.csv': 'codigo;nome;loja\nCL-6;Cliente Seis;SP\n',
      'projetos.csv':
        'codigo;cliente;loja;responsavel;criado_em;valor_estimado\n' +
        'P-06;CL-6;SP;vend1@carteira.test;2026-11-26 10:00;2000\n',
      'contratos.csv':
        'codigo;numero;projeto;criado_em;situacao;valor\n' +
        'K-1;501;P-01;2026-11-25 10:00;pedido;9000\n' +
        'K-2;502;P-02;2026-11-25 11:00;contratado;6000\n' +
        'K-3;503;P-03;2026-11-25 12:00;cancelado;5000\n',
    });

    // 3. Monday 30/11: the counts, the marks, the ledger.
    await triggerOccurrence(world.db, gerente, sub.id, { occurrence: '2026-11-30T08:00' });
    const rows = await done(sub.id, 2);
    const second = rows.find((r) => r.id !== first!.id)!;
    expect(second.status).toBe('sent');
    const post = postOf(second.slack_ts);
    const text = messageText(post);
    expect(text).toContain(
      'Desde o último envio (seg., 23/11): 1 novo · 1 saiu · 2 mudaram de situação',
    );
    expect(text).toContain('Novos: P-06');
    expect(text).toContain(
      'Mudaram de situação: P-01 (Sem contrato → Pedido), P-02 (Sem contrato → Contratado)',
    );
    expect(text).toContain('Saíram: P-03');
    // Above the table: the change lines come before the totals, the table is the attachment.
    const blockTexts = (post.blocks as { type: string; text?: { text: string } }[]).map(
      (b) => b.text?.text ?? b.type,
    );
    const at = blockTexts.findIndex((b) => b.includes('Desde o último envio'));
    expect(at).toBeGreaterThan(0);
    expect(blockTexts[at - 1]).toBe('context');
    expect(tableProjects(post)).toEqual(['P-01', 'P-02', 'P-04', '🆕 P-06']);
    expect(JSON.stringify([post.blocks, post.attachments])).toContain('Sem contrato → Pedido');
    expect(second.changes).toEqual({
      since: '2026-11-23',
      new: 1,
      left: 1,
      changed: 2,
      valueChanged: 2,
    });
    const listed = await listDeliveries(world.db, { subscriptionId: sub.id });
    expect(listed.map((d) => d.changes)).toEqual([
      { since: '2026-11-23', new: 1, left: 1, changed: 2, valueChanged: 2 },
      null,
    ]);

    // 4. The fan-out: one history per salesperson, each about their own projects.
    await triggerOccurrence(world.db, gerente, fanOut.id, { occurrence: '2026-11-30T08:00' });
    // Vânia (P-03 left the view) is no longer a recipient: two rows.
    const fanRows = await done(fanOut.id, 5);
    const id = world.built.personId;
    const of = (email: string, day: string) =>
      fanRows.find(
        (r) => r.recipient === String(id[email]) && r.scheduled_for.toISOString().startsWith(day),
      )!;
    // Vera: P-01 moved, P-06 new (P-04 unchanged); her supervisor chain is hers alone here.
    expect(of('vend1@carteira.test', '2026-11-30').changes).toEqual({
      since: '2026-11-23',
      new: 1,
      left: 0,
      changed: 1,
      valueChanged: 1,
    });
    expect(messageText(postOf(of('vend1@carteira.test', '2026-11-30').slack_ts))).toContain(
      'Desde o último envio (seg., 23/11): 1 novo · 0 saíram · 1 mudou de situação',
    );
    expect(of('vend2@carteira.test', '2026-11-30').changes).toMatchObject({
      new: 0,
      left: 0,
      changed: 1,
    });

    // 5. Monday 07/12, nothing changed: "só enviar se algo mudou" posts nothing.
    const before = reportPosts(world.fake).length;
    await triggerOccurrence(world.db, gerente, fanOut.id, { occurrence: '2026-12-07T08:00' });
    const last = await done(fanOut.id, 7);
    const dec = last.filter((r) => r.scheduled_for.getTime() === MON_07_DEC.getTime());
    const vera = dec.find((r) => r.recipient === String(id['vend1@carteira.test']))!;
    expect(vera).toMatchObject({ status: 'skipped', note: SKIP_NOTES.unchanged });
    expect(reportPosts(world.fake).length).toBe(before);
  });
});
