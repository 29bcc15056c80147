/**
 * Parsers for the field values of the ERP export (docs/import-format.md, "Value formats").
 * Each returns the normalized value, ready for the staging tables, or an `Invalid` whose
 * `reason` is the Portuguese sentence the report shows (what is wrong and what to use).
 *
 * Rules decided here (pinned by test/core/import/values.test.ts):
 * - Dates: `AAAA-MM-DD` or `DD/MM/AAAA` (day and month may have one digit), optionally
 *   followed by ` HH:MM` or ` HH:MM:SS` (`T` also separates an ISO date), and optionally by
 *   an offset (`Z`, `-03:00`, `-0300`, `-03`). Impossible dates and times are rejected;
 *   years must lie in 1900–2100 (a typo such as `0226` would otherwise be stored).
 * - Money: pt-BR first. `,` alone is the decimal separator (`1234,56`); `.` is the
 *   thousands separator when it groups exactly three digits (`1.234` = 1234,
 *   `1.234.567,89`), otherwise the decimal point (`1234.56`, `1234.5`). With both
 *   separators the last one is the decimal (`1.234,56` and `1,234.56` are both 1234.56).
 *   `1,234` is refused as ambiguous; more than two decimals are refused; `R$` and spaces
 *   are ignored. Negative values are refused: every money field of the export (project
 *   estimate, room value, contract value) is an amount that cannot be below zero.
 * - Booleans: sim/s/true/1/x/verdadeiro = yes; não/nao/n/false/0/falso/blank = no.
 */
import { SITUATIONS } from '../portfolio/situations.js';
import { canonicalTimezone, TIMEZONE_HINT } from '../time/timezone.js';

export class Invalid {
  constructor(readonly reason: string) {}
}

export function isInvalid(v: unknown): v is Invalid {
  return v instanceof Invalid;
}

/** Lower case without accents: the key for comparing header names and enumerations. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function q(raw: string): string {
  return `"${raw}"`;
}

/**
 * A date with an optional time. `utc` is set when the text carried an offset (an
 * absolute instant, `AAAA-MM-DD HH:MM:SS+hh:mm`); otherwise `local` holds the store's
 * wall-clock time `AAAA-MM-DD HH:MM:SS`, converted in SQL with the store's timezone.
 */
