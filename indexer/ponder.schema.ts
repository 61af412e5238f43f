// The indexed state of the protocol. Current state (providers, offers, peers, CUs, commitments, deals, workers)
// is updated in place; history (proofs, payments, matching outcomes, parameter changes) is appended, one row per
// event, keyed by the event's own id so that events of one transaction never share a row.
import { index, onchainTable, primaryKey, relations } from "ponder";

/**
 * The protocol's singleton row (id 1): owner, treasury, modules, allowlist, deal implementation, reward reserve,
 * and the latest value of every parameter (read at initialisation, then as scheduled; the last change applies from
 * `paramsEffectiveEpoch`, earlier ones are in `paramChange`).
 */
export const protocol = onchainTable("protocol", (t) => ({
  id: t.integer().primaryKey(),
  owner: t.hex(),
  pendingOwner: t.hex(),
  treasury: t.hex(),
  market: t.hex(),
  capacity: t.hex(),
  verifier: t.hex(),
  nextVerifier: t.hex(),
  nextVerifierEpoch: t.bigint(),
  allowlistEnabled: t.boolean().notNull().default(false),
  dealImplementation: t.hex(),
  nextDealImplementation: t.hex(),
  nextDealImplementationEpoch: t.bigint(),
  rewardReserve: t.bigint().notNull().default(0n),
  rewardsFunded: t.bigint().notNull().default(0n),
  surplusSwept: t.bigint().notNull().default(0n), // staking tokens above what the capacity module owed, to the treasury
  collateralPerUnit: t.bigint(),
  rewardPerEpoch: t.bigint(),
  minProofsPerEpoch: t.bigint(),
  maxProofsPerEpoch: t.bigint(),
  vestingPeriod: t.bigint(),
  slashingRateBps: t.bigint(),
  maxFailedRatio: t.bigint(),
  minCommitmentDuration: t.bigint(),
  minDealDepositEpochs: t.bigint(),
  difficulty: t.bigint(),
  dealRejoinDelay: t.bigint(),
  paramsEffectiveEpoch: t.bigint(),
}));

