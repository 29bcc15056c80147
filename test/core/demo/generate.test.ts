import { describe, expect, it } from 'vitest';
import { buildCompany } from '../../../src/core/demo/company.js';
import { generateDemo } from '../../../src/core/demo/generate-demo.js';
import { resolveDemoOptions, type DemoOptions } from '../../../src/core/demo/options.js';
import { fold, FIRST_NAMES, SURNAMES } from '../../../src/core/demo/vocabulary.js';
import { isCarteiraError } from '../../../src/core/errors.js';
import { addDays } from '../../../src/core/portfolio/periods.js';
import { derived, hashDataset, localDate, starterViewCounts } from './helpers.js';

const TODAY = '2026-11-18';

describe('generateDemo: determinism', () => {
  it('gives byte-identical rows for the same seed and date, different ones otherwise', () => {
    const a = hashDataset(generateDemo({ seed: 42, today: TODAY }));
    expect(hashDataset(generateDemo({ seed: 42, today: TODAY }))).toBe(a);
    expect(hashDataset(generateDemo({ seed: 43, today: TODAY }))).not.toBe(a);
    expect(hashDataset(generateDemo({ seed: 42, today: '2026-11-19' }))).not.toBe(a);
  });

  it('walks the same projects every time rows are asked for', () => {
    const data = generateDemo({ projects: 300, today: TODAY });
    const first = [...data.tables.find((t) => t.table === 'contacts')!.rows()];
    const again = [...data.tables.find((t) => t.table === 'contacts')!.rows()];
    expect(again).toEqual(first);
  });
});

