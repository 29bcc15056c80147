/**
 * Reads the fields of one CSV record by column name, parsing and validating as it goes.
 * Problems accumulate in `errors` (Portuguese), so a row lists everything wrong with it
 * at once. One instance per file is reused for every record.
 */
import {
  isInvalid,
  type Invalid,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseEmail,
  parseMoney,
  parseRole,
  parseSlackId,
  parseStage,
  parseTimezone,
  type DateTimeValue,
} from './values.js';

/** Keys longer than this are refused (a shifted column, not a real code). */
const MAX_KEY_LENGTH = 100;
/** Distinct values remembered per column for low-cardinality parses (e-mails of salespeople, stages). */
const MEMO_SIZE = 10_000;

export class RowReader {
  errors: string[] = [];
  private fields: string[] = [];
  private readonly memos = new Map<string, Map<string, unknown>>();

  constructor(private readonly index: ReadonlyMap<string, number>) {}

  reset(fields: string[]): void {
    this.fields = fields;
    if (this.errors.length > 0) this.errors = [];
  }

  /** True when the header has this column. */
  has(column: string): boolean {
    return this.index.has(column);
  }

  /** The trimmed text of a column ('' when blank or absent). */
  raw(column: string): string {
    const i = this.index.get(column);
    if (i === undefined) return '';
    const v = this.fields[i];
    if (v === undefined || v === '') return '';
    if (v.includes('\u0000')) {
      this.errors.push(`caractere nulo em ${column} (o arquivo parece corrompido)`);
      return '';
    }
    return v.trim();
  }

  /** A required text. */
  required(column: string): string {
    const v = this.raw(column);
    if (v === '') this.errors.push(`${column} vazio (obrigatório)`);
    return v;
  }

  /** A required key (codigo or a reference to one). */
  key(column: string): string {
    const v = this.required(column);
    if (v.length > MAX_KEY_LENGTH) {
      this.errors.push(`${column} longo demais (${v.length} caracteres; máximo ${MAX_KEY_LENGTH})`);
    }
    return v;
  }

  /** An optional key reference: null when blank. */
  optionalKey(column: string): string | null {
    const v = this.raw(column);
    if (v === '') return null;
    if (v.length > MAX_KEY_LENGTH) {
      this.errors.push(`${column} longo demais (${v.length} caracteres; máximo ${MAX_KEY_LENGTH})`);
    }
    return v;
  }

  text(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : v;
  }

  /** Optional contact e-mail: lower-cased, kept as written (a client's bad e-mail must not drop the client). */
  contactEmail(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : v.toLowerCase();
  }

  email(column: string, required: boolean): string | null {
    const v = required ? this.required(column) : this.raw(column);
    if (v === '') return null;
    return this.check(this.memo(column, v, parseEmail));
  }

  money(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : this.check(parseMoney(v, column));
  }

  /** null when the column is absent (left unchanged); blank = false. */
  bool(column: string): boolean | null {
    if (!this.index.has(column)) return null;
    return this.check(parseBoolean(this.raw(column), column));
  }

  date(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : this.check(parseDate(v, column));
  }

  dateTime(column: string, required: boolean): DateTimeValue | null {
    const v = required ? this.required(column) : this.raw(column);
    return v === '' ? null : this.check(parseDateTime(v, column));
  }

  stage(column: string): number | null {
    const v = this.required(column);
    return v === '' ? null : this.check(this.memo(column, v, parseStage));
  }

  role(column: string): string | null {
    const v = this.required(column);
    return v === '' ? null : this.check(this.memo(column, v, parseRole));
  }

  timezone(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : this.check(this.memo(column, v, parseTimezone));
  }

  slackId(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : this.check(parseSlackId(v, column));
  }

  /** `parse(raw, column)`, remembered for the values a column repeats. */
  private memo<T>(column: string, raw: string, parse: (raw: string, column: string) => T): T {
    let m = this.memos.get(column);
    if (!m) this.memos.set(column, (m = new Map()));
    if (m.has(raw)) return m.get(raw) as T;
    const v = parse(raw, column);
    if (m.size < MEMO_SIZE) m.set(raw, v);
    return v;
  }

  private check<T>(v: T | Invalid): T | null {
    if (isInvalid(v)) {
      this.errors.push(v.reason);
      return null;
    }
    return v;
  }
}