export interface DateTimeValue {
  date: string;
  local: string | null;
  utc: string | null;
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const BR_RE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

const DATE_HINT = '(use DD/MM/AAAA ou AAAA-MM-DD)';
const TIME_HINT = '(use HH:MM ou HH:MM:SS, de 00:00 a 23:59:59)';

function daysIn(year: number, month: number): number {
  return month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100;
}

/**
 * The shapes an ERP writes nearly always (`31/12/2026`, `31/12/2026 23:59[:59]`,
 * `2026-12-31`, `2026-12-31[ T]23:59[:59]`), read without a regular expression: millions
 * of rows go through here. Anything else, or anything out of range, takes the general
 * path, which also words the error.
 */
function fastDateTime(raw: string): DateTimeValue | null {
  const n = raw.length;
  if (n !== 10 && n !== 16 && n !== 19) return null;
  let y: number, mo: number, d: number;
  const c2 = raw.charCodeAt(2);
  if (c2 === 47 /* / */ && raw.charCodeAt(5) === 47) {
    d = digit(raw, 0) * 10 + digit(raw, 1);
    mo = digit(raw, 3) * 10 + digit(raw, 4);
    y = digit(raw, 6) * 1000 + digit(raw, 7) * 100 + digit(raw, 8) * 10 + digit(raw, 9);
  } else if (raw.charCodeAt(4) === 45 /* - */ && raw.charCodeAt(7) === 45) {
    y = digit(raw, 0) * 1000 + digit(raw, 1) * 100 + digit(raw, 2) * 10 + digit(raw, 3);
    mo = digit(raw, 5) * 10 + digit(raw, 6);
    d = digit(raw, 8) * 10 + digit(raw, 9);
  } else return null;
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  const date = `${y}-${two(mo)}-${two(d)}`;
  if (n === 10) return { date, local: `${date} 00:00:00`, utc: null };
  const sep = raw.charCodeAt(10);
  if (sep !== 32 && !(sep === 84 && c2 !== 47) /* T only after an ISO date */) return null;
  if (raw.charCodeAt(13) !== 58 /* : */) return null;
  const h = digit(raw, 11) * 10 + digit(raw, 12);
  const mi = digit(raw, 14) * 10 + digit(raw, 15);
  let sec = 0;
  if (n === 19) {
    if (raw.charCodeAt(16) !== 58) return null;
    sec = digit(raw, 17) * 10 + digit(raw, 18);
  }
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  return { date, local: `${date} ${two(h)}:${two(mi)}:${two(sec)}`, utc: null };
}

/** Parses a date or date-time of column `column` (named in the reason). */
export function parseDateTime(raw: string, column: string): DateTimeValue | Invalid {
  const fast = fastDateTime(raw);
  if (fast) return fast;
  let m = ISO_RE.exec(raw);
  let y: number, mo: number, d: number;
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else {
    m = BR_RE.exec(raw);
    if (!m) return new Invalid(`data inválida em ${column}: ${q(raw)} ${DATE_HINT}`);
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) {
    return new Invalid(`data inválida em ${column}: ${q(raw)} ${DATE_HINT}`);
  }
  if (y < 1900 || y > 2100) {
    return new Invalid(
      `data fora do intervalo em ${column}: ${q(raw)} (o ano deve estar entre 1900 e 2100)`,
    );
  }
  const date = `${y}-${two(mo)}-${two(d)}`;
  let time = '00:00:00';
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const s = m[6] === undefined ? 0 : Number(m[6]);
    if (
      h > 23 ||
      mi > 59 ||
      s > 59 ||
      m[5]!.length !== 2 ||
      (m[6] !== undefined && m[6].length !== 2)
    ) {
      return new Invalid(`hora inválida em ${column}: ${q(raw)} ${TIME_HINT}`);
    }
    time = `${two(h)}:${two(mi)}:${two(s)}${m[7] ? `.${m[7]}` : ''}`;
  }
  const off = m[8];
  if (off === undefined) return { date, local: `${date} ${time}`, utc: null };
  if (m[4] === undefined) {
    return new Invalid(
      `fuso sem hora em ${column}: ${q(raw)} (informe a hora antes do fuso, ex.: 2026-11-01 10:00-03:00)`,
    );
  }
  let offset = '+00:00';
  if (off !== 'Z' && off !== 'z') {
    const digits = off.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59)
      return new Invalid(`fuso inválido em ${column}: ${q(raw)} (use, por exemplo, -03:00)`);
    offset = `${off[0]}${two(oh)}:${two(om)}`;
  }
  return { date, local: null, utc: `${date} ${time}${offset}` };
}

/** Parses a calendar date (`date` column); a time, if present, is validated and dropped. */
export function parseDate(raw: string, column: string): string | Invalid {
  const v = parseDateTime(raw, column);
  return isInvalid(v) ? v : v.date;
}

const MONEY_HINT = '(use 1234,56 ou 1.234,56)';
const MAX_INTEGER_DIGITS = 12; // numeric(14,2)

/**
 * The common shapes (`1234`, `1234,56`, `1234.56`, `1.234,56`) in one pass over the
 * characters; null sends everything else (and every error) to the general path.
 */
