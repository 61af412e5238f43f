// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Market} from "../../contracts/market/Market.sol";

contract MarketInitializeTest is Fixture {
    function test_initialize_wiresTheCore() public view {
        assertEq(address(market.core()), address(core));
        assertEq(market.offerCount(), 0);
    }

    function test_initialize_revertsWhenCalledTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        market.initialize();
    }

    function test_initialize_implementationCannotBeInitialized() public {
        Market impl = Market(address(uint160(uint256(vm.load(address(market), ERC1967Utils.IMPLEMENTATION_SLOT)))));
        assertEq(address(impl.core()), address(core));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize();
        Market fresh = deployMarketImpl(core);
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        fresh.initialize();
    }
}
