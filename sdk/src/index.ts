// The public surface of @cloudless/sdk.
export { type Cloudless, type CloudlessConfig, chainOf, createCloudless } from "./client.ts";
export {
  type Deployment,
  epochAt,
  epochStartsAt,
  loadDeployment,
  parseDeployment,
  stringifyDeployment,
} from "./deployment.ts";
export {
  CloudlessError,
  ContractError,
  DeploymentError,
  type ErrorCode,
  InputError,
  NotFoundError,
  RpcError,
  TransactionRevertedError,
} from "./errors.ts";
export { type Cid, CODEC, effectorId, formatCid, parseCid } from "./cid.ts";
export { findProofs, type ProveResult } from "./prover.ts";
export { type RetryOptions, withRetry } from "./retry.ts";
export { eventsOf, type ProtocolEvent, type WriteResult } from "./tx.ts";
export { COMMITMENT_STATUS, type CommitmentSpec, type CommitmentStatus, type Proof } from "./contracts/capacity.ts";
export { ACCESS_MODE, type AccessMode, DEAL_STATUS, type DealSpec, type DealStatus } from "./contracts/deals.ts";
export { type Candidate, MATCH_RESULT, type MatchOutcome, type MatchResult } from "./contracts/matching.ts";
export type { Offer, OfferSpec, PeerSpec, PlacedPeer, Provider } from "./contracts/market.ts";
export { peerIdOf, unitIdOf } from "./contracts/ids.ts";
export {
  capacityAbi,
  coreAbi,
  dealAbi,
  dealFactoryAbi,
  enums,
  erc20Abi,
  marketAbi,
  protocolAbi,
} from "./contracts/abis.ts";
export {
  type CandidateOptions,
  createIndexerClient,
  type IndexerClient,
  type IndexerClientConfig,
} from "./indexer/client.ts";
export { createMatcher, type MatchDealResult, type Matcher, type MatcherConfig } from "./indexer/matcher.ts";
export type {
  Candidates,
  ExplainReason,
  Explanation,
  IndexedAt,
  IndexerCandidate,
  IndexerStatus,
  OfferExplanation,
  PeerExplanation,
  UnitExplanation,
} from "./indexer/types.ts";
