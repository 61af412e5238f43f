// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {CapacityBase} from "./CapacityBase.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {HostileToken} from "../utils/HostileToken.sol";
import {Reenterer} from "../utils/Reenterer.sol";

/// @notice The capacity module over a staking token that misbehaves: fees, hooks that re-enter, blocked recipients,
/// failures reported as `false`, rebases. Collateral arrives whole or not at all, finishing never depends on a
/// recipient, and `liabilities` (what the module owes) stays exact, so that only true surplus is ever swept.
/// Also sweepSurplus and withdrawCollateral.
contract CapacityStakingTokenTest is CapacityBase {
    HostileToken internal hostile;

    /// @dev The fixture's protocol again, on a hostile staking token (plain until a test switches something on).
    function setUp() public override {
        super.setUp();
        hostile = new HostileToken("Hostile stake", "HST", _decimals());
        (core, market, capacity, verifier, dealFactory) =
            deployProtocol(owner, treasury, block.timestamp + 1, defaultParams(), IERC20(address(hostile)));
        address[3] memory holders = [owner, delegator, stranger];
        for (uint256 i; i < holders.length; ++i) {
            hostile.mint(holders[i], 1_000_000 ether);
            vm.prank(holders[i]);
            hostile.approve(address(capacity), type(uint256).max);
        }
        vm.prank(owner);
        capacity.fundRewards(RESERVE);
        vm.prank(provider);
        market.registerProvider("provider", hex"01");
    }

    /// @dev Amounts are in the token's units whatever its decimals: the suites below run these tests again over a
    /// token with 0 and one with 24 decimals.
    function _decimals() internal pure virtual returns (uint8) {
        return 18;
    }

    /// @notice The module holds exactly what it owes, plus `surplus`.
    function assertBooks(uint256 surplus) internal view {
        assertEq(hostile.balanceOf(address(capacity)), capacity.liabilities() + surplus, "held == owed + surplus");
    }

    /// @notice A commitment of one CU that ends after MIN_DURATION epochs in which it failed every epoch but the
    /// last ones (it is slashed), finished-ready: the clock is at its end.
    function endedCommitment() internal returns (uint256 id) {
        bytes32[] memory units;
        (id,, units) = activeCommitment(1, MIN_DURATION);
        proveEpochs(units, epoch(), epoch() + MIN_DURATION);
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.Inactive));
    }

    // ------------------------------------------------------------------ fees

    function test_depositCollateral_refusesAFeeTakingToken() public {
        (, bytes32 peerId,) = registerPeer(2);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        hostile.setFee(100);
        uint256 amount = 2 * COLLATERAL_PER_UNIT;
        vm.expectRevert(abi.encodeWithSelector(ICapacity.TransferShortfall.selector, amount, amount * 99 / 100));
        deposit(id);
        assertEq(uint256(capacity.commitment(id).stage), uint256(ICapacity.Stage.WaitDelegation));
        assertBooks(0);
    }

    function test_fundRewards_creditsWhatArrives() public {
        hostile.setFee(250);
        uint256 liabilities = capacity.liabilities();
        vm.expectEmit(address(capacity));
        emit ICapacity.RewardsFunded(stranger, 975 ether);
        vm.prank(stranger);
        capacity.fundRewards(1000 ether);
        assertEq(capacity.rewardReserve(), RESERVE + 975 ether);
        assertEq(capacity.liabilities(), liabilities + 975 ether);
        assertBooks(0);
    }

    // ------------------------------------------------------------------ recipients that refuse

    /// @notice A delegator the token blocks: finishing still releases the peer; the collateral is held for it, and
    /// it withdraws it to another address of its choice.
    function test_finishCommitment_holdsTheCollateralOfABlockedDelegator() public {
        uint256 id = endedCommitment();
        hostile.setBlocked(delegator, true);
        uint256 returned = COLLATERAL_PER_UNIT;
        vm.expectEmit(address(capacity));
        emit ICapacity.CollateralHeld(id, delegator, returned);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentFinished(id, returned, 0, 0);
        vm.prank(stranger);
        capacity.finishCommitment(id);
        assertFalse(capacity.locksPeer(id), "the peer is free");
        assertBooks(0);

        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotDelegator.selector, stranger));
        vm.prank(stranger);
        capacity.withdrawCollateral(id, stranger);
        address cold = makeAddr("delegator's other wallet");
        vm.expectEmit(address(capacity));
        emit ICapacity.CollateralWithdrawn(id, cold, returned);
        vm.prank(delegator);
        capacity.withdrawCollateral(id, cold);
        assertEq(hostile.balanceOf(cold), returned);
        assertBooks(0);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NothingToWithdraw.selector, id));
        vm.prank(delegator);
        capacity.withdrawCollateral(id, cold);
    }

    /// @notice A token that reports a failed transfer by returning false is handled as one that reverts.
    function test_finishCommitment_holdsTheCollateralWhenTheTokenReturnsFalse() public {
        uint256 id = endedCommitment();
        hostile.setBlocked(delegator, true);
        hostile.setReturnsFalse(true);
        capacity.finishCommitment(id);
        assertEq(uint256(capacity.commitment(id).stage), uint256(ICapacity.Stage.Finished));
        hostile.setBlocked(delegator, false);
        vm.prank(delegator);
        capacity.withdrawCollateral(id, delegator);
        assertBooks(0);
    }

    /// @notice Slashed collateral the treasury cannot take stays as surplus, swept to the treasury later.
    function test_finishCommitment_slashedCollateralTheTreasuryRefusesIsSurplus() public {
        (uint256 id,,) = activeCommitment(1, MIN_DURATION);
        goToEpoch(epoch() + 2); // two failed epochs
        hostile.setBlocked(treasury, true);
        goToEpoch(capacity.commitment(id).endEpoch);
        capacity.finishCommitment(id);
        uint256 slashed = capacity.accounting(id).slashed;
        assertGt(slashed, 0);
        assertBooks(slashed);
        vm.expectRevert(abi.encodeWithSelector(HostileToken.Blocked.selector, treasury));
        capacity.sweepSurplus();
        address newTreasury = makeAddr("new treasury");
        vm.prank(owner);
        core.setTreasury(newTreasury);
        vm.expectEmit(address(capacity));
        emit ICapacity.SurplusSwept(newTreasury, slashed);
        assertEq(capacity.sweepSurplus(), slashed);
        assertEq(hostile.balanceOf(newTreasury), slashed);
        assertBooks(0);
    }

    // ------------------------------------------------------------------ surplus

    function test_sweepSurplus_sendsOnlyWhatIsNotOwed() public {
        (uint256 id,, bytes32[] memory units) = activeCommitment(2, MIN_DURATION);
        proveEpochs(units, epoch(), epoch() + 2);
        vm.expectRevert(
            abi.encodeWithSelector(ICapacity.NoSurplus.selector, capacity.liabilities(), capacity.liabilities())
        );
        capacity.sweepSurplus();

        vm.prank(stranger);
        assertTrue(hostile.transfer(address(capacity), 7 ether)); // sent by mistake
        hostile.rebase(101, 100); // and a positive rebase
        uint256 surplus = hostile.balanceOf(address(capacity)) - capacity.liabilities();
        assertGt(surplus, 7 ether);
        vm.prank(stranger);
        assertEq(capacity.sweepSurplus(), surplus);
        assertEq(hostile.balanceOf(treasury), surplus);
        assertBooks(0);

        // everything owed is still there: rewards, collateral and the reserve
        goToEpoch(capacity.commitment(id).endEpoch + VESTING * 2);
        capacity.finishCommitment(id);
        vm.prank(provider);
        capacity.withdrawRewards(id);
        vm.prank(delegator);
        capacity.withdrawRewards(id);
        uint256 reserve = capacity.rewardReserve();
        vm.prank(owner);
        capacity.withdrawRewardReserve(reserve);
        assertEq(capacity.liabilities(), 0, "nothing owed");
        assertEq(hostile.balanceOf(address(capacity)), 0, "nothing left");
    }

    // ------------------------------------------------------------------ hooks

    /// @notice A delegator's hook re-entering the module while its collateral is pulled is refused: a second
    /// transfer in the middle of the first would count the same tokens twice.
    function test_depositCollateral_refusesReentryFromTheSendersHook() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        Reenterer hook = new Reenterer();
        hostile.setHook(delegator, hook);
        hook.arm(true, delegator, address(capacity), abi.encodeCall(ICapacity.fundRewards, (1 ether)));
        deposit(id);
        assertTrue(hook.fired());
        assertFalse(hook.succeeded());
        assertEq(hook.result(), abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
        assertEq(capacity.rewardReserve(), RESERVE);
        assertBooks(0);
    }

    /// @notice A delegator's receiving hook cannot re-enter while finishing pays it, and finishing completes.
    function test_finishCommitment_refusesReentryFromTheRecipientsHook() public {
        uint256 id = endedCommitment();
        Reenterer hook = new Reenterer();
        hostile.setHook(delegator, hook);
        hook.arm(false, delegator, address(capacity), abi.encodeCall(ICapacity.withdrawCollateral, (id, delegator)));
        capacity.finishCommitment(id);
        assertTrue(hook.fired());
        assertFalse(hook.succeeded());
        assertEq(uint256(capacity.commitment(id).stage), uint256(ICapacity.Stage.Finished));
        assertBooks(0);
    }

    // ------------------------------------------------------------------ errors

    function test_withdrawCollateral_revertsUnknownCommitment() public {
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnknownCommitment.selector, 99));
        capacity.withdrawCollateral(99, delegator);
    }

    function test_withdrawCollateral_revertsWhenNothingIsHeld() public {
        uint256 id = endedCommitment();
        capacity.finishCommitment(id);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NothingToWithdraw.selector, id));
        vm.prank(delegator);
        capacity.withdrawCollateral(id, delegator);
    }
}

/// @notice The same tests over a staking token without decimals.
contract CapacityStakingTokenNoDecimalsTest is CapacityStakingTokenTest {
    function _decimals() internal pure override returns (uint8) {
        return 0;
    }
}

/// @notice The same tests over a staking token with 24 decimals.
contract CapacityStakingTokenWideDecimalsTest is CapacityStakingTokenTest {
    function _decimals() internal pure override returns (uint8) {
        return 24;
    }
}
