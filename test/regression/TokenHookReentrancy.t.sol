// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {HookedDealBase} from "../deal/HookedDealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";
import {ITokenHooks} from "../utils/HostileToken.sol";

/// @notice Regression (review of d7aa968, fault 2): every attempt to re-enter a deal from a transfer it makes is
/// refused, and its books stay consistent. On d7aa968 the re-entered calls succeeded and the stale state written
/// back afterwards left the deal paying for a worker it never billed, ended in one record and running in the
/// other, or holding a CU it counted as gone; and a CU matched from the creator's hook could never be returned.
contract TokenHookReentrancyTest is HookedDealBase {
    /// @notice A provider re-entering setWorker from its own deposit used to be paid for a worker the deal never
    /// billed (the deposit wrote back a billing with no worker).
    function test_deposit_refusesSetWorkerFromTheSendersHook() public {
        hot.setHook(provider, hook);
        hook.arm(true, provider, address(theDeal), abi.encodeCall(Deal.setWorker, (unit, workerOf(unit))));
        vm.prank(provider);
        theDeal.deposit(DEAL_PRICE);
        assertBooks(0);
        assertEq(theDeal.workerOfPeer(market.unit(unit).peerId), bytes32(0), "no worker");
        assertEq(theDeal.billing().balance, (FLOOR_EPOCHS + 1) * DEAL_PRICE, "deposit credited");
        expectRefused();
    }

    /// @notice The owner re-entering stop from its deposit used to leave the deal ended for matching and running
    /// for billing.
    function test_deposit_refusesStopFromTheSendersHook() public {
        hot.setHook(developer, hook);
        hook.arm(true, developer, address(theDeal), abi.encodeCall(Deal.stop, ()));
        vm.prank(developer);
        theDeal.deposit(DEAL_PRICE);
        assertEq(uint256(theDeal.status()), uint256(IDeal.Status.Active), "still running");
        // ended for no record either: only an ended deal lets anyone return its CUs
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotUnitController.selector, unit, stranger));
        vm.prank(stranger);
        theDeal.returnUnit(unit);
        expectRefused();
    }

    /// @notice A CU returned from inside a deposit used to stay billed: the deposit wrote its worker back.
    function test_deposit_refusesReturnUnitFromTheSendersHook() public {
        setWorker(theDeal, unit);
        hot.setHook(provider, hook);
        hook.arm(true, provider, address(theDeal), abi.encodeCall(Deal.returnUnit, (unit)));
        vm.prank(provider);
        theDeal.deposit(DEAL_PRICE);
        assertEq(theDeal.unitCount(), 1, "still matched");
        assertEq(capacity.dealOf(unit), address(theDeal), "still in the deal");
        assertBooks(1);
        expectRefused();
    }

    /// @notice The creator's hook used to match a CU into the deal before it was initialised, whose
    /// initialisation then reset its CU count: the CU could never be returned. The deal is registered only once
    /// it is initialised, so matching it from the transfer finds no deal.
    function test_createDeal_refusesMatchingFromTheCreatorsHook() public {
        bytes32 other = activeUnits(1)[0];
        payIn(other);
        MatchOnCreate matcher = new MatchOnCreate(dealFactory, provider, other);
        hot.setHook(developer, matcher);
        Deal created = createHotDeal(true);
        assertEq(capacity.dealOf(other), address(0), "the CU stayed free");
        assertEq(created.unitCount(), 0);
        assertTrue(matcher.fired(), "the hook ran");
        assertFalse(matcher.succeeded(), "refused");
        assertEq(matcher.result(), abi.encodeWithSelector(IDealFactory.UnknownDeal.selector, address(created)));
        // The deal works as any other: the CU joins it and leaves it.
        hot.setHook(developer, ITokenHooks(address(0)));
        vm.prank(provider);
        assertEq(dealFactory.matchDeal(address(created), one(other)), 1);
        vm.prank(provider);
        created.returnUnit(other);
        assertEq(capacity.dealOf(other), address(0));
    }
}

/// @notice A creator's hook that tries to match a provider's CU into the deal its deposit is being sent to.
contract MatchOnCreate is ITokenHooks {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    IDealFactory internal immutable factory;
    address internal immutable provider;
    bytes32 internal immutable unit;
    bool public fired;
    bool public succeeded;
    bytes public result;

    constructor(IDealFactory factory_, address provider_, bytes32 unit_) {
        factory = factory_;
        provider = provider_;
        unit = unit_;
    }

    function tokensToSend(address, address to, uint256) external {
        fired = true;
        bytes32[] memory units = new bytes32[](1);
        units[0] = unit;
        vm.prank(provider);
        (succeeded, result) = address(factory).call(abi.encodeCall(IDealFactory.matchDeal, (to, units)));
    }

    function tokensReceived(address, address, uint256) external {}
}
