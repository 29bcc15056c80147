/**
 * Loads one CSV file into its TEMP staging table: stream-parse, validate each row in JS,
 * and COPY the valid ones as they come (the parse and the server's COPY overlap). Rows
 * with problems are logged and left out; a file-level problem (missing column, not
 * UTF-8) leaves the whole file out with one issue.
 */
import { stat } from 'node:fs/promises';
import type { Session, BulkValue } from '../db/session.js';
import { CsvFatalError, readCsvFile, type CsvReadState } from './csv-reader.js';
import type { FileSpec } from './files.js';
import type { ImportProgress } from './types.js';
import { mapHeader } from './headers.js';
import type { IssueLog } from './issues.js';
import { KeyIndex } from './key-index.js';
import { FINGERPRINTED, headerSeed, lineHash, type FingerprintIndex } from './fingerprints.js';
import { RowReader } from './row-reader.js';

export interface StagedFile {
  spec: FileSpec;
  /** Data rows in the file (blank lines excluded). */
  rows: number;
  /** Rows loaded into the staging table. */
  staged: number;
  /** Rows not staged because their line is the one that last wrote the row (fingerprints.ts). */
  sameLines: number;
  /** Canonical names of the columns the header has. */
  present: ReadonlySet<string>;
  /** False when the file as a whole was refused. */
  usable: boolean;
  /** Pairs (line, earlier line) whose keys may be equal (see KeyIndex). */
  duplicateCandidates: number[];
}

/** The staging columns after `line`: the file's, then its fingerprint for the large tables. */
function stagingColumns(spec: FileSpec): ReadonlyArray<readonly [string, string]> {
  return FINGERPRINTED.has(spec.kind)
    ? [...spec.stageColumns, ['import_hash', 'bigint']]
    : spec.stageColumns;
}

/**
 * A TEMP table of the import's transaction, or, with `schema` (staging on a connection of its
 * own, see staging.ts), an UNLOGGED table in that schema: committed as soon as it is loaded,
 * so the transaction can read it, and dropped with the schema after the import.
 */
async function createStagingTable(
  s: Session,
  spec: FileSpec,
  schema: string | null,
): Promise<void> {
  const cols = stagingColumns(spec)
    .map(([n, t]) => `${n} ${t}`)
    .join(', ');
  await s.query(
    schema === null
      ? `CREATE TEMP TABLE ${spec.stage} (line integer NOT NULL, ${cols}) ON COMMIT DROP`
      : `CREATE UNLOGGED TABLE ${schema}.${spec.stage} (line integer NOT NULL, ${cols})`,
  );
}

function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

