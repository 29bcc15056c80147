/**
 * The Slack quick form: `/carteira assinar Sem contratos no mês toda segunda 8h #vendas pdf`.
 * `parseQuickForm` reads the text after `assinar` into a view name, a schedule (without
 * timezone: the caller adds the store's), a destination, a format and the skip-if-empty
 * flag, or throws a `CarteiraError` (`invalid_input`) whose message says in Portuguese what
 * is wrong and shows an example.
 *
 * How the view name is found: the text is cut into words, and the view name is the
 * shortest start of the text after which every remaining word belongs to the form (when,
 * where, format, "pular se vazio" or a connecting word such as "e", "em", "no"). So "Sem
 * contratos no mês toda segunda 8h" names "Sem contratos no mês". A view whose name ends in
 * such words ("Relatório pdf") can be written in quotes: `"Relatório pdf" toda segunda 8h`.
 */
import { CarteiraError } from '../../core/errors.js';
import type { ScheduleRule } from '../../core/subscriptions/schedule.js';

export type QuickFormDestination =
  | { kind: 'channel'; channelId: string; channelName?: string }
  /** `#vendas` typed as text: only the name is known, the caller resolves it. */
  | { kind: 'channel'; channelId?: undefined; channelName: string }
  | { kind: 'dm' }
  | { kind: 'each_salesperson' };

export type QuickFormFormat =
  | 'table'
  | 'pdf'
  | 'csv'
  | 'xlsx'
  | 'chart'
  | 'table+pdf'
  | 'table+csv'
  | 'table+xlsx'
  | 'table+chart';

export interface QuickForm {
  viewName: string;
  schedule: ScheduleRule;
  /** null: not given (the caller picks its default, e.g. the channel the command came from). */
  destination: QuickFormDestination | null;
  /** null: not given. */
  format: QuickFormFormat | null;
  skipEmpty: boolean;
}

// ---------------------------------------------------------------------------------------
// Messages

const EXAMPLE = '/carteira assinar Sem contratos no mês toda segunda 8h #vendas pdf';
const FORM =
  'Use: /carteira assinar <visão> <quando> [#canal | dm | cada vendedor] [tabela | pdf | csv | xlsx | gráfico] [pular se vazio]';
const WHEN_EXAMPLES =
  'toda segunda 8h, seg,qua,sex 8h, dias úteis 8h, todo dia 7h30, todo dia 5 9h, último dia do mês 18h';

