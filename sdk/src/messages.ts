// Short, human messages for the custom errors people meet most; any other error is shown by name and arguments.
import { enums } from "./generated/abis.ts";

type Args = Record<string, unknown>;
type Render = (a: Args) => string;

const str = (v: unknown): string => (typeof v === "bigint" ? v.toString() : String(v));

const messages: Record<string, Render> = {
  // ERC-20 (OpenZeppelin)
  ERC20InsufficientAllowance: (a) =>
    `token allowance too small: ${str(a.allowance)} approved, ${str(a.needed)} needed (approve the spender first)`,
  ERC20InsufficientBalance: (a) => `token balance too small: ${str(a.balance)} held, ${str(a.needed)} needed`,
  // market
  ProviderNotRegistered: (a) => `${str(a.provider)} is not a registered provider (run provider register)`,
  ProviderAlreadyRegistered: (a) => `${str(a.provider)} is already registered`,
  ProviderNotAllowed: (a) => `provider ${str(a.provider)} is not on the protocol's allowlist`,
  UnknownOffer: (a) => `offer ${str(a.offerId)} does not exist`,
  NotOfferOwner: (a) => `offer ${str(a.offerId)} belongs to another provider, not ${str(a.caller)}`,
  OfferHasPeers: (a) => `offer ${str(a.offerId)} still has ${str(a.peerCount)} peers: remove them first`,
  PeerExists: (a) => `peer ${str(a.peerId)} is already registered`,
  UnknownPeer: (a) => `peer ${str(a.peerId)} does not exist`,
  PeerHasUnits: (a) => `peer ${str(a.peerId)} still has ${str(a.unitCount)} CUs`,
  PeerCommitted: (a) => `peer ${str(a.peerId)} is held by commitment ${str(a.commitmentId)}`,
  UnitExists: (a) => `CU ${str(a.unitId)} is already registered`,
  ReservedUnitId: (a) => `CU id ${str(a.unitId)} is reserved (ids below 2^32 are): use a random 32-byte id`,
  UnknownUnit: (a) => `CU ${str(a.unitId)} does not exist`,
  // capacity
  UnknownCommitment: (a) => `commitment ${str(a.commitmentId)} does not exist`,
  NotProvider: (a) => `${str(a.caller)} is not the provider of this commitment`,
  NotOperator: (a) => `${str(a.caller)} is not the operator of peer ${str(a.peerId)}`,
  NotDelegator: (a) => `${str(a.caller)} is not the commitment's delegator`,
  PeerAlreadyCommitted: (a) => `peer ${str(a.peerId)} is already in commitment ${str(a.commitmentId)}`,
  DurationTooShort: (a) => `duration ${str(a.duration)} epochs is below the minimum of ${str(a.minimum)}`,
  WrongStage: (a) => `commitment ${str(a.commitmentId)} is not in the right stage for this (stage ${str(a.stage)})`,
  CommitmentNotActive: (a) => `commitment ${str(a.commitmentId)} is not active`,
  CommitmentNotEnded: (a) => `commitment ${str(a.commitmentId)} runs until epoch ${str(a.endEpoch)}`,
  NothingToWithdraw: (a) => `commitment ${str(a.commitmentId)} has nothing to withdraw yet`,
  InvalidProof: (a) => `proof ${str(a.localNonce)} for CU ${str(a.unitId)} does not meet the difficulty`,
  NonceReused: (a) =>
    `nonce ${str(a.localNonce)} for CU ${str(a.unitId)} is below the next accepted ${str(a.nextNonce)}`,
  TooManyProofs: (a) => `CU ${str(a.unitId)} already has the maximum of ${str(a.maxProofs)} proofs this epoch`,
  EpochNotAdvanced: (a) => `epoch ${str(a.epoch)} has not been advanced yet (call advanceEpoch)`,
  TransferShortfall: (a) =>
    `the staking token delivered ${str(a.received)} of ${str(a.expected)}: collateral must arrive whole (a token taking fees cannot be staked)`,
  NoSurplus: (a) => `the capacity module holds ${str(a.held)} and owes ${str(a.owed)}: there is no surplus to sweep`,
  // deals
  UnknownDeal: (a) => `${str(a.deal)} is not a Cloudless deal`,
  DepositTooSmall: (a) => `deposit ${str(a.deposit)} is below the required ${str(a.required)}`,
  InvalidWorkers: (a) =>
    `invalid worker counts: min ${str(a.minWorkers)}, target ${str(a.targetWorkers)}, per provider ${str(a.maxWorkersPerProvider)}`,
  InvalidPrice: (a) => `invalid price ${str(a.price)}`,
  NotOwner: (a) => `${str(a.caller)} is not the deal's owner`,
  NotMatcher: (a) => `${str(a.caller)} may not match this deal (owner only, or providers when self-matching is on)`,
  NotUnitController: (a) => `${str(a.caller)} controls neither CU ${str(a.unitId)} nor its peer`,
  UnitNotInDeal: (a) => `CU ${str(a.unitId)} is not in this deal`,
  DealEnded: () => "the deal has ended",
  DealCannotPay: (a) =>
    `the deal cannot pay for more CUs (${enums.IDeal.Status[Number(a.status)] ?? str(a.status)}): top its balance up to its floor first`,
  WithdrawalTooLarge: (a) => `withdrawal ${str(a.amount)} exceeds the ${str(a.available)} available`,
  NothingToClaim: (a) => `provider ${str(a.provider)} has nothing to claim`,
  ZeroAmount: () => "the amount must be greater than zero",
};

export function contractErrorMessage(errorName: string, args: Args): string {
  const render = messages[errorName];
  if (render) return render(args);
  const list = Object.entries(args).map(([k, v]) => `${k}=${str(v)}`);
  return list.length ? `${errorName}(${list.join(", ")})` : errorName;
}