function fastMoney(s: string): string | null {
  const n = s.length;
  if (n === 0 || n > 18) return null;
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 46) {
      dots++;
      lastDot = i;
    } else if (c === 44) {
      commas++;
      lastComma = i;
    } else return null;
  }
  if (s.charCodeAt(0) === 48 && n > 1 && s.charCodeAt(1) !== 44 && s.charCodeAt(1) !== 46)
    return null;
  if (dots === 0 && commas === 0) return n <= MAX_INTEGER_DIGITS ? s : null;
  if (commas === 1) {
    const frac = n - lastComma - 1;
    if (frac < 1 || frac > 2 || lastComma === 0) return null;
    if (dots === 0)
      return lastComma <= MAX_INTEGER_DIGITS
        ? `${s.slice(0, lastComma)}.${s.slice(lastComma + 1)}`
        : null;
    // 1.234.567,89: a dot every four characters back from the comma, first group 1–3 digits.
    const first = lastComma - 4 * dots;
    if (first < 1 || first > 3 || s.charCodeAt(0) === 48) return null;
    for (let k = 1; k <= dots; k++) if (s.charCodeAt(lastComma - 4 * k) !== 46) return null;
    const int = s.slice(0, lastComma).replaceAll('.', '');
    if (int.length > MAX_INTEGER_DIGITS) return null;
    return `${int}.${s.slice(lastComma + 1)}`;
  }
  if (dots === 1 && commas === 0) {
    const frac = n - lastDot - 1;
    if (frac < 1 || frac > 2 || lastDot === 0 || lastDot > MAX_INTEGER_DIGITS) return null;
    return s;
  }
  return null;
}

/** Parses a money amount; returns a plain decimal string (`1234.56`). */
export function parseMoney(raw: string, column: string): string | Invalid {
  const fast = fastMoney(raw);
  if (fast !== null) return fast;
  let s = raw.replace(/[\s\u00a0]+/g, '');
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (/^r\$/i.test(s)) s = s.slice(2);
  if (!negative && (s.startsWith('-') || s.startsWith('+'))) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) {
    return new Invalid(`valor inválido em ${column}: ${q(raw)} ${MONEY_HINT}`);
  }
  let intPart: string;
  let frac = '';
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    const at = Math.max(lastDot, lastComma);
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
    if (intPart.includes(decimal) || !groupedBy(intPart, thousands)) {
      return new Invalid(`valor inválido em ${column}: ${q(raw)} ${MONEY_HINT}`);
    }
    intPart = intPart.split(thousands).join('');
  } else if (lastComma >= 0) {
    const parts = s.split(',');
    if (parts.length > 2) {
      if (!groupedBy(s, ','))
        return new Invalid(`valor inválido em ${column}: ${q(raw)} ${MONEY_HINT}`);
      intPart = parts.join('');
    } else {
      intPart = parts[0]!;
      frac = parts[1]!;
      if (frac.length === 3 && /^[1-9]\d{0,2}$/.test(intPart)) {
        return new Invalid(
          `valor ambíguo em ${column}: ${q(raw)} (a vírgula separa os centavos; para milhares use 1.234 ou 1234,00)`,
        );
      }
    }
  } else if (lastDot >= 0) {
    const parts = s.split('.');
    if (groupedBy(s, '.')) {
      intPart = parts.join('');
    } else if (parts.length === 2) {
      intPart = parts[0]!;
      frac = parts[1]!;
    } else {
      return new Invalid(`valor inválido em ${column}: ${q(raw)} ${MONEY_HINT}`);
    }
  } else {
    intPart = s;
  }
  if (frac.length > 2) {
    return new Invalid(
      `valor com mais de duas casas decimais em ${column}: ${q(raw)} ${MONEY_HINT}`,
    );
  }
  if (intPart === '' && frac === '')
    return new Invalid(`valor inválido em ${column}: ${q(raw)} ${MONEY_HINT}`);
  intPart = intPart.replace(/^0+(?=\d)/, '') || '0';
  if (intPart.length > MAX_INTEGER_DIGITS) {
    return new Invalid(`valor grande demais em ${column}: ${q(raw)} (máximo 999.999.999.999,99)`);
  }
  if (negative && /[1-9]/.test(intPart + frac)) {
    return new Invalid(`valor negativo em ${column}: ${q(raw)} (valores não podem ser negativos)`);
  }
  return frac ? `${intPart}.${frac}` : intPart;
}

