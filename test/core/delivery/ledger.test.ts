/**
 * The delivery ledger on the real Postgres, without a worker: claims, the fence every
 * write after a claim goes through, and the takeover of a dead worker's claim. These are
 * the rules that make "never a lost or doubled report" hold.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  claimDelivery,
  createDeliveries,
  ensureOccurrence,
  finishDelivery,
  getDelivery,
  heartbeat,
  markPostStarted,
  openDeliveries,
  recordPost,
  releaseDelivery,
  releaseWorkerClaims,
  skipPending,
} from '../../../src/core/delivery/ledger.js';
import { createSubscription } from '../../../src/core/subscriptions/create-subscription.js';
import { createView } from '../../../src/core/views/views.js';
import { testClock } from '../../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture } from '../../support/fixtures.js';

const clock = testClock('2026-11-24T15:00:00Z');
const LIVE = 60_000; // a claim younger than this is someone's live work
let t: TestDatabase;
let subscriptionId: number;
let slot = 0;

const db = () => t.database.db;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestDatabase();
  const b = await buildFixture(t.database, {
    stores: [{ code: 'A' }],
    people: [{ email: 'ga@x.br', store: 'A', role: 'gerente' }],
    projects: [],
  });
  const owner = await b.viewer('ga@x.br');
  const view = await createView(db(), owner, {
    name: 'Ledger',
    visibility: 'private',
    definition: { columns: ['project'] },
  });
  const sub = await createSubscription(db(), {
    owner,
    input: {
      viewId: view.id,
      destination: 'dm',
      schedule: { kind: 'daily', time: '08:00', timezone: 'America/Sao_Paulo' },
    },
    now: clock(),
  });
  subscriptionId = sub.id;
});
afterAll(() => t.drop());

/** A fresh occurrence with one pending row per recipient; returns the row ids. */
async function plan(recipients: string[] = ['']): Promise<number[]> {
  const scheduledFor = new Date(clock().getTime() + ++slot * 86_400_000);
  await createDeliveries(db(), {
    subscriptionId,
    scheduledFor,
    origin: 'schedule',
    late: false,
    recipients: recipients.map((recipient) => ({ recipient, status: 'pending' })),
  });
  return (await openDeliveries(db(), subscriptionId, scheduledFor)).map((r) => r.id);
}

