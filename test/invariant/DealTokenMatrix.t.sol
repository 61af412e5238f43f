// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealInvariantBase} from "./DealInvariant.t.sol";
import {HostileToken} from "../utils/HostileToken.sol";

// The deal invariants over payment tokens that misbehave: each suite below switches one behaviour on for both of
// the run's tokens, and every invariant of DealInvariantBase must hold through it (docs/security.md). In CI each
// runs a quarter of the plain suite's runs (seven suites of them would otherwise take most of the contracts' time).

/// @notice A token that keeps 1% of every transfer.
/// forge-config: ci.invariant.runs = 64
contract DealInvariantFeeTest is DealInvariantBase {
    function _configure(HostileToken token) internal override {
        token.setFee(100);
    }
}

/// @notice A token that calls the sender and the recipient of every transfer (ERC-777 hooks), whose hooks try to
/// re-enter the deal on the other side.
/// forge-config: ci.invariant.runs = 64
contract DealInvariantHooksTest is DealInvariantBase {
    function _hooked() internal pure override returns (bool) {
        return true;
    }
}

/// @notice A token whose balances all grow or shrink now and then.
/// forge-config: ci.invariant.runs = 64
contract DealInvariantRebaseTest is DealInvariantBase {
    function _rebasing() internal pure override returns (bool) {
        return true;
    }
}

/// @notice A token that blocks accounts, and lets them go, now and then.
/// forge-config: ci.invariant.runs = 64
contract DealInvariantBlocklistTest is DealInvariantBase {
    function _blocking() internal pure override returns (bool) {
        return true;
    }
}

/// @notice A token with a blocklist that reports a refused transfer by returning false.
/// forge-config: ci.invariant.runs = 64
contract DealInvariantFalseReturnTest is DealInvariantBase {
    function _configure(HostileToken token) internal override {
        token.setReturnsFalse(true);
    }

    function _blocking() internal pure override returns (bool) {
        return true;
    }
}

/// @notice A token without decimals.
/// forge-config: ci.invariant.runs = 64
contract DealInvariantNoDecimalsTest is DealInvariantBase {
    function _decimals() internal pure override returns (uint8) {
        return 0;
    }
}

/// @notice A token with 24 decimals.
/// forge-config: ci.invariant.runs = 64
contract DealInvariantWideDecimalsTest is DealInvariantBase {
    function _decimals() internal pure override returns (uint8) {
        return 24;
    }
}
