/** The public shapes of the ERP import (the CLI's `carteira import` calls `importFolder`). */
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { ImportStatus } from '../db/schema.js';

export interface ImportOptions {
  database: Database;
  /** Folder holding the export's CSV files (lojas.csv, vendedores.csv, …). */
  folder: string;
  /** Validate and count everything, write nothing. */
  dryRun?: boolean;
  /** Import the valid rows and list the skipped ones (otherwise: all or nothing). */
  skipInvalid?: boolean;
  /** Timezone of stores created without `fuso` (default: DEFAULT_TIMEZONE in ../time/timezone.ts). */
  defaultTimezone?: string;
  /** The caller's clock for the run's started/finished times (default: the database's). */
  now?: Clock;
  /** Who runs it, as recorded in `imports` (default `cli`). */
  origin?: 'cli' | 'worker';
  /**
   * The worker's mode: import this export only if no other import is running (a
   * PostgreSQL advisory lock, tried, not waited for) and it was not imported before (by
   * checksum); otherwise return at once with `skipped` set.
   */
  once?: boolean;
  /** Progress of the file being read (the CLI's progress line). */
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  file: string;
  /** Rows read so far in this file. */
  rows: number;
  bytesRead: number;
  bytesTotal: number;
  /** True once, when the file has been read entirely. */
  done: boolean;
}

export interface ImportIssue {
  file: string;
  /** Line in the file, the header being line 1. */
  line: number;
  /** Portuguese: what is wrong and what is expected. */
  reason: string;
}

export interface ImportFileReport {
  file: string;
  /** Data rows read (blank lines excluded). */
  rows: number;
  inserted: number;
  updated: number;
  /** Rows not imported because of a problem (listed in `issues`). */
  skipped: number;
  /** Identical to the last successful import's file: not read again (all rows unchanged). */
  reused?: boolean;
  /**
   * Rows whose line is the one that last wrote their record (fingerprints.ts): counted as
   * unchanged without being converted again. Only on the five large files, once imported.
   */
  sameLines?: number;
}

export interface ImportReport {
  files: ImportFileReport[];
  issues: ImportIssue[];
  /** True when the changes were committed. */
  applied: boolean;
  dryRun: boolean;
  /** Projects whose summary was (or, in a dry run, would be) recomputed. */
  projectsRefreshed: number;
  durationMs: number;
  /** How the run was recorded (`imports`); null for a dry run or a skipped one. */
  status: ImportStatus | null;
  importId: number | null;
  /** Checksum of the export (all its files). */
  checksum: string;
  /** When the run finished, as recorded (null when nothing was recorded). */
  finishedAt: Date | null;
  /** With `once`: why nothing was done — another import held the lock, or already imported. */
  skipped?: 'busy' | 'duplicate';
}