const MSG = {
  empty: `Diga qual visão assinar e quando enviar. ${FORM}. Ex.: ${EXAMPLE}`,
  noSchedule: `Diga quando enviar depois do nome da visão (ex.: ${WHEN_EXAMPLES}). ${FORM}. Ex.: ${EXAMPLE}`,
  noViewName: `Falta o nome da visão antes de quando enviar. Ex.: ${EXAMPLE}. Se o nome tiver palavras como "pdf" ou "mensal", escreva-o entre aspas: /carteira assinar "Relatório mensal" todo dia 5 9h`,
  unclosedQuote: `Feche as aspas do nome da visão. Ex.: /carteira assinar "Sem contratos no mês" toda segunda 8h`,
  noTime: (when: string) =>
    `Falta o horário: diga a hora depois de "${when}", ex.: toda segunda 8h, todo dia 7h30, dias úteis às 18:00.`,
  noDay: `Falta o dia: diga quando enviar, ex.: ${WHEN_EXAMPLES}.`,
  twoTimes: (times: string[]) =>
    `Use um só horário (recebi ${joinPt(times)}). Ex.: toda segunda 8h. Para mais horários, crie outra assinatura.`,
  twoFrequencies: `Escolha uma só frequência: por dia da semana (toda segunda 8h), todo dia (todo dia 8h) ou por dia do mês (todo dia 5 9h).`,
  twoMonthDays: `Escolha um só dia do mês, ex.: todo dia 5 9h ou último dia do mês 18h. Para mais dias, crie outra assinatura.`,
  weeklyWithoutDay: `Diga o dia da semana, ex.: toda segunda 8h ou seg,qua,sex 8h.`,
  monthlyWithoutDay: `Diga o dia do mês, ex.: mensal dia 10 9h ou último dia do mês 18h.`,
  twoDestinations: (got: string[]) =>
    `Escolha um só destino: um #canal, dm (para você) ou cada vendedor (recebi ${joinPt(got)}). Ex.: ${EXAMPLE}`,
  twoFiles: (got: string[]) =>
    `Escolha um só formato de arquivo: pdf, csv, xlsx ou gráfico (recebi ${joinPt(got)}); ele pode vir junto da tabela, ex.: tabela e pdf.`,
  badTime: (raw: string) =>
    `Horário inválido: "${raw}". Use um horário de 00:00 a 23:59, ex.: 8h, 8h30, 18h, 08:00.`,
  badMonthDay: (raw: string) =>
    `Dia do mês inválido: "${raw}". Use de 1 a 31 (ex.: todo dia 5 9h) ou último dia do mês.`,
  badFormat: (raw: string) =>
    `Formato "${raw}" não suportado: use tabela, pdf, csv, xlsx ou gráfico (ex.: tabela e pdf).`,
  userMention: `Não dá para assinar para outra pessoa por aqui: use dm (para você), um #canal ou cada vendedor.`,
  channelWithoutHash: (raw: string) =>
    `Canal "${raw}": escreva o canal com # (ex.: #${raw}) ou mencione-o.`,
  badChannel: (raw: string) => `Canal inválido: "${raw}". Ex.: #vendas`,
  unknown: (raw: string) => `Não entendi "${raw}". ${FORM}. Ex.: ${EXAMPLE}`,
};

function fail(message: string): never {
  throw new CarteiraError('invalid_input', message);
}

function joinPt(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} e ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------
// Words

interface Token {
  raw: string;
  /** Lowercase, without accents or trailing punctuation: what the grammar matches. */
  norm: string;
  start: number;
}

function normalize(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.;:!?]+$/, '');
}

/** Slack mentions stay whole; `,` and `+` are words of their own ("seg,qua", "tabela+pdf"). */
function tokenize(text: string, offset: number): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/<[^>\s]*>|[,+]|[^\s,+]+/g)) {
    tokens.push({ raw: m[0], norm: normalize(m[0]), start: offset + m.index });
  }
  return tokens;
}

type Clause =
  | { type: 'daily' }
  | { type: 'weekdays'; days: number[] }
  | { type: 'month-day'; day: number | 'last' }
  | { type: 'weekly-marker' }
  | { type: 'monthly-marker' }
  | { type: 'time'; time: string; raw: string }
  | { type: 'destination'; destination: QuickFormDestination; raw: string }
  | { type: 'format'; format: 'table' | 'pdf' | 'csv' | 'xlsx' | 'chart'; raw: string }
  | { type: 'skip-empty' };

const isWhen = (c: Clause) =>
  c.type === 'daily' ||
  c.type === 'weekdays' ||
  c.type === 'month-day' ||
  c.type === 'weekly-marker' ||
  c.type === 'monthly-marker';

/** A matcher's answer at a position: a clause and where it ends, a hard error, or no match. */
type Match = { clause: Clause; next: number } | { error: string } | null;

/** Connecting words allowed between clauses ("toda segunda às 8h no #vendas em pdf"). */
const FILLERS = new Set([
  ',',
  '+',
  '-',
  'e',
  'em',
  'no',
  'na',
  'nos',
  'nas',
  'para',
  'pra',
  'pro',
  'por',
  'com',
  'como',
  'formato',
  'arquivo',
  'canal',
  'enviar',
  'envie',
  'envia',
  'mandar',
  'manda',
  'o',
  'a',
  'os',
  'as',
]);

const EVERY = new Set(['todo', 'toda', 'todos', 'todas']);
const ARTICLES = new Set(['o', 'a', 'os', 'as']);
const WORKING = new Set(['util', 'uteis']);

