// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CapacityBase} from "./CapacityBase.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";

contract CapacityCreateCommitmentTest is CapacityBase {
    function test_createCommitment_storesTheCommitment() public {
        goToEpoch(1);
        (, bytes32 peerId,) = registerPeer(3);

        vm.expectEmit(address(market));
        emit IMarket.PeerCommitmentSet(peerId, 1);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentCreated(1, peerId, provider, delegator, 3, 7, COLLATERAL_PER_UNIT, 2500);
        vm.prank(provider);
        uint256 id = capacity.createCommitment(peerId, 7, delegator, 2500);

        assertEq(id, 1);
        assertEq(capacity.commitmentCount(), 1);
        ICapacity.Commitment memory c = capacity.commitment(id);
        assertEq(c.peerId, peerId);
        assertEq(c.provider, provider);
        assertEq(c.delegator, delegator);
        assertEq(c.unitCount, 3);
        assertEq(c.duration, 7);
        assertEq(c.collateralPerUnit, COLLATERAL_PER_UNIT);
        assertEq(c.delegatorShareBps, 2500);
        assertEq(c.startEpoch, 0);
        assertEq(c.endEpoch, 0);
        assertEq(uint256(c.stage), uint256(ICapacity.Stage.WaitDelegation));
        assertEq(uint256(capacity.status(id)), uint256(ICapacity.Status.WaitDelegation));
        assertEq(market.peer(peerId).commitmentId, id);
        assertEq(stake.balanceOf(address(capacity)), RESERVE);
    }

    function test_createCommitment_numbersCommitmentsFromOne() public {
        (, bytes32 peerA,) = registerPeer(1);
        (, bytes32 peerB,) = registerPeer(2);
        assertEq(createCommitment(peerA, MIN_DURATION), 1);
        assertEq(createCommitment(peerB, MIN_DURATION), 2);
        assertEq(capacity.commitmentCount(), 2);
        assertEq(market.peer(peerA).commitmentId, 1);
        assertEq(market.peer(peerB).commitmentId, 2);
        assertEq(capacity.commitment(2).unitCount, 2);
    }

    function test_createCommitment_openDelegation() public {
        (, bytes32 peerId,) = registerPeer(2);
        vm.expectEmit(address(capacity));
        emit ICapacity.CommitmentCreated(1, peerId, provider, address(0), 2, MIN_DURATION, COLLATERAL_PER_UNIT, 0);
        uint256 id = createWith(peerId, MIN_DURATION, address(0), 0);
        assertEq(capacity.commitment(id).delegator, address(0));
        assertEq(capacity.commitment(id).delegatorShareBps, 0);
    }

    function test_createCommitment_worksInEpochZeroAndAdvancesTheEpochLazily() public {
        (, bytes32 peerId,) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.EpochNotAdvanced.selector, 0));
        capacity.epochChallenge();
        createCommitment(peerId, MIN_DURATION);
        (uint256 e,, uint256 difficulty) = capacity.epochChallenge();
        assertEq(e, 0);
        assertEq(difficulty, DIFFICULTY);
    }

    function test_createCommitment_snapshotsAStaleEpoch() public {
        goToEpoch(1);
        bytes32 previous = globalNonce();
        warpToEpoch(2);
        (, bytes32 peerId,) = registerPeer(1);
        bytes32 expected = expectedNonce(previous, 2);
        vm.expectEmit(address(capacity));
        emit ICapacity.EpochAdvanced(2, expected, DIFFICULTY);
        createCommitment(peerId, MIN_DURATION);
        (uint256 e,,) = capacity.epochChallenge();
        assertEq(e, 2);
    }

    /// @notice collateralPerUnit is the value in force at creation; later changes do not affect the commitment.
    /// @notice A commitment shows the collateral price of its creation until its collateral comes in, at the price
    /// of that epoch: a commitment left waiting cannot lock in an old (cheaper) price.
    function test_createCommitment_collateralPriceIsTheDepositEpochs() public {
        goToEpoch(1);
        (, bytes32 peerId,) = registerPeer(3);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        setParam(ICore.Param.CollateralPerUnit, 250 ether);
        nextEpoch();

        assertEq(capacity.commitment(id).collateralPerUnit, COLLATERAL_PER_UNIT);
        uint256 balance = stake.balanceOf(delegator);
        deposit(id);
        assertEq(balance - stake.balanceOf(delegator), 3 * 250 ether);
        assertEq(capacity.commitment(id).collateralPerUnit, 250 ether);

        (, bytes32 peerB,) = registerPeer(2);
        uint256 idB = createCommitment(peerB, MIN_DURATION);
        assertEq(capacity.commitment(idB).collateralPerUnit, 250 ether);
    }

    function test_createCommitment_durationBounds() public {
        (, bytes32 peerA,) = registerPeer(1);
        (, bytes32 peerB,) = registerPeer(1);
        assertEq(capacity.commitment(createCommitment(peerA, MIN_DURATION)).duration, MIN_DURATION);
        uint256 longest = capacity.MAX_DURATION();
        assertEq(capacity.commitment(createCommitment(peerB, longest)).duration, longest);
    }

    function test_createCommitment_shareBound() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createWith(peerId, MIN_DURATION, delegator, BPS);
        assertEq(capacity.commitment(id).delegatorShareBps, BPS);
    }

    function test_createCommitment_usesTheMinimumDurationOfTheCurrentEpoch() public {
        goToEpoch(1);
        (, bytes32 peerA,) = registerPeer(1);
        (, bytes32 peerB,) = registerPeer(1);
        setParam(ICore.Param.MinCommitmentDuration, 8);
        createCommitment(peerA, MIN_DURATION); // the new minimum applies from the next epoch
        nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(ICapacity.DurationTooShort.selector, 7, 8));
        vm.prank(provider);
        capacity.createCommitment(peerB, 7, delegator, 0);
        createCommitment(peerB, 8);
    }

    function test_createCommitment_revertsUnknownPeer() public {
        bytes32 peerId = keccak256("nobody");
        vm.expectRevert(abi.encodeWithSelector(IMarket.UnknownPeer.selector, peerId));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);
    }

    function test_createCommitment_revertsNotProvider() public {
        (, bytes32 peerId,) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotProvider.selector, stranger));
        vm.prank(stranger);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);

        vm.expectRevert(abi.encodeWithSelector(ICapacity.NotProvider.selector, operator));
        vm.prank(operator);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);
        assertEq(capacity.commitmentCount(), 0);
    }

    function test_createCommitment_revertsPeerAlreadyCommitted() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 id = createCommitment(peerId, MIN_DURATION);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.PeerAlreadyCommitted.selector, peerId, id));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);

        deposit(id);
        goToEpoch(2);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.PeerAlreadyCommitted.selector, peerId, id));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);
    }

    function test_createCommitment_revertsPeerHasNoUnits() public {
        (, bytes32 peerId,) = registerPeer(0);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.PeerHasNoUnits.selector, peerId));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);
    }

    function test_createCommitment_revertsPeerHasNoUnitsAfterTheyWereRemoved() public {
        (, bytes32 peerId, bytes32[] memory units) = registerPeer(2);
        vm.prank(provider);
        market.removeUnits(peerId, units);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.PeerHasNoUnits.selector, peerId));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, 0);
    }

    function test_createCommitment_revertsDurationTooShort() public {
        (, bytes32 peerId,) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.DurationTooShort.selector, MIN_DURATION - 1, MIN_DURATION));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION - 1, delegator, 0);

        vm.expectRevert(abi.encodeWithSelector(ICapacity.DurationTooShort.selector, 0, MIN_DURATION));
        vm.prank(provider);
        capacity.createCommitment(peerId, 0, delegator, 0);
    }

    function test_createCommitment_revertsDurationTooLong() public {
        (, bytes32 peerId,) = registerPeer(1);
        uint256 duration = capacity.MAX_DURATION() + 1;
        vm.expectRevert(abi.encodeWithSelector(ICapacity.DurationTooLong.selector, duration));
        vm.prank(provider);
        capacity.createCommitment(peerId, duration, delegator, 0);

        vm.expectRevert(abi.encodeWithSelector(ICapacity.DurationTooLong.selector, type(uint256).max));
        vm.prank(provider);
        capacity.createCommitment(peerId, type(uint256).max, delegator, 0);
    }

    function test_createCommitment_revertsShareTooHigh() public {
        (, bytes32 peerId,) = registerPeer(1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.ShareTooHigh.selector, BPS + 1));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, BPS + 1);

        vm.expectRevert(abi.encodeWithSelector(ICapacity.ShareTooHigh.selector, type(uint256).max));
        vm.prank(provider);
        capacity.createCommitment(peerId, MIN_DURATION, delegator, type(uint256).max);
    }
}
