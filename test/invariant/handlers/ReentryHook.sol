// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CommonBase} from "forge-std/Base.sol";
import {StdAssertions} from "forge-std/StdAssertions.sol";
import {Deal} from "../../../contracts/deal/Deal.sol";
import {DealFactory} from "../../../contracts/deal/DealFactory.sol";
import {IDeal} from "../../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../../contracts/interfaces/IDealFactory.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {ITokenHooks} from "../../utils/HostileToken.sol";

/// @notice The ERC-777-style hook of an account (a developer, a provider, the operator): on every transfer the
/// token makes from or to it, it tries to re-enter the deal on the other side, as the account, with one of the deal's
/// entry points in turn, and asserts that the deal refused. While a deal is being created (no deal yet), it tries to
/// match a CU into it. Nothing the hook tries may succeed: the honest action whose transfer it interrupts then
/// reverts too, and the invariant run fails.
contract ReentryHook is ITokenHooks, CommonBase, StdAssertions {
    DealFactory internal immutable factory;
    Market internal immutable market;
    address public immutable account;
    bytes32[] internal units;
    bool internal busy;
    uint256 public attempts;

    constructor(DealFactory factory_, Market market_, address account_, bytes32[] memory units_) {
        factory = factory_;
        market = market_;
        account = account_;
        units = units_;
    }

    function tokensToSend(address, address to, uint256) external {
        _reenter(to);
    }

    function tokensReceived(address from, address, uint256) external {
        _reenter(from);
    }

    function _reenter(address counterpart) internal {
        if (busy || counterpart.code.length == 0) return;
        busy = true;
        uint256 k = attempts++;
        bytes32 unitId = units[k % units.length];
        address target;
        bytes memory data;
        if (!factory.isDeal(counterpart)) {
            // a deal being created: it is no deal yet, so nothing can match into it
            target = address(factory);
            bytes32[] memory one = new bytes32[](1);
            one[0] = unitId;
            data = abi.encodeCall(IDealFactory.matchDeal, (counterpart, one));
        } else {
            target = counterpart;
            data = _entryPoint(k, _servingUnit(counterpart, k));
        }
        vm.prank(account);
        (bool ok,) = target.call(data);
        assertFalse(ok, "re-entered a deal from a token hook");
        busy = false;
    }

    /// @dev A CU serving the deal (from `k` on), so that the entry point would succeed were it not guarded; any CU
    /// when none serves it.
    function _servingUnit(address deal, uint256 k) internal view returns (bytes32) {
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[(k + i) % units.length];
            if (Deal(deal).unitOfPeer(market.unit(unitId).peerId) == unitId) return unitId;
        }
        return units[k % units.length];
    }

    /// @dev The deal's entry points that read or write its books, in turn.
    function _entryPoint(uint256 k, bytes32 unitId) internal view returns (bytes memory) {
        uint256 fn = k % 7;
        if (fn == 0) return abi.encodeCall(IDeal.setWorker, (unitId, keccak256(abi.encode("hook", k))));
        if (fn == 1) return abi.encodeCall(IDeal.returnUnit, (unitId));
        if (fn == 2) return abi.encodeCall(IDeal.stop, ());
        if (fn == 3) return abi.encodeCall(IDeal.deposit, (1));
        if (fn == 4) return abi.encodeCall(IDeal.withdraw, (1));
        if (fn == 5) return abi.encodeCall(IDeal.claimProviderPay, ());
        return abi.encodeCall(IDeal.claimPay, (unitId));
    }
}
