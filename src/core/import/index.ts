/** The ERP import: `importFolder` loads a folder of CSV files, `formatImportReport` prints the outcome. */
export { importFolder } from './import-folder.js';
export { formatImportReport } from './format-report.js';
export type { ImportFileReport, ImportIssue, ImportOptions, ImportReport } from './types.js';
