/** The ERP import: `importFolder` loads a folder of CSV files, `formatImportReport` prints the outcome. */
export { importFolder } from './import-folder.js';
export { formatImportReport, formatIssue } from './format-report.js';
export type {
  ImportFileReport,
  ImportIssue,
  ImportOptions,
  ImportProgress,
  ImportReport,
} from './types.js';