describe('claims', () => {
  let id: number;
  beforeEach(async () => {
    [id] = await plan();
  });

  it('of two workers claiming the same row at once, exactly one wins; the other is told when to come back', async () => {
    const results = await Promise.all([
      claimDelivery(db(), id, 'w1/a', LIVE),
      claimDelivery(db(), id, 'w2/a', LIVE),
    ]);
    const kinds = results.map((r) => r.kind).sort();
    expect(kinds).toEqual(['busy', 'claimed']);
    const busy = results.find((r) => r.kind === 'busy');
    expect(busy?.kind === 'busy' && busy.retryAt).toBeInstanceOf(Date);
    const row = await getDelivery(db(), id);
    expect(row).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('a finished row is never claimed again', async () => {
    expect((await claimDelivery(db(), id, 'w1/a', LIVE)).kind).toBe('claimed');
    expect(await finishDelivery(db(), id, 'w1/a', { status: 'sent', rowCount: 3 })).toBe(true);
    const again = await claimDelivery(db(), id, 'w2/a', LIVE);
    expect(again.kind).toBe('done');
    expect((await getDelivery(db(), id))?.attempts).toBe(1);
  });

  it('a released row goes back to pending and the next claim counts a second attempt', async () => {
    await claimDelivery(db(), id, 'w1/a', LIVE);
    expect(await releaseDelivery(db(), id, 'w1/a', 'ratelimited')).toBe(true);
    const r = await claimDelivery(db(), id, 'w2/a', LIVE);
    expect(r.kind).toBe('claimed');
    expect((await getDelivery(db(), id))?.attempts).toBe(2);
  });
});

describe('fencing and takeover', () => {
  it('after a takeover, the old worker can no longer write; the new one can', async () => {
    const [id] = await plan();
    await claimDelivery(db(), id!, 'old/1', LIVE);
    await markPostStarted(db(), id!, 'old/1');
    await sleep(30); // the old worker stalls longer than the (short) stale limit below
    const taken = await claimDelivery(db(), id!, 'new/1', 10);
    expect(taken).toMatchObject({ kind: 'claimed', takeover: true });

    // The old worker wakes up: every fenced write is refused and changes nothing.
    expect(await recordPost(db(), id!, 'old/1', { channel: 'D1', ts: '1.1' })).toBe(false);
    expect(await heartbeat(db(), id!, 'old/1')).toBe(false);
    expect(await finishDelivery(db(), id!, 'old/1', { status: 'failed', error: 'x' })).toBe(false);
    expect(await releaseDelivery(db(), id!, 'old/1')).toBe(false);
    expect(await getDelivery(db(), id!)).toMatchObject({
      status: 'sending',
      claimedBy: 'new/1',
      slackTs: null,
    });

    expect(await recordPost(db(), id!, 'new/1', { channel: 'D1', ts: '2.2' })).toBe(true);
    expect(await finishDelivery(db(), id!, 'new/1', { status: 'sent' })).toBe(true);
    expect(await getDelivery(db(), id!)).toMatchObject({ status: 'sent', slackTs: '2.2' });
  });

  it('a claim with no write-ahead mark is taken over without the "may have posted" flag', async () => {
    const [id] = await plan();
    await claimDelivery(db(), id!, 'old/2', LIVE);
    await sleep(30);
    expect(await claimDelivery(db(), id!, 'new/2', 10)).toMatchObject({
      kind: 'claimed',
      takeover: false,
    });
  });

  it('a live claim is not taken over, and its heartbeat keeps it live', async () => {
    const [id] = await plan();
    await claimDelivery(db(), id!, 'w/3', LIVE);
    expect(await heartbeat(db(), id!, 'w/3')).toBe(true);
    expect((await claimDelivery(db(), id!, 'other/3', LIVE)).kind).toBe('busy');
    expect(await skipPending(db(), id!, 'pausada', LIVE)).toBe(false);
    expect((await getDelivery(db(), id!))?.claimedBy).toBe('w/3');
  });
});

describe('shutdown and sweeps', () => {
  it('a stopping worker gives back only its own claims that have not reached Slack', async () => {
    const [a, b, c] = await plan(['1', '2', '3']);
    await claimDelivery(db(), a!, 'stopping/x', LIVE);
    await claimDelivery(db(), b!, 'stopping/y', LIVE);
    await markPostStarted(db(), b!, 'stopping/y'); // the post may be in flight: keep it
    await claimDelivery(db(), c!, 'other/z', LIVE);
    expect(await releaseWorkerClaims(db(), 'stopping')).toBe(1);
    expect((await getDelivery(db(), a!))?.status).toBe('pending');
    expect((await getDelivery(db(), b!))?.status).toBe('sending');
    expect((await getDelivery(db(), c!))?.claimedBy).toBe('other/z');
  });

  it('skipping takes only rows nobody works on', async () => {
    const [a] = await plan();
    expect(await skipPending(db(), a!, 'assinatura pausada', LIVE)).toBe(true);
    expect(await getDelivery(db(), a!)).toMatchObject({ status: 'skipped' });
    expect((await claimDelivery(db(), a!, 'late/1', LIVE)).kind).toBe('done');
  });

  it('an occurrence is recorded once; the first origin sticks', async () => {
    const scheduledFor = new Date(clock().getTime() + ++slot * 86_400_000);
    const first = await ensureOccurrence(db(), {
      subscriptionId,
      scheduledFor,
      origin: 'schedule',
    });
    const second = await ensureOccurrence(db(), {
      subscriptionId,
      scheduledFor,
      origin: 'catch_up',
    });
    expect(second.id).toBe(first.id);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.origin).toBe('schedule');
  });
});