class Cursor {
  constructor(readonly tokens: Token[]) {}
  norm(i: number): string {
    return this.tokens[i]?.norm ?? '';
  }
  raw(i: number): string {
    return this.tokens[i]?.raw ?? '';
  }
}

// --- when --------------------------------------------------------------------------------

const DAY_NAMES: Record<string, number> = {
  seg: 1,
  segunda: 1,
  segundas: 1,
  ter: 2,
  terca: 2,
  tercas: 2,
  qua: 3,
  quarta: 3,
  quartas: 3,
  qui: 4,
  quinta: 4,
  quintas: 4,
  sex: 5,
  sexta: 5,
  sextas: 5,
  sab: 6,
  sabado: 6,
  sabados: 6,
  dom: 7,
  domingo: 7,
  domingos: 7,
};

/** One weekday word as 1..7: "segunda", "seg", "segunda-feira", "2ª"; "seg-sex" → a range. */
function weekdaysOf(word: string): number[] | null {
  const w = word.replace(/-?feiras?$/, '');
  const ordinal = /^([2-6])[ªa]$/.exec(w);
  if (ordinal) return [Number(ordinal[1]) - 1];
  if (w in DAY_NAMES) return [DAY_NAMES[w]!];
  const range = /^([a-z]+)-([a-z]+)$/.exec(w);
  if (range && range[1]! in DAY_NAMES && range[2]! in DAY_NAMES) {
    return dayRange(DAY_NAMES[range[1]!]!, DAY_NAMES[range[2]!]!);
  }
  return null;
}

/** Inclusive, wrapping past domingo: sexta a segunda = 5, 6, 7, 1. */
function dayRange(from: number, to: number): number[] {
  const days = [from];
  for (let d = from; d !== to;) {
    d = (d % 7) + 1;
    days.push(d);
  }
  return days;
}

function dayItem(c: Cursor, i: number): { days: number[]; next: number } | null {
  const days = weekdaysOf(c.norm(i));
  if (!days) return null;
  let next = i + 1;
  if (c.norm(next) === 'feira' || c.norm(next) === 'feiras') next++;
  return { days, next };
}

/** "segunda", "seg, qua e sex", "de segunda a sexta", "seg-sex", "segunda e toda quarta". */
function matchDayList(c: Cursor, i: number): Match {
  let k = c.norm(i) === 'de' ? i + 1 : i;
  const first = dayItem(c, k);
  if (!first) return null;
  const days = [...first.days];
  k = first.next;
  for (;;) {
    const word = c.norm(k);
    if (word === 'a' || word === 'ate' || word === '-') {
      const to = dayItem(c, k + 1);
      if (to && to.days.length === 1) {
        days.push(...dayRange(days[days.length - 1]!, to.days[0]!));
        k = to.next;
        continue;
      }
    }
    let s = k;
    while (c.norm(s) === ',' || c.norm(s) === 'e') s++;
    if (s > k) {
      if (EVERY.has(c.norm(s))) s++;
      if (ARTICLES.has(c.norm(s))) s++;
      const more = dayItem(c, s);
      if (more) {
        days.push(...more.days);
        k = more.next;
        continue;
      }
    }
    break;
  }
  return { clause: { type: 'weekdays', days }, next: k };
}

/** Optional "de cada mês", "do mês", "de todo mês", "todo mês", "de todos os meses". */
function monthTail(c: Cursor, i: number): number {
  const tails = [
    ['de', 'todos', 'os', 'meses'],
    ['de', 'cada', 'mes'],
    ['de', 'todo', 'mes'],
    ['a', 'cada', 'mes'],
    ['do', 'mes'],
    ['todo', 'mes'],
    ['por', 'mes'],
    ['mensal'],
    ['mensalmente'],
  ];
  for (const tail of tails) {
    if (tail.every((word, n) => c.norm(i + n) === word)) return i + tail.length;
  }
  return i;
}

