// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MatchedDealBase} from "./MatchedDealBase.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {Billing} from "../../contracts/libraries/DealBilling.sol";

contract DealReturnUnitTest is MatchedDealBase {
    uint256 internal constant DEPOSIT = 20 * DEAL_PRICE;

    function dealDeposit() internal pure override returns (uint256) {
        return DEPOSIT;
    }

    /// @notice `by` returns `unitId` (one of two CUs in the deal): events, and the CU is out of the deal.
    function expectReturned(bytes32 unitId, bytes32 peerId, address by) internal {
        vm.expectEmit(address(capacity));
        emit ICapacity.UnitLeftDeal(unitId, market.unit(unitId).commitmentId, address(theDeal), epoch());
        vm.expectEmit(address(theDeal));
        emit IDeal.UnitReturned(unitId, peerId, provider, by);
        vm.prank(by);
        theDeal.returnUnit(unitId);
        assertEq(theDeal.unitOfPeer(peerId), 0);
        assertEq(theDeal.workerOfPeer(peerId), 0);
        assertEq(capacity.dealOf(unitId), address(0));
        assertEq(theDeal.unitCount(), 1);
        assertEq(theDeal.providerPay(provider).units, 1);
    }

    function test_returnUnit_byProvider() public {
        expectReturned(units[0], peers[0], provider);
        assertEq(theDeal.unitOfPeer(peers[1]), units[1]);
    }

    function test_returnUnit_byOperator() public {
        expectReturned(units[0], peers[0], operator);
    }

    function test_returnUnit_byOwner() public {
        expectReturned(units[1], peers[1], developer);
    }

    function test_returnUnit_byAnyoneOnceEnded() public {
        vm.prank(developer);
        theDeal.stop();
        expectReturned(units[0], peers[0], stranger);
    }

    /// @notice Returned in epoch f, the worker is paid for f and nothing after.
    function test_returnUnit_paysItsEpoch() public {
        setWorker(theDeal, units[0]);
        uint256 f = matchedIn + 2;
        goToEpoch(f);
        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, f, 2, 2 * DEAL_PRICE, DEPOSIT - 2 * DEAL_PRICE);
        expectReturned(units[0], peers[0], provider);

        IDeal.ProviderPay memory pay = theDeal.providerPay(provider);
        assertEq(pay.workers, 0);
        assertEq(pay.due, 2 * DEAL_PRICE);
        Billing memory b = theDeal.billing();
        assertEq(b.workers, 0);
        assertEq(b.balance, DEPOSIT - 2 * DEAL_PRICE);

        goToEpoch(f + 3);
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);
        assertEq(theDeal.billing().balance, DEPOSIT - 2 * DEAL_PRICE);
    }

    /// @notice The other workers keep being paid.
    function test_returnUnit_othersKeepTheirWorkers() public {
        setWorker(theDeal, units[0]);
        setWorker(theDeal, units[1]);
        goToEpoch(matchedIn + 1);
        expectReturned(units[0], peers[0], provider);
        assertEq(theDeal.workerOfPeer(peers[1]), workerOf(units[1]));
        assertEq(theDeal.billing().workers, 1);
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);

        nextEpoch();
        assertEq(theDeal.providerPay(provider).due, 3 * DEAL_PRICE);
        assertEq(theDeal.billing().balance, DEPOSIT - 3 * DEAL_PRICE);
    }

    function test_returnUnit_withoutWorkerEarnsNothing() public {
        goToEpoch(matchedIn + 2);
        expectReturned(units[0], peers[0], provider);
        assertEq(theDeal.providerPay(provider).due, 0);
        assertEq(theDeal.billing().balance, DEPOSIT);
    }

    /// @notice The CU rests in the epoch it was returned and proves for its commitment from the next one.
    function test_returnUnit_provesFromTheNextEpoch() public {
        goToEpoch(matchedIn + 1);
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        uint256 f = epoch();

        ICapacity.Proof[] memory proofs = proofsFor(units[0], MIN_PROOFS);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitResting.selector, units[0], f));
        vm.prank(operator);
        capacity.submitProofs(proofs);

        nextEpoch();
        submit(units[0], MIN_PROOFS);
        assertEq(capacity.unitState(units[0]).proofs, MIN_PROOFS);
        assertEq(capacity.unitState(units[0]).epoch, f + 1);
    }

    function test_returnUnit_revertsNotUnitController() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotUnitController.selector, units[0], stranger));
        vm.prank(stranger);
        theDeal.returnUnit(units[0]);
        assertEq(capacity.dealOf(units[0]), address(theDeal));
        assertEq(theDeal.unitCount(), 2);
    }

    function test_returnUnit_revertsUnitNotInDeal() public {
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeal.UnitNotInDeal.selector, units[0]));
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        assertEq(theDeal.unitCount(), 1);

        (,, bytes32[] memory outside) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(IDeal.UnitNotInDeal.selector, outside[0]));
        vm.prank(developer);
        theDeal.returnUnit(outside[0]);
    }
}