export async function stageFile(
  s: Session,
  spec: FileSpec,
  path: string,
  log: IssueLog,
  onProgress?: (p: ImportProgress) => void,
  /** The table's fingerprints: a line equal to the last one imported for its key is skipped. */
  prints: FingerprintIndex | null = null,
  /** Stage into this schema instead of a TEMP table (see createStagingTable). */
  schema: string | null = null,
): Promise<StagedFile> {
  const result: StagedFile = {
    spec,
    rows: 0,
    staged: 0,
    sameLines: 0,
    present: new Set(),
    usable: true,
    duplicateCandidates: [],
  };
  const state: CsvReadState = {};
  // ~40 bytes a row is a low guess for every file of the export: sizes the key index once.
  const size = await stat(path).then(
    (st) => st.size,
    () => 0,
  );
  // With fingerprints, mostly the changed and new keys reach the key index: it grows as needed.
  const keys = new KeyIndex(prints ? 1024 : Math.min(50_000_000, Math.ceil(size / 40)));
  const fingerprinted = FINGERPRINTED.has(spec.kind);
  const progress = (done: boolean) =>
    onProgress?.({
      file: spec.file,
      rows: result.rows,
      bytesRead: state.bytesRead ?? 0,
      bytesTotal: size,
      done,
    });
  const { file, kind } = spec;

  async function* rows(): AsyncGenerator<BulkValue[][]> {
    let reader: RowReader | null = null;
    let width = 0;
    let seed = 0;
    let sawHeader = false;
    try {
      for await (const batch of readCsvFile(path, state)) {
        progress(false);
        const out: BulkValue[][] = [];
        for (const rec of batch) {
          if (!sawHeader) {
            sawHeader = true;
            const header = mapHeader(rec.fields, spec.columns);
            result.present = new Set(header.index.keys());
            width = header.width;
            if (header.missing.length > 0) {
              const found = rec.fields.map((f) => f.trim()).filter(Boolean);
              const plural = header.missing.length > 1;
              log.fileIssue(
                file,
                rec.line,
                `${plural ? 'colunas obrigatórias ausentes' : 'coluna obrigatória ausente'}: ${header.missing.join(', ')} ` +
                  `(colunas encontradas: ${found.join(', ') || 'nenhuma'}; separador detectado "${state.delimiter ?? ';'}")`,
              );
              result.usable = false;
            } else if (header.repeated.length > 0) {
              log.fileIssue(
                file,
                rec.line,
                `coluna repetida no cabeçalho: ${header.repeated.join(', ')}`,
              );
              result.usable = false;
            }
            reader = new RowReader(header.index);
            seed = headerSeed(rec.fields.map((f) => f.trim().toLowerCase()));
            continue;
          }
          if (isBlank(rec.fields)) continue;
          result.rows++;
          if (!result.usable || state.encodingErrorLine !== undefined || reader === null) continue;
          const n = rec.fields.length;
          reader.reset(rec.fields);
          if (rec.error) {
            log.skip(kind, file, rec.line, keyOf(reader, spec), rec.error);
            continue;
          }
          if (n < width || (n > width && !isBlank(rec.fields.slice(width)))) {
            log.skip(
              kind,
              file,
              rec.line,
              keyOf(reader, spec),
              `a linha tem ${n} campos e o cabeçalho tem ${width} (confira o separador "${state.delimiter}" e as aspas)`,
            );
            continue;
          }
          let slot = -1;
          let hash = 0;
          if (fingerprinted) {
            hash = lineHash(seed, rec.fields);
            const key = prints ? keyOf(reader, spec) : null;
            // A key that cannot be read (a NUL byte) is reported once, by the conversion below.
            if (reader.errors.length > 0) reader.errors = [];
            slot = key === null ? -1 : prints!.find(key);
            if (slot !== -1) {
              const first = prints!.firstLine(slot);
              if (first !== 0) {
                log.skip(
                  kind,
                  file,
                  rec.line,
                  null,
                  `${spec.keyLabel} "${key}" repetido no arquivo (já aparece na linha ${first}; vale a primeira)`,
                );
                continue;
              }
              if (prints!.same(slot, hash)) {
                prints!.see(slot, rec.line);
                result.sameLines++;
                continue;
              }
            }
          }
          const row = spec.convert(reader, rec.line);
          if (row === null) {
            log.skip(kind, file, rec.line, keyOf(reader, spec), reader.errors.join('; '));
            continue;
          }
          if (fingerprinted) {
            row.push(hash);
            if (slot !== -1) prints!.see(slot, rec.line);
            else keys.add(row[1] as string, rec.line);
          } else {
            keys.add(row[1] as string, rec.line);
          }
          out.push(row);
        }
        if (out.length > 0) yield out;
      }
    } catch (e) {
      if (e instanceof CsvFatalError) {
        log.fileIssue(file, e.line, e.message);
      } else if (e instanceof Error && 'code' in e && typeof e.code === 'string') {
        log.fileIssue(file, 1, `não foi possível ler o arquivo (${e.code})`);
      } else {
        throw e;
      }
      result.usable = false;
    }
    if (!sawHeader) {
      log.fileIssue(file, 1, 'arquivo vazio: falta a linha de cabeçalho');
      result.usable = false;
    }
  }

  await createStagingTable(s, spec, schema);
  const columns = ['line', ...stagingColumns(spec).map(([n]) => n)];
  result.staged = await s.copyBatches(spec.stage, columns, rows());
  progress(true);
  if (state.encodingErrorLine !== undefined) {
    log.fileIssue(
      file,
      state.encodingErrorLine,
      'o arquivo não está em UTF-8 (há um caractere inválido nesta linha); salve-o como "CSV UTF-8" e importe de novo',
    );
    result.usable = false;
  }
  if (!result.usable) {
    if (result.staged > 0) await s.query(`TRUNCATE ${spec.stage}`);
    result.staged = 0;
    log.skipMany(file, result.rows - log.skippedIn(file));
  } else {
    result.duplicateCandidates = keys.candidates;
  }
  return result;
}

function keyOf(reader: RowReader, spec: FileSpec): string | null {
  const v = reader.raw(spec.keyColumn);
  if (v === '') return null;
  return spec.keyColumn === 'email' ? v.toLowerCase() : v;
}
