/**
 * The portfolio of the demo company, generated one project at a time: its client,
 * rooms, contracts, purchase orders and contacts. Every table is loaded by walking the
 * projects again from the start (same seed → same walk), so memory stays flat whatever
 * the size — 1M projects never exist in memory at once.
 *
 * The story of a project: drawn at the store on a business day (more projects recently:
 * the company grows), a 64 % chance the client signs after a few weeks — sometimes only
 * some rooms, sometimes a second contract for the rest, sometimes cancelled and signed
 * again — then purchase orders, delivery, assembly and the odd technical assistance as
 * the contract ages. Projects that don't close end "Perdido" after a while.
 *
 * Whatever the draw, each vendedor gets at least one project created in the month of
 * the report date without a contract, and one contract signed in that month, so the
 * three starter views are never empty for anyone (given ≥ 2.5 projects per vendedor).
 */
import { monthStart, yearsBefore, type ZoneClock } from './calendar.js';
import type { DemoCompany, DemoStore } from './company.js';
import type { ResolvedDemoOptions } from './options.js';
import { cumulative, Random } from './random.js';
import {
  CLIENT_EMAIL_DOMAINS,
  CANCELLED_STATUS,
  CLOSED_STATUS,
  CONTACT_CHANNELS,
  CONTACT_NOTES_CLOSED,
  CONTACT_NOTES_OPEN,
  FIRST_CONTACT_CHANNEL,
  EXTRA_SUPPLIERS,
  FIRST_NAMES,
  fold,
  LOST_STATUSES,
  NEW_STATUS,
  OPEN_STATUSES,
  ORDER_STATUS_BY_STAGE,
  ROOM_KINDS,
  SECOND_ROOM_SUFFIX,
  SURNAMES,
} from './vocabulary.js';

export interface RoomPlan {
  id: number;
  name: string;
  cents: number;
  contractId: number | null;
}

export interface OrderPlan {
  id: number;
  number: string;
  issuedMs: number;
  supplier: string;
  status: string;
}

export interface ContractPlan {
  id: number;
  number: string;
  createdMs: number;
  /** Local calendar day of `createdMs` (day number). */
  createdDay: number;
  /** 1 contratado … 7 concluido, 8 cancelado. */
  stage: number;
  cents: number;
  orders: OrderPlan[];
}

export interface ContactPlan {
  id: number;
  salespersonId: number;
  ms: number;
  channel: string;
  note: string;
}

export interface ProjectPlan {
  id: number;
  code: string;
  store: DemoStore;
  clientId: number;
  salespersonId: number;
  specifierId: number | null;
  createdMs: number;
  closingStatus: string;
  probableSale: boolean;
  /** Day number (calendar.ts) or null. */
  closingForecastDay: number | null;
  estimatedCents: number;
  lastContactMs: number;
  rooms: RoomPlan[];
  contracts: ContractPlan[];
  contacts: ContactPlan[];
}

export interface ClientPlan {
  id: number;
  code: string;
  name: string;
  store: DemoStore;
  email: string | null;
  phone: string | null;
  city: string;
}

const STREAM_PROJECTS = 2;
const STREAM_CLIENTS = 3;

/** Business hours: projects, contracts and contacts happen from 8:30 to 19:00 local. */
const OPEN_MINUTE = 8 * 60 + 30;
const BUSINESS_MINUTES = 10 * 60 + 30;

const ROOM_COUNT = cumulative([10, 17, 23, 21, 16, 13]); // 1…6 rooms, mean ≈ 3.55
const ROOM_KIND = cumulative(ROOM_KINDS.map((k) => k.weight));
const ORDER_COUNT = cumulative([90, 9, 1]);

