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

export class RowReader {
  errors: string[] = [];
  private fields: string[] = [];

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
    return this.check(parseEmail(v, column));
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
    return v === '' ? null : this.check(parseStage(v, column));
  }

  role(column: string): string | null {
    const v = this.required(column);
    return v === '' ? null : this.check(parseRole(v, column));
  }

  timezone(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : this.check(parseTimezone(v, column));
  }

  slackId(column: string): string | null {
    const v = this.raw(column);
    return v === '' ? null : this.check(parseSlackId(v, column));
  }

  private check<T>(v: T | Invalid): T | null {
    if (isInvalid(v)) {
      this.errors.push(v.reason);
      return null;
    }
    return v;
  }
}