/** Every admin change of a parameter, module or implementation, with the epoch it takes effect. */
export const paramChange = onchainTable(
  "param_change",
  (t) => ({
    id: t.text().primaryKey(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    value: t.text().notNull(),
    effectiveEpoch: t.bigint(),
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ byName: index().on(t.name) }),
);

/** Upgrades and initialisations of the protocol's proxies. */
export const upgrade = onchainTable("upgrade", (t) => ({
  id: t.text().primaryKey(),
  contract: t.text().notNull(),
  kind: t.text().notNull(), // "upgraded" | "initialized"
  implementation: t.hex(),
  version: t.bigint(),
  block: t.bigint().notNull(),
}));

export const providerApproval = onchainTable("provider_approval", (t) => ({
  provider: t.hex().primaryKey(),
  approved: t.boolean().notNull(),
  updatedAt: t.bigint().notNull(),
}));

export const provider = onchainTable("provider", (t) => ({
  address: t.hex().primaryKey(),
  name: t.text().notNull(),
  metadataCid: t.hex().notNull(),
  offerCount: t.integer().notNull().default(0),
  peerCount: t.integer().notNull().default(0),
  unitCount: t.integer().notNull().default(0),
  registeredAt: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

export const offer = onchainTable(
  "offer",
  (t) => ({
    id: t.bigint().primaryKey(),
    provider: t.hex().notNull(),
    paymentToken: t.hex().notNull(),
    minPricePerUnit: t.bigint().notNull(),
    peerCount: t.integer().notNull().default(0),
    unitCount: t.integer().notNull().default(0),
    removed: t.boolean().notNull().default(false),
    createdAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (t) => ({ byProvider: index().on(t.provider), byPrice: index().on(t.minPricePerUnit) }),
);

export const offerEffector = onchainTable(
  "offer_effector",
  (t) => ({
    offerId: t.bigint().notNull(),
    effector: t.hex().notNull(),
    addedAt: t.bigint().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.offerId, t.effector] }) }),
);

export const peer = onchainTable(
  "peer",
  (t) => ({
    id: t.hex().primaryKey(), // scoped by the provider: peerIdOf(provider, publicKey)
    publicKey: t.hex().notNull(), // the peer's Ed25519 key: its libp2p and AIR identity
    offerId: t.bigint().notNull(),
    provider: t.hex().notNull(),
    operator: t.hex().notNull(),
    unitCount: t.integer().notNull().default(0),
    commitmentId: t.bigint(), // the latest commitment, null if none
    removed: t.boolean().notNull().default(false),
    addedAt: t.bigint().notNull(),
  }),
  (t) => ({ byOffer: index().on(t.offerId), byPublicKey: index().on(t.publicKey) }),
);

export const computeUnit = onchainTable(
  "compute_unit",
  (t) => ({
    id: t.hex().primaryKey(),
    peerId: t.hex().notNull(),
    offerId: t.bigint().notNull(),
    provider: t.hex().notNull(),
    deal: t.hex(), // the deal it serves, null if none
    removed: t.boolean().notNull().default(false),
    addedAt: t.bigint().notNull(),
  }),
  (t) => ({ byPeer: index().on(t.peerId), byDeal: index().on(t.deal) }),
);

export const commitment = onchainTable(
  "commitment",
  (t) => ({
    id: t.bigint().primaryKey(),
    peerId: t.hex().notNull(),
    provider: t.hex().notNull(),
    delegator: t.hex(), // null while open to any depositor
    unitCount: t.bigint().notNull(),
    duration: t.bigint().notNull(),
    collateralPerUnit: t.bigint().notNull(), // the price of the creation epoch, then of the deposit epoch
    delegatorShareBps: t.bigint().notNull(),
    // WaitDelegation, Deposited (waiting for its start, active or over: see the epochs), Failed, Finished, Removed
    stage: t.text().notNull(),
    collateral: t.bigint().notNull().default(0n),
    startEpoch: t.bigint(),
    endEpoch: t.bigint(),
    maxFailedUnitEpochs: t.bigint(),
    failedUnitEpochs: t.bigint().notNull().default(0n),
    failedAtEpoch: t.bigint(),
    slashed: t.bigint().notNull().default(0n),
    collateralReturned: t.bigint(),
    collateralHeld: t.bigint().notNull().default(0n), // returned collateral the token refused, until withdrawn
    rewardsEarned: t.bigint().notNull().default(0n),
    rewardsWithdrawnProvider: t.bigint().notNull().default(0n),
    rewardsWithdrawnDelegator: t.bigint().notNull().default(0n),
    settledEpoch: t.bigint(), // the last epoch settled (CommitmentSettled)
    // The chain's checkpoint epoch: every epoch before it is settled into failedUnitEpochs and rewardsEarned; the
    // chain's views settle later epochs lazily, the events only when the commitment is next touched.
    checkpointEpoch: t.bigint(),
    proofs: t.bigint().notNull().default(0n),
    createdAt: t.bigint().notNull(),
  }),
  (t) => ({ byPeer: index().on(t.peerId), byProvider: index().on(t.provider) }),
);

/** One row per ProofSubmitted event: a batch of proofs gives as many rows as proofs. */
export const proof = onchainTable(
  "proof",
  (t) => ({
    id: t.text().primaryKey(),
    commitmentId: t.bigint().notNull(),
    unitId: t.hex().notNull(),
    epoch: t.bigint().notNull(),
    localNonce: t.hex().notNull(),
    proofsInEpoch: t.bigint().notNull(),
    tx: t.hex().notNull(),
    block: t.bigint().notNull(),
  }),
  (t) => ({ byUnitEpoch: index().on(t.unitId, t.epoch) }),
);

/** Proofs per CU per epoch. */
export const unitEpoch = onchainTable(
  "unit_epoch",
  (t) => ({
    unitId: t.hex().notNull(),
    epoch: t.bigint().notNull(),
    commitmentId: t.bigint().notNull(),
    proofs: t.bigint().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.unitId, t.epoch] }) }),
);

export const epoch = onchainTable("epoch", (t) => ({
  number: t.bigint().primaryKey(),
  globalNonce: t.hex(),
  difficulty: t.bigint(),
  rewardPool: t.bigint().notNull().default(0n),
  proofs: t.bigint().notNull().default(0n),
  provingUnits: t.integer().notNull().default(0), // CUs with at least one proof in the epoch
  rewardsSettled: t.bigint().notNull().default(0n),
  advancedAt: t.bigint(),
}));

