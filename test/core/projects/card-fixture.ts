/**
 * A small portfolio for the project card and contact tests. Store SP (São Paulo); vend1
 * supervises vend2; vend3 is alone; gerente.sp manages SP; store RJ has its own gerente.
 */
import type { Fixture } from '../../support/fixtures.js';

export const CARD_FIXTURE: Fixture = {
  stores: [
    { code: 'SP', name: 'Loja Paulista', timezone: 'America/Sao_Paulo' },
    { code: 'RJ', name: 'Loja Carioca', timezone: 'America/Sao_Paulo' },
  ],
  people: [
    { email: 'admin@carteira.test', name: 'Alice Admin', store: 'SP', role: 'admin' },
    { email: 'gerente.sp@carteira.test', name: 'Gustavo Gerente', store: 'SP', role: 'gerente' },
    { email: 'gerente.rj@carteira.test', name: 'Rita Gerente', store: 'RJ', role: 'gerente' },
    { email: 'vend1@carteira.test', name: 'Vera Um', store: 'SP', slack: 'U_VEND1' },
    {
      email: 'vend2@carteira.test',
      name: 'Válter Dois',
      store: 'SP',
      supervisor: 'vend1@carteira.test',
      slack: 'U_VEND2',
    },
    { email: 'vend3@carteira.test', name: 'Vânia Três', store: 'SP', slack: 'U_VEND3' },
  ],
  specifiers: [{ code: 'ARQ1', name: 'Arq. Fernanda Lima' }],
  projects: [
    {
      code: 'P-01',
      client: 'João Conceição',
      store: 'SP',
      seller: 'vend1@carteira.test',
      specifier: 'ARQ1',
      createdAt: '2026-10-05T13:00:00Z',
      closingStatus: 'Em negociação',
      probableSale: true,
      closingForecast: '2026-12-15',
      estimatedValue: 12000,
      // 22:30 of 20/11 in São Paulo (01:30Z of the 21st): the ERP's last contact is the 20th.
      lastContactAt: '2026-11-21T01:30:00Z',
      contracts: [
        {
          number: '1001',
          createdAt: '2026-11-03T12:00:00Z',
          stage: 'pedido',
          value: 8000,
          orders: [{ issuedAt: '2026-11-10T12:00:00Z', number: 'PC-1' }],
        },
        { number: '1002', createdAt: '2026-11-04T12:00:00Z', stage: 'cancelado', value: 500 },
      ],
      rooms: [
        { name: 'Cozinha', value: 5000, contract: '1001' },
        { name: 'Dormitório', value: 3000, contract: '1001' },
        { name: 'Closet', value: 4000 },
      ],
    },
    {
      code: 'P-02',
      client: 'Maria Gonçalves',
      store: 'SP',
      seller: 'vend2@carteira.test',
      createdAt: '2026-11-02T13:00:00Z',
      estimatedValue: 7000,
    },
    {
      code: 'P-03',
      client: 'Carlos Dias',
      store: 'SP',
      seller: 'vend3@carteira.test',
      createdAt: '2026-11-02T13:00:00Z',
      estimatedValue: 3000,
    },
    {
      code: 'R-01',
      client: 'Ana Rio',
      store: 'RJ',
      seller: 'gerente.rj@carteira.test',
      createdAt: '2026-11-02T13:00:00Z',
    },
  ],
};
