/**
 * A streaming CSV reader for the ERP export: the file is read in 64 KB chunks and parsed
 * into records as it arrives, so a 300 MB export never sits in memory as one string.
 * (Small chunks matter: a chunk's records die young, which keeps garbage collection
 * cheap — 1 MB chunks made the whole parse about twice as slow.)
 *
 * - UTF-8 only (a BOM is dropped); the first invalid byte stops the file with
 *   `encodingErrorLine` set, so the caller can report it once.
 * - The delimiter (`;` or `,`) is the one that occurs more often in the header line,
 *   outside quotes (`;` on a tie: it is what Excel writes in pt-BR).
 * - Quoted fields may hold delimiters, line breaks and doubled quotes (`""`).
 * - `line` is the physical line where a record starts (header = 1); line breaks inside
 *   quoted fields are counted, so later line numbers match what an editor shows.
 */
import { createReadStream } from 'node:fs';

export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record could not be parsed as written (unterminated quote). */
  error?: string;
}

/** A record longer than this is taken as a broken export (a quote never closed). */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export class CsvFatalError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLf(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function splitLine(buf: string, start: number, end: number, delim: string): string[] {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    const d = buf.indexOf(delim, i);
    if (d === -1 || d >= end) {
      fields.push(buf.slice(i, end));
      return fields;
    }
    fields.push(buf.slice(i, d));
    i = d + 1;
  }
}

export class CsvParser {
  delimiter: string | null = null;
  private buf = '';
  private pos = 0;
  /** Index of the next `"` at or after `pos`; -1: none in `buf`; -2: not searched yet. */
  private quoteAt = -2;
  private line = 1;
  private started = false;

  /** Feeds decoded text; complete records are appended to `out`. */
  push(text: string, out: CsvRecord[]): void {
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.quoteAt = -2;
    this.parse(out, false);
    if (this.buf.length - this.pos > MAX_RECORD_CHARS) {
      throw new CsvFatalError(
        this.line,
        'registro grande demais: provavelmente há aspas sem fechamento (confira as aspas a partir desta linha)',
      );
    }
  }

  /** Ends the input: the last record may lack a line break. */
  finish(out: CsvRecord[]): void {
    this.parse(out, true);
    this.buf = '';
    this.pos = 0;
  }

  /** The line number at offset `index` of text not yet pushed (for error messages). */
  lineAt(text: string, index: number): number {
    return this.line + countLf(this.buf, this.pos, this.buf.length) + countLf(text, 0, index);
  }

  private detectDelimiter(final: boolean): boolean {
    const buf = this.buf;
    let inQuotes = false;
    let semicolons = 0;
    let commas = 0;
    let complete = false;
    for (let i = this.pos; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (!inQuotes) {
        if (c === LF) {
          complete = true;
          break;
        }
        if (c === 59) semicolons++;
        else if (c === 44) commas++;
      }
    }
    if (!complete && !final) return false;
    this.delimiter = semicolons >= commas && semicolons > 0 ? ';' : commas > 0 ? ',' : ';';
    return true;
  }