/** Settlements of commitments (CommitmentSettled): rewards earned and failures per settled epoch. */
export const settlement = onchainTable("settlement", (t) => ({
  id: t.text().primaryKey(),
  commitmentId: t.bigint().notNull(),
  epoch: t.bigint().notNull(),
  reward: t.bigint().notNull(),
  failedUnitEpochs: t.bigint().notNull(),
  block: t.bigint().notNull(),
}));

/** Movements of the staking token in and out of the capacity module. */
export const rewardMovement = onchainTable("reward_movement", (t) => ({
  id: t.text().primaryKey(),
  kind: t.text().notNull(), // "funded" | "reserveWithdrawn" | "withdrawn"
  account: t.hex().notNull(),
  commitmentId: t.bigint(),
  delegator: t.boolean(),
  amount: t.bigint().notNull(),
  block: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

/**
 * A deal: its terms, settings, units and workers, and its billing state as of its last event. While a deal has no
 * worker the chain moves `billedThrough`/`paidThrough` with time without an event; the billing formulas of
 * docs/deals.md bring these fields to any epoch.
 */
export const deal = onchainTable(
  "deal",
  (t) => ({
    address: t.hex().primaryKey(),
    owner: t.hex().notNull(),
    pendingOwner: t.hex(),
    implementation: t.hex().notNull(),
    appCodec: t.bigint().notNull(),
    appCid: t.hex().notNull(),
    minWorkers: t.bigint().notNull(),
    targetWorkers: t.bigint().notNull(),
    maxWorkersPerProvider: t.bigint().notNull(),
    pricePerWorkerEpoch: t.bigint().notNull(),
    minDepositEpochs: t.bigint().notNull(),
    minBalance: t.bigint().notNull(), // minDepositEpochs x targetWorkers x price: what the owner cannot withdraw
    rejoinDelay: t.bigint().notNull(), // epochs before a peer whose CU left may serve the deal again
    paymentToken: t.hex().notNull(),
    effectors: t.hex().array().notNull(),
    accessMode: t.text().notNull(),
    openToSelfMatching: t.boolean().notNull(),
    balance: t.bigint().notNull(),
    deposited: t.bigint().notNull().default(0n),
    withdrawn: t.bigint().notNull().default(0n),
    paid: t.bigint().notNull().default(0n),
    claimed: t.bigint().notNull().default(0n),
    paidEpochs: t.bigint().notNull().default(0n),
    billedThrough: t.bigint().notNull(),
    paidThrough: t.bigint().notNull(),
    units: t.integer().notNull().default(0),
    workers: t.integer().notNull().default(0), // CUs with a registered worker
    ended: t.boolean().notNull().default(false),
    endedAt: t.bigint(),
    endEpoch: t.bigint(), // once stopped: the first epoch not billed
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
  }),
  (t) => ({ byOwner: index().on(t.owner) }),
);

export const dealAccess = onchainTable(
  "deal_access",
  (t) => ({
    deal: t.hex().notNull(),
    provider: t.hex().notNull(),
    listed: t.boolean().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.deal, t.provider] }) }),
);

/** A CU's stay in a deal: from UnitMatched to UnitReturned, with its worker. */
export const dealUnit = onchainTable(
  "deal_unit",
  (t) => ({
    deal: t.hex().notNull(),
    unitId: t.hex().notNull(),
    peerId: t.hex().notNull(),
    provider: t.hex().notNull(),
    workerId: t.hex(),
    matchedBy: t.hex().notNull(),
    matchedAt: t.bigint().notNull(),
    workerSetAt: t.bigint(),
    returnedAt: t.bigint(),
    returnedBy: t.hex(),
    rejoinFrom: t.bigint(), // once returned: the first epoch a CU of the peer may join the deal again
    active: t.boolean().notNull(),
  }),
  (t) => ({ pk: primaryKey({ columns: [t.deal, t.unitId] }), byProvider: index().on(t.provider) }),
);

