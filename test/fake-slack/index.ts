export { startFakeSlack } from './server.js';
export type { FakeSlack } from './server.js';
export * from './signing.js';
export type * from './types.js';
export type {
  BlockActionInput,
  OptionInput,
  PayloadUser,
  StateValues,
  ViewInput,
  ViewSubmissionInput,
  WorkspaceIds,
} from './payloads.js';
export { checkMessageBlocks, checkOptionsResponse, checkView } from './rules.js';
