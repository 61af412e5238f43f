// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CommonBase} from "forge-std/Base.sol";
import {StdAssertions} from "forge-std/StdAssertions.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {Capacity} from "../../../contracts/capacity/Capacity.sol";
import {TestToken} from "../../../contracts/dev/TestToken.sol";
import {ICapacity} from "../../../contracts/interfaces/ICapacity.sol";
import {IMarket} from "../../../contracts/interfaces/IMarket.sol";
import {Prover} from "../../utils/Prover.sol";
import {CapacityHandler} from "./CapacityHandler.sol";

/// @notice Attacks the capacity module next to the honest actors of CapacityHandler, on its clock: arbitrary
/// callers, unknown, zero and foreign ids, proof arrays that must not count (CU 0, others' CUs, reused nonces),
/// calls from the wrong role and in the wrong order, peers registered under the keys honest providers are about to
/// use, tokens sent to the module and sweeps. Every call that must fail is made with a low-level call and asserted
/// to have failed (the run stops if an attack succeeds); what may succeed (a donation, a sweep of it, a squatted
/// key) leaves the honest actors' state alone, and its effect on balances is in the ghosts below.
contract CapacityAttacker is CommonBase, StdAssertions, StdUtils {
    CapacityHandler internal immutable honest;
    Market internal immutable market;
    Capacity internal immutable capacity;
    TestToken internal immutable stake;
    address internal immutable owner;
    address internal immutable provider;
    address internal immutable operator;
    address public immutable attacker;

    uint256 public ghostDonated;
    uint256 public ghostSwept;
    mapping(string action => uint256) public tried;

    constructor(
        CapacityHandler honest_,
        Market market_,
        Capacity capacity_,
        TestToken stake_,
        address owner_,
        address provider_,
        address operator_,
        address attacker_
    ) {
        honest = honest_;
        market = market_;
        capacity = capacity_;
        stake = stake_;
        owner = owner_;
        provider = provider_;
        operator = operator_;
        attacker = attacker_;
    }

    /// @dev The honest handler owns the clock.
    modifier synced() {
        vm.warp(honest.time());
        vm.roll(honest.blockNumber());
        _;
    }

    // ------------------------------------------------------------------ proofs that must not count

    /// @notice Valid-hash proofs for CU 0, alone or at the head of the operator's valid proofs, from anyone.
    function proveUnitZero(uint256 callerSeed, uint256 countSeed, bool atHead) external synced {
        (bool advanced, uint256 epoch, bytes32 globalNonce, uint256 difficulty) = _challenge();
        if (!advanced) return;
        uint256 count = _bound(countSeed, 1, 4);
        (ICapacity.Proof[] memory zeros,) = Prover.find(globalNonce, difficulty, bytes32(0), count, 0);
        ICapacity.Proof[] memory batch = zeros;
        bytes32[] memory units = honest.unitIds();
        if (atHead && units.length != 0) {
            bytes32 unitId = units[countSeed % units.length];
            ICapacity.UnitState memory st = capacity.unitState(unitId);
            uint256 from = st.epoch == epoch ? st.nextNonce : 0;
            (ICapacity.Proof[] memory valid,) = Prover.find(globalNonce, difficulty, unitId, 1, from);
            batch = new ICapacity.Proof[](count + 1);
            for (uint256 i; i < count; ++i) {
                batch[i] = zeros[i];
            }
            batch[count] = valid[0];
        }
        _refused(_anyone(callerSeed), address(capacity), abi.encodeCall(ICapacity.submitProofs, (batch)));
        ++tried["proveUnitZero"];
    }

    /// @notice Valid proofs for an honest CU, sent by someone who does not operate its peer.
    function proveForeignUnit(uint256 unitSeed, uint256 callerSeed) external synced {
        (bool advanced, uint256 epoch, bytes32 globalNonce, uint256 difficulty) = _challenge();
        bytes32[] memory units = honest.unitIds();
        if (!advanced || units.length == 0) return;
        bytes32 unitId = units[unitSeed % units.length];
        ICapacity.UnitState memory st = capacity.unitState(unitId);
        uint256 from = st.epoch == epoch ? st.nextNonce : 0;
        (ICapacity.Proof[] memory proofs,) = Prover.find(globalNonce, difficulty, unitId, 1, from);
        address caller = callerSeed % 2 == 0 ? attacker : owner;
        _refused(caller, address(capacity), abi.encodeCall(ICapacity.submitProofs, (proofs)));
        ++tried["proveForeignUnit"];
    }

    /// @notice The operator replays a nonce of a CU that already proved in this epoch.
    function proveReusedNonce(uint256 unitSeed) external synced {
        (bool advanced, uint256 epoch,,) = _challenge();
        bytes32[] memory units = honest.unitIds();
        if (!advanced || units.length == 0) return;
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[(unitSeed % units.length + i) % units.length];
            ICapacity.UnitState memory st = capacity.unitState(unitId);
            // a nonce counts once per epoch: only a CU that proved in this epoch has one to replay
            if (st.epoch != epoch || st.deal != address(0) || st.proofs == 0) continue;
            ICapacity.Proof[] memory proofs = new ICapacity.Proof[](1);
            proofs[0] = ICapacity.Proof(unitId, bytes32(st.nextNonce - 1));
            _refused(operator, address(capacity), abi.encodeCall(ICapacity.submitProofs, (proofs)));
            ++tried["proveReusedNonce"];
            return;
        }
    }

    // ------------------------------------------------------------------ ids that name nothing

    /// @notice Commitment calls with id 0 or an id past the last one, by anyone.
    function callUnknownCommitment(uint256 fnSeed, uint256 idSeed, uint256 callerSeed) external synced {
        uint256 id = idSeed % 2 == 0 ? 0 : capacity.commitmentCount() + 1 + _bound(idSeed >> 1, 0, 1000);
        _refused(_anyone(callerSeed), address(capacity), _commitmentCall(fnSeed, id));
        ++tried["callUnknownCommitment"];
    }

    /// @notice A commitment for a peer that does not exist, or for a peer of another provider.
    function commitForeignPeer(uint256 peerSeed) external synced {
        bytes32[] memory peers = honest.peerIds();
        bytes32 peerId =
            peerSeed % 3 == 0 || peers.length == 0 ? keccak256(abi.encode(peerSeed)) : peers[peerSeed % peers.length];
        _refused(attacker, address(capacity), abi.encodeCall(ICapacity.createCommitment, (peerId, 1_000, attacker, 0)));
        ++tried["commitForeignPeer"];
    }

    // ------------------------------------------------------------------ the wrong role, the wrong order

    /// @notice Calls on an honest commitment that only another role, or another stage, may make.
    function callAsWrongRole(uint256 fnSeed, uint256 idSeed) external synced {
        uint256[] memory ids = honest.commitmentIds();
        if (ids.length == 0) return;
        uint256 id = ids[idSeed % ids.length];
        ICapacity.Commitment memory c = capacity.commitment(id);
        uint256 fn = fnSeed % 5;
        bytes memory data;
        if (fn == 0) {
            data = abi.encodeCall(ICapacity.removeCommitment, (id));
        } else if (fn == 1) {
            // an open commitment takes its collateral from anyone: that is no attack
            if (c.delegator == address(0)) return;
            data = abi.encodeCall(ICapacity.depositCollateral, (id));
        } else if (fn == 2) {
            data = abi.encodeCall(ICapacity.withdrawRewards, (id));
        } else if (fn == 3) {
            data = abi.encodeCall(ICapacity.withdrawCollateral, (id, attacker));
        } else {
            data = abi.encodeCall(ICapacity.withdrawRewardReserve, (1));
        }
        _refused(attacker, address(capacity), data);
        ++tried["callAsWrongRole"];
    }

    /// @notice The honest roles themselves, too early or too late: finishing a commitment before its end, depositing
    /// twice, removing a deposited commitment, withdrawing collateral that was returned.
    function callOutOfOrder(uint256 fnSeed, uint256 idSeed) external synced {
        uint256[] memory ids = honest.commitmentIds();
        if (ids.length == 0) return;
        uint256 id = ids[idSeed % ids.length];
        ICapacity.Commitment memory c = capacity.commitment(id);
        ICapacity.Status s = capacity.status(id);
        uint256 fn = fnSeed % 4;
        if (fn == 0 && (s == ICapacity.Status.Inactive || s == ICapacity.Status.Failed)) return; // finishable
        if (fn == 1 && c.stage == ICapacity.Stage.WaitDelegation) return; // depositable
        if (fn == 2 && c.stage == ICapacity.Stage.WaitDelegation) return; // removable
        bytes memory data = fn == 0
            ? abi.encodeCall(ICapacity.finishCommitment, (id))
            : fn == 1
                ? abi.encodeCall(ICapacity.depositCollateral, (id))
                : fn == 2
                    ? abi.encodeCall(ICapacity.removeCommitment, (id))
                    : abi.encodeCall(ICapacity.withdrawCollateral, (id, c.delegator));
        address caller = fn == 2 ? provider : c.delegator == address(0) ? attacker : c.delegator;
        _refused(caller, address(capacity), data);
        ++tried["callOutOfOrder"];
    }

    /// @notice The deal hooks, from anyone but a deal.
    function callDealHook(uint256 unitSeed, bool join) external synced {
        bytes32[] memory units = honest.unitIds();
        if (units.length == 0) return;
        bytes32 unitId = units[unitSeed % units.length];
        uint256 id = market.unit(unitId).commitmentId;
        bytes memory data = join
            ? abi.encodeCall(ICapacity.onUnitJoinedDeal, (unitId, id))
            : abi.encodeCall(ICapacity.onUnitLeftDeal, (unitId, id));
        _refused(attacker, address(capacity), data);
        ++tried["callDealHook"];
    }

    // ------------------------------------------------------------------ what may succeed

    /// @notice Registers, as a provider of its own, a peer under the public key (and CU labels) the honest provider
    /// will use next: ids are scoped by provider, so the honest registration must still go through.
    function squatNextPeer(uint256 unitSeed) external synced {
        IMarket.PeerInput[] memory input = new IMarket.PeerInput[](1);
        uint256 n = _bound(unitSeed, 1, 4);
        input[0] =
            IMarket.PeerInput({publicKey: honest.upcomingId(0), operator: attacker, unitLabels: new bytes32[](n)});
        for (uint256 i; i < n; ++i) {
            input[0].unitLabels[i] = honest.upcomingId(i + 1);
        }
        vm.prank(attacker);
        (bool ok,) =
            address(market).call(abi.encodeCall(IMarket.registerOffer, (1e6, address(stake), new bytes32[](0), input)));
        if (ok) ++tried["squatNextPeer"];
    }

    /// @notice Sends staking tokens to the module outside the protocol: surplus, owed to nobody.
    function donate(uint256 amountSeed) external synced {
        uint256 amount = _bound(amountSeed, 1, 1000 ether);
        vm.prank(attacker);
        assertTrue(stake.transfer(address(capacity), amount), "donated");
        ghostDonated += amount;
        ++tried["donate"];
    }

    /// @notice Anyone sweeps the surplus to the treasury; there is exactly the donations not yet swept.
    function sweep(uint256 callerSeed) external synced {
        uint256 surplus = ghostDonated - ghostSwept;
        if (surplus == 0) {
            _refused(_anyone(callerSeed), address(capacity), abi.encodeCall(ICapacity.sweepSurplus, ()));
            return;
        }
        vm.prank(_anyone(callerSeed));
        assertEq(capacity.sweepSurplus(), surplus, "swept == donated");
        ghostSwept += surplus;
        ++tried["sweep"];
    }

    // ------------------------------------------------------------------ internals

    /// @dev Makes the call as `caller`; it must fail.
    function _refused(address caller, address target, bytes memory data) internal {
        vm.prank(caller);
        (bool ok,) = target.call(data);
        assertFalse(ok, "an attack succeeded");
    }

    function _anyone(uint256 seed) internal view returns (address) {
        address[4] memory callers = [attacker, operator, provider, owner];
        return callers[seed % callers.length];
    }

    function _challenge()
        internal
        view
        returns (bool advanced, uint256 epoch, bytes32 globalNonce, uint256 difficulty)
    {
        try capacity.epochChallenge() returns (uint256 e, bytes32 g, uint256 d) {
            return (true, e, g, d);
        } catch {
            return (false, 0, 0, 0);
        }
    }

    function _commitmentCall(uint256 fnSeed, uint256 id) internal view returns (bytes memory) {
        uint256 fn = fnSeed % 5;
        if (fn == 0) return abi.encodeCall(ICapacity.removeCommitment, (id));
        if (fn == 1) return abi.encodeCall(ICapacity.depositCollateral, (id));
        if (fn == 2) return abi.encodeCall(ICapacity.finishCommitment, (id));
        if (fn == 3) return abi.encodeCall(ICapacity.withdrawRewards, (id));
        return abi.encodeCall(ICapacity.withdrawCollateral, (id, attacker));
    }
}
