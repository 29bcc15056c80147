/**
 * Where the export's files are staged, and when. Staging is Node's work (parse, validate,
 * COPY) and applying is PostgreSQL's (joins, inserts, indexes): done one after the other, one
 * core waits while the other works. On a first load into PostgreSQL the files are staged on a
 * second connection while the import's transaction applies those already staged — parents
 * first, so rooms are parsed while projects are inserted. At 1M projects that hides most of
 * the ~23 s of parsing behind the writes.
 *
 * The second connection stages into UNLOGGED tables of a schema of its own
 * (`carteira_imp_<random>`, on the transaction's search_path), committed as each file is
 * loaded, and dropped after the import; one left by a crash is dropped by the next import.
 * Staging and applying never wait on each other's locks: only on a first load (the five large
 * tables empty), when staging reads no table of the data — no fingerprints to load, no moved
 * rows to detect — and so never meets the exclusive locks a large write takes. Otherwise, on
 * PGlite, or when the schema cannot be created (no CREATE privilege on the database), files
 * are staged in the transaction's TEMP tables before anything is applied, as before.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../db/database.js';
import { pgClientSession, type Session } from '../db/session.js';
import type { FileSpec, Kind } from './files.js';
import { FINGERPRINTED } from './fingerprints.js';
import type { StagedFile } from './stage-file.js';

const SCHEMA_PREFIX = 'carteira_imp_';

/** Stages one file (on the session given); null when the export has no such file. */
export type StageOne = (
  s: Session,
  spec: FileSpec,
  schema: string | null,
) => Promise<StagedFile | null>;

export interface Staging {
  /** The staged file of `kind`, once staged; null when the export has none. */
  get(kind: Kind): Promise<StagedFile | null>;
  /** Stops staging, waits for it, drops the schema: after the transaction has ended. */
  close(): Promise<void>;
  /** The data's tables were empty when the import began: every row is new. */
  firstLoad: boolean;
}

/** Staging inside the transaction, every file before the first is applied. */
async function inline(
  s: Session,
  specs: readonly FileSpec[],
  one: StageOne,
  firstLoad: boolean,
): Promise<Staging> {
  const done = new Map<Kind, StagedFile | null>();
  for (const spec of specs) done.set(spec.kind, await one(s, spec, null));
  return { get: async (kind) => done.get(kind) ?? null, close: async () => {}, firstLoad };
}

async function isFirstLoad(s: Session): Promise<boolean> {
  const tables = [...FINGERPRINTED.values()];
  const [row] = await s.query<{ empty: boolean }>(
    `SELECT ${tables.map((t) => `NOT EXISTS (SELECT 1 FROM ${t})`).join(' AND ')} AS empty`,
  );
  return row?.empty === true;
}

/**
 * Starts staging `specs` in order. `s` is the import's transaction (holding the import lock):
 * with a second connection, its search_path is extended for the rest of the transaction.
 */
export async function startStaging(
  database: Database,
  s: Session,
  specs: readonly FileSpec[],
  one: StageOne,
): Promise<Staging> {
  await dropLeftovers(s);
  const firstLoad = await isFirstLoad(s);
  if (!database.pool || !firstLoad) return inline(s, specs, one, firstLoad);
  const client = new pg.Client(database.pool.options);
  // A dropped connection fails the staging query in flight (and so the import); without a
  // listener the client's 'error' event would end the process instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch {
    return inline(s, specs, one, firstLoad);
  }
  const side = pgClientSession(client);
  const schema = `${SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`;
  const discard = async () => {
    await side.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await client.end().catch(() => {});
  };
  try {
    await side.query(`CREATE SCHEMA ${schema}`);
  } catch {
    await client.end().catch(() => {});
    return inline(s, specs, one, firstLoad);
  }
  // Both connections find the staging tables by their plain names, before the data's tables.
  try {
    const [path] = await s.query<{ p: string }>(`SELECT current_setting('search_path') AS p`);
    const searchPath = `${schema}, ${path?.p ?? 'public'}`;
    await s.query(`SET LOCAL search_path TO ${searchPath}`);
    await side.query(`SET search_path TO ${searchPath}`);
  } catch (e) {
    await discard();
    throw e;
  }

  const waiting = new Map<
    Kind,
    {
      promise: Promise<StagedFile | null>;
      resolve: (f: StagedFile | null) => void;
      reject: (e: unknown) => void;
    }
  >();
  for (const spec of specs) {
    let resolve!: (f: StagedFile | null) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<StagedFile | null>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Handled here too: a file the transaction never asks for (it failed first) is no crash.
    promise.catch(() => {});
    waiting.set(spec.kind, { promise, resolve, reject });
  }
  let stopped = false;
  const run = (async () => {
    for (const spec of specs) {
      const w = waiting.get(spec.kind)!;
      if (stopped) {
        w.resolve(null);
        continue;
      }
      try {
        w.resolve(await one(side, spec, schema));
      } catch (e) {
        for (const rest of waiting.values()) rest.reject(e);
        return;
      }
    }
  })();

  return {
    get: (kind) => waiting.get(kind)?.promise ?? Promise.resolve(null),
    async close() {
      stopped = true;
      await run;
      await discard();
    },
    firstLoad,
  };
}

/**
 * Schemas a crashed import left, dropped in the import's transaction (imports run one at a
 * time, under the import lock). The previous import's staging connection drops its own
 * schema just after that import released the lock; dropping it here as well is harmless
 * (IF EXISTS, one drop waits for the other). A schema that cannot be dropped is left as is.
 */
async function dropLeftovers(s: Session): Promise<void> {
  const rows = await s.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`,
    [SCHEMA_PREFIX],
  );
  for (const r of rows) {
    await s.query('SAVEPOINT carteira_leftover');
    try {
      await s.query(`DROP SCHEMA IF EXISTS "${r.name.replace(/"/g, '""')}" CASCADE`);
      await s.query('RELEASE SAVEPOINT carteira_leftover');
    } catch {
      await s.query('ROLLBACK TO SAVEPOINT carteira_leftover');
    }
  }
}
