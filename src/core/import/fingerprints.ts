/**
 * Line fingerprints: what makes a daily export cheap to import. Every row the import writes
 * to one of the five large tables keeps `import_hash`, a 53-bit hash of the CSV line that
 * wrote it (with its file's header, so a column added or moved changes every hash). When
 * the next export has, for the same key, a line with the same hash, that line would change
 * nothing: it is counted as unchanged without being converted, validated or staged. On a
 * daily export where 1% of the projects changed, 99% of the file is only hashed.
 *
 * A line is still read in full when something outside it changed what it means (the caller
 * decides, see `import-folder.ts`): a store's timezone (local times), a project moving to
 * another store (its contracts' and orders' local times), a contract moving to another
 * project (its rooms' check, its orders' local times).
 *
 * The index holds, per key of the table, a 64-bit hash of the key, the line hash and the
 * first line of the file where the key was seen (~20 bytes a key in typed arrays, not the
 * keys themselves). Two keys of the table with the same 64-bit hash (odds around 1 in 10^12
 * for a million keys) would be taken for one; the cost would be a line read in full, or a
 * second key reported as repeated.
 *
 * Hand-written rather than a library: it is two multiply-xor lanes over UTF-16 code units,
 * sized for millions of keys without a JS object per key.
 */
import type { Session } from '../db/session.js';
import type { Kind } from './files.js';

/** The files whose rows carry a fingerprint, with their table. */
export const FINGERPRINTED: ReadonlyMap<Kind, string> = new Map<Kind, string>([
  ['clients', 'clients'],
  ['projects', 'projects'],
  ['contracts', 'contracts'],
  ['environments', 'environments'],
  ['orders', 'purchase_orders'],
]);

function finish(h: number, m1: number, m2: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, m1);
  h ^= h >>> 13;
  h = Math.imul(h, m2);
  h ^= h >>> 16;
  return h;
}

/** A 32-bit seed for a header: the canonical column names the file has, in its order. */
export function headerSeed(header: readonly string[]): number {
  let h = 0x3c6ef372;
  for (const name of header) {
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  }
  return finish(h, 0x85ebca6b, 0xc2b2ae35);
}

/** The 53-bit fingerprint (a safe integer, stored as bigint) of a record's fields as written. */
export function lineHash(seed: number, fields: readonly string[]): number {
  let a = seed ^ 0x6a09e667;
  let b = seed ^ 0x510e527f;
  for (const f of fields) {
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ 0x1e, 0x01000193);
    b = Math.imul(b ^ 0x1e, 0x5bd1e995);
  }
  a = finish(a, 0x85ebca6b, 0xc2b2ae35);
  b = finish(b, 0xcc9e2d51, 0x1b873593);
  return (a >>> 11) * 0x1_0000_0000 + (b >>> 0);
}

function keyLanes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [finish(a, 0x85ebca6b, 0xc2b2ae35), finish(b, 0xcc9e2d51, 0x1b873593)];
}

const WIDTH = 5; // key lane 1, key lane 2, hash high 21 bits, hash low 32 bits, first line (0: not seen)

/** The fingerprints a table holds, keyed by its `code`, for one pass over an export file. */
export class FingerprintIndex {
  private slots: Int32Array;
  private capacity: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.capacity = capacity;
    this.slots = new Int32Array(capacity * WIDTH);
  }

  /** Records the fingerprint the table holds for `key`. */
  set(key: string, hash: number): void {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const [k1, k2] = keyLanes(key);
    this.put(k1, k2, Math.floor(hash / 0x1_0000_0000), hash | 0);
  }

  private put(k1: number, k2: number, hi: number, lo: number): void {
    const s = this.slots;
    const mask = this.capacity - 1;
    for (let slot = k1 & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WIDTH;
      const empty = s[at + 2] === 0;
      if (empty || (s[at] === k1 && s[at + 1] === k2)) {
        if (empty) this.size++;
        s[at] = k1;
        s[at + 1] = k2;
        // hi | 1<<30 keeps a stored slot distinguishable from an empty one.
        s[at + 2] = hi | (1 << 30);
        s[at + 3] = lo;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(this.capacity * WIDTH);
    this.size = 0;
    for (let at = 0; at < old.length; at += WIDTH) {
      if (old[at + 2] === 0) continue;
      this.put(old[at]!, old[at + 1]!, old[at + 2]! & ~(1 << 30), old[at + 3]!);
    }
  }

  /** The slot of `key`, or -1 when the table has no fingerprint for it. */
  find(key: string): number {
    if (this.size === 0) return -1;
    const [k1, k2] = keyLanes(key);
    const s = this.slots;
    const mask = this.capacity - 1;
    for (let slot = k1 & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WIDTH;
      if (s[at + 2] === 0) return -1;
      if (s[at] === k1 && s[at + 1] === k2) return slot;
    }
  }

  /** True when the line hashes as the one that last wrote the row. */
  same(slot: number, hash: number): boolean {
    const at = slot * WIDTH;
    const hi = Math.floor(hash / 0x1_0000_0000) | (1 << 30);
    return this.slots[at + 2] === hi && this.slots[at + 3] === (hash | 0);
  }

  /** The file line where this key was first seen in this pass (0: not yet). */
  firstLine(slot: number): number {
    return this.slots[slot * WIDTH + 4]!;
  }

  see(slot: number, line: number): void {
    this.slots[slot * WIDTH + 4] = line;
  }
}

function unescapeCopy(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

/**
 * The fingerprints of `table`, or null when it has none yet (a first load) or the session
 * cannot stream them (PGlite: the embedded demo reads every line, as before).
 */
export async function loadFingerprints(
  s: Session,
  table: string,
): Promise<FingerprintIndex | null> {
  if (!s.copyOut) return null;
  const [row] = await s.query<{ n: number }>(
    `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = $1::regclass`,
    [table],
  );
  const [any] = await s.query<{ yes: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${table} WHERE import_hash IS NOT NULL) AS yes`,
  );
  if (!any?.yes) return null;
  const index = new FingerprintIndex(Math.max(1024, row?.n ?? 0));
  let rest = '';
  for await (const chunk of s.copyOut(
    `COPY (SELECT code, import_hash FROM ${table} WHERE import_hash IS NOT NULL) TO STDOUT`,
  )) {
    const text = rest + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const tab = text.lastIndexOf('\t', nl);
      index.set(unescapeCopy(text.slice(from, tab)), Number(text.slice(tab + 1, nl)));
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  return index;
}
