/** Demo data: a believable chain of furniture stores, seeded into the database or exported as CSV. */
export { seedDemo, type SeedReport } from './seed-demo.js';
export { generateDemo, DEMO_TABLES, type DemoDataset, type DemoTable } from './generate-demo.js';
export { exportDemoCsv, DEMO_CSV_FILES, type DemoCsvFile } from './export-demo-csv.js';
export {
  resolveDemoOptions,
  DEFAULT_PROJECTS,
  DEFAULT_SEED,
  type DemoOptions,
  type ResolvedDemoOptions,
} from './options.js';
export type {
  ProjectPlan,
  ClientPlan,
  ContractPlan,
  RoomPlan,
  OrderPlan,
  ContactPlan,
} from './portfolio.js';
export type { DemoCompany, DemoStore, DemoSalesperson, DemoSpecifier } from './company.js';