describe('generateDemo: the default company (1500 projects)', () => {
  const data = generateDemo({ today: TODAY });
  const projects = [...data.projects()];
  const { company } = data;

  it('has 4 stores in three timezones, a gerente each, vendedores, teams and one admin', () => {
    expect(company.stores.map((s) => s.name)).toEqual([
      'Móveis Planejados Centro — São Paulo',
      'Móveis Planejados Boa Viagem — Recife',
      'Móveis Planejados Adrianópolis — Manaus',
      'Móveis Planejados Savassi — Belo Horizonte',
    ]);
    expect(new Set(company.stores.map((s) => s.timezone))).toEqual(
      new Set(['America/Sao_Paulo', 'America/Recife', 'America/Manaus']),
    );
    const roles = company.salespeople.map((p) => p.role);
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(roles.filter((r) => r === 'gerente')).toHaveLength(4);
    expect(company.vendedores.length).toBeGreaterThanOrEqual(16);
    for (const store of company.stores) {
      const gerente = company.salespeople.find((p) => p.id === store.gerenteId)!;
      expect(gerente.storeId).toBe(store.id);
      // A vendedor supervising 2–3 others in every store.
      const leads = store.vendedorIds.filter((id) =>
        company.vendedores.some((v) => v.supervisorId === id),
      );
      expect(leads.length).toBeGreaterThanOrEqual(1);
      for (const lead of leads) {
        const team = company.vendedores.filter((v) => v.supervisorId === lead);
        expect(team.length).toBeGreaterThanOrEqual(2);
        expect(team.length).toBeLessThanOrEqual(3);
        expect(team.every((v) => v.storeId === store.id)).toBe(true);
      }
    }
    // Supervisors come before their people (they load in one pass).
    for (const p of company.salespeople) {
      if (p.supervisorId !== null) expect(p.supervisorId).toBeLessThan(p.id);
    }
  });

  it('names people the Brazilian way, with unique nome.sobrenome e-mails', () => {
    const emails = company.salespeople.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const p of company.salespeople) {
      expect(p.email).toMatch(/^[a-z]+\.[a-z]+@planejadosdemo\.com\.br$/);
      expect(p.email.split('@')[0]).toBe(p.name.split(' ').map(fold).join('.'));
    }
    // Folded names stay distinct, so e-mails never collide at any size.
    expect(new Set(FIRST_NAMES.map(fold)).size).toBe(FIRST_NAMES.length);
    expect(new Set(SURNAMES.map(fold)).size).toBe(SURNAMES.length);
    expect(company.specifiers.some((s) => /^Arq\. /.test(s.name) && s.kind === 'arquiteto')).toBe(
      true,
    );
    expect(company.specifiers.some((s) => s.kind === 'designer')).toBe(true);
    const clients = [...data.clients()];
    expect(clients.some((c) => /[ãçéêíóôõú]/.test(c.name))).toBe(true);
    expect(
      clients.filter((c) => c.phone).every((c) => /^\(\d{2}\) 9\d{4}-\d{4}$/.test(c.phone!)),
    ).toBe(true);
  });

  it('gives every project 1–6 rooms worth R$ 8.000–60.000 each, and an estimate close to their sum', () => {
    expect(projects).toHaveLength(1500);
    const sizes = new Set(projects.map((p) => p.rooms.length));
    expect([...sizes].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const p of projects) {
      const sum = p.rooms.reduce((a, r) => a + r.cents, 0);
      expect(p.estimatedCents).toBeLessThanOrEqual(sum);
      expect(p.estimatedCents).toBeGreaterThanOrEqual(sum * 0.9);
      for (const r of p.rooms) {
        expect(r.cents).toBeGreaterThanOrEqual(800_000);
        expect(r.cents).toBeLessThanOrEqual(6_000_000);
      }
      expect(new Set(p.rooms.map((r) => r.name)).size).toBe(p.rooms.length);
    }
    expect(projects.some((p) => p.rooms.some((r) => r.cents % 100 !== 0))).toBe(true);
  });

  it('has contracts in every stage, cancellations, partial closes and second contracts', () => {
    const stages = new Set(projects.flatMap((p) => p.contracts.map((c) => c.stage)));
    expect([...stages].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const partial = projects.filter(
      (p) => p.contracts.length > 0 && p.rooms.some((r) => r.contractId === null),
    );
    expect(partial.length).toBeGreaterThan(20);
    const cancelledThenSigned = projects.filter(
      (p) => p.contracts.length === 2 && p.contracts.some((c) => c.stage === 8),
    );
    expect(cancelledThenSigned.length).toBeGreaterThan(3);
    const twoLive = projects.filter((p) => p.contracts.filter((c) => c.stage !== 8).length === 2);
    expect(twoLive.length).toBeGreaterThan(3);
    expect(projects.filter((p) => derived(p).situation === 8).length).toBeGreaterThan(5);
    // About two thirds of projects have a contract, like the floor dataset (docs/benchmarks.md).
    const contracts = projects.reduce((a, p) => a + p.contracts.length, 0);
    expect(contracts / projects.length).toBeGreaterThan(0.6);
    expect(contracts / projects.length).toBeLessThan(0.75);
  });

  it('keeps contracts consistent with their rooms, orders and numbers', () => {
    const numbers = new Set<string>();
    for (const p of projects) {
      for (const c of p.contracts) {
        expect(c.number).toMatch(/^\d+$/);
        expect(numbers.has(c.number)).toBe(false);
        numbers.add(c.number);
        const rooms = p.rooms.filter((r) => r.contractId === c.id);
        const sum = rooms.reduce((a, r) => a + r.cents, 0);
        if (rooms.length > 0) {
          expect(c.cents).toBeLessThanOrEqual(sum);
          expect(c.cents).toBeGreaterThanOrEqual(sum * 0.92);
        } else {
          // Only a contract cancelled and signed again gives its rooms to the new one.
          expect(c.stage).toBe(8);
        }
        expect(c.createdMs).toBeGreaterThan(p.createdMs);
        if (c.stage >= 3 && c.stage <= 7) expect(c.orders.length).toBeGreaterThan(0);
        else expect(c.orders).toHaveLength(0);
        for (const o of c.orders) expect(o.issuedMs).toBeGreaterThan(c.createdMs);
      }
      for (const r of p.rooms) {
        if (r.contractId !== null)
          expect(p.contracts.some((c) => c.id === r.contractId)).toBe(true);
      }
    }
  });

  it('spreads dates over three years up to the report date, at business hours, with contacts', () => {
    const created = projects.map((p) => localDate(p, p.createdMs));
    expect(created[0]! < '2023-12-31').toBe(true);
    expect(created.every((d, i) => i === 0 || d >= created[i - 1]!)).toBe(true);
    const last = TODAY;
    for (const p of projects) {
      const times = [
        p.createdMs,
        p.lastContactMs,
        ...p.contracts.map((c) => c.createdMs),
        ...p.contracts.flatMap((c) => c.orders.map((o) => o.issuedMs)),
      ];
      for (const ms of times) expect(localDate(p, ms) <= last).toBe(true);
      const hour = new Date(p.store.clock.local(p.createdMs)).getUTCHours();
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(19);
      expect(p.contacts.length).toBeGreaterThanOrEqual(1);
      expect(p.lastContactMs).toBe(Math.max(...p.contacts.map((k) => k.ms)));
      expect(p.contacts[0]!.ms).toBe(p.createdMs);
    }
    const thisYear = created.filter((d) => d >= '2026-01-01').length;
    expect(thisYear / created.length).toBeGreaterThan(0.3);
    const open = projects.filter((p) => p.contracts.length === 0);
    expect(new Set(open.map((p) => p.closingStatus))).toContain('Em negociação');
    expect(new Set(open.map((p) => p.closingStatus))).toContain('Perdido');
    expect(open.some((p) => p.probableSale)).toBe(true);
    expect(open.some((p) => p.closingForecastDay !== null)).toBe(true);
  });
});

