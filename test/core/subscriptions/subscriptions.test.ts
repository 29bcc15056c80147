/**
 * Subscriptions in core: who may create what, what each person lists and manages, the
 * worker being told (NOTIFY), "Enviar agora" deduplication, triggering an occurrence by its
 * local time, and the delivery history.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CarteiraError } from '../../../src/core/errors.js';
import {
  createSubscription,
  errorField,
} from '../../../src/core/subscriptions/create-subscription.js';
import { deleteSubscription } from '../../../src/core/subscriptions/delete-subscription.js';
import { listSubscriptions } from '../../../src/core/subscriptions/list-subscriptions.js';
import { SUBSCRIPTIONS_CHANNEL, parseNotice } from '../../../src/core/subscriptions/notify.js';
import { pauseSubscription } from '../../../src/core/subscriptions/pause-subscription.js';
import { resumeSubscription } from '../../../src/core/subscriptions/resume-subscription.js';
import { sendNow } from '../../../src/core/subscriptions/send-now.js';
import { subscriptionHistory } from '../../../src/core/subscriptions/subscription-history.js';
import { loadSubscription } from '../../../src/core/subscriptions/subscription.js';
import { nextSendTimes, subscriptionSummary } from '../../../src/core/subscriptions/texts.js';
import {
  occurrenceFromLocal,
  triggerOccurrence,
} from '../../../src/core/subscriptions/trigger-occurrence.js';
import { createView } from '../../../src/core/views/views.js';
import { CHANNELS, createWorld, weeklyMonday8, type World } from '../../worker/support.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function rejects(p: Promise<unknown>): Promise<CarteiraError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CarteiraError) return e;
    throw e;
  }
  throw new Error('expected a CarteiraError');
}

describe('creating', () => {
  it('a vendedor may subscribe only their own DM', async () => {
    const channel = await rejects(
      world.subscribe('vend1@carteira.test', {
        destination: 'channel',
        channelId: CHANNELS.vendas,
        schedule: weeklyMonday8,
      }),
    );
    expect(channel.code).toBe('forbidden');
    expect(channel.message).toContain('só na sua DM');
    expect(errorField(channel)).toBe('destination');
    const fanOut = await rejects(
      world.subscribe('vend1@carteira.test', {
        destination: 'each_salesperson',
        schedule: weeklyMonday8,
      }),
    );
    expect(fanOut.code).toBe('forbidden');
    const dm = await world.subscribe('vend1@carteira.test', {
      destination: 'dm',
      schedule: weeklyMonday8,
    });
    expect(dm).toMatchObject({
      destination: 'dm',
      ownerEmail: 'vend1@carteira.test',
      active: true,
      cron: '0 8 * * 1',
    });
  });

  it('a gerente may subscribe a channel or each salesperson; the schedule is stored with its cron', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'channel',
      channelId: CHANNELS.vendas,
      schedule: { kind: 'monthly', day: 'last', time: '18:30', timezone: 'America/Sao_Paulo' },
      format: 'table+xlsx',
      skipEmpty: true,
    });
    expect(sub).toMatchObject({
      cron: '30 18 L * *',
      timezone: 'America/Sao_Paulo',
      format: 'table+xlsx',
      skipEmpty: true,
    });
    expect(subscriptionSummary(sub, { slack: true })).toBe(
      '“Sem contratos no mês” — Último dia de cada mês às 18:30, no canal <#C0VENDAS001>, em Tabela + XLSX, não envia se vazio',
    );
    expect(nextSendTimes(sub, new Date('2026-11-27T12:00:00Z'))).toEqual([
      'seg., 30/11/2026 18:30',
      'qui., 31/12/2026 18:30',
      'dom., 31/01/2027 18:30',
    ]);
    const each = await world.subscribe('gerente@carteira.test', {
      destination: 'each_salesperson',
      schedule: weeklyMonday8,
    });
    expect(each.destination).toBe('each_salesperson');
  });

  it('says what is wrong, field by field, in Portuguese', async () => {
    const cases: [Parameters<World['subscribe']>[1], string, string][] = [
      [{ destination: 'channel', schedule: weeklyMonday8 }, 'channel', 'Escolha o canal'],
      [
        { destination: 'channel', channelId: 'D0123ABC', schedule: weeklyMonday8 },
        'channel',
        'Minha DM',
      ],
      [
        { destination: 'channel', channelId: '#vendas', schedule: weeklyMonday8 },
        'channel',
        'Canal inválido',
      ],
      [
        {
          destination: 'dm',
          schedule: { kind: 'weekly', weekdays: [], time: '08:00', timezone: 'America/Sao_Paulo' },
        },
        'schedule',
        'dia da semana',
      ],
      [
        {
          destination: 'dm',
          schedule: { kind: 'daily', time: '25:00', timezone: 'America/Sao_Paulo' },
        },
        'schedule',
        'Horário inválido',
      ],
      [
        {
          destination: 'dm',
          schedule: { kind: 'cron', expression: '* * * * *', timezone: 'America/Sao_Paulo' },
        },
        'schedule',
        'muito frequente',
      ],
      [
        { destination: 'dm', schedule: { kind: 'daily', time: '08:00', timezone: 'Marte/Olimpo' } },
        'schedule',
        'Fuso horário inválido',
      ],
      [{ destination: 'dm', schedule: weeklyMonday8, format: 'docx' }, 'format', 'não suportado'],
    ];
    for (const [input, field, text] of cases) {
      const e = await rejects(world.subscribe('gerente@carteira.test', input));
      expect(errorField(e), JSON.stringify(input)).toBe(field);
      expect(e.message).toContain(text);
    }
  });

  it('refuses a view the owner cannot see and a subscription they already have', async () => {
    const vend2 = await world.viewer('vend2@carteira.test');
    const secret = await createView(world.db, vend2, {
      name: 'Só minha',
      visibility: 'private',
      definition: { columns: ['project'] },
    });
    const hidden = await rejects(
      world.subscribe('vend1@carteira.test', {
        viewId: secret.id,
        destination: 'dm',
        schedule: weeklyMonday8,
      }),
    );
    expect(hidden.code).toBe('view_not_found');
    await world.subscribe('vend2@carteira.test', {
      viewId: secret.id,
      destination: 'dm',
      schedule: weeklyMonday8,
    });
    const twice = await rejects(
      world.subscribe('vend2@carteira.test', {
        viewId: secret.id,
        destination: 'dm',
        schedule: weeklyMonday8,
      }),
    );
    expect(twice.message).toContain('Você já tem essa assinatura');
  });
});

describe('listing and managing', () => {
  it('lists mine for a vendedor, the store’s for a gerente, everything for an admin', async () => {
    await world.subscribe('gerente.mao@carteira.test', {
      destination: 'dm',
      schedule: weeklyMonday8,
    });
    const owners = async (email: string) =>
      new Set(
        (await listSubscriptions(world.db, await world.viewer(email))).map((s) => s.ownerEmail),
      );
    expect(await owners('vend1@carteira.test')).toEqual(new Set(['vend1@carteira.test']));
    const store = await owners('gerente@carteira.test');
    expect(store.has('gerente.mao@carteira.test')).toBe(false);
    expect(store.has('vend1@carteira.test')).toBe(true);
    expect((await owners('admin@carteira.test')).has('gerente.mao@carteira.test')).toBe(true);
    const mine = await listSubscriptions(world.db, await world.viewer('gerente@carteira.test'), {
      scope: 'mine',
    });
    expect(mine.every((s) => s.ownerEmail === 'gerente@carteira.test')).toBe(true);
  });

  it('owner, gerente of the store or admin may pause/resume/delete; others do not even see it', async () => {
    const sub = await world.subscribe('vend1@carteira.test', {
      destination: 'dm',
      schedule: { ...weeklyMonday8, time: '09:15' },
    });
    const vend3 = await world.viewer('vend3@carteira.test');
    const other = await world.viewer('gerente.mao@carteira.test');
    for (const who of [vend3, other]) {
      const e = await rejects(pauseSubscription(world.db, who, sub.id));
      expect(e.code).toBe('subscription_not_found');
    }
    const gerente = await world.viewer('gerente@carteira.test');
    const paused = await pauseSubscription(world.db, gerente, sub.id);
    expect(paused).toMatchObject({ active: false, pausedReason: 'pausada por Gustavo Gerente' });
    const before = paused.activeSince.getTime();
    const resumed = await resumeSubscription(
      world.db,
      await world.viewer('vend1@carteira.test'),
      sub.id,
      {
        now: new Date(before + 3600_000),
      },
    );
    expect(resumed).toMatchObject({ active: true, pausedReason: null, consecutiveFailures: 0 });
    // Catch-up starts again from the resume, not from the weeks of the pause.
    expect(resumed.activeSince.getTime()).toBe(before + 3600_000);
    await deleteSubscription(world.db, await world.viewer('admin@carteira.test'), sub.id);
    expect(await loadSubscription(world.db, sub.id)).toBeNull();
  });

  it('tells the worker about every change with NOTIFY carteira_subscriptions', async () => {
    const client = new pg.Client({ connectionString: world.t.url });
    await client.connect();
    const notices: unknown[] = [];
    client.on('notification', (m) => notices.push(parseNotice(m.payload)));
    await client.query(`LISTEN ${SUBSCRIPTIONS_CHANNEL}`);
    try {
      const gerente = await world.viewer('gerente@carteira.test');
      const sub = await world.subscribe('gerente@carteira.test', {
        destination: 'dm',
        schedule: { ...weeklyMonday8, time: '10:45' },
      });
      await pauseSubscription(world.db, gerente, sub.id);
      await sendNow(world.db, gerente, sub.id, { now: world.clock() });
      await new Promise((r) => setTimeout(r, 200));
      expect(notices).toEqual([
        { kind: 'subscription', subscriptionId: sub.id },
        { kind: 'subscription', subscriptionId: sub.id },
        { kind: 'occurrence', subscriptionId: sub.id },
      ]);
    } finally {
      await client.end();
    }
  });
});

describe('occurrences on demand', () => {
  it('“Enviar agora” pressed twice (even at once) requests one delivery', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'dm',
      schedule: { ...weeklyMonday8, time: '11:00' },
    });
    const gerente = await world.viewer('gerente@carteira.test');
    const now = new Date('2026-11-27T15:00:00.400Z');
    const [a, b] = await Promise.all([
      sendNow(world.db, gerente, sub.id, { now }),
      sendNow(world.db, gerente, sub.id, { now }),
    ]);
    expect([a.occurrence.created, b.occurrence.created].sort()).toEqual([false, true]);
    expect(a.occurrence.id).toBe(b.occurrence.id);
    expect(a.occurrence.scheduledFor.toISOString()).toBe('2026-11-27T15:00:00.000Z');
    const later = await sendNow(world.db, gerente, sub.id, {
      now: new Date(now.getTime() + 61_000),
    });
    expect(later.occurrence.created).toBe(true);
  });

  it('triggers an occurrence by its wall-clock time in the subscription’s zone, and only a real one', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'dm',
      schedule: { ...weeklyMonday8, time: '12:00' },
    });
    expect(occurrenceFromLocal(sub.schedule, '2026-11-30T12:00')?.toISOString()).toBe(
      '2026-11-30T15:00:00.000Z',
    );
    expect(occurrenceFromLocal(sub.schedule, '2026-12-01T12:00')).toBeNull();
    const operator = await world.viewer('admin@carteira.test');
    const first = await triggerOccurrence(world.db, operator, sub.id, {
      occurrence: '2026-11-30T12:00',
    });
    const again = await triggerOccurrence(world.db, operator, sub.id, {
      occurrence: '2026-11-30T12:00',
    });
    expect([first.occurrence.created, again.occurrence.created]).toEqual([true, false]);
    const wrong = await rejects(
      triggerOccurrence(world.db, operator, sub.id, { occurrence: '2026-12-01T12:00' }),
    );
    expect(wrong.message).toContain('não é um horário da agenda');
    expect(wrong.message).toContain('seg., 07/12/2026 12:00');
    const bad = await rejects(
      triggerOccurrence(world.db, operator, sub.id, { occurrence: '30/11/2026' }),
    );
    expect(bad.message).toContain('AAAA-MM-DDTHH:MM');
    const latest = await triggerOccurrence(world.db, operator, sub.id, {
      now: new Date('2026-12-02T12:00:00Z'),
    });
    expect(latest.occurrence.scheduledFor.toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(latest.occurrence.created).toBe(false);
  });

  it('keeps the last deliveries for “Histórico”, newest first', async () => {
    const sub = await world.subscribe('gerente@carteira.test', {
      destination: 'dm',
      schedule: { ...weeklyMonday8, time: '13:00' },
    });
    for (let i = 0; i < 12; i++) {
      await world.db
        .insertInto('deliveries')
        .values({
          subscription_id: sub.id,
          scheduled_for: new Date(Date.UTC(2026, 8, 7 + 7 * i, 16)),
          status: i === 11 ? 'failed' : 'sent',
          late: i === 10,
          error: i === 11 ? 'channel_not_found: o canal não existe mais' : null,
        })
        .execute();
    }
    const { deliveries } = await subscriptionHistory(
      world.db,
      await world.viewer('gerente@carteira.test'),
      sub.id,
    );
    expect(deliveries).toHaveLength(10);
    expect(deliveries[0]).toMatchObject({
      status: 'failed',
      error: 'channel_not_found: o canal não existe mais',
    });
    expect(deliveries[1]).toMatchObject({ status: 'sent', late: true });
    const e = await rejects(
      subscriptionHistory(world.db, await world.viewer('vend1@carteira.test'), sub.id),
    );
    expect(e.code).toBe('subscription_not_found');
  });
});

describe('a subscription runs with its owner’s rights', () => {
  it('the owner must still see the view when it is created by an operator for them', async () => {
    const owner = await world.viewer('vend3@carteira.test');
    const gerente = await world.viewer('gerente@carteira.test');
    const priv = await createView(world.db, gerente, {
      name: 'Privada do gerente',
      visibility: 'private',
      definition: { columns: ['project'] },
    });
    const e = await rejects(
      createSubscription(world.db, {
        owner,
        input: { viewId: priv.id, destination: 'dm', schedule: weeklyMonday8 },
        now: world.clock(),
      }),
    );
    expect(e.code).toBe('view_not_found');
  });
});
