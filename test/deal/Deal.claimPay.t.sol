// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";

/// @notice claimPay and claimProviderPay.
contract DealClaimPayTest is DealBase {
    uint256 internal constant DEPOSIT = 30 * DEAL_PRICE;

    address internal provider2 = makeAddr("provider2");
    address internal operator2 = makeAddr("operator2");

    bytes32[] internal units; // the fixture's provider's
    bytes32[] internal others; // provider2's
    Deal internal theDeal;
    uint256 internal matchedIn;

    /// @dev Two CUs of the fixture's provider and one of provider2, matched to a deal for 3 workers.
    function setUp() public override {
        super.setUp();
        (units,) = committedPeers(provider, operator, 2, new bytes32[](0));
        (others,) = committedPeers(provider2, operator2, 1, new bytes32[](0));
        nextEpoch();
        IDealFactory.DealParams memory p = dealParams(3, 2);
        p.deposit = DEPOSIT;
        theDeal = createDeal(p);
        matchDeal(theDeal, units);
        matchDeal(theDeal, others);
        matchedIn = epoch();
    }

    /// @notice provider2's operator registers the worker of its CU.
    function setOtherWorker() internal {
        vm.prank(operator2);
        theDeal.setWorker(others[0], workerOf(others[0]));
    }

    function test_claimPay_byProvider() public {
        setWorker(theDeal, units[0]);
        goToEpoch(matchedIn + 3);
        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, matchedIn + 3, 3, 3 * DEAL_PRICE, DEPOSIT - 3 * DEAL_PRICE);
        vm.expectEmit(address(theDeal));
        emit IDeal.PayClaimed(provider, 3 * DEAL_PRICE);
        vm.prank(provider);
        assertEq(theDeal.claimPay(units[0]), 3 * DEAL_PRICE);

        assertEq(usd.balanceOf(provider), 3 * DEAL_PRICE);
        assertEq(usd.balanceOf(address(theDeal)), DEPOSIT - 3 * DEAL_PRICE);
        assertEq(theDeal.billing().balance, DEPOSIT - 3 * DEAL_PRICE);
        assertEq(theDeal.billing().paidEpochs, 3);
        assertEq(theDeal.providerPay(provider).due, 0);

        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, provider));
        vm.prank(provider);
        theDeal.claimPay(units[0]);

        nextEpoch();
        vm.prank(provider);
        assertEq(theDeal.claimPay(units[1]), DEAL_PRICE);
        assertEq(usd.balanceOf(provider), 4 * DEAL_PRICE);
    }

    /// @notice The operator may claim; the pay goes to the provider.
    function test_claimPay_byOperatorPaysTheProvider() public {
        setWorker(theDeal, units[0]);
        setWorker(theDeal, units[1]);
        goToEpoch(matchedIn + 2);
        vm.expectEmit(address(theDeal));
        emit IDeal.PayClaimed(provider, 4 * DEAL_PRICE);
        vm.prank(operator);
        assertEq(theDeal.claimPay(units[1]), 4 * DEAL_PRICE);
        assertEq(usd.balanceOf(provider), 4 * DEAL_PRICE);
        assertEq(usd.balanceOf(operator), 0);
    }

    /// @notice Each provider earns for its own workers only.
    function test_claimPay_perProvider() public {
        setWorker(theDeal, units[0]);
        setWorker(theDeal, units[1]);
        setOtherWorker();
        goToEpoch(matchedIn + 2);
        assertEq(theDeal.providerPay(provider).due, 4 * DEAL_PRICE);
        assertEq(theDeal.providerPay(provider2).due, 2 * DEAL_PRICE);

        vm.prank(operator2);
        assertEq(theDeal.claimPay(others[0]), 2 * DEAL_PRICE);
        assertEq(usd.balanceOf(provider2), 2 * DEAL_PRICE);
        assertEq(theDeal.providerPay(provider).due, 4 * DEAL_PRICE);
        vm.prank(provider);
        assertEq(theDeal.claimProviderPay(), 4 * DEAL_PRICE);
        assertEq(usd.balanceOf(address(theDeal)), DEPOSIT - 6 * DEAL_PRICE);
    }

    /// @notice Regression: a CU that never had a worker earns nothing, and claiming for it pays its provider
    /// nothing out of what other providers' workers earned.
    function test_claimPay_unitWithoutWorkerEarnsNothing() public {
        setOtherWorker();
        goToEpoch(matchedIn + 3);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, provider));
        vm.prank(provider);
        theDeal.claimPay(units[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, provider));
        vm.prank(provider);
        theDeal.claimProviderPay();

        // returning it changes nothing either
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, provider));
        vm.prank(provider);
        theDeal.claimPay(units[0]);

        assertEq(theDeal.providerPay(provider).due, 0);
        assertEq(theDeal.providerPay(provider2).due, 3 * DEAL_PRICE);
        vm.prank(provider2);
        assertEq(theDeal.claimProviderPay(), 3 * DEAL_PRICE);
        assertEq(usd.balanceOf(provider), 0);
        assertEq(usd.balanceOf(address(theDeal)), DEPOSIT - 3 * DEAL_PRICE);
    }

    function test_claimPay_afterTheUnitReturned() public {
        setWorker(theDeal, units[0]);
        goToEpoch(matchedIn + 2);
        vm.prank(provider);
        theDeal.returnUnit(units[0]);
        goToEpoch(matchedIn + 4);
        vm.prank(operator);
        assertEq(theDeal.claimPay(units[0]), 2 * DEAL_PRICE);
        assertEq(usd.balanceOf(provider), 2 * DEAL_PRICE);
    }

    function test_claimProviderPay() public {
        setOtherWorker();
        goToEpoch(matchedIn + 2);
        vm.expectEmit(address(theDeal));
        emit IDeal.EpochsBilled(matchedIn + 1, matchedIn + 2, 2, 2 * DEAL_PRICE, DEPOSIT - 2 * DEAL_PRICE);
        vm.expectEmit(address(theDeal));
        emit IDeal.PayClaimed(provider2, 2 * DEAL_PRICE);
        vm.prank(provider2);
        assertEq(theDeal.claimProviderPay(), 2 * DEAL_PRICE);
        assertEq(usd.balanceOf(provider2), 2 * DEAL_PRICE);
        assertEq(theDeal.providerPay(provider2).due, 0);

        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, provider2));
        vm.prank(provider2);
        theDeal.claimProviderPay();
    }

    function test_claimProviderPay_revertsNothingToClaim() public {
        setWorker(theDeal, units[0]);
        goToEpoch(matchedIn + 2);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, stranger));
        vm.prank(stranger);
        theDeal.claimProviderPay();
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);
    }

    function test_claimPay_revertsNotUnitController() public {
        setWorker(theDeal, units[0]);
        goToEpoch(matchedIn + 2);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotUnitController.selector, units[0], stranger));
        vm.prank(stranger);
        theDeal.claimPay(units[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotUnitController.selector, units[0], provider2));
        vm.prank(provider2);
        theDeal.claimPay(units[0]);
        assertEq(theDeal.providerPay(provider).due, 2 * DEAL_PRICE);
    }

    function test_claimPay_revertsNothingToClaim_beforeTheFirstPaidEpoch() public {
        setWorker(theDeal, units[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NothingToClaim.selector, provider));
        vm.prank(provider);
        theDeal.claimPay(units[0]);
    }
}
