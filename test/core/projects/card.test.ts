/**
 * The project card on real Postgres: every part of it, computed by hand from
 * card-fixture.ts, and the rights of access.ts — a vendedor sees their own and their
 * subordinates' projects, never another's; a gerente their store's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProjectCard } from '../../../src/core/projects/card.js';
import {
  renderCardBlocks,
  renderCardText,
  toCardJson,
} from '../../../src/core/render/project-card.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildFixture, type Built } from '../../support/fixtures.js';
import { CARD_FIXTURE } from './card-fixture.js';

let t: TestDatabase;
let fx: Built;
// 10:00 of 30/11/2026 in São Paulo.
const now = new Date('2026-11-30T13:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  fx = await buildFixture(t.database, CARD_FIXTURE);
  await t.database.db
    .updateTable('purchase_orders')
    .set({ supplier: 'Fábrica Sul', status: 'Faturado' })
    .execute();
  await t.database.db
    .updateTable('clients')
    .set({ phone: '(11) 99999-0000', city: 'São Paulo' })
    .where('name', '=', 'João Conceição')
    .execute();
  await t.database.db
    .insertInto('contacts')
    .values({
      project_id: fx.projectId['P-01']!,
      salesperson_id: fx.personId['vend1@carteira.test']!,
      contacted_at: '2026-11-18T15:00:00Z',
      channel: 'visita',
      note: 'Mostrou o closet',
      source: 'slack',
      created_by: fx.personId['vend1@carteira.test']!,
    })
    .execute();
});
afterAll(() => t.drop());

describe('project card', () => {
  it('has everything about the project', async () => {
    const card = await getProjectCard(
      t.database.db,
      await fx.viewer('vend1@carteira.test'),
      'P-01',
      {
        now,
      },
    );
    expect(toCardJson(card)).toEqual({
      code: 'P-01',
      asOf: '2026-11-30',
      client: {
        code: expect.any(String),
        name: 'João Conceição',
        phone: '(11) 99999-0000',
        email: null,
        city: 'São Paulo',
      },
      responsible: { name: 'Vera Um', email: 'vend1@carteira.test' },
      store: { code: 'SP', name: 'Loja Paulista' },
      specifier: { code: 'ARQ1', name: 'Arq. Fernanda Lima' },
      createdOn: '2026-10-05',
      situation: 'pedido',
      closingStatus: 'Em negociação',
      closingForecast: '2026-12-15',
      probableSale: true,
      estimatedValue: 12000,
      // The cancelled contract does not count.
      contractValue: 8000,
      // The ERP's 22:30 of the 20th is later than the visit of the 18th.
      lastContactOn: '2026-11-20',
      daysWithoutContact: 10,
      rooms: [
        { name: 'Closet', value: 4000, contract: null },
        { name: 'Cozinha', value: 5000, contract: '1001' },
        { name: 'Dormitório', value: 3000, contract: '1001' },
      ],
      contracts: [
        { number: '1001', situation: 'pedido', value: 8000, createdOn: '2026-11-03' },
        { number: '1002', situation: 'cancelado', value: 500, createdOn: '2026-11-04' },
      ],
      purchaseOrders: [
        {
          number: 'PC-1',
          contract: '1001',
          supplier: 'Fábrica Sul',
          issuedOn: '2026-11-10',
          status: 'Faturado',
        },
      ],
      contacts: [
        { on: '2026-11-20', channel: null, note: null, by: 'Vera Um', source: 'erp' },
        {
          on: '2026-11-18',
          channel: 'visita',
          note: 'Mostrou o closet',
          by: 'Vera Um',
          source: 'slack',
        },
      ],
    });
  });

  it('reads as text and as Slack blocks', async () => {
    const card = await getProjectCard(
      t.database.db,
      await fx.viewer('vend1@carteira.test'),
      'p-01',
      {
        now,
      },
    );
    const text = renderCardText(card);
    expect(text).toContain('Projeto P-01 — João Conceição');
    expect(text).toContain('Último contato:');
    expect(text).toContain('20/11/2026 (10 dias sem contato)');
    expect(text).toContain('Cozinha — R$ 5.000,00 — contrato 1001');
    expect(text).toContain('1001 — Pedido — R$ 8.000,00 — 03/11/2026');
    expect(text).toContain('PC-1 — contrato 1001 — Fábrica Sul — emitido em 10/11/2026 — Faturado');
    expect(text).toContain('18/11/2026 · visita · por Vera Um · (Slack): Mostrou o closet');
    const blocks = renderCardBlocks(card, { canLogContact: true });
    expect(blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ action_id: 'project_log_contact', value: 'P-01' }],
    });
  });

  it('a supervisor opens a subordinate’s project; a gerente any of the store', async () => {
    const asOf = { now };
    await expect(
      getProjectCard(t.database.db, await fx.viewer('vend1@carteira.test'), 'P-02', asOf),
    ).resolves.toMatchObject({ code: 'P-02', responsible: { name: 'Válter Dois' } });
    await expect(
      getProjectCard(t.database.db, await fx.viewer('gerente.sp@carteira.test'), 'P-03', asOf),
    ).resolves.toMatchObject({ code: 'P-03' });
  });

  it('refuses, in Portuguese and with no data, a project outside the viewer’s rights', async () => {
    const vend2 = await fx.viewer('vend2@carteira.test');
    const refused = getProjectCard(t.database.db, vend2, 'P-01', { now });
    await expect(refused).rejects.toMatchObject({
      code: 'forbidden',
      message:
        'O projeto P-01 não está na sua carteira: como vendedor, você vê só os seus projetos e os dos seus subordinados. Peça ao responsável ou a um gerente.',
    });
    await expect(
      getProjectCard(t.database.db, await fx.viewer('gerente.rj@carteira.test'), 'P-01', { now }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Loja Carioca'),
    });
    await expect(getProjectCard(t.database.db, vend2, 'NAO-EXISTE', { now })).rejects.toMatchObject(
      {
        code: 'project_not_found',
        message: expect.stringContaining('Nenhum projeto com o código NAO-EXISTE'),
      },
    );
    await expect(getProjectCard(t.database.db, vend2, '  ', { now })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