/** Width of zero-padded codes: 6 digits, more when the counts need it. */
export function codeWidth(projects: number): number {
  return Math.max(6, String(Math.ceil(projects * 7)).length);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Contract numbers and order numbers: numeric, unique across the company. */
const CONTRACT_NUMBER_BASE = 10_000;
const ORDER_NUMBER_BASE = 500_000;

/** Where the timeline sits: the three years before the report date, plus its month. */
export interface Timeline {
  start: number;
  monthStart: number;
  today: number;
  /** Projects before `current` fall before the report month; the rest within it. */
  current: number;
  /**
   * Every `forcedStride`-th project counting back from `current − 1` (v of them, one per
   * vendedor) gets a contract signed this month; 0 when there are too few projects.
   */
  forcedStride: number;
}

export function timeline(opts: ResolvedDemoOptions, company: DemoCompany): Timeline {
  const today = opts.todayDay;
  const m0 = monthStart(today);
  const elapsed = today - m0 + 1;
  const n = opts.projects;
  const v = company.vendedores.length;
  // A little above the natural rate (the growth curve ends at 4/3 of the mean), and at
  // least 1.5 projects per vendedor so everyone has one without a contract.
  const natural = Math.round((n * 1.5 * elapsed) / 1096);
  const inMonth = Math.min(Math.floor(n / 2), Math.max(natural, Math.ceil(1.5 * v)));
  const current = n - inMonth;
  return {
    start: yearsBefore(today, 3),
    monthStart: m0,
    today,
    current,
    forcedStride: current >= 3 * v ? 3 : current >= v ? 1 : 0,
  };
}

/**
 * All projects in id order. Each call walks from the start and yields the same plans.
 * Plans are fresh objects; callers may keep them (tests do), the loaders don't.
 */
export function* walkProjects(
  opts: ResolvedDemoOptions,
  company: DemoCompany,
): Generator<ProjectPlan> {
  const walker = new ProjectWalker(opts, company);
  for (let i = 0; i < opts.projects; i++) yield walker.project(i);
}

/** One walk's state: the PRNG, the id counters and the clients each store has used. */
class ProjectWalker {
  private readonly rnd: Random;
  private readonly tl: Timeline;
  private readonly width: number;
  private readonly inMonth: number;
  private readonly beforeMonth: number;
  private readonly elapsed: number;
  private readonly vendedorCount: number;
  private readonly clientsUsed: number[];
  private readonly kindUsed = new Uint8Array(ROOM_KINDS.length);
  private roomId = 1;
  private contractId = 1;
  private orderId = 1;
  private contactId = 1;
  // The project being built.
  private day = 0;
  private minute = 0;
  private clock!: ZoneClock;
  private contracts: ContractPlan[] = [];

  constructor(
    opts: ResolvedDemoOptions,
    private readonly company: DemoCompany,
  ) {
    this.rnd = new Random(opts.seed, STREAM_PROJECTS);
    this.tl = timeline(opts, company);
    this.width = codeWidth(opts.projects);
    this.inMonth = opts.projects - this.tl.current;
    this.beforeMonth = this.tl.monthStart - this.tl.start;
    this.elapsed = this.tl.today - this.tl.monthStart + 1;
    this.vendedorCount = company.vendedores.length;
    this.clientsUsed = new Array<number>(company.stores.length).fill(0);
  }

  project(i: number): ProjectPlan {
    const { rnd, tl } = this;
    this.placeInTime(i);
    const day = this.day;
    const forced = this.forcing(i);
    const sp =
      this.company.vendedores[forced.vendedor ?? rnd.weighted(this.company.vendedorCumulative)]!;
    const store = this.company.stores[sp.storeId - 1]!;
    const clock = (this.clock = store.clock);
    const createdMs = clock.instant(day, this.minute);
    const clientId = this.client(store);
    // A few architects bring most referrals.
    const specifierId = rnd.chance(0.4)
      ? 1 + Math.floor(this.company.specifiers.length * rnd.float() * rnd.float())
      : null;
    const rooms = this.rooms();
    let roomsCents = 0;
    for (const r of rooms) roomsCents += r.cents;
    const estimatedCents = rnd.chance(0.8) ? roomsCents : discounted(rnd, roomsCents, 2, 10);

    // Outcome: most clients that sign do so within a few weeks; the others give up.
    const converts = rnd.chance(0.64);
    const lag = 2 + Math.floor(88 * rnd.float() * rnd.float());
    const lossDay = day + rnd.int(10, 90);
    let signDay: number | null = null;
    if (forced.kind === 'signed') signDay = rnd.int(Math.max(tl.monthStart, day), tl.today);
    else if (forced.kind === 'none' && converts && day + lag <= tl.today) signDay = day + lag;

    this.contracts = [];
    let closingStatus: string;
    let probableSale: boolean;
    let closingForecastDay: number | null;
    let activityEnd: number;
    if (signDay !== null) {
      const lastSignDay = this.sign(rooms, signDay, forced.kind === 'signed');
      const live = this.contracts.filter((c) => c.stage !== CANCELLED_STAGE);
      let least = CANCELLED_STAGE;
      for (const c of live) if (c.stage < least) least = c.stage;
      closingStatus = live.length > 0 ? CLOSED_STATUS : CANCELLED_STATUS;
      probableSale = rnd.chance(0.7);
      closingForecastDay = rnd.chance(0.7) ? signDay + rnd.int(-10, 10) : null;
      activityEnd = Math.min(tl.today, lastSignDay + afterSale(rnd, least, tl.today - lastSignDay));
    } else if (forced.kind === 'open' || converts || lossDay > tl.today) {
      closingStatus = tl.today - day < 4 && rnd.chance(0.6) ? NEW_STATUS : rnd.pick(OPEN_STATUSES);
      probableSale = rnd.chance(converts ? 0.55 : 0.12);
      closingForecastDay = !rnd.chance(0.8)
        ? null
        : converts
          ? Math.max(tl.today, day + lag) + rnd.int(-3, 10)
          : day + rnd.int(15, 60);
      // Some are followed up every few days, some were left to cool down.
      activityEnd = Math.max(day, tl.today - Math.floor(40 * rnd.float() * rnd.float()));
    } else {
      closingStatus = rnd.pick(LOST_STATUSES);
      probableSale = false;
      closingForecastDay = rnd.chance(0.5) ? day + rnd.int(15, 60) : null;
      activityEnd = lossDay;
    }
    for (const c of this.contracts) this.orders(c, store.site.factory);
    const contacts = this.contacts(sp.id, createdMs, signDay, activityEnd);

    return {
      id: i + 1,
      code: `P-${pad(i + 1, this.width)}`,
      store,
      clientId,
      salespersonId: sp.id,
      specifierId,
      createdMs,
      closingStatus,
      probableSale,
      closingForecastDay,
      estimatedCents,
      lastContactMs: contacts[contacts.length - 1]!.ms,
      rooms,
      contracts: this.contracts,
      contacts,
    };
  }

  /**
   * When: a growth curve (density rising linearly to twice its start) over the three
   * years before the report month, then evenly over the days of the month so far.
   * Monotone in i, so ids and codes follow creation order like an ERP's.
   */
  private placeInTime(i: number): void {
    const tl = this.tl;
    let pos: number;
    if (i < tl.current) {
      pos = (Math.sqrt(1 + (3 * (i + 0.5)) / tl.current) - 1) * this.beforeMonth;
      this.day = tl.start + Math.floor(pos);
    } else {
      pos = ((i - tl.current + 0.5) / this.inMonth) * this.elapsed;
      this.day = tl.monthStart + Math.floor(pos);
    }
    this.minute = OPEN_MINUTE + Math.floor((pos - Math.floor(pos)) * BUSINESS_MINUTES);
  }

  /** Projects set aside so every vendedor has something in the starter views. */
  private forcing(i: number): { kind: 'none' | 'open' | 'signed'; vendedor: number | null } {
    const tl = this.tl;
    const v = this.vendedorCount;
    if (i >= tl.current && this.inMonth >= v) {
      // Spread over the month: the first project of each 1/v-th of it goes to vendedor k.
      const j = i - tl.current;
      const k = Math.floor((j * v) / this.inMonth);
      if (j === 0 || Math.floor(((j - 1) * v) / this.inMonth) !== k) {
        return { kind: 'open', vendedor: k };
      }
    } else if (tl.forcedStride > 0 && i < tl.current) {
      // Late last month, one project in `forcedStride` per vendedor signs this month.
      const back = tl.current - 1 - i;
      if (back % tl.forcedStride === 0 && back / tl.forcedStride < v) {
        return { kind: 'signed', vendedor: back / tl.forcedStride };
      }
    }
    return NOT_FORCED;
  }

  /** Mostly someone new to the store, sometimes a returning client. */
  private client(store: DemoStore): number {
    const seen = this.clientsUsed[store.index]!;
    if (seen > 0 && (seen >= store.clientCount || this.rnd.chance(0.14))) {
      return store.firstClientId + Math.floor(this.rnd.float() * seen);
    }
    this.clientsUsed[store.index] = seen + 1;
    return store.firstClientId + seen;
  }

  /** 1–6 rooms, often starting with the kitchen; a second bedroom or bathroom is "… 2". */
  private rooms(): RoomPlan[] {
    const rnd = this.rnd;
    const used = this.kindUsed;
    used.fill(0);
    const count = 1 + rnd.weighted(ROOM_COUNT);
    const rooms: RoomPlan[] = [];
    while (rooms.length < count) {
      const k = rooms.length === 0 && rnd.chance(0.6) ? 0 : rnd.weighted(ROOM_KIND);
      const kind = ROOM_KINDS[k]!;
      if (used[k]! > (kind.repeatable ? 1 : 0)) continue;
      used[k]!++;
      rooms.push({
        id: this.roomId++,
        name: used[k] === 2 ? kind.name + SECOND_ROOM_SUFFIX : kind.name,
        // Triangular between the kind's bounds, to the cent.
        cents: kind.min + Math.floor(((kind.max - kind.min) * (rnd.float() + rnd.float())) / 2),
        contractId: null,
      });
    }
    return rooms;
  }

  /**
   * The contracts of a project signed on `signDay`: all rooms or only some, sometimes
   * cancelled (and signed again), sometimes the remaining rooms in a second contract.
   * Returns the day of the last signature.
   */
  private sign(rooms: RoomPlan[], signDay: number, forced: boolean): number {
    const { rnd, tl } = this;
    const partial = rooms.length > 1 && rnd.chance(0.18);
    const signed = partial ? rooms.slice(0, rnd.int(1, rooms.length - 1)) : rooms;
    const m1 = this.minuteOn(signDay, this.minute);
    if (!forced && rnd.chance(0.06)) {
      this.contract(signDay, m1, CANCELLED_STAGE, signed);
      const again = signDay + rnd.int(3, 30);
      if (rnd.chance(0.55) && again <= tl.today) {
        // New terms, new number: the rooms move over to the new contract.
        this.contract(again, this.minuteOn(again, m1), stageByAge(rnd, tl.today - again), signed);
        return again;
      }
      return signDay;
    }
    const stage = stageByAge(rnd, tl.today - signDay);
    // A contract forced into this month is at most "em revisão" (it must show up in the
    // "Situação dos contratos" view, which leaves cancelled contracts out anyway).
    this.contract(signDay, m1, forced ? Math.min(2, stage) : stage, signed);
    const later = signDay + rnd.int(10, 75);
    if (partial && !forced && rnd.chance(0.4) && later <= tl.today) {
      const rest = rooms.slice(signed.length);
      this.contract(later, this.minuteOn(later, m1), stageByAge(rnd, tl.today - later), rest);
      return later;
    }
    return signDay;
  }

  private contract(day: number, minute: number, stage: number, rooms: RoomPlan[]): void {
    let sum = 0;
    for (const r of rooms) sum += r.cents;
    const id = this.contractId++;
    // Often a negotiated discount on the rooms' list prices.
    const cents = this.rnd.chance(0.3) ? discounted(this.rnd, sum, 2, 8) : sum;
    for (const r of rooms) r.contractId = id;
    this.contracts.push({
      id,
      number: String(CONTRACT_NUMBER_BASE + id),
      createdMs: this.clock.instant(day, minute),
      createdDay: day,
      stage,
      cents,
      orders: [],
    });
  }

  /** Purchase orders of a contract in stage pedido or later: the factory, then extras. */
  private orders(c: ContractPlan, factory: string): void {
    if (c.stage < 3 || c.stage === CANCELLED_STAGE) return;
    const { rnd, tl } = this;
    const count = 1 + rnd.weighted(ORDER_COUNT);
    const statuses = ORDER_STATUS_BY_STAGE[c.stage]!;
    let day = Math.min(tl.today, c.createdDay + rnd.int(5, 25));
    for (let o = 0; o < count; o++) {
      const id = this.orderId++;
      c.orders.push({
        id,
        number: String(ORDER_NUMBER_BASE + id),
        issuedMs: this.clock.instant(day, this.anyMinute()),
        supplier: o === 0 ? factory : rnd.pick(EXTRA_SUPPLIERS),
        status: rnd.pick(statuses),
      });
      day = Math.min(tl.today, day + rnd.int(0, 20));
    }
  }

  /** The first visit (the project's creation), then a few more up to the last activity. */
  private contacts(
    salespersonId: number,
    createdMs: number,
    signDay: number | null,
    activityEnd: number,
  ): ContactPlan[] {
    const rnd = this.rnd;
    const day = this.day;
    const count = (signDay !== null ? 2 : 1) + rnd.int(0, 2);
    const contacts: ContactPlan[] = [];
    for (let c = 0; c < count; c++) {
      const cDay = c === 0 ? day : c === count - 1 ? activityEnd : rnd.int(day, activityEnd);
      const afterSign = signDay !== null && cDay >= signDay;
      contacts.push({
        id: 0,
        salespersonId,
        ms: c === 0 ? createdMs : this.clock.instant(cDay, this.minuteOn(cDay, this.minute)),
        channel: c === 0 ? FIRST_CONTACT_CHANNEL : rnd.pick(CONTACT_CHANNELS),
        note: rnd.pick(afterSign ? CONTACT_NOTES_CLOSED : CONTACT_NOTES_OPEN),
      });
    }
    contacts.sort(byTime);
    for (const k of contacts) k.id = this.contactId++;
    return contacts;
  }

  /** A business minute on `day`; on the project's own day, some time after `after`. */
  private minuteOn(day: number, after: number): number {
    return day === this.day ? Math.min(after + this.rnd.int(20, 120), 21 * 60) : this.anyMinute();
  }

  private anyMinute(): number {
    return OPEN_MINUTE + Math.floor(this.rnd.float() * BUSINESS_MINUTES);
  }
}

const NOT_FORCED = { kind: 'none', vendedor: null } as const;
const CANCELLED_STAGE = 8;

function byTime(a: ContactPlan, b: ContactPlan): number {
  return a.ms - b.ms;
}

/** `cents` less a whole-percent discount between `minPct` and `maxPct`. */
function discounted(rnd: Random, cents: number, minPct: number, maxPct: number): number {
  return cents - Math.floor((cents * rnd.int(minPct, maxPct)) / 100);
}

/** The stage a contract has reached `age` days after signing. */
function stageByAge(rnd: Random, age: number): number {
  const u = rnd.float();
  if (age < 12) return u < 0.75 ? 1 : 2;
  if (age < 40) return u < 0.35 ? 2 : 3;
  if (age < 70) return u < 0.35 ? 3 : u < 0.75 ? 4 : 5;
  if (age < 120) return u < 0.1 ? 4 : u < 0.5 ? 5 : u < 0.6 ? 6 : 7;
  if (age < 365) return u < 0.08 ? 6 : 7;
  return u < 0.03 ? 6 : 7;
}

/** Days of after-sale contact (orders, delivery, assembly) by the least advanced stage. */
function afterSale(rnd: Random, stage: number, age: number): number {
  switch (stage) {
    case 1:
    case 2:
      return rnd.int(0, 8);
    case 3:
      return rnd.int(5, 30);
    case 4:
    case 5:
      return rnd.int(20, 70);
    case 6:
      return Math.max(0, age - rnd.int(0, 20));
    case 7:
      return rnd.int(60, 120);
    default:
      return rnd.int(0, 10);
  }
}

/** All clients in id order (store blocks, see company.ts). */
export function* walkClients(
  opts: ResolvedDemoOptions,
  company: DemoCompany,
): Generator<ClientPlan> {
  const rnd = new Random(opts.seed, STREAM_CLIENTS);
  const width = codeWidth(opts.projects);
  for (const store of company.stores) {
    const cities = store.site.clientCities;
    for (let k = 0; k < store.clientCount; k++) {
      const id = store.firstClientId + k;
      const first = FIRST_NAMES[rnd.int(0, FIRST_NAMES.length - 1)]!;
      const last = SURNAMES[rnd.int(0, SURNAMES.length - 1)]!;
      const middle = rnd.chance(0.5) ? SURNAMES[rnd.int(0, SURNAMES.length - 1)]! : null;
      const name = middle && middle !== last ? `${first} ${middle} ${last}` : `${first} ${last}`;
      const email = rnd.chance(0.75)
        ? `${fold(first)}.${fold(last)}${rnd.int(1, 99)}@${CLIENT_EMAIL_DOMAINS[rnd.int(0, CLIENT_EMAIL_DOMAINS.length - 1)]}`
        : null;
      const phone = rnd.chance(0.95)
        ? `(${store.site.ddd}) 9${rnd.int(6000, 9999)}-${pad(rnd.int(0, 9999), 4)}`
        : null;
      yield {
        id,
        code: clientCode(id, width),
        name,
        store,
        email,
        phone,
        city: rnd.chance(0.65) ? cities[0]! : (cities[rnd.int(1, cities.length - 1)] ?? cities[0]!),
      };
    }
  }
}

/** ERP codes of the streamed records (the key an import matches on). */
export const roomCode = (id: number, width: number) => `A-${pad(id, width)}`;
export const contractCode = (id: number, width: number) => `CT-${pad(id, width)}`;
export const orderCode = (id: number, width: number) => `PC-${pad(id, width)}`;
export const clientCode = (id: number, width: number) => `C-${pad(id, width)}`;
