export { startFakeSlack } from './server.js';
export type { FakeSlack, RefusedCall } from './server.js';
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
export {
  checkMessageBlocks,
  checkOptionsResponse,
  checkView,
  checkViewErrors,
  RATE_TIERS,
} from './rules.js';
