// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {CoreTestBase} from "./CoreTestBase.sol";
import {Core} from "../../contracts/core/Core.sol";
import {Market} from "../../contracts/market/Market.sol";
import {Capacity} from "../../contracts/capacity/Capacity.sol";
import {ProtocolModule} from "../../contracts/core/ProtocolModule.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";

/// @notice Two-step ownership of the Core, which every module follows.
contract CoreOwnershipTest is CoreTestBase {
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    address internal newOwner = makeAddr("newOwner");

    function transfer() internal {
        vm.prank(owner);
        core.transferOwnership(newOwner);
        vm.prank(newOwner);
        core.acceptOwnership();
    }

    function implementation(address proxy) internal view returns (address) {
        return address(uint160(uint256(vm.load(proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }

    function test_transferOwnership_startsAndEmits() public {
        vm.expectEmit(address(core));
        emit OwnershipTransferStarted(owner, newOwner);
        vm.prank(owner);
        core.transferOwnership(newOwner);
        assertEq(core.pendingOwner(), newOwner);
        assertEq(core.owner(), owner);
    }

    function test_transferOwnership_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.transferOwnership(stranger);
    }

    function test_acceptOwnership_completesAndEmits() public {
        vm.prank(owner);
        core.transferOwnership(newOwner);
        vm.expectEmit(address(core));
        emit OwnershipTransferred(owner, newOwner);
        vm.prank(newOwner);
        core.acceptOwnership();
        assertEq(core.owner(), newOwner);
        assertEq(core.pendingOwner(), address(0));
    }

    function test_acceptOwnership_revertsForTheWrongAccount() public {
        vm.prank(owner);
        core.transferOwnership(newOwner);
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.acceptOwnership();
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        core.acceptOwnership();
        assertEq(core.owner(), owner);
    }

    function test_acceptOwnership_revertsWithoutTransfer() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, newOwner));
        vm.prank(newOwner);
        core.acceptOwnership();
    }

    function test_transferOwnership_aNewTransferReplacesThePendingOne() public {
        vm.startPrank(owner);
        core.transferOwnership(stranger);
        core.transferOwnership(newOwner);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.acceptOwnership();
        vm.prank(newOwner);
        core.acceptOwnership();
        assertEq(core.owner(), newOwner);
    }

    /// @notice Until accepted, the pending owner administers nothing and the current owner keeps every right.
    function test_pendingOwnerHasNoRights() public {
        vm.prank(owner);
        core.transferOwnership(newOwner);
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, newOwner));
        vm.prank(newOwner);
        core.setTreasury(newOwner);
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, newOwner));
        vm.prank(newOwner);
        capacity.withdrawRewardReserve(1 ether);
        vm.prank(owner);
        capacity.withdrawRewardReserve(1 ether);
        assertEq(stake.balanceOf(treasury), 1 ether);
    }

    function test_newOwnerAdministersCore() public {
        transfer();
        vm.prank(newOwner);
        core.setParam(ICore.Param.RewardPerEpoch, 1);
        assertEq(core.paramsAt(1).rewardPerEpoch, 1);
        vm.prank(newOwner);
        core.setTreasury(stranger);
        assertEq(core.treasury(), stranger);

        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        core.setParam(ICore.Param.RewardPerEpoch, 2);
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        core.setAllowlistEnabled(true);
    }

    function test_newOwnerAdministersCapacity() public {
        transfer();
        vm.prank(newOwner);
        capacity.withdrawRewardReserve(1 ether);
        assertEq(stake.balanceOf(treasury), 1 ether);

        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, owner));
        vm.prank(owner);
        capacity.withdrawRewardReserve(1 ether);
    }

    function test_newOwnerAdministersMarket() public {
        Market fresh = Market(deployProxy(address(deployMarketImpl(core)), abi.encodeCall(Market.initialize, ())));
        transfer();
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, owner));
        vm.prank(owner);
        fresh.setCapacity(address(capacity));
        vm.prank(newOwner);
        fresh.setCapacity(address(capacity));
        assertEq(fresh.capacity(), address(capacity));
    }

    function test_newOwnerUpgradesEveryContract() public {
        transfer();
        address coreImpl = address(deployCoreImpl());
        address marketImpl = address(deployMarketImpl(core));
        address capacityImpl = address(deployCapacityImpl(core, market, stake, address(dealFactory)));

        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        core.upgradeToAndCall(coreImpl, "");
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, owner));
        vm.prank(owner);
        market.upgradeToAndCall(marketImpl, "");
        vm.expectRevert(abi.encodeWithSelector(ProtocolModule.NotProtocolOwner.selector, owner));
        vm.prank(owner);
        capacity.upgradeToAndCall(capacityImpl, "");

        vm.startPrank(newOwner);
        core.upgradeToAndCall(coreImpl, "");
        market.upgradeToAndCall(marketImpl, "");
        capacity.upgradeToAndCall(capacityImpl, "");
        vm.stopPrank();
        assertEq(implementation(address(core)), coreImpl);
        assertEq(implementation(address(market)), marketImpl);
        assertEq(implementation(address(capacity)), capacityImpl);
    }
}

/// @notice Renouncing would leave the protocol without anyone able to upgrade or administer it.
contract CoreRenounceOwnershipTest is CoreTestBase {
    function test_renounceOwnership_reverts() public {
        vm.expectRevert(ICore.RenounceDisabled.selector);
        vm.prank(owner);
        core.renounceOwnership();
        assertEq(core.owner(), owner);
    }

    function test_renounceOwnership_revertsWhenNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        core.renounceOwnership();
    }
}