/** Worker registrations and replacements (WorkerSet). */
export const workerChange = onchainTable("worker_change", (t) => ({
  id: t.text().primaryKey(),
  deal: t.hex().notNull(),
  unitId: t.hex().notNull(),
  peerId: t.hex().notNull(),
  workerId: t.hex().notNull(),
  previousWorkerId: t.hex().notNull(),
  block: t.bigint().notNull(),
}));

/** Deal money: deposits, withdrawals, billing, claims. */
export const dealPayment = onchainTable(
  "deal_payment",
  (t) => ({
    id: t.text().primaryKey(),
    deal: t.hex().notNull(),
    kind: t.text().notNull(), // "deposit" | "withdrawal" | "billing" | "claim" | "stop"
    account: t.hex(),
    amount: t.bigint().notNull(),
    balance: t.bigint(),
    fromEpoch: t.bigint(),
    toEpoch: t.bigint(),
    paidEpochs: t.bigint(),
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (t) => ({ byDeal: index().on(t.deal) }),
);

/** Every candidate a matchDeal call handed in: matched, or skipped with the reason. */
export const matchOutcome = onchainTable(
  "match_outcome",
  (t) => ({
    id: t.text().primaryKey(),
    deal: t.hex().notNull(),
    unitId: t.hex().notNull(),
    result: t.text().notNull(),
    matchedBy: t.hex(),
    tx: t.hex().notNull(),
    block: t.bigint().notNull(),
  }),
  (t) => ({ byDeal: index().on(t.deal) }),
);

/** CUs entering and leaving deals as the capacity module saw it (UnitJoinedDeal / UnitLeftDeal). */
export const unitDealChange = onchainTable("unit_deal_change", (t) => ({
  id: t.text().primaryKey(),
  unitId: t.hex().notNull(),
  commitmentId: t.bigint().notNull(),
  deal: t.hex().notNull(),
  epoch: t.bigint().notNull(),
  joined: t.boolean().notNull(),
}));

export const offerRelations = relations(offer, ({ many, one }) => ({
  peers: many(peer),
  effectors: many(offerEffector),
  owner: one(provider, { fields: [offer.provider], references: [provider.address] }),
}));
export const offerEffectorRelations = relations(offerEffector, ({ one }) => ({
  offer: one(offer, { fields: [offerEffector.offerId], references: [offer.id] }),
}));
export const providerRelations = relations(provider, ({ many }) => ({ offers: many(offer) }));
export const peerRelations = relations(peer, ({ one, many }) => ({
  offer: one(offer, { fields: [peer.offerId], references: [offer.id] }),
  units: many(computeUnit),
  commitments: many(commitment),
}));
export const unitRelations = relations(computeUnit, ({ one }) => ({
  peer: one(peer, { fields: [computeUnit.peerId], references: [peer.id] }),
}));
export const commitmentRelations = relations(commitment, ({ one, many }) => ({
  peer: one(peer, { fields: [commitment.peerId], references: [peer.id] }),
  settlements: many(settlement),
}));
export const settlementRelations = relations(settlement, ({ one }) => ({
  commitment: one(commitment, { fields: [settlement.commitmentId], references: [commitment.id] }),
}));
export const dealRelations = relations(deal, ({ many }) => ({
  dealUnits: many(dealUnit), // not `units`: the column of that name counts them
  payments: many(dealPayment),
  matchOutcomes: many(matchOutcome),
  access: many(dealAccess),
}));
// The deal's row is `dealInfo`: a relation named `deal` would hide the column of that name in GraphQL.
export const dealUnitRelations = relations(dealUnit, ({ one }) => ({
  dealInfo: one(deal, { fields: [dealUnit.deal], references: [deal.address] }),
}));
export const dealPaymentRelations = relations(dealPayment, ({ one }) => ({
  dealInfo: one(deal, { fields: [dealPayment.deal], references: [deal.address] }),
}));
export const matchOutcomeRelations = relations(matchOutcome, ({ one }) => ({
  dealInfo: one(deal, { fields: [matchOutcome.deal], references: [deal.address] }),
}));
export const dealAccessRelations = relations(dealAccess, ({ one }) => ({
  dealInfo: one(deal, { fields: [dealAccess.deal], references: [deal.address] }),
}));
