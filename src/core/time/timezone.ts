/**
 * The one timezone rule. A timezone is an IANA name with an area and a location
 * (`America/Sao_Paulo`, `America/Manaus`, `Etc/GMT+3`) or `UTC`, known to the runtime's
 * time-zone database (through luxon), and it is kept in its canonical spelling
 * (`america/sao_paulo` → `America/Sao_Paulo`). Abbreviations and offsets (`EST`, `BRT`,
 * `-03:00`, `utc`) are refused: they are ambiguous or do not follow daylight saving time.
 * Store rows, subscription schedules and `CARTEIRA_TIMEZONE` all go through it.
 */
import { IANAZone } from 'luxon';

/** Carteira's default company timezone (stores without `fuso`, `CARTEIRA_TIMEZONE` unset). */
export const DEFAULT_TIMEZONE = 'America/Sao_Paulo';

const SHAPE = /^(?:[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+|UTC)$/;

/** What to type instead, in every refusal. */
export const TIMEZONE_HINT = 'use um fuso IANA, ex.: America/Sao_Paulo ou America/Manaus';

/** `raw` in its canonical spelling when it is a timezone by the rule above, else null. */
export function canonicalTimezone(raw: string): string | null {
  const tz = raw.trim();
  if (!SHAPE.test(tz) || !IANAZone.isValidZone(tz)) return null;
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  return SHAPE.test(canonical) ? canonical : null;
}

export function isValidTimezone(raw: string): boolean {
  return canonicalTimezone(raw) !== null;
}
