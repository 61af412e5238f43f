// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice A commitment's accounting as of the epoch it was last touched.
/// @dev Epochs before `epoch` are settled into `failures`; `epoch` itself is in progress (or has not started).
struct Checkpoint {
    uint32 epoch; // the epoch the counters below belong to
    uint32 activeUnits; // CUs expected to prove from the next epoch on (committed and not in a deal)
    uint32 expected; // CUs expected to prove in `epoch`
    uint32 successes; // CUs that reached the minimum proofs in `epoch`
    uint32 failures; // failed CU-epochs in the epochs before `epoch`
    uint64 proofs; // proofs of the successful CUs in `epoch`, the commitment's share of the epoch's pool
    // Not part of settlement: the peer's CUs serving deals, kept on the peer's latest commitment (it shares the
    // slot the deal hooks write anyway) and carried over to the next commitment of the peer.
    uint32 unitsInDeal;
}

/// @notice The outcome of settling a checkpoint forward.
struct Settlement {
    uint256 epoch; // the epoch that was completed, or 0 when nothing was settled
    uint256 proofs; // proofs to pay for `epoch`
    uint256 failedEpoch; // the epoch in which the commitment failed, 0 if it did not
}

/// @title Lazy settlement of a commitment's failed CU-epochs
/// @notice Between two touches of a commitment no CU of it succeeded (any success touches it), so every epoch
/// after the checkpoint epoch failed for all its active CUs; the first epoch in which the failures pass the
/// maximum follows in O(1).
library Checkpoints {
    /// @notice Settles every completed epoch before min(`target`, `end`).
    /// @param end The commitment's end epoch (exclusive).
    /// @param maxFailures Failed CU-epochs tolerated; one more fails the commitment.
    function settle(Checkpoint memory cp, uint256 target, uint256 end, uint256 maxFailures)
        internal
        pure
        returns (Settlement memory out)
    {
        uint256 stop = target < end ? target : end;
        uint256 epoch = cp.epoch;
        if (stop <= epoch) return out;
        out.epoch = epoch;
        out.proofs = cp.proofs;
        uint256 failures = uint256(cp.failures) + cp.expected - cp.successes;
        uint256 active = cp.activeUnits;
        if (failures > maxFailures) {
            out.failedEpoch = epoch;
        } else if (active != 0 && stop > epoch + 1) {
            uint256 idle = stop - epoch - 1;
            uint256 room = maxFailures - failures;
            if (idle * active > room) {
                uint256 k = room / active + 1;
                failures += k * active;
                out.failedEpoch = epoch + k;
            } else {
                failures += idle * active;
            }
        }
        if (out.failedEpoch != 0) stop = out.failedEpoch + 1;
        cp.epoch = SafeCast.toUint32(stop);
        cp.expected = cp.activeUnits;
        cp.successes = 0;
        cp.failures = SafeCast.toUint32(failures);
        cp.proofs = 0;
    }
}
