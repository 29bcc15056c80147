/**
 * Collects the problems of an import. A skipped row also records its key, so a row
 * that references it can say "cliente C-9 foi ignorado (clientes.csv, linha 7)" rather
 * than "não encontrado".
 */
import type { ImportIssue } from './types.js';
import type { Kind } from './files.js';

/** Issues kept in the report; past this only a count is kept (a broken export can have millions). */
const MAX_LISTED = 100_000;

export class IssueLog {
  private readonly listed: ImportIssue[] = [];
  private unlisted = new Map<string, number>();
  private readonly skippedRows = new Map<string, number>();
  private readonly skippedKeys = new Map<Kind, Map<string, number>>();

  /** A problem that concerns the whole file (missing column, encoding). */
  fileIssue(file: string, line: number, reason: string): void {
    this.push({ file, line, reason });
  }

  /** A row that is not imported; `key` is its codigo/email when it could be read. */
  skip(kind: Kind, file: string, line: number, key: string | null, reason: string): void {
    this.push({ file, line, reason });
    this.skippedRows.set(file, (this.skippedRows.get(file) ?? 0) + 1);
    if (key !== null && key !== '') {
      let keys = this.skippedKeys.get(kind);
      if (!keys) this.skippedKeys.set(kind, (keys = new Map()));
      if (!keys.has(key)) keys.set(key, line);
    }
  }

  /** Counts rows of a file skipped as a whole (file-level problem), without listing each. */
  skipMany(file: string, rows: number): void {
    this.skippedRows.set(file, (this.skippedRows.get(file) ?? 0) + rows);
  }

  /** Line of the skipped row that had this key, if any. */
  skippedLine(kind: Kind, key: string): number | undefined {
    return this.skippedKeys.get(kind)?.get(key);
  }

  skippedIn(file: string): number {
    return this.skippedRows.get(file) ?? 0;
  }

  get count(): number {
    let n = this.listed.length;
    for (const v of this.unlisted.values()) n += v;
    return n;
  }

  /** The issues in file order, then line order; overflow summarized per file. */
  sorted(fileOrder: readonly string[]): ImportIssue[] {
    const rank = (f: string) => {
      const i = fileOrder.indexOf(f);
      return i === -1 ? fileOrder.length : i;
    };
    const out = [...this.listed].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line);
    for (const [file, n] of this.unlisted) {
      out.push({ file, line: 0, reason: `mais ${n} problemas neste arquivo não listados` });
    }
    return out;
  }

  private push(issue: ImportIssue): void {
    if (this.listed.length < MAX_LISTED) this.listed.push(issue);
    else this.unlisted.set(issue.file, (this.unlisted.get(issue.file) ?? 0) + 1);
  }
}
