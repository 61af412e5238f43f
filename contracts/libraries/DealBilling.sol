// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice A deal's billing state: one storage slot.
/// @dev `paidEpochs` counts the epochs the deal paid every worker present at their start; a provider's pay is
/// its workers times the price times the growth of this counter while they served, so no action loops over epochs
/// or workers.
struct Billing {
    uint96 balance; // tokens not yet paid out
    uint32 paidEpochs; // epochs paid so far, cumulative
    uint32 billedThrough; // epochs up to this one are billed (paid or gone unpaid)
    uint32 paidThrough; // the last epoch paid, or in which there was no worker to pay
    uint32 endEpoch; // 0 while the deal runs; once stopped, the first epoch not billed
    uint16 workers; // CUs with a registered worker: billed from the epoch after registration
    uint16 units; // CUs matched (not billed themselves: kept here because matching and returns write this slot)
}

/// @notice A provider's account in a deal: one storage slot.
struct ProviderAccount {
    uint16 units; // CUs of the provider matched
    uint16 workers; // of which have a registered worker
    uint32 paidMark; // the deal's paidEpochs when `owed` was brought up to date
    uint128 owed; // pay earned up to `paidMark`, not yet claimed
}

/// @title Per-epoch billing of a deal, in O(1) per action
/// @notice An epoch is billed at its start (prepaid) to the workers registered before it: the deal pays
/// `workers x price` when its balance covers it, else the epoch goes unpaid. Between two actions on a deal the
/// number of workers is constant, so billing the epochs since the last action is one division. See docs/deals.md.
library DealBilling {
    /// @notice Bills every epoch after `billedThrough` up to and including `epoch`.
    /// @return paid Epochs paid in this step (0 when nothing was billed or there was no worker).
    /// @return billed Whether any epoch was billed (the state changed).
    function settle(Billing memory b, uint256 epoch, uint256 price) internal pure returns (uint256 paid, bool billed) {
        uint256 from = b.billedThrough;
        if (epoch <= from || b.endEpoch != 0) return (0, false);
        uint256 epochs = epoch - from;
        uint256 workers = b.workers;
        if (workers == 0) {
            b.paidThrough = SafeCast.toUint32(epoch);
        } else {
            uint256 cost = workers * price;
            uint256 affordable = b.balance / cost;
            paid = affordable < epochs ? affordable : epochs;
            // forge-lint: disable-next-line(unsafe-typecast) paid x cost <= balance, a 96-bit value
            b.balance -= uint96(paid * cost);
            b.paidEpochs = SafeCast.toUint32(b.paidEpochs + paid);
            if (paid != 0) b.paidThrough = SafeCast.toUint32(from + paid);
        }
        b.billedThrough = SafeCast.toUint32(epoch);
        billed = true;
    }

    /// @notice Brings a provider's pay up to the deal's `paidEpochs`.
    function accrue(ProviderAccount memory a, uint256 paidEpochs, uint256 price) internal pure {
        a.owed = SafeCast.toUint128(due(a, paidEpochs, price));
        a.paidMark = SafeCast.toUint32(paidEpochs);
    }

    /// @notice A provider's unclaimed pay at the deal's `paidEpochs`.
    function due(ProviderAccount memory a, uint256 paidEpochs, uint256 price) internal pure returns (uint256) {
        return a.owed + price * a.workers * (paidEpochs - a.paidMark);
    }
}