  private parse(out: CsvRecord[], final: boolean): void {
    if (this.delimiter === null && !this.detectDelimiter(final)) return;
    const delim = this.delimiter as string;
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    let quoteAt = this.quoteAt;
    while (pos < len) {
      let nl = buf.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) break;
        nl = len;
      }
      if (quoteAt !== -1 && quoteAt < pos) quoteAt = buf.indexOf('"', pos);
      if (quoteAt === -1 || quoteAt > nl) {
        // Fast path: no quote in this line.
        let end = nl;
        if (end > pos && buf.charCodeAt(end - 1) === CR) end--;
        const line = this.line++;
        if (end > pos) out.push({ line, fields: splitLine(buf, pos, end, delim) });
        pos = nl + 1;
        continue;
      }
      const next = this.parseQuoted(buf, pos, delim, final, out);
      if (next === -1) break;
      pos = next;
    }
    this.pos = pos;
    this.quoteAt = quoteAt;
  }

  /** Parses one record that contains quotes; returns where the next one starts, or -1 for "need more text". */
  private parseQuoted(
    buf: string,
    start: number,
    delim: string,
    final: boolean,
    out: CsvRecord[],
  ): number {
    const len = buf.length;
    const d = delim.charCodeAt(0);
    const fields: string[] = [];
    let newlines = 0;
    let error: string | undefined;
    let i = start;
    for (;;) {
      if (buf.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const k = buf.indexOf('"', j);
          if (k === -1) {
            if (!final) return -1;
            value += buf.slice(j);
            newlines += countLf(buf, j, len);
            error = 'aspas sem fechamento: o campo entre aspas vai até o fim do arquivo';
            i = len;
            break;
          }
          value += buf.slice(j, k);
          newlines += countLf(buf, j, k);
          if (k + 1 < len && buf.charCodeAt(k + 1) === QUOTE) {
            value += '"';
            j = k + 2;
            continue;
          }
          if (k + 1 >= len && !final) return -1;
          i = k + 1;
          break;
        }
        // Text after the closing quote (`"ab"c`) is kept, as spreadsheets do.
        let e = i;
        while (e < len) {
          const c = buf.charCodeAt(e);
          if (c === d || c === LF) break;
          e++;
        }
        if (e === len && !final) return -1;
        let tail = e;
        if (tail > i && buf.charCodeAt(tail - 1) === CR) tail--;
        if (tail > i) value += buf.slice(i, tail);
        i = e;
        // A Windows export's line breaks inside a quoted field become plain \n.
        fields.push(value.includes('\r\n') ? value.replace(/\r\n/g, '\n') : value);
      } else {
        let e = i;
        while (e < len) {
          const c = buf.charCodeAt(e);
          if (c === d || c === LF) break;
          e++;
        }
        if (e === len && !final) return -1;
        let end = e;
        if (end > i && buf.charCodeAt(end - 1) === CR && (e === len || buf.charCodeAt(e) === LF))
          end--;
        fields.push(buf.slice(i, end));
        i = e;
      }
      if (i >= len) break;
      if (buf.charCodeAt(i) === d) {
        i++;
        if (i >= len) {
          if (!final) return -1;
          fields.push('');
          break;
        }
        continue;
      }
      i++; // the line feed ending the record
      break;
    }
    const record: CsvRecord = { line: this.line, fields };
    if (error) record.error = error;
    out.push(record);
    this.line += 1 + newlines;
    return i;
  }
}

export interface CsvReadState {
  /** Set when the file is not valid UTF-8: the line where the first bad byte is. */
  encodingErrorLine?: number;
  delimiter?: string;
  /** Bytes read so far (for progress). */
  bytesRead?: number;
}

/**
 * Yields the records of a CSV file in batches (one per chunk read), header first.
 * Throws `CsvFatalError` when the file cannot be split into records.
 */
export async function* readCsvFile(path: string, state: CsvReadState): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser();
  let decoder = new TextDecoder('utf-8', { fatal: true });
  let strict = true;
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    state.bytesRead = (state.bytesRead ?? 0) + chunk.length;
    let text: string;
    if (strict) {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        strict = false;
        decoder = new TextDecoder('utf-8');
        text = decoder.decode(chunk, { stream: true });
        state.encodingErrorLine = parser.lineAt(text, Math.max(0, text.indexOf('\ufffd')));
      }
    } else {
      text = decoder.decode(chunk, { stream: true });
    }
    const out: CsvRecord[] = [];
    parser.push(text, out);
    if (parser.delimiter) state.delimiter = parser.delimiter;
    if (out.length > 0) yield out;
  }
  const out: CsvRecord[] = [];
  const rest = decoder.decode();
  if (rest) parser.push(rest, out);
  parser.finish(out);
  if (parser.delimiter) state.delimiter = parser.delimiter;
  if (out.length > 0) yield out;
}
