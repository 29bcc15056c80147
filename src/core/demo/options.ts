/**
 * Options of the demo generator, with their defaults and the checks that turn a bad
 * value into a Portuguese message (the CLI passes user input straight through).
 */
import { CarteiraError } from '../errors.js';
import { isIsoDate, todayIn } from '../portfolio/periods.js';
import { dayOf } from './calendar.js';
import { DEFAULT_TIMEZONE } from '../time/timezone.js';

interface DemoSettings {
  /** Number of projects; default 1500. */
  projects?: number;
  /** PRNG seed; the same seed and `today` give byte-identical data. Default 42. */
  seed?: number;
  /** Seeding refuses a database that already has portfolio data unless this is true. */
  replace?: boolean;
}

/**
 * The date the data is centred on: `today` (`AAAA-MM-DD`), or else the calendar day of
 * `now` (the caller's clock) in the company's default timezone. One of them is required, so
 * the demo never reads the wall clock by itself.
 */
export type DemoOptions = DemoSettings &
  ({ today: string; now?: Date } | { today?: undefined; now: Date });

export interface ResolvedDemoOptions {
  projects: number;
  seed: number;
  today: string;
  /** `today` as a day number (calendar.ts). */
  todayDay: number;
}

export const DEFAULT_PROJECTS = 1500;
export const DEFAULT_SEED = 42;
export const MAX_PROJECTS = 10_000_000;

export function resolveDemoOptions(opts: DemoOptions): ResolvedDemoOptions {
  const projects = opts.projects ?? DEFAULT_PROJECTS;
  if (!Number.isInteger(projects) || projects < 1 || projects > MAX_PROJECTS) {
    throw new CarteiraError(
      'invalid_input',
      `O número de projetos (--projects) deve ser um inteiro entre 1 e ${MAX_PROJECTS.toLocaleString('pt-BR')}.`,
    );
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) {
    throw new CarteiraError('invalid_input', 'A semente (--seed) deve ser um número inteiro.');
  }
  const today = opts.today ?? todayIn(DEFAULT_TIMEZONE, opts.now!);
  if (!isIsoDate(today)) {
    throw new CarteiraError(
      'invalid_input',
      `A data de referência "${today}" é inválida: use o formato AAAA-MM-DD.`,
    );
  }
  return { projects, seed: foldSeed(seed), today, todayDay: dayOf(today) };
}

/** Any safe integer (negative, above 2³²) → a 32-bit seed, without collisions for 0…2³²−1. */
function foldSeed(seed: number): number {
  if (seed >= 0 && seed <= 0xffffffff) return seed >>> 0;
  const hi = Math.floor(seed / 4294967296);
  return (seed ^ Math.imul(hi | 0, 0x9e3779b1)) >>> 0;
}
