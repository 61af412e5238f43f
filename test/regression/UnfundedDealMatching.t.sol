// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "../deal/DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";

/// @notice Regression (review of d7aa968, fault 3): matching checked neither the deal's balance nor its status,
/// and a CU returned in an epoch could be matched again at once. A deal funded once with its floor kept any CU
/// after its money was gone: the owner re-matched it each time the provider returned it, and the CU neither
/// proved nor was paid. A deal that cannot pay now takes no CU, and a returned CU's peer does not rejoin the
/// deal before the protocol's rejoin delay. Written against the interfaces of d7aa968 (it compiles on both).
contract UnfundedDealMatchingTest is DealBase {
    bytes32[] internal units;
    Deal internal theDeal;

    /// @dev Two one-CU peers of the fixture's provider and a deal for 2 workers funded with its floor (4
    /// worker-epochs).
    function setUp() public override {
        super.setUp();
        units = activeUnits(2);
        theDeal = createDeal(2, 2);
    }

    /// @notice Whether the owner's matchDeal of `unitId` got the CU into the deal (a refusal may revert).
    function ownerMatches(bytes32 unitId) internal returns (bool) {
        vm.prank(developer);
        (bool ok,) = address(dealFactory).call(abi.encodeCall(IDealFactory.matchDeal, (address(theDeal), one(unitId))));
        return ok && capacity.dealOf(unitId) == address(theDeal);
    }

    /// @notice The deal's money runs out while its one worker serves: the epoch goes unpaid. It then takes no CU,
    /// neither a fresh one nor the one its provider returns.
    function test_dealThatCannotPay_takesNoCU() public {
        assertTrue(ownerMatches(units[0]), "funded: matched");
        setWorker(theDeal, units[0]);
        for (uint256 i; i < 5; ++i) {
            submit(units[1], MIN_PROOFS);
            nextEpoch();
        }
        assertEq(theDeal.billing().balance, 0, "money gone");
        assertFalse(ownerMatches(units[1]), "a fresh CU is not taken");
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        for (uint256 i; i < 3; ++i) {
            nextEpoch();
            submit(units[0], MIN_PROOFS); // its commitment stays active: only the deal's money is missing
        }
        assertFalse(ownerMatches(units[0]), "the returned CU is not taken back");
    }

    /// @notice A funded deal cannot take back a CU in the epoch its provider returned it.
    function test_returnedCU_doesNotRejoinAtOnce() public {
        assertTrue(ownerMatches(units[0]), "matched");
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        assertFalse(ownerMatches(units[0]), "not taken back at once");
        assertEq(capacity.dealOf(units[0]), address(0), "free");
    }
}