/** `1.234.567` grouped by `.`: a first group of 1–3 digits (not a lone 0), then groups of 3. */
function groupedBy(s: string, sep: '.' | ','): boolean {
  const parts = s.split(sep);
  if (parts.length < 2) return /^\d+$/.test(s);
  return /^[1-9]\d{0,2}$/.test(parts[0]!) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

const TRUE_WORDS = new Set(['sim', 's', 'true', '1', 'x', 'verdadeiro', 'v']);
const FALSE_WORDS = new Set(['nao', 'não', 'n', 'false', '0', '', 'falso', 'f']);

export function parseBoolean(raw: string, column: string): boolean | Invalid {
  const lower = raw.toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  const k = fold(raw.trim());
  if (TRUE_WORDS.has(k)) return true;
  if (FALSE_WORDS.has(k)) return false;
  return new Invalid(`valor inválido em ${column}: ${q(raw)} (use sim ou não)`);
}

function enumKey(s: string): string {
  return fold(s)
    .trim()
    .replace(/[\s_-]+/g, '_');
}

/** Contract stage (id or label) → stored code 1 (contratado) … 8 (cancelado). */
const STAGES = new Map<string, number>();
SITUATIONS.forEach((s, code) => {
  if (code === 0) return;
  STAGES.set(enumKey(s.id), code);
  STAGES.set(enumKey(s.label), code);
});
const STAGE_LIST = SITUATIONS.slice(1)
  .map((s) => s.id)
  .join(', ');

export function parseStage(raw: string, column: string): number | Invalid {
  const k = enumKey(raw);
  const code = STAGES.get(k);
  if (code !== undefined) return code;
  if (k === 'sem_contrato') {
    return new Invalid(
      `${column} ${q(raw)} não vale para um contrato (use uma etapa: ${STAGE_LIST})`,
    );
  }
  return new Invalid(
    `${column} inválida: ${q(raw)} (use ${STAGE_LIST} ou o nome, ex.: "Em revisão")`,
  );
}

const ROLES = new Map<string, 'vendedor' | 'gerente' | 'admin'>([
  ['vendedor', 'vendedor'],
  ['vendedora', 'vendedor'],
  ['gerente', 'gerente'],
  ['admin', 'admin'],
  ['administrador', 'admin'],
  ['administradora', 'admin'],
]);

export function parseRole(raw: string, column: string): string | Invalid {
  const role = ROLES.get(enumKey(raw));
  return role ?? new Invalid(`${column} inválido: ${q(raw)} (use vendedor, gerente ou admin)`);
}

const EMAIL_RE = /^[^\s@;,<>"]+@[^\s@;,<>"]+\.[^\s@;,<>"]+$/;

/** A salesperson's e-mail (a key): lower case and well formed. */
export function parseEmail(raw: string, column: string): string | Invalid {
  const e = raw.trim().toLowerCase();
  return EMAIL_RE.test(e)
    ? e
    : new Invalid(`e-mail inválido em ${column}: ${q(raw)} (ex.: nome@loja.com.br)`);
}

const SLACK_RE = /^[UW][A-Z0-9]{2,30}$/;

export function parseSlackId(raw: string, column: string): string | Invalid {
  const id = raw.trim().toUpperCase();
  return SLACK_RE.test(id)
    ? id
    : new Invalid(
        `${column} inválido: ${q(raw)} (o ID de usuário do Slack começa com U ou W, ex.: U012AB3CD)`,
      );
}

/** A timezone by the one rule (../time/timezone.ts), in its canonical spelling. */
export function parseTimezone(raw: string, column: string): string | Invalid {
  return (
    canonicalTimezone(raw) ?? new Invalid(`${column} desconhecido: ${q(raw)} (${TIMEZONE_HINT})`)
  );
}