/** A day of the month: `5`, `5º`, `1o`, `primeiro`; `{ error }` for `0`, `32`. */
function monthDay(c: Cursor, i: number): number | { error: string } | null {
  const word = c.norm(i);
  if (word === 'primeiro') return 1;
  const m = /^(\d{1,3})[º°oª]?$/.exec(word);
  if (!m) return null;
  const day = Number(m[1]);
  if (day < 1 || day > 31) return { error: MSG.badMonthDay(c.raw(i)) };
  return day;
}

function matchPeriod(c: Cursor, i: number, afterEvery: boolean): Match {
  const word = c.norm(i);
  if (word === 'dia' || word === 'dias') {
    if (WORKING.has(c.norm(i + 1))) {
      return { clause: { type: 'weekdays', days: [1, 2, 3, 4, 5] }, next: i + 2 };
    }
    const day = monthDay(c, i + 1);
    if (typeof day === 'object' && day !== null) return day;
    if (day !== null) return { clause: { type: 'month-day', day }, next: monthTail(c, i + 2) };
    return afterEvery ? { clause: { type: 'daily' }, next: i + 1 } : null;
  }
  if (afterEvery && (word === 'mes' || word === 'meses')) {
    return { clause: { type: 'monthly-marker' }, next: i + 1 };
  }
  if (afterEvery && (word === 'semana' || word === 'semanas')) {
    return { clause: { type: 'weekly-marker' }, next: i + 1 };
  }
  if (word === 'ultimo' && c.norm(i + 1) === 'dia') {
    return { clause: { type: 'month-day', day: 'last' }, next: monthTail(c, i + 2) };
  }
  if (['fim', 'fins', 'final', 'finais'].includes(word)) {
    if (c.norm(i + 1) === 'de' && c.norm(i + 2) === 'semana') {
      return { clause: { type: 'weekdays', days: [6, 7] }, next: i + 3 };
    }
    const end = monthTail(c, i + 1);
    if (end > i + 1) return { clause: { type: 'month-day', day: 'last' }, next: end };
    return null;
  }
  return matchDayList(c, i);
}

function matchWhen(c: Cursor, i: number): Match {
  const word = c.norm(i);
  if (word === 'diariamente') return { clause: { type: 'daily' }, next: i + 1 };
  if (word === 'semanal' || word === 'semanalmente') {
    return { clause: { type: 'weekly-marker' }, next: i + 1 };
  }
  if (word === 'mensal' || word === 'mensalmente') {
    return { clause: { type: 'monthly-marker' }, next: i + 1 };
  }
  if (EVERY.has(word)) {
    const k = ARTICLES.has(c.norm(i + 1)) ? i + 2 : i + 1;
    return matchPeriod(c, k, true);
  }
  return matchPeriod(c, i, false);
}

// --- time --------------------------------------------------------------------------------

const TIME_PREFIXES = new Set(['as', 'a', 'ao', 'pelas', 'das']);
const HOUR_WORDS = new Set(['h', 'hs', 'hr', 'hrs', 'hora', 'horas']);