describe('generateDemo: the starter views are never empty for a vendedor', () => {
  // Month starts and ends, a leap day, a year start: the guarantee must not depend on
  // how much of the month has passed.
  for (const today of ['2026-11-18', '2026-03-01', '2028-02-29', '2027-01-01', '2026-12-31']) {
    it(`on ${today}`, () => {
      const data = generateDemo({ today });
      for (const [id, [noContract, contracts, year]] of starterViewCounts(data)) {
        expect({
          id,
          noContract: noContract > 0,
          contracts: contracts > 0,
          year: year > 0,
        }).toEqual({
          id,
          noContract: true,
          contracts: true,
          year: true,
        });
      }
    });
  }

  it('also at 100 projects per vendedor and beyond (natural data, not only the forced rows)', () => {
    const data = generateDemo({ projects: 4000, today: addDays(TODAY, 7), seed: 9 });
    const counts = [...starterViewCounts(data).values()];
    expect(counts.every(([a, b, c]) => a > 0 && b > 0 && c > b)).toBe(true);
  });
});

describe('generateDemo: sizes', () => {
  it('grows to ~20 stores and ~400 salespeople at 1M projects, like the floor dataset', () => {
    const company = buildCompany(resolveDemoOptions({ projects: 1_000_000, today: TODAY }));
    expect(company.stores).toHaveLength(20);
    expect(company.salespeople.length).toBeGreaterThanOrEqual(380);
    expect(company.salespeople.length).toBeLessThanOrEqual(420);
    expect(new Set(company.salespeople.map((p) => p.email)).size).toBe(company.salespeople.length);
    expect(company.clientTotal).toBeGreaterThan(800_000);
  });

  it('still makes a coherent company for tiny sizes', () => {
    const data = generateDemo({ projects: 1, today: TODAY });
    const counts = Object.fromEntries(data.tables.map((t) => [t.table, [...t.rows()].length]));
    expect(counts.projects).toBe(1);
    expect(counts.stores).toBe(1);
  });

  it('refuses bad options with a Portuguese message', () => {
    for (const bad of [
      { projects: 0 },
      { projects: 1.5 },
      { seed: Number.NaN },
      { today: '18/11/2026' },
      { today: '2026-02-30' },
    ]) {
      try {
        generateDemo({ now: new Date('2026-11-18T15:00:00Z'), ...bad } as DemoOptions);
        expect.unreachable();
      } catch (e) {
        expect(isCarteiraError(e) && e.code === 'invalid_input').toBe(true);
        expect((e as Error).message).toMatch(/projetos|semente|data/);
      }
    }
  });

  it('defaults to today in São Paulo', () => {
    const now = new Date('2026-11-01T02:30:00Z'); // still 31 October in São Paulo
    expect(resolveDemoOptions({ now }).today).toBe('2026-10-31');
  });
});
