/**
 * The hand-made portfolio the core tests reason about. Every expected answer in
 * test/core/*.test.ts is worked out from this data by hand (comments say how).
 *
 * Stores: SP (America/Sao_Paulo, UTC−3) and MAO (America/Manaus, UTC−4).
 * People: admin (SP), gerente.sp, gerente.mao; in SP the chain sup ← vend1 ← vend2
 * (vend1 reports to sup, vend2 to vend1) and vend3 alone; vman in MAO.
 */
import type { Fixture } from '../../support/fixtures.js';

export const PORTFOLIO: Fixture = {
  stores: [
    { code: 'SP', name: 'Loja Paulista', timezone: 'America/Sao_Paulo' },
    { code: 'MAO', name: 'Loja Manaus', timezone: 'America/Manaus' },
  ],
  people: [
    { email: 'admin@carteira.test', name: 'Alice Admin', store: 'SP', role: 'admin' },
    { email: 'gerente.sp@carteira.test', name: 'Gustavo Gerente', store: 'SP', role: 'gerente' },
    { email: 'gerente.mao@carteira.test', name: 'Márcia Gerente', store: 'MAO', role: 'gerente' },
    { email: 'sup@carteira.test', name: 'Sérgio Supervisor', store: 'SP' },
    { email: 'vend1@carteira.test', name: 'Vera Um', store: 'SP', supervisor: 'sup@carteira.test' },
    {
      email: 'vend2@carteira.test',
      name: 'Válter Dois',
      store: 'SP',
      supervisor: 'vend1@carteira.test',
    },
    { email: 'vend3@carteira.test', name: 'Vânia Três', store: 'SP' },
    { email: 'vman@carteira.test', name: 'Vitor Manaus', store: 'MAO' },
  ],
  specifiers: [{ code: 'ARQ1', name: 'Arq. Fernanda Lima' }],
  projects: [
    {
      // 00:30 of 1 Nov in São Paulo: this month.
      code: 'P-01',
      client: 'João Conceição',
      store: 'SP',
      seller: 'vend1@carteira.test',
      createdAt: '2026-11-01T03:30:00Z',
      closingStatus: 'Em negociação',
      probableSale: true,
      closingForecast: '2026-12-15',
      estimatedValue: 10000,
      lastContactAt: '2026-11-25T15:00:00Z',
      rooms: [{ value: 4000 }, { value: 3000 }, { value: 3000 }],
    },
    {
      // 23:59 of 31 Oct in São Paulo: last month.
      code: 'P-02',
      store: 'SP',
      seller: 'vend1@carteira.test',
      createdAt: '2026-11-01T02:59:00Z',
      estimatedValue: 7000,
    },
    {
      // 20:00 of 30 Nov in São Paulo: still this month.
      code: 'P-03',
      client: 'Maria Gonçalves',
      store: 'SP',
      seller: 'vend2@carteira.test',
      createdAt: '2026-11-30T23:00:00Z',
      estimatedValue: 5000.5,
      closingStatus: 'Aguardando cliente',
    },
    {
      // Two contracts: #100 (pedido) and a later #101 (cancelado). Principal is #100.
      code: 'P-04',
      store: 'SP',
      seller: 'vend3@carteira.test',
      specifier: 'ARQ1',
      createdAt: '2026-11-10T13:00:00Z',
      estimatedValue: 30000,
      contracts: [
        {
          number: '100',
          createdAt: '2026-11-12T13:00:00Z',
          stage: 'pedido',
          value: 20000,
          orders: [{ issuedAt: '2026-11-15T13:00:00Z' }, { issuedAt: '2026-11-20T13:00:00Z' }],
        },
        {
          number: '101',
          createdAt: '2026-11-20T13:00:00Z',
          stage: 'cancelado',
          value: 5000,
          orders: [{ issuedAt: '2026-11-21T13:00:00Z' }],
        },
      ],
      rooms: [
        { value: 12000, contract: '100' },
        { value: 8000, contract: '100' },
        { value: 5000, contract: '101' },
        { value: 5000 },
      ],
    },
    {
      // Stages em_revisao (#7, May) and entrega (#8, June): situation em_revisao, principal #8.
      code: 'P-05',
      store: 'SP',
      seller: 'sup@carteira.test',
      createdAt: '2026-03-01T13:00:00Z',
      estimatedValue: 17000,
      lastContactAt: '2026-11-20T13:00:00Z',
      contacts: ['2026-11-10T13:00:00Z'],
      contracts: [
        { number: '7', createdAt: '2026-05-01T13:00:00Z', stage: 'em_revisao', value: 8000 },
        { number: '8', createdAt: '2026-06-01T13:00:00Z', stage: 'entrega', value: 9000 },
      ],
    },
    {
      // Contract at 23:00 of 31 Dec 2025 in São Paulo (02:00 UTC on 1 Jan): year 2025.
      code: 'P-06',
      store: 'SP',
      seller: 'vend2@carteira.test',
      createdAt: '2025-12-20T13:00:00Z',
      estimatedValue: 9000,
      contracts: [
        { number: '9', createdAt: '2026-01-01T02:00:00Z', stage: 'concluido', value: 9000 },
      ],
    },
    {
      // 23:30 of 31 Oct in Manaus (UTC−4), though 00:30 of 1 Nov in São Paulo: last month.
      code: 'P-07',
      store: 'MAO',
      seller: 'vman@carteira.test',
      createdAt: '2026-11-01T03:30:00Z',
      estimatedValue: 4000,
    },
    {
      // All contracts cancelled, same creation time: principal is the higher number, 10 > 9.
      code: 'P-08',
      store: 'SP',
      seller: 'vend3@carteira.test',
      createdAt: '2026-11-02T13:00:00Z',
      estimatedValue: 3000,
      contracts: [
        { number: '9', createdAt: '2026-11-05T13:00:00Z', stage: 'cancelado', value: 3000 },
        { number: '10', createdAt: '2026-11-05T13:00:00Z', stage: 'cancelado', value: 3000 },
      ],
    },
    {
      // Live contracts tied on creation time: principal 100 (numerically above 99).
      code: 'P-09',
      store: 'SP',
      seller: 'vend3@carteira.test',
      createdAt: '2026-10-02T13:00:00Z',
      estimatedValue: 15000,
      contracts: [
        { number: '99', createdAt: '2026-11-25T13:00:00Z', stage: 'contratado', value: 6000 },
        { number: '100', createdAt: '2026-11-25T13:00:00Z', stage: 'montagem', value: 9000 },
      ],
    },
    {
      // A gerente may own projects too.
      code: 'P-10',
      store: 'SP',
      seller: 'gerente.sp@carteira.test',
      createdAt: '2026-11-15T13:00:00Z',
      estimatedValue: 2500,
    },
  ],
};
