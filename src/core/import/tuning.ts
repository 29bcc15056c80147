/**
 * Volume thresholds of the import. Plain values rather than options: they are not part
 * of the public API, but tests lower them to run the bulk paths on a small export.
 */
export const tuning = {
  /** New rows in one table from which its foreign keys and plain indexes are dropped and re-created. */
  relaxRows: 50_000,
  /** Rows written to a table from which its statistics are refreshed (later joins read them). */
  analyzeRows: 10_000,
  /** Changed projects from which the whole summary is rebuilt instead of refreshed. */
  rebuildProjects: 100_000,
};
