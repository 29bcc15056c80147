/**
 * A driver-level session for bulk work (import, seed, summary rebuild): plain SQL with
 * bound parameters plus a fast bulk load — `COPY … FROM STDIN` on Postgres (about ten
 * times faster than INSERTs at these volumes), batched multi-row INSERTs on PGlite.
 * Everyday queries go through Kysely instead.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './database.js';

export type BulkValue = string | number | boolean | Date | null | undefined;
export type BulkRow = readonly BulkValue[];
export type Rows = AsyncIterable<BulkRow> | Iterable<BulkRow>;
export type Batches = AsyncIterable<readonly BulkRow[]>;

async function* batched(rows: Rows): Batches {
  let batch: BulkRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export interface Session {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Runs a statement for its effect: the number of rows it inserted, updated or deleted. */
  execute(text: string, params?: unknown[]): Promise<number>;
  /** Loads rows (arrays in the order of `columns`) into `table`. */
  copy(table: string, columns: readonly string[], rows: Rows): Promise<number>;
  /**
   * The same, fed by batches of rows: at millions of rows, one async step per batch instead
   * of one per row (an async generator's yield costs a promise and a microtask each).
   */
  copyBatches(table: string, columns: readonly string[], batches: Batches): Promise<number>;
  /** Streams `COPY … TO STDOUT` (text format) as decoded chunks; Postgres only. */
  copyOut?(statement: string): AsyncIterable<string>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid identifier ${name}`);
  return name;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** Escapes one value for COPY's text format. */
export function copyText(v: BulkValue): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = typeof v === 'number' ? String(v) : v;
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** A session over one pg connection (pooled or not). */
export function pgClientSession(client: pg.ClientBase): Session {
  return {
    async query<R>(text: string, params?: unknown[]) {
      const r = await client.query(text, params);
      return r.rows as R[];
    },
    async execute(text: string, params?: unknown[]) {
      const r = await client.query(text, params);
      return r.rowCount ?? 0;
    },
    copy(table, columns, rows) {
      return this.copyBatches(table, columns, batched(rows));
    },
    async copyBatches(table, columns, batches) {
      let count = 0;
      async function* lines(): AsyncGenerator<string> {
        let buf = '';
        for await (const batch of batches) {
          for (const row of batch) buf += row.map(copyText).join('\t') + '\n';
          count += batch.length;
          if (buf.length > 1 << 16) {
            yield buf;
            buf = '';
          }
        }
        if (buf) yield buf;
      }
      const target = `${ident(table)} (${columns.map(ident).join(', ')})`;
      const stream = client.query(copyStreams.from(`COPY ${target} FROM STDIN`));
      await pipeline(Readable.from(lines()), stream);
      return count;
    },
    async *copyOut(statement) {
      const decoder = new TextDecoder();
      for await (const chunk of client.query(copyStreams.to(statement)) as AsyncIterable<Buffer>)
        yield decoder.decode(chunk, { stream: true });
      const tail = decoder.decode();
      if (tail) yield tail;
    },
  };
}

function pgliteSession(client: PGlite): Session {
  return {
    async query<R>(text: string, params?: unknown[]) {
      const r = await client.query(text, params);
      return r.rows as R[];
    },
    async execute(text: string, params?: unknown[]) {
      const r = await client.query(text, params);
      return r.affectedRows ?? 0;
    },
    copy(table, columns, rows) {
      return this.copyBatches(table, columns, batched(rows));
    },
    async copyBatches(table, columns, batches) {
      const target = `${ident(table)} (${columns.map(ident).join(', ')})`;
      const perBatch = Math.max(1, Math.floor(20_000 / columns.length));
      let values: unknown[] = [];
      let n = 0;
      let count = 0;
      const flush = async () => {
        if (n === 0) return;
        const tuples: string[] = [];
        for (let r = 0; r < n; r++) {
          const ps = columns.map((_, c) => `$${r * columns.length + c + 1}`);
          tuples.push(`(${ps.join(', ')})`);
        }
        await client.query(`INSERT INTO ${target} VALUES ${tuples.join(', ')}`, values);
        values = [];
        n = 0;
      };
      for await (const batch of batches) {
        for (const row of batch) {
          for (const v of row) values.push(v === undefined ? null : v);
          n++;
          count++;
          if (n >= perBatch) await flush();
        }
      }
      await flush();
      return count;
    },
  };
}

/** Runs `fn` with a session on one connection. */
export async function withSession<T>(
  database: Database,
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  if (database.pool) {
    const client = await database.pool.connect();
    try {
      return await fn(pgClientSession(client));
    } finally {
      client.release();
    }
  }
  if (!database.pglite) throw new Error('database has neither a pool nor a PGlite client');
  return fn(pgliteSession(database.pglite));
}

/** Runs `fn` in one transaction: everything or nothing. */
export async function inTransaction<T>(
  database: Database,
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  return withSession(database, async (s) => {
    await s.query('BEGIN');
    try {
      const out = await fn(s);
      await s.query('COMMIT');
      return out;
    } catch (e) {
      await s.query('ROLLBACK').catch(() => {});
      throw e;
    }
  });
}

/**
 * A session over a Kysely connection or transaction, for the plain-SQL helpers (such as
 * the summary refresh) inside an everyday Kysely transaction. Bulk loads are not offered:
 * they need the driver (`withSession`).
 */
export function kyselySession(db: Kysely<unknown>): Session {
  return {
    async query<R>(text: string, params?: unknown[]) {
      const r = await db.executeQuery<R>(CompiledQuery.raw(text, params ?? []));
      return r.rows as R[];
    },
    async execute(text: string, params?: unknown[]) {
      const r = await db.executeQuery(CompiledQuery.raw(text, params ?? []));
      return Number(r.numAffectedRows ?? 0n);
    },
    copy() {
      throw new Error('bulk load needs a driver session (withSession)');
    },
    copyBatches() {
      throw new Error('bulk load needs a driver session (withSession)');
    },
  };
}
