/** The public shapes of the ERP import (the CLI's `carteira import` calls `importFolder`). */
import type { Database } from '../db/database.js';

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
}
