// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {CoreTestBase} from "./CoreTestBase.sol";
import {Core} from "../../contracts/core/Core.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";

contract CoreSetModulesTest is CoreTestBase {
    Core internal fresh;
    address internal m = makeAddr("market");
    address internal c = makeAddr("capacity");
    address internal v = makeAddr("verifier");

    function setUp() public override {
        super.setUp();
        fresh = newCore(owner, treasury, block.timestamp + 1, EPOCH_DURATION, defaultParams());
    }

    function test_setModules_fixtureIsWired() public view {
        assertEq(core.market(), address(market));
        assertEq(core.capacity(), address(capacity));
        assertEq(core.verifier(), address(verifier));
    }

    function test_setModules_setsAndEmits() public {
        vm.expectEmit(address(fresh));
        emit ICore.ModulesSet(m, c, v);
        vm.prank(owner);
        fresh.setModules(m, c, v);
        assertEq(fresh.market(), m);
        assertEq(fresh.capacity(), c);
        assertEq(fresh.verifier(), v);
    }

    function test_setModules_revertsWhenAlreadySet() public {
        vm.startPrank(owner);
        fresh.setModules(m, c, v);
        vm.expectRevert(ICore.ModulesAlreadySet.selector);
        fresh.setModules(stranger, stranger, stranger);
        vm.expectRevert(ICore.ModulesAlreadySet.selector);
        core.setModules(m, c, v);
        vm.stopPrank();
        assertEq(fresh.market(), m);
    }

    function test_setModules_revertsOnZeroMarket() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        vm.prank(owner);
        fresh.setModules(address(0), c, v);
    }

    function test_setModules_revertsOnZeroCapacity() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        vm.prank(owner);
        fresh.setModules(m, address(0), v);
    }

    function test_setModules_revertsOnZeroVerifier() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        vm.prank(owner);
        fresh.setModules(m, c, address(0));
    }

    function test_setModules_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        fresh.setModules(m, c, v);
    }
}
