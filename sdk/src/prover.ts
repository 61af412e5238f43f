// The reference Proof of Capacity prover (keccak, as contracts/verifier/KeccakVerifier.sol checks it): for each CU,
// walk local nonces upwards from the first one the chain still accepts and keep those whose hash meets the target.
// Used by the tests and the devnet; production peers run their own prover.
import { encodePacked, type Hex, keccak256, numberToHex } from "viem";
import type { Capacity, Proof } from "./contracts/capacity.ts";
import { ContractError } from "./errors.ts";
import type { WriteResult } from "./tx.ts";

const UNIT_REFUSALS = new Set(["UnitResting", "UnitNotCommitted", "UnitInDeal", "TooManyProofs"]);

export interface Challenge {
  globalNonce: Hex;
  difficulty: bigint;
}

/** Finds `count` valid local nonces for `unitId`, the smallest from `fromNonce` upwards. */
export function findProofs(
  challenge: Challenge,
  unitId: Hex,
  fromNonce: bigint,
  count: number,
  maxTries = 10_000_000,
): Proof[] {
  const k = keccak256(encodePacked(["bytes32", "bytes32"], [challenge.globalNonce, unitId]));
  const proofs: Proof[] = [];
  for (let nonce = fromNonce, tries = 0; proofs.length < count; nonce++, tries++) {
    if (tries >= maxTries)
      throw new Error(`no proof for ${unitId} within ${maxTries} nonces: the difficulty is too hard`);
    const localNonce = numberToHex(nonce, { size: 32 });
    if (BigInt(keccak256(encodePacked(["bytes32", "bytes32"], [k, localNonce]))) <= challenge.difficulty) {
      proofs.push({ unitId, localNonce });
    }
  }
  return proofs;
}

export interface ProveResult {
  epoch: bigint;
  proofs: Proof[];
  results: WriteResult[];
}

/**
 * Brings each CU up to `count` proofs in the current epoch (default: the protocol minimum), advancing the capacity
 * module into the epoch first when nobody has yet. CUs serving deals, or already at the count, are skipped.
 */
export async function proveUnits(
  capacity: Capacity,
  params: () => Promise<{ minProofsPerEpoch: number }>,
  unitIds: Hex[],
  count?: number,
): Promise<ProveResult> {
  let challenge = await capacity.epochChallenge();
  const results: WriteResult[] = [];
  if (!challenge) {
    results.push(await capacity.advanceEpoch());
    challenge = (await capacity.epochChallenge())!;
  }
  const target = count ?? (await params()).minProofsPerEpoch;
  const proofs: Proof[] = [];
  for (const unitId of unitIds) {
    const state = await capacity.unitState(unitId);
    if (state.deal !== "0x0000000000000000000000000000000000000000") continue;
    const current = state.epoch === challenge.epoch;
    const have = current ? Number(state.proofs) : 0;
    if (have >= target) continue;
    proofs.push(...findProofs(challenge, unitId, current ? state.nextNonce : 0n, target - have));
  }
  // A CU the chain refuses (resting after a deal, its commitment over) is dropped and the rest resubmitted.
  let pending = proofs;
  while (pending.length) {
    try {
      results.push(...(await capacity.submitProofs(pending)));
      break;
    } catch (err) {
      const refused = err instanceof ContractError ? (err.args.unitId as Hex | undefined) : undefined;
      if (!refused || !UNIT_REFUSALS.has(err instanceof ContractError ? err.errorName : "")) throw err;
      pending = pending.filter((p) => p.unitId !== refused);
    }
  }
  return { epoch: challenge.epoch, proofs: pending, results };
}
