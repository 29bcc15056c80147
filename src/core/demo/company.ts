/**
 * The demo company: stores, staff and specifiers, sized to the number of projects (4
 * stores and ~25 people by default; 20 stores and ~400 people at 1M projects, like the
 * dataset of docs/benchmarks.md, "The floor"). Small enough to hold in memory; clients and
 * everything below them are streamed (portfolio.ts).
 */
import { ZoneClock } from './calendar.js';
import { cumulative, Random } from './random.js';
import type { ResolvedDemoOptions } from './options.js';
import {
  COMPANY_DOMAIN,
  FIRST_NAMES,
  fold,
  STORE_SITES,
  SURNAMES,
  type StoreSite,
} from './vocabulary.js';

export type Role = 'vendedor' | 'gerente' | 'admin';

export interface DemoStore {
  id: number;
  /** 0-based position, for arrays indexed by store. */
  index: number;
  code: string;
  name: string;
  timezone: string;
  site: StoreSite;
  clock: ZoneClock;
  gerenteId: number;
  vendedorIds: number[];
  /** Clients of this store are ids `firstClientId … firstClientId + clientCount − 1`. */
  firstClientId: number;
  clientCount: number;
}

export interface DemoSalesperson {
  id: number;
  email: string;
  name: string;
  storeId: number;
  role: Role;
  supervisorId: number | null;
  /** Relative share of new projects (vendedores only). */
  weight: number;
}

export interface DemoSpecifier {
  id: number;
  code: string;
  name: string;
  kind: 'arquiteto' | 'designer';
  email: string | null;
}

export interface DemoCompany {
  stores: DemoStore[];
  salespeople: DemoSalesperson[];
  /** Vendedores in id order, and the cumulative weights to draw one. */
  vendedores: DemoSalesperson[];
  vendedorCumulative: number[];
  specifiers: DemoSpecifier[];
  clientTotal: number;
}

/** Share of projects that bring a client seen for the first time. */
export const NEW_CLIENT_SHARE = 0.86;

const STREAM_COMPANY = 1;

export function storeCount(projects: number): number {
  if (projects < 400) return Math.max(1, Math.min(4, Math.floor(projects / 100)));
  return Math.min(STORE_SITES.length, Math.max(4, Math.ceil(projects / 50_000)));
}

/** Vendedores per store before the ±1 variation between stores. */
function vendedoresPerStore(projects: number, stores: number): number {
  if (projects < 400) return Math.max(1, Math.min(5, Math.floor(projects / stores / 40)));
  return Math.min(19, Math.max(5, Math.round(projects / stores / 2600)));
}

export function buildCompany(opts: ResolvedDemoOptions): DemoCompany {
  const rnd = new Random(opts.seed, STREAM_COMPANY);
  const nStores = storeCount(opts.projects);
  const base = vendedoresPerStore(opts.projects, nStores);
  const names = shuffledNames(rnd);
  let nameAt = 0;
  const person = () => names[nameAt++]!;

  const salespeople: DemoSalesperson[] = [];
  const stores: DemoStore[] = [];
  const addPerson = (storeId: number, role: Role, supervisorId: number | null, weight = 0) => {
    const [first, last] = person();
    const sp: DemoSalesperson = {
      id: salespeople.length + 1,
      email: `${fold(first)}.${fold(last)}@${COMPANY_DOMAIN}`,
      name: `${first} ${last}`,
      storeId,
      role,
      supervisorId,
      weight,
    };
    salespeople.push(sp);
    return sp;
  };

  addPerson(1, 'admin', null);
  for (let s = 0; s < nStores; s++) {
    const site = STORE_SITES[s]!;
    const id = s + 1;
    const gerente = addPerson(id, 'gerente', null);
    // Some stores are bigger than others: +1, 0, −1, 0 vendedores around the base.
    const count = Math.max(1, base + [1, 0, -1, 0][s % 4]!);
    // Teams: a senior vendedor supervising 2–3 others; everyone else reports to the gerente.
    const teams = count >= 4 ? Math.max(1, Math.floor(count / 7)) : 0;
    const vendedorIds: number[] = [];
    let made = 0;
    for (let t = 0; t < teams; t++) {
      const lead = addPerson(id, 'vendedor', gerente.id, 1.15 * (0.7 + 0.6 * rnd.float()));
      vendedorIds.push(lead.id);
      made++;
      const members = Math.min(rnd.int(2, 3), count - made - (teams - t - 1) * 3);
      for (let m = 0; m < members; m++) {
        vendedorIds.push(addPerson(id, 'vendedor', lead.id, 0.7 + 0.6 * rnd.float()).id);
        made++;
      }
    }
    while (made < count) {
      vendedorIds.push(addPerson(id, 'vendedor', gerente.id, 0.7 + 0.6 * rnd.float()).id);
      made++;
    }
    stores.push({
      id,
      index: s,
      code: `L${String(id).padStart(2, '0')}`,
      name: `Móveis Planejados ${site.branch} — ${site.city}`,
      timezone: site.timezone,
      site,
      clock: new ZoneClock(site.timezone),
      gerenteId: gerente.id,
      vendedorIds,
      firstClientId: 0,
      clientCount: 0,
    });
  }

  const vendedores = salespeople.filter((p) => p.role === 'vendedor');
  const vendedorCumulative = cumulative(vendedores.map((v) => v.weight));
  const totalWeight = vendedorCumulative[vendedorCumulative.length - 1]!;

  // Each store's client block, sized to the share of projects it is expected to get.
  let nextClient = 1;
  for (const store of stores) {
    const share =
      vendedores.filter((v) => v.storeId === store.id).reduce((a, v) => a + v.weight, 0) /
      totalWeight;
    store.firstClientId = nextClient;
    store.clientCount = Math.max(1, Math.floor(NEW_CLIENT_SHARE * opts.projects * share));
    nextClient += store.clientCount;
  }

  const specifierCount = Math.min(5000, Math.max(8, Math.round(opts.projects / 40)));
  const specifiers: DemoSpecifier[] = [];
  for (let i = 1; i <= specifierCount; i++) {
    const [first, last] = person();
    const architect = rnd.chance(0.7);
    const local = `${fold(first)}${fold(last)}.${architect ? 'arq' : 'design'}`;
    specifiers.push({
      id: i,
      code: `E-${String(i).padStart(4, '0')}`,
      name: `${architect ? 'Arq.' : 'Designer'} ${first} ${last}`,
      kind: architect ? 'arquiteto' : 'designer',
      email: rnd.chance(0.8) ? `${local}@${rnd.chance(0.6) ? 'gmail.com' : 'outlook.com'}` : null,
    });
  }

  return {
    stores,
    salespeople,
    vendedores,
    vendedorCumulative,
    specifiers,
    clientTotal: nextClient - 1,
  };
}

/** Every (first name, surname) pair once, shuffled: distinct names, hence distinct e-mails. */
function shuffledNames(rnd: Random): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const first of FIRST_NAMES) for (const last of SURNAMES) pairs.push([first, last]);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.float() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return pairs;
}
