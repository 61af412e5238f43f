// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";
import {Billing} from "../../contracts/libraries/DealBilling.sol";
import {HostileToken} from "../utils/HostileToken.sol";
import {Reenterer} from "../utils/Reenterer.sol";

/// @notice A deal paid in a token that calls the sender and the recipient during a transfer (ERC-777 style), the
/// fixture's provider's CU matched to it, and a hook that re-enters once armed.
abstract contract HookedDealBase is DealBase {
    HostileToken internal hot;
    Reenterer internal hook;
    bytes32 internal unit;
    Deal internal theDeal;

    function setUp() public override {
        super.setUp();
        hot = new HostileToken("Hooked", "HOOK", 6);
        hook = new Reenterer();
        unit = activeUnits(1)[0];
        payIn(unit);
        hot.mint(developer, 1e30);
        hot.mint(provider, 1e30);
        vm.prank(developer);
        hot.approve(address(dealFactory), type(uint256).max);
        theDeal = createHotDeal(false);
        matchDeal(theDeal, one(unit));
        vm.prank(developer);
        hot.approve(address(theDeal), type(uint256).max);
        vm.prank(provider);
        hot.approve(address(theDeal), type(uint256).max);
    }

    /// @notice The offer of `unitId` takes the hooked token.
    function payIn(bytes32 unitId) internal {
        uint256 offerId = market.unit(unitId).offerId;
        vm.prank(provider);
        market.setOfferToken(offerId, address(hot));
    }

    function createHotDeal(bool selfMatching) internal returns (Deal) {
        IDealFactory.DealParams memory p = dealParams(1, 1);
        p.paymentToken = address(hot);
        p.openToSelfMatching = selfMatching;
        return createDeal(p);
    }

    function expectRefused() internal view {
        assertTrue(hook.fired(), "the hook ran");
        assertFalse(hook.succeeded(), "re-entry refused");
        assertEq(hook.result(), abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
    }

    /// @notice The deal's billed workers are the workers its providers are paid for, and it holds its balance plus
    /// the pay it owes.
    function assertBooks(uint256 workers) internal view {
        Billing memory b = theDeal.billing();
        IDeal.ProviderPay memory pay = theDeal.providerPay(provider);
        assertEq(b.workers, workers, "workers billed");
        assertEq(pay.workers, workers, "workers paid for");
        assertEq(hot.balanceOf(address(theDeal)), b.balance + pay.due, "held == balance + pay due");
    }
}