function matchTime(c: Cursor, i: number): Match {
  let k = i;
  const hasPrefix = TIME_PREFIXES.has(c.norm(k));
  if (hasPrefix) k++;
  const first = k;
  const word = c.norm(k);
  let hour: number;
  let minute = 0;
  let m: RegExpExecArray | null;
  if (word === 'meio-dia' || (word === 'meio' && c.norm(k + 1) === 'dia')) {
    hour = 12;
    k += word === 'meio' ? 2 : 1;
  } else if (word === 'meia-noite' || (word === 'meia' && c.norm(k + 1) === 'noite')) {
    hour = 0;
    k += word === 'meia' ? 2 : 1;
  } else if ((m = /^(\d{1,2})(?:h|:)(\d{2})(?:h|hs|min)?$/.exec(word))) {
    hour = Number(m[1]);
    minute = Number(m[2]);
    k++;
  } else if ((m = /^(\d{1,2})(?:h|hs|hrs?)$/.exec(word))) {
    hour = Number(m[1]);
    k++;
  } else if ((m = /^(\d{1,2})$/.exec(word)) && (hasPrefix || HOUR_WORDS.has(c.norm(k + 1)))) {
    hour = Number(m[1]);
    k++;
    if (HOUR_WORDS.has(c.norm(k))) k++;
  } else if (/^\d+(?:h|:)\d*(?:h|hs|min)?$/.test(word) || /^\d+(?:hs?|hrs?)$/.test(word)) {
    // Shaped like a time, but not one: "8h5", "123h", "8:5".
    return { error: MSG.badTime(c.raw(k)) };
  } else {
    return null;
  }
  if ((c.norm(k) === 'da' || c.norm(k) === 'de') && c.norm(k + 1) !== '') {
    const part = c.norm(k + 1);
    if (part === 'manha' || part === 'madrugada') {
      k += 2;
    } else if (part === 'tarde' || part === 'noite') {
      if (hour >= 1 && hour < 12) hour += 12;
      else if (hour === 12 && part === 'noite') hour = 0;
      k += 2;
    }
  }
  const raw = c.tokens
    .slice(first, k)
    .map((t) => t.raw)
    .join(' ');
  if (hour > 23 || minute > 59) return { error: MSG.badTime(raw) };
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return { clause: { type: 'time', time, raw }, next: k };
}

// --- where -------------------------------------------------------------------------------

const EACH_WHO = new Set([
  'responsavel',
  'responsaveis',
  'vendedor',
  'vendedora',
  'vendedores',
  'vendedoras',
]);

function matchDestination(c: Cursor, i: number): Match {
  const raw = c.raw(i);
  const word = c.norm(i);
  const dest = (destination: QuickFormDestination, next: number): Match => ({
    clause: {
      type: 'destination',
      destination,
      raw: c.tokens
        .slice(i, next)
        .map((t) => t.raw)
        .join(' '),
    },
    next,
  });
  // What Slack sends for a channel picked from the autocomplete ("Escape channels" on).
  const mention = /^<#([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(raw);
  if (mention) {
    const channelName = mention[2]?.trim();
    return dest(
      channelName
        ? { kind: 'channel', channelId: mention[1]!, channelName }
        : { kind: 'channel', channelId: mention[1]! },
      i + 1,
    );
  }
  if (/^<@[A-Z0-9]+(\|[^>]*)?>$/i.test(raw)) return { error: MSG.userMention };
  if (raw.startsWith('#')) {
    const name = raw.slice(1).replace(/[.,;:!?]+$/, '');
    if (!/^[\p{L}\p{N}_-]{1,80}$/u.test(name)) return { error: MSG.badChannel(raw) };
    return dest({ kind: 'channel', channelName: name }, i + 1);
  }
  if (['dm', 'privado', 'privada', 'pv', 'mim'].includes(word)) return dest({ kind: 'dm' }, i + 1);
  if (word === 'mensagem' && ['direta', 'privada'].includes(c.norm(i + 1))) {
    return dest({ kind: 'dm' }, i + 2);
  }
  if (word === 'cada' && EACH_WHO.has(c.norm(i + 1))) {
    return dest({ kind: 'each_salesperson' }, i + 2);
  }
  if (
    (word === 'todos' || word === 'todas') &&
    ARTICLES.has(c.norm(i + 1)) &&
    EACH_WHO.has(c.norm(i + 2))
  ) {
    return dest({ kind: 'each_salesperson' }, i + 3);
  }
  return null;
}

// --- format and options ------------------------------------------------------------------

const FORMAT_WORDS: Record<string, 'table' | 'pdf' | 'csv' | 'xlsx' | 'chart'> = {
  grafico: 'chart',
  graficos: 'chart',
  png: 'chart',
  tabela: 'table',
  tabelas: 'table',
  pdf: 'pdf',
  csv: 'csv',
  xlsx: 'xlsx',
  xls: 'xlsx',
  excel: 'xlsx',
  planilha: 'xlsx',
};

