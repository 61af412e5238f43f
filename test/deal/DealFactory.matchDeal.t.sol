// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {TestToken} from "../../contracts/dev/TestToken.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";

contract DealFactoryMatchDealTest is DealBase {
    address internal provider2 = makeAddr("provider2");
    address internal operator2 = makeAddr("operator2");

    bytes32[] internal units;
    bytes32[] internal peers;
    Deal internal theDeal;

    /// @dev Two one-CU peers of the fixture's provider, active in the current epoch, and a deal for 3 workers, at
    /// most 2 per provider, closed to self-matching.
    function setUp() public override {
        super.setUp();
        (units, peers) = activePeers(2);
        theDeal = createDeal(3, 2);
    }

    /// @notice A deal like the set-up one, open to self-matching.
    function openDeal() internal returns (Deal) {
        IDealFactory.DealParams memory p = dealParams(3, 2);
        p.openToSelfMatching = true;
        return createDeal(p);
    }

    /// @notice A deal like the set-up one whose access list in `mode` holds `listed`.
    function dealWithAccess(IDeal.AccessMode mode, address listed) internal returns (Deal) {
        IDealFactory.DealParams memory p = dealParams(3, 2);
        p.accessMode = mode;
        p.accessList = new address[](1);
        p.accessList[0] = listed;
        return createDeal(p);
    }

    /// @notice `caller` offers `unitId` to `target`, which skips it for `reason` and changes nothing.
    function expectSkipped(Deal target, address caller, bytes32 unitId, IDeal.MatchResult reason) internal {
        uint256 count = target.unitCount();
        uint256 providerUnits = target.providerPay(provider).units;
        address dealBefore = capacity.dealOf(unitId);
        vm.expectEmit(address(target));
        emit IDeal.UnitSkipped(unitId, reason);
        vm.prank(caller);
        assertEq(dealFactory.matchDeal(address(target), one(unitId)), 0);
        assertEq(target.unitCount(), count);
        assertEq(target.providerPay(provider).units, providerUnits);
        assertEq(capacity.dealOf(unitId), dealBefore);
    }

    /// @notice The developer matches `unitId` into `target`, which takes it.
    function expectMatched(Deal target, bytes32 unitId, bytes32 peerId) internal {
        vm.expectEmit(address(target));
        emit IDeal.UnitMatched(unitId, peerId, provider, developer);
        assertEq(matchDeal(target, one(unitId)), 1);
        assertEq(capacity.dealOf(unitId), address(target));
    }

    function test_matchDeal_byOwner() public {
        uint256[2] memory ids = [market.unit(units[0]).commitmentId, market.unit(units[1]).commitmentId];
        assertEq(capacity.accounting(ids[0]).activeUnits, 1);
        for (uint256 i; i < 2; ++i) {
            vm.expectEmit(address(capacity));
            emit ICapacity.UnitJoinedDeal(units[i], ids[i], address(theDeal), epoch());
            vm.expectEmit(address(theDeal));
            emit IDeal.UnitMatched(units[i], peers[i], provider, developer);
        }
        assertEq(matchDeal(theDeal, units), 2);

        assertEq(theDeal.unitCount(), 2);
        IDeal.ProviderPay memory pay = theDeal.providerPay(provider);
        assertEq(pay.units, 2);
        assertEq(pay.workers, 0);
        assertEq(pay.due, 0);
        for (uint256 i; i < 2; ++i) {
            assertEq(capacity.dealOf(units[i]), address(theDeal));
            assertEq(theDeal.unitOfPeer(peers[i]), units[i]);
            assertEq(theDeal.workerOfPeer(peers[i]), 0);
            assertEq(capacity.accounting(ids[i]).activeUnits, 0);
        }
        // the CU no longer proves
        ICapacity.Proof[] memory proofs = proofsFor(units[0], 1);
        vm.expectRevert(abi.encodeWithSelector(ICapacity.UnitInDeal.selector, units[0]));
        vm.prank(operator);
        capacity.submitProofs(proofs);
    }

    function test_matchDeal_skipsTargetReached() public {
        Deal small = createDeal(1, 1);
        vm.expectEmit(address(small));
        emit IDeal.UnitMatched(units[0], peers[0], provider, developer);
        vm.expectEmit(address(small));
        emit IDeal.UnitSkipped(units[1], IDeal.MatchResult.TargetReached);
        assertEq(matchDeal(small, units), 1);
        assertEq(small.unitCount(), 1);
        assertEq(capacity.dealOf(units[1]), address(0));

        expectSkipped(small, developer, units[1], IDeal.MatchResult.TargetReached);
    }

    function test_matchDeal_skipsUnknownUnit() public {
        expectSkipped(theDeal, developer, newId(), IDeal.MatchResult.UnknownUnit);
    }

    function test_matchDeal_skipsNotCallersUnit() public {
        expectSkipped(openDeal(), provider2, units[0], IDeal.MatchResult.NotCallersUnit);
    }

    function test_matchDeal_skipsPriceTooHigh() public {
        IDealFactory.DealParams memory p = dealParams(3, 2);
        p.pricePerWorkerEpoch = PRICE - 1;
        p.deposit = FLOOR_EPOCHS * 3 * (PRICE - 1);
        expectSkipped(createDeal(p), developer, units[0], IDeal.MatchResult.PriceTooHigh);

        // the offer's own price is enough
        p.pricePerWorkerEpoch = PRICE;
        p.deposit = FLOOR_EPOCHS * 3 * PRICE;
        expectMatched(createDeal(p), units[0], peers[0]);
    }

    function test_matchDeal_skipsWrongToken() public {
        TestToken eur = deployToken("EUR", "EUR", 6);
        eur.mint(developer, 1e30);
        vm.prank(developer);
        eur.approve(address(dealFactory), type(uint256).max);
        IDealFactory.DealParams memory p = dealParams(3, 2);
        p.paymentToken = address(eur);
        expectSkipped(createDeal(p), developer, units[0], IDeal.MatchResult.WrongToken);
    }

    function test_matchDeal_skipsMissingEffectors() public {
        bytes32[] memory offered = newIds(2);
        (bytes32[] memory withEffectors, bytes32[] memory peerIds) = committedPeers(provider, operator, 1, offered);
        nextEpoch();
        IDealFactory.DealParams memory p = dealParams(3, 2);
        p.effectors = new bytes32[](2);
        p.effectors[0] = offered[1];
        p.effectors[1] = newId();
        expectSkipped(createDeal(p), developer, withEffectors[0], IDeal.MatchResult.MissingEffectors);
        expectSkipped(createDeal(p), developer, units[0], IDeal.MatchResult.MissingEffectors);

        p.effectors = one(offered[1]);
        expectMatched(createDeal(p), withEffectors[0], peerIds[0]);
    }

    function test_matchDeal_skipsProviderNotAllowed_allowlist() public {
        expectSkipped(
            dealWithAccess(IDeal.AccessMode.Allowlist, stranger),
            developer,
            units[0],
            IDeal.MatchResult.ProviderNotAllowed
        );
        expectMatched(dealWithAccess(IDeal.AccessMode.Allowlist, provider), units[0], peers[0]);
    }

    function test_matchDeal_skipsProviderNotAllowed_denylist() public {
        expectSkipped(
            dealWithAccess(IDeal.AccessMode.Denylist, provider),
            developer,
            units[0],
            IDeal.MatchResult.ProviderNotAllowed
        );
        expectMatched(dealWithAccess(IDeal.AccessMode.Denylist, stranger), units[0], peers[0]);
    }

    function test_matchDeal_skipsPeerInDeal() public {
        (bytes32[] memory firsts, bytes32[] memory peerIds, bytes32[] memory seconds_) =
            committedPeers(provider, operator, 1, 2, new bytes32[](0));
        nextEpoch();
        expectMatched(theDeal, firsts[0], peerIds[0]);
        expectSkipped(theDeal, developer, seconds_[0], IDeal.MatchResult.PeerInDeal);
        assertEq(theDeal.unitOfPeer(peerIds[0]), firsts[0]);
    }

    function test_matchDeal_skipsPeerInDeal_withinOneCall() public {
        (bytes32[] memory firsts, bytes32[] memory peerIds, bytes32[] memory seconds_) =
            committedPeers(provider, operator, 1, 2, new bytes32[](0));
        nextEpoch();
        bytes32[] memory both = new bytes32[](2);
        both[0] = firsts[0];
        both[1] = seconds_[0];
        vm.expectEmit(address(theDeal));
        emit IDeal.UnitMatched(firsts[0], peerIds[0], provider, developer);
        vm.expectEmit(address(theDeal));
        emit IDeal.UnitSkipped(seconds_[0], IDeal.MatchResult.PeerInDeal);
        assertEq(matchDeal(theDeal, both), 1);
        assertEq(theDeal.unitCount(), 1);
        assertEq(capacity.dealOf(seconds_[0]), address(0));
    }

    /// @notice Regression: a CU returned from a deal could be matched into it again at once, so an owner could keep
    /// a provider's CU whatever the provider did. Its peer may rejoin only `rejoinDelay` epochs later (2 in the
    /// fixture), whoever returned it, and another CU of the same peer neither.
    function test_matchDeal_skipsRejoinTooSoon() public {
        (bytes32[] memory firsts, bytes32[] memory peerIds, bytes32[] memory seconds_) =
            committedPeers(provider, operator, 1, 2, new bytes32[](0));
        nextEpoch();
        assertEq(theDeal.terms().rejoinDelay, REJOIN_DELAY);
        expectMatched(theDeal, firsts[0], peerIds[0]);
        vm.prank(provider);
        theDeal.returnUnit(firsts[0]);
        uint256 returnedIn = epoch();
        assertEq(theDeal.unitOfPeer(peerIds[0]), bytes32(0), "the peer left");
        expectSkipped(theDeal, developer, firsts[0], IDeal.MatchResult.RejoinTooSoon);
        expectSkipped(theDeal, developer, seconds_[0], IDeal.MatchResult.RejoinTooSoon);
        goToEpoch(returnedIn + REJOIN_DELAY - 1);
        submit(seconds_[0], MIN_PROOFS);
        expectSkipped(theDeal, developer, firsts[0], IDeal.MatchResult.RejoinTooSoon);
        // other deals take it meanwhile
        Deal other = createDeal(3, 2);
        expectMatched(other, firsts[0], peerIds[0]);
        vm.prank(developer);
        other.returnUnit(firsts[0]);
        goToEpoch(returnedIn + REJOIN_DELAY);
        expectMatched(theDeal, seconds_[0], peerIds[0]);
    }

    /// @notice A deal created with no rejoin delay takes a returned CU back at once.
    function test_matchDeal_rejoinsAtOnceWithoutDelay() public {
        vm.prank(owner);
        core.setParam(ICore.Param.DealRejoinDelay, 0);
        nextEpoch();
        Deal quick = createDeal(3, 2);
        assertEq(quick.terms().rejoinDelay, 0);
        expectMatched(quick, units[0], peers[0]);
        vm.prank(developer);
        quick.returnUnit(units[0]);
        expectMatched(quick, units[0], peers[0]);
    }

    /// @notice Regression: matching did not check that the deal could pay, so a deal funded once with its floor kept
    /// capturing CUs after its money was gone. A deal whose current epoch went unpaid refuses to match.
    function test_matchDeal_revertsDealCannotPay_insufficientFunds() public {
        expectMatched(theDeal, units[0], peers[0]);
        setWorker(theDeal, units[0]);
        for (uint256 i; i < FLOOR_EPOCHS * 3 + 1; ++i) {
            submit(units[1], MIN_PROOFS); // the free CU keeps its commitment active
            nextEpoch(); // the floor pays 3 worker-epochs per target worker
        }
        assertEq(uint256(theDeal.status()), uint256(IDeal.Status.InsufficientFunds));
        vm.expectRevert(abi.encodeWithSelector(IDeal.DealCannotPay.selector, IDeal.Status.InsufficientFunds));
        vm.prank(developer);
        dealFactory.matchDeal(address(theDeal), one(units[1]));
        assertEq(capacity.dealOf(units[1]), address(0), "the CU stayed free");
        // the owner tops it up: its next epoch is paid, and it matches again
        approveDeal(theDeal);
        vm.prank(developer);
        theDeal.deposit(10 * DEAL_PRICE);
        submit(units[1], MIN_PROOFS);
        nextEpoch();
        expectMatched(theDeal, units[1], peers[1]);
    }

    /// @notice A deal whose balance went below its floor refuses to match until it is topped up.
    function test_matchDeal_revertsDealCannotPay_smallBalance() public {
        expectMatched(theDeal, units[0], peers[0]);
        setWorker(theDeal, units[0]);
        nextEpoch();
        assertEq(uint256(theDeal.status()), uint256(IDeal.Status.SmallBalance));
        vm.expectRevert(abi.encodeWithSelector(IDeal.DealCannotPay.selector, IDeal.Status.SmallBalance));
        vm.prank(developer);
        dealFactory.matchDeal(address(theDeal), one(units[1]));
        approveDeal(theDeal);
        vm.prank(developer);
        theDeal.deposit(DEAL_PRICE);
        expectMatched(theDeal, units[1], peers[1]);
    }

    function test_matchDeal_skipsProviderCapReached() public {
        Deal capped = createDeal(3, 1);
        vm.expectEmit(address(capped));
        emit IDeal.UnitMatched(units[0], peers[0], provider, developer);
        vm.expectEmit(address(capped));
        emit IDeal.UnitSkipped(units[1], IDeal.MatchResult.ProviderCapReached);
        assertEq(matchDeal(capped, units), 1);
        assertEq(capped.providerPay(provider).units, 1);

        expectSkipped(capped, developer, units[1], IDeal.MatchResult.ProviderCapReached);
    }

    function test_matchDeal_skipsUnitInDeal() public {
        expectMatched(theDeal, units[0], peers[0]);
        expectSkipped(createDeal(3, 2), developer, units[0], IDeal.MatchResult.UnitInDeal);
        assertEq(capacity.dealOf(units[0]), address(theDeal));
    }

    function test_matchDeal_skipsCommitmentNotActive_noCommitment() public {
        (,, bytes32[] memory uncommitted) = registerPeer(1);
        expectSkipped(theDeal, developer, uncommitted[0], IDeal.MatchResult.CommitmentNotActive);
    }

    function test_matchDeal_skipsCommitmentNotActive_waitingForCollateral() public {
        (, bytes32 peerId, bytes32[] memory waiting) = registerPeer(1);
        createCommitment(peerId, MIN_DURATION);
        expectSkipped(theDeal, developer, waiting[0], IDeal.MatchResult.CommitmentNotActive);
    }

    function test_matchDeal_skipsCommitmentNotActive_notYetStarted() public {
        (bytes32[] memory starting, bytes32[] memory peerIds) = committedPeers(provider, operator, 1, new bytes32[](0));
        expectSkipped(theDeal, developer, starting[0], IDeal.MatchResult.CommitmentNotActive);

        nextEpoch();
        expectMatched(theDeal, starting[0], peerIds[0]);
    }

    function test_matchDeal_selfMatching() public {
        (bytes32[] memory others, bytes32[] memory otherPeers) =
            committedPeers(provider2, operator2, 1, new bytes32[](0));
        nextEpoch();
        Deal open = openDeal();
        bytes32[] memory mixed = new bytes32[](2);
        mixed[0] = units[0];
        mixed[1] = others[0];

        vm.expectEmit(address(open));
        emit IDeal.UnitMatched(units[0], peers[0], provider, provider);
        vm.expectEmit(address(open));
        emit IDeal.UnitSkipped(others[0], IDeal.MatchResult.NotCallersUnit);
        vm.prank(provider);
        assertEq(dealFactory.matchDeal(address(open), mixed), 1);
        assertEq(capacity.dealOf(others[0]), address(0));

        vm.expectEmit(address(open));
        emit IDeal.UnitMatched(others[0], otherPeers[0], provider2, provider2);
        vm.prank(provider2);
        assertEq(dealFactory.matchDeal(address(open), others), 1);

        assertEq(open.unitCount(), 2);
        assertEq(open.providerPay(provider).units, 1);
        assertEq(open.providerPay(provider2).units, 1);
        assertEq(capacity.dealOf(others[0]), address(open));
    }

    function test_matchDeal_revertsNotMatcher() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotMatcher.selector, provider));
        vm.prank(provider);
        dealFactory.matchDeal(address(theDeal), units);
        assertEq(theDeal.unitCount(), 0);
        assertEq(capacity.dealOf(units[0]), address(0));
    }

    function test_matchDeal_revertsUnknownDeal() public {
        vm.expectRevert(abi.encodeWithSelector(IDealFactory.UnknownDeal.selector, address(dealImpl)));
        vm.prank(developer);
        dealFactory.matchDeal(address(dealImpl), units);

        vm.expectRevert(abi.encodeWithSelector(IDealFactory.UnknownDeal.selector, stranger));
        vm.prank(developer);
        dealFactory.matchDeal(stranger, units);
    }

    function test_matchDeal_revertsNoUnits() public {
        vm.expectRevert(IDealFactory.NoUnits.selector);
        vm.prank(developer);
        dealFactory.matchDeal(address(theDeal), new bytes32[](0));
    }

    function test_matchDeal_revertsDealEnded() public {
        vm.prank(developer);
        theDeal.stop();
        vm.expectRevert(IDeal.DealEnded.selector);
        vm.prank(developer);
        dealFactory.matchDeal(address(theDeal), units);
        assertEq(capacity.dealOf(units[0]), address(0));
    }

    function test_matchUnits_revertsNotFactory() public {
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotFactory.selector, developer));
        vm.prank(developer);
        theDeal.matchUnits(developer, units);
        assertEq(theDeal.unitCount(), 0);
    }
}
