/**
 * Header matching: a column is found whatever its case, accents, spaces, underscores,
 * hyphens or dots (`Criado em` = `criado_em` = `CRIADO-EM`, `E-mail` = `email`).
 * Unknown columns are ignored; a few spelled-out names are accepted as aliases.
 */
import { fold } from './values.js';

export interface ColumnSpec {
  /** Canonical name, as docs/import-format.md writes it (`criado_em`). */
  name: string;
  required?: boolean;
  aliases?: readonly string[];
}

export function headerKey(name: string): string {
  return fold(name).replace(/[\s_.-]+/g, '');
}

export interface HeaderMap {
  /** Canonical column name → field index (absent columns are missing). */
  index: Map<string, number>;
  /** Required columns the header lacks (canonical names). */
  missing: string[];
  /** Canonical columns that appear more than once. */
  repeated: string[];
  width: number;
}

export function mapHeader(fields: readonly string[], columns: readonly ColumnSpec[]): HeaderMap {
  const byKey = new Map<string, string>();
  for (const c of columns) {
    byKey.set(headerKey(c.name), c.name);
    for (const a of c.aliases ?? []) byKey.set(headerKey(a), c.name);
  }
  const index = new Map<string, number>();
  const repeated: string[] = [];
  fields.forEach((f, i) => {
    const name = byKey.get(headerKey(f));
    if (name === undefined) return;
    if (index.has(name)) repeated.push(name);
    else index.set(name, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.name)).map((c) => c.name);
  return { index, missing, repeated, width: fields.length };
}
