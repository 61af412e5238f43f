// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {DealFactory} from "../../contracts/deal/DealFactory.sol";
import {ProtocolModule} from "../../contracts/core/ProtocolModule.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";

contract DealFactorySetDealImplementationTest is DealBase {
    Deal internal newImpl;

    function setUp() public override {
        super.setUp();
        goToEpoch(2);
        newImpl = deployDealImpl(address(dealFactory), core);
    }

    /// @notice The protocol owner sets the deal implementation.
    function setImplementation(address implementation) internal {
        vm.prank(owner);
        dealFactory.setDealImplementation(implementation);
    }

    function test_setDealImplementation_immediateWhenNone() public {
        DealFactory fresh =
            DealFactory(deployProxy(address(deployDealFactoryImpl(core)), abi.encodeCall(DealFactory.initialize, ())));
        Deal implementation = deployDealImpl(address(fresh), core);
        assertEq(fresh.dealImplementation(), address(0));

        vm.expectEmit(address(fresh));
        emit IDealFactory.DealImplementationScheduled(address(implementation), 2);
        vm.prank(owner);
        fresh.setDealImplementation(address(implementation));
        assertEq(fresh.dealImplementation(), address(implementation));

        vm.prank(developer);
        usd.approve(address(fresh), type(uint256).max);
        IDealFactory.DealParams memory p = dealParams(1, 1);
        p.paymentToken = address(usd);
        vm.prank(developer);
        address deal = fresh.createDeal(p);
        assertEq(implementationOf(deal), address(implementation));
        assertEq(Deal(deal).owner(), developer);
    }

    function test_setDealImplementation_stagedToTheNextEpoch() public {
        vm.expectEmit(address(dealFactory));
        emit IDealFactory.DealImplementationScheduled(address(newImpl), 3);
        setImplementation(address(newImpl));
        assertEq(dealFactory.dealImplementation(), address(dealImpl));

        Deal before = createDeal(1, 1);
        assertEq(implementationOf(address(before)), address(dealImpl));

        nextEpoch();
        assertEq(dealFactory.dealImplementation(), address(newImpl));
        Deal later = createDeal(1, 1);
        assertEq(implementationOf(address(later)), address(newImpl));
        // the older deal keeps its code and keeps working
        assertEq(implementationOf(address(before)), address(dealImpl));
        approveDeal(before);
        vm.prank(developer);
        before.deposit(5);
        assertEq(before.billing().balance, FLOOR_EPOCHS * DEAL_PRICE + 5);
        assertEq(later.owner(), developer);
        assertTrue(dealFactory.isDeal(address(later)));
    }

    /// @notice A second schedule in the same epoch replaces the pending one.
    function test_setDealImplementation_replacesThePendingOne() public {
        Deal third = deployDealImpl(address(dealFactory), core);
        setImplementation(address(newImpl));
        vm.expectEmit(address(dealFactory));
        emit IDealFactory.DealImplementationScheduled(address(third), 3);
        setImplementation(address(third));
        assertEq(dealFactory.dealImplementation(), address(dealImpl));

        nextEpoch();
        assertEq(dealFactory.dealImplementation(), address(third));
    }

    /// @notice Scheduling after a pending implementation took effect keeps that one until the next epoch.
    function test_setDealImplementation_keepsTheOneInForce() public {
        setImplementation(address(newImpl));
        goToEpoch(5);
        Deal third = deployDealImpl(address(dealFactory), core);
        vm.expectEmit(address(dealFactory));
        emit IDealFactory.DealImplementationScheduled(address(third), 6);
        setImplementation(address(third));
        assertEq(dealFactory.dealImplementation(), address(newImpl));
        assertEq(implementationOf(address(createDeal(1, 1))), address(newImpl));

        nextEpoch();
        assertEq(dealFactory.dealImplementation(), address(third));
    }

    function test_setDealImplementation_revertsNotProtocolOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, stranger));
        vm.prank(stranger);
        dealFactory.setDealImplementation(address(newImpl));
        nextEpoch();
        assertEq(dealFactory.dealImplementation(), address(dealImpl));
    }

    function test_setDealImplementation_revertsNotAContract() public {
        vm.expectRevert(abi.encodeWithSelector(IDealFactory.NotAContract.selector, stranger));
        setImplementation(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDealFactory.NotAContract.selector, address(0)));
        setImplementation(address(0));
        nextEpoch();
        assertEq(dealFactory.dealImplementation(), address(dealImpl));
    }

    function test_upgrade_keepsDealsRegistered() public {
        (bytes32[] memory units, bytes32[] memory peers) = activePeers(2);
        Deal deal = createDeal(2, 2);
        matchDeal(deal, one(units[0]));
        DealFactory implementation = deployDealFactoryImpl(core);

        vm.prank(owner);
        dealFactory.upgradeToAndCall(address(implementation), "");

        assertTrue(dealFactory.isDeal(address(deal)));
        assertEq(dealFactory.dealCount(), 1);
        assertEq(dealFactory.dealImplementation(), address(dealImpl));
        // the deal still matches through the upgraded factory and capacity still trusts it
        assertEq(matchDeal(deal, one(units[1])), 1);
        assertEq(deal.unitOfPeer(peers[1]), units[1]);
        assertEq(capacity.dealOf(units[1]), address(deal));
        vm.prank(provider);
        deal.returnUnit(units[0]);
        assertEq(capacity.dealOf(units[0]), address(0));
        assertEq(implementationOf(address(createDeal(1, 1))), address(dealImpl));
        assertEq(dealFactory.dealCount(), 2);
    }

    function test_upgrade_revertsNotProtocolOwner() public {
        DealFactory implementation = deployDealFactoryImpl(core);
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, stranger));
        vm.prank(stranger);
        dealFactory.upgradeToAndCall(address(implementation), "");
    }
}
