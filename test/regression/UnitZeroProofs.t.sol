// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CapacityBase} from "../capacity/CapacityBase.sol";
import {Prover} from "../utils/Prover.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

/// @notice Regression (review of d7aa968, fault 1): a proof batch started at unit id 0, so proofs for CU 0 at its
/// head skipped every check (operator, commitment, deal, nonce), were counted into the epoch's total and took the
/// epoch's pool from the reserve for no commitment: any caller, again and again with the same nonces. Unit 0 is
/// an unknown unit for everyone now, at the head of a batch or alone.
contract UnitZeroProofsTest is CapacityBase {
    function test_proofsForUnitZero_countNothing() public {
        (,, bytes32[] memory units) = activeCommitment(1, 10);
        (, bytes32 globalNonce, uint256 difficulty) = capacity.epochChallenge();
        (ICapacity.Proof[] memory zeros,) = Prover.find(globalNonce, difficulty, bytes32(0), MIN_PROOFS, 0);
        ICapacity.Proof[][2] memory batches = [zeros, concat(zeros, proofsFor(units[0], 1))];
        address[2] memory callers = [stranger, operator];
        for (uint256 i; i < callers.length; ++i) {
            for (uint256 j; j < batches.length; ++j) {
                vm.prank(callers[i]);
                (bool accepted, bytes memory err) =
                    address(capacity).call(abi.encodeCall(ICapacity.submitProofs, (batches[j])));
                (uint256 pool, uint256 total) = capacity.epochRewards(epoch());
                assertEq(total, 0, "no proof counted");
                assertEq(pool, 0, "no pool taken");
                assertEq(capacity.rewardReserve(), RESERVE, "reserve untouched");
                assertFalse(accepted, "refused");
                assertEq(err, abi.encodeWithSelector(IMarket.UnknownUnit.selector, bytes32(0)));
            }
        }
    }
}
