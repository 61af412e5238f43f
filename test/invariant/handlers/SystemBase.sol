// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Core} from "../../../contracts/core/Core.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {Capacity} from "../../../contracts/capacity/Capacity.sol";
import {DealFactory} from "../../../contracts/deal/DealFactory.sol";
import {ClockedHandler} from "./ClockedHandler.sol";

/// @notice What the system suite's handler stands on: the protocol, its actors, the implementations governance may
/// switch to, and three ways to make a call: one that must succeed (`_must`), one that may be refused with a custom
/// error of the protocol (`_try`), one that must be refused with a given error (`_expectRefusal`).
abstract contract SystemBase is ClockedHandler {
    bytes4 internal constant PANIC = 0x4e487b71; // Panic(uint256)
    bytes4 internal constant ERROR_STRING = 0x08c379a0; // Error(string)

    /// @notice The protocol, its actors and, per module, the implementations an upgrade may switch to.
    struct Config {
        Core core;
        Market market;
        Capacity capacity;
        DealFactory factory;
        IERC20 stake;
        address owner;
        address operator;
        address stranger;
        address[] providers;
        uint256[] offers; // each provider's offer
        address[] developers;
        address[] delegators;
        address[] tokens; // the deals' payment tokens
        uint256 price; // the offers' initial price
        address[2][4] implementations; // Core, Market, Capacity, DealFactory: two fresh implementations each
        address[] verifiers;
        address[] dealImplementations;
    }

    Market internal immutable market;
    Capacity internal immutable capacity;
    DealFactory internal immutable factory;
    IERC20 internal immutable stake;
    address internal immutable owner;
    address internal immutable operator;
    address internal immutable stranger;
    uint256 internal immutable price0;
    address[] internal providers;
    mapping(address provider => uint256) internal offerOf;
    address[] internal developers;
    address[] internal delegators;
    address[] internal tokens;
    address[2][4] internal implementations;
    address[] internal verifiers;
    address[] internal dealImplementations;

    mapping(string action => uint256) public executed;
    mapping(string action => uint256) public refused;

    constructor(Config memory c) ClockedHandler(c.core) {
        market = c.market;
        capacity = c.capacity;
        factory = c.factory;
        stake = c.stake;
        owner = c.owner;
        operator = c.operator;
        stranger = c.stranger;
        price0 = c.price;
        providers = c.providers;
        for (uint256 i; i < c.providers.length; ++i) {
            offerOf[c.providers[i]] = c.offers[i];
        }
        developers = c.developers;
        delegators = c.delegators;
        tokens = c.tokens;
        implementations = c.implementations;
        verifiers = c.verifiers;
        dealImplementations = c.dealImplementations;
    }

    /// @notice Every account the run moves tokens between (deals aside).
    function accounts() external view returns (address[] memory list) {
        list = new address[](5 + providers.length + developers.length + delegators.length);
        (list[0], list[1], list[2], list[3], list[4]) = (owner, operator, stranger, core.treasury(), address(capacity));
        uint256 k = 5;
        for (uint256 i; i < providers.length; ++i) {
            list[k++] = providers[i];
        }
        for (uint256 i; i < developers.length; ++i) {
            list[k++] = developers[i];
        }
        for (uint256 i; i < delegators.length; ++i) {
            list[k++] = delegators[i];
        }
    }

    // ------------------------------------------------------------------ calls

    /// @dev Runs the call as `caller`; it must succeed. Returns what it returned.
    function _must(address caller, address target, bytes memory data, string memory action)
        internal
        returns (bytes memory ret)
    {
        bool ok;
        (ok, ret) = _call(caller, target, data);
        if (!ok) revert(string.concat(action, " was refused: ", vm.toString(ret)));
        ++executed[action];
    }

    /// @dev Runs the call as `caller`; a refusal must be one of the protocol's custom errors.
    function _try(address caller, address target, bytes memory data, string memory action) internal returns (bool ok) {
        bytes memory ret;
        (ok, ret) = _call(caller, target, data);
        if (ok) {
            ++executed[action];
            return true;
        }
        _checkCustomError(ret, action);
        ++refused[action];
    }

    /// @dev Runs the call as `caller`; it must be refused, with one of the protocol's custom errors.
    function _expectRefusal(address caller, address target, bytes memory data, string memory action) internal {
        (bool ok, bytes memory ret) = _call(caller, target, data);
        assertFalse(ok, string.concat(action, " was not refused"));
        _checkCustomError(ret, action);
        ++refused[action];
    }

    /// @dev Runs the call as `caller`; it must be refused with `error_`.
    function _expectRefusal(address caller, address target, bytes memory data, bytes4 error_) internal {
        (bool ok, bytes memory ret) = _call(caller, target, data);
        assertFalse(ok, "a call that must be refused succeeded");
        // forge-lint: disable-next-line(unsafe-typecast) the selector is the first four bytes, by design
        assertEq(ret.length >= 4 ? bytes4(ret) : bytes4(0), error_, "refused with the expected error");
    }

    function _call(address caller, address target, bytes memory data) internal returns (bool ok, bytes memory ret) {
        vm.prank(caller);
        (ok, ret) = target.call(data);
    }

    function _checkCustomError(bytes memory ret, string memory action) internal pure {
        require(ret.length >= 4, string.concat(action, ": a revert without an error"));
        // forge-lint: disable-next-line(unsafe-typecast) the selector is the first four bytes, by design
        bytes4 selector = bytes4(ret);
        require(selector != PANIC, string.concat(action, ": a panic ", vm.toString(ret)));
        require(selector != ERROR_STRING, string.concat(action, ": a revert with a string ", vm.toString(ret)));
    }

    // ------------------------------------------------------------------ clock and actors

    /// @dev Moves the clock into `epoch` and advances the epoch challenge (anyone may).
    function _warpTo(uint256 epoch, uint256 offsetSeed) internal {
        _moveClock(epoch, offsetSeed);
        _must(stranger, address(capacity), abi.encodeCall(Capacity.advanceEpoch, ()), "advanceEpoch");
    }

    /// @dev Any of the run's accounts.
    function _anyone(uint256 seed) internal view returns (address) {
        uint256 pick = seed % (3 + providers.length);
        if (pick < providers.length) return providers[pick];
        pick -= providers.length;
        return pick == 0 ? stranger : pick == 1 ? owner : developers[0];
    }
}