/** File types people may ask for that the reports do not come in. */
const UNSUPPORTED_FORMATS = new Set([
  'docx',
  'doc',
  'odt',
  'ods',
  'pptx',
  'ppt',
  'jpg',
  'jpeg',
  'gif',
  'json',
  'txt',
  'html',
  'htm',
  'xml',
  'zip',
]);

function matchFormat(c: Cursor, i: number): Match {
  const word = c.norm(i);
  const format = FORMAT_WORDS[word];
  if (format) return { clause: { type: 'format', format, raw: c.raw(i) }, next: i + 1 };
  if (UNSUPPORTED_FORMATS.has(word.replace(/^\./, ''))) return { error: MSG.badFormat(c.raw(i)) };
  return null;
}

const EMPTY_WORDS = new Set(['vazio', 'vazia', 'vazios', 'vazias']);
const SKIP_STARTS = new Set(['nao', 'pular', 'pula', 'pule', 'ignorar', 'omitir']);
const SKIP_MIDDLE = new Set([
  'enviar',
  'envia',
  'envie',
  'mandar',
  'manda',
  'postar',
  'publicar',
  'se',
  'quando',
  'caso',
  'estiver',
  'esteja',
  'for',
  'vier',
  'ficar',
  'o',
  'a',
  'relatorio',
  'resultado',
  'visao',
  'lista',
]);
const ONLY_STARTS = new Set(['so', 'somente', 'apenas']);
const ONLY_MIDDLE = new Set([
  'se',
  'quando',
  'com',
  'tiver',
  'houver',
  'tem',
  'tiverem',
  'houverem',
]);
const DATA_WORDS = new Set(['dados', 'resultado', 'resultados', 'linhas', 'projetos', 'algo']);

/** "não enviar se vazio", "pular se vazio", "se vazio, não enviar", "só se tiver dados". */
function matchSkipEmpty(c: Cursor, i: number): Match {
  const word = c.norm(i);
  const ok = (next: number): Match => ({ clause: { type: 'skip-empty' }, next });
  if (SKIP_STARTS.has(word)) {
    for (let k = i + 1; k <= i + 6; k++) {
      if (EMPTY_WORDS.has(c.norm(k))) return ok(k + 1);
      if (!SKIP_MIDDLE.has(c.norm(k))) return null;
    }
    return null;
  }
  if (word === 'se' && EMPTY_WORDS.has(c.norm(i + 1))) {
    let k = i + 2;
    if (c.norm(k) === ',') k++;
    if (c.norm(k) === 'nao' && ['enviar', 'mandar', 'postar'].includes(c.norm(k + 1)))
      return ok(k + 2);
    if (['pular', 'pula', 'pule', 'ignorar'].includes(c.norm(k))) return ok(k + 1);
    return null;
  }
  if (ONLY_STARTS.has(word)) {
    for (let k = i + 1; k <= i + 4; k++) {
      if (DATA_WORDS.has(c.norm(k)) && k > i + 1) return ok(k + 1);
      if (!ONLY_MIDDLE.has(c.norm(k))) return null;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Parsing a run of clauses

const MATCHERS = [matchSkipEmpty, matchDestination, matchFormat, matchTime, matchWhen];

type Attempt =
  | { ok: true; start: number; clauses: Clause[] }
  | { ok: false; start: number; at: number; message: string; hard: boolean; clauses: Clause[] };

/** Reads tokens[start..] as clauses and connecting words, up to the end or the first stranger. */
function parseClauses(c: Cursor, start: number): Attempt {
  const clauses: Clause[] = [];
  let i = start;
  next: while (i < c.tokens.length) {
    for (const matcher of MATCHERS) {
      const m = matcher(c, i);
      if (m === null) continue;
      if ('error' in m) return { ok: false, start, at: i, message: m.error, hard: true, clauses };
      clauses.push(m.clause);
      i = m.next;
      continue next;
    }
    if (FILLERS.has(c.norm(i))) {
      i++;
      continue;
    }
    const message =
      c.norm(i - 1) === 'canal' && /^[\p{L}\p{N}_-]+$/u.test(c.raw(i))
        ? MSG.channelWithoutHash(c.raw(i))
        : MSG.unknown(c.raw(i));
    return { ok: false, start, at: i, message, hard: false, clauses };
  }
  return { ok: true, start, clauses };
}

/**
 * Picks where the view name ends: the earliest start from which everything parses and says
 * when. `hardBefore` is a definite mistake (25h, docx) met when starting earlier: reported
 * instead if the chosen reading turns out incomplete, as it was surely meant for the form.
 */
function chooseAttempt(c: Cursor): { attempt: Attempt; hardBefore?: Attempt } {
  const attempts: Attempt[] = [];
  for (let i = 1; i < c.tokens.length; i++) attempts.push(parseClauses(c, i));
  const complete = attempts.find((a) => a.ok && a.clauses.some(isWhen));
  if (complete) {
    const hardBefore = attempts.find((a) => !a.ok && a.hard && a.start < complete.start);
    return { attempt: complete, hardBefore };
  }
  let furthest: Attempt | undefined;
  for (const a of attempts) {
    if (a.ok || !a.clauses.some(isWhen)) continue;
    if (!furthest || (!furthest.ok && a.at > furthest.at)) furthest = a;
  }
  const chosen =
    furthest ??
    attempts.find((a) => !a.ok && a.hard) ??
    attempts.find((a) => a.ok && a.clauses.length > 0);
  if (!chosen) fail(MSG.noSchedule);
  return { attempt: chosen };
}

// ---------------------------------------------------------------------------------------
// From clauses to the form

function buildSchedule(clauses: Clause[]): ScheduleRule {
  const whens = clauses.filter(isWhen);
  const times = [
    ...new Map(
      clauses.flatMap((c) => (c.type === 'time' ? [[c.time, c.raw] as const] : [])),
    ).entries(),
  ];
  if (whens.length === 0) fail(times.length > 0 ? MSG.noDay : MSG.noSchedule);

  let daily = false;
  const weekdays = new Set<number>();
  const monthDays = new Set<number | 'last'>();
  let weeklyMarker = false;
  let monthlyMarker = false;
  for (const w of whens) {
    if (w.type === 'daily') daily = true;
    else if (w.type === 'weekdays') w.days.forEach((d) => weekdays.add(d));
    else if (w.type === 'month-day') monthDays.add(w.day);
    else if (w.type === 'weekly-marker') weeklyMarker = true;
    else if (w.type === 'monthly-marker') monthlyMarker = true;
  }
  const weekly = weekdays.size > 0 || weeklyMarker;
  const monthly = monthDays.size > 0 || monthlyMarker;
  if (Number(daily) + Number(weekly) + Number(monthly) > 1) fail(MSG.twoFrequencies);
  if (weeklyMarker && weekdays.size === 0) fail(MSG.weeklyWithoutDay);
  if (monthlyMarker && monthDays.size === 0) fail(MSG.monthlyWithoutDay);
  if (monthDays.size > 1) fail(MSG.twoMonthDays);

  if (times.length === 0) fail(MSG.noTime(describeWhen(whens[0]!)));
  if (times.length > 1) fail(MSG.twoTimes(times.map(([, raw]) => raw)));
  const time = times[0]![0];

  if (monthly) return { kind: 'monthly', day: [...monthDays][0]!, time };
  if (weekly) {
    const days = [...weekdays].sort((a, b) => a - b);
    return days.length === 7 ? { kind: 'daily', time } : { kind: 'weekly', weekdays: days, time };
  }
  return { kind: 'daily', time };
}

/** A short echo of what the user said for "when", for messages. */
function describeWhen(w: Clause): string {
  const names = ['', 'segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado', 'domingo'];
  switch (w.type) {
    case 'daily':
      return 'todo dia';
    case 'weekdays':
      return w.days.join(',') === '1,2,3,4,5' ? 'dias úteis' : joinPt(w.days.map((d) => names[d]!));
    case 'month-day':
      return w.day === 'last' ? 'último dia do mês' : `dia ${w.day}`;
    default:
      return 'quando';
  }
}

function buildDestination(clauses: Clause[]): QuickFormDestination | null {
  const found = new Map<string, { destination: QuickFormDestination; raw: string }>();
  for (const c of clauses) {
    if (c.type !== 'destination') continue;
    const d = c.destination;
    const key = d.kind === 'channel' ? `channel:${d.channelId ?? `#${d.channelName}`}` : d.kind;
    if (!found.has(key)) found.set(key, { destination: d, raw: c.raw });
  }
  if (found.size > 1) fail(MSG.twoDestinations([...found.values()].map((f) => f.raw)));
  return [...found.values()][0]?.destination ?? null;
}

function buildFormat(clauses: Clause[]): QuickFormFormat | null {
  let table = false;
  const files = new Map<string, string>();
  for (const c of clauses) {
    if (c.type !== 'format') continue;
    if (c.format === 'table') table = true;
    else if (!files.has(c.format)) files.set(c.format, c.raw);
  }
  if (files.size > 1) fail(MSG.twoFiles([...files.values()]));
  const file = [...files.keys()][0] as 'pdf' | 'csv' | 'xlsx' | 'chart' | undefined;
  if (file) return table ? `table+${file}` : file;
  return table ? 'table' : null;
}

/** Slack escapes what people type: `&amp;`, `&lt;`, `&gt;`. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function cleanViewName(text: string): string {
  return unescapeSlack(text)
    .replace(/\s+/g, ' ')
    .replace(/[\s,;:\-–—]+$/, '')
    .trim();
}

const QUOTES: Record<string, string> = {
  '"': '"”',
  '“': '”"',
  '”': '”"',
  "'": "'’",
  '‘': "’'",
  '«': '»',
};

/**
 * Reads the quick form (the text after `/carteira assinar`).
 *
 * @example
 * parseQuickForm('Sem contratos no mês toda segunda 8h <#C123ABC|vendas> pdf')
 * // → { viewName: 'Sem contratos no mês',
 * //     schedule: { kind: 'weekly', weekdays: [1], time: '08:00' },
 * //     destination: { kind: 'channel', channelId: 'C123ABC', channelName: 'vendas' },
 * //     format: 'pdf', skipEmpty: false }
 */
export function parseQuickForm(text: string): QuickForm {
  const input = text.trim();
  if (input === '') fail(MSG.empty);

  let viewName: string;
  let attempt: Attempt;
  let hardBefore: Attempt | undefined;
  const closers = QUOTES[input[0]!];
  if (closers) {
    let end = -1;
    for (let k = 1; k < input.length; k++) {
      if (closers.includes(input[k]!)) {
        end = k;
        break;
      }
    }
    if (end < 0) fail(MSG.unclosedQuote);
    viewName = cleanViewName(input.slice(1, end));
    if (viewName === '') fail(MSG.noViewName);
    const cursor = new Cursor(tokenize(input.slice(end + 1), end + 1));
    if (cursor.tokens.length === 0) fail(MSG.noSchedule);
    attempt = parseClauses(cursor, 0);
  } else {
    const cursor = new Cursor(tokenize(input, 0));
    const whole = parseClauses(cursor, 0);
    if (whole.ok && whole.clauses.some(isWhen)) fail(MSG.noViewName);
    ({ attempt, hardBefore } = chooseAttempt(cursor));
    viewName = cleanViewName(input.slice(0, cursor.tokens[attempt.start]!.start));
    if (viewName === '') fail(MSG.noViewName);
  }
  if (!attempt.ok) fail(attempt.message);

  const { clauses } = attempt;
  try {
    return {
      viewName,
      schedule: buildSchedule(clauses),
      destination: buildDestination(clauses),
      format: buildFormat(clauses),
      skipEmpty: clauses.some((c) => c.type === 'skip-empty'),
    };
  } catch (e) {
    if (hardBefore && !hardBefore.ok) fail(hardBefore.message);
    throw e;
  }
}
