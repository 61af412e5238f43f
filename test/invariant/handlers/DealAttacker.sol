// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CommonBase} from "forge-std/Base.sol";
import {StdAssertions} from "forge-std/StdAssertions.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Capacity} from "../../../contracts/capacity/Capacity.sol";
import {Deal} from "../../../contracts/deal/Deal.sol";
import {DealFactory} from "../../../contracts/deal/DealFactory.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {ICapacity} from "../../../contracts/interfaces/ICapacity.sol";
import {IDeal} from "../../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../../contracts/interfaces/IDealFactory.sol";
import {HostileToken} from "../../utils/HostileToken.sol";
import {DealHandler} from "./DealHandler.sol";

/// @notice Attacks deals next to the honest actors of DealHandler, on its clock: every entry point from the wrong
/// role, with ids that name nothing, on deals that ended, as if it were the factory or a deal, the money of accounts
/// the token blocks, and tokens sent to deals outside the protocol. Every attack is made with a low-level call and
/// asserted to have failed; the tokens it sends are recorded in the handler's drift.
contract DealAttacker is CommonBase, StdAssertions, StdUtils {
    DealHandler internal immutable honest;
    DealFactory internal immutable factory;
    Capacity internal immutable capacity;
    Market internal immutable market;
    address internal immutable stranger;
    address internal immutable operator;
    bytes32[] internal units;
    mapping(string action => uint256) public tried;

    constructor(
        DealHandler honest_,
        DealFactory factory_,
        Capacity capacity_,
        Market market_,
        address stranger_,
        address operator_,
        bytes32[] memory units_
    ) {
        honest = honest_;
        factory = factory_;
        capacity = capacity_;
        market = market_;
        stranger = stranger_;
        operator = operator_;
        units = units_;
    }

    modifier synced() {
        vm.warp(honest.time());
        vm.roll(honest.blockNumber());
        _;
    }

    /// @notice An entry point that needs the owner, the CU's provider or operator, or the pending owner, from a
    /// stranger.
    function callAsStranger(uint256 dealSeed, uint256 fnSeed, uint256 unitSeed) external synced {
        (address deal, bool found) = _deal(dealSeed);
        if (!found) return;
        DealHandler.DealGhost memory g = honest.ghostOf(deal);
        bytes32 unitId = _unitOf(deal, unitSeed);
        uint256 fn = fnSeed % 12;
        bytes memory data;
        if (fn == 0) data = abi.encodeCall(IDeal.setWorker, (unitId, keccak256(abi.encode(fnSeed))));
        else if (fn == 1) data = abi.encodeCall(IDeal.withdraw, (1));
        else if (fn == 2) data = abi.encodeCall(IDeal.withdrawTo, (1, stranger));
        else if (fn == 3) data = abi.encodeCall(IDeal.stop, ());
        else if (fn == 4) data = abi.encodeCall(IDeal.setAppCid, (0x55, keccak256("stolen app")));
        else if (fn == 5) data = abi.encodeCall(IDeal.setAccessMode, (IDeal.AccessMode.Denylist));
        else if (fn == 6) data = abi.encodeCall(IDeal.setAccessList, (_one(stranger), true));
        else if (fn == 7) data = abi.encodeCall(IDeal.transferOwnership, (stranger));
        else if (fn == 8) data = abi.encodeCall(IDeal.acceptOwnership, ());
        else if (fn == 9) data = abi.encodeCall(IDeal.claimPay, (unitId));
        else if (fn == 10 && !g.ended) data = abi.encodeCall(IDeal.returnUnit, (unitId)); // anyone, once ended
        else if (!g.selfMatching) data = abi.encodeCall(IDealFactory.matchDeal, (deal, _one(unitId)));
        else return;
        _refused(stranger, fn == 11 ? address(factory) : deal, data);
        ++tried["callAsStranger"];
    }

    /// @notice Ids that name nothing: an unknown deal, an unknown CU, a zero worker, a CU the deal does not hold,
    /// no CU at all.
    function callWithUnknownIds(uint256 dealSeed, uint256 fnSeed) external synced {
        (address deal, bool found) = _deal(dealSeed);
        if (!found) return;
        address owner = honest.ghostOf(deal).owner;
        bytes32 unknown = keccak256(abi.encode("unknown CU", fnSeed));
        uint256 fn = fnSeed % 6;
        address target = deal;
        address caller = operator;
        bytes memory data;
        if (fn == 0) {
            target = address(factory);
            caller = owner;
            data = abi.encodeCall(IDealFactory.matchDeal, (address(uint160(uint256(unknown))), _one(units[0])));
        } else if (fn == 1) {
            data = abi.encodeCall(IDeal.setWorker, (unknown, unknown));
        } else if (fn == 2) {
            data = abi.encodeCall(IDeal.setWorker, (_unitOf(deal, fnSeed), 0));
        } else if (fn == 3) {
            caller = owner;
            data = abi.encodeCall(IDeal.returnUnit, (_notIn(deal, fnSeed)));
        } else if (fn == 4) {
            data = abi.encodeCall(IDeal.claimPay, (unknown));
        } else {
            target = address(factory);
            caller = owner;
            data = abi.encodeCall(IDealFactory.matchDeal, (deal, new bytes32[](0)));
        }
        _refused(caller, target, data);
        ++tried["callWithUnknownIds"];
    }

    /// @notice What a stopped deal refuses to its own owner: deposits, workers, matching, a second stop.
    function callEndedDeal(uint256 dealSeed, uint256 fnSeed) external synced {
        (address deal, bool found) = _deal(dealSeed);
        DealHandler.DealGhost memory g = honest.ghostOf(deal);
        if (!found || !g.ended) return;
        uint256 fn = fnSeed % 4;
        address target = fn == 2 ? address(factory) : deal;
        bytes memory data = fn == 0
            ? abi.encodeCall(IDeal.deposit, (1))
            : fn == 1
                ? abi.encodeCall(IDeal.setWorker, (_unitOf(deal, fnSeed), keccak256(abi.encode(fnSeed))))
                : fn == 2
                    ? abi.encodeCall(IDealFactory.matchDeal, (deal, _one(units[fnSeed % units.length])))
                    : abi.encodeCall(IDeal.stop, ());
        _refused(fn == 1 ? operator : g.owner, target, data);
        ++tried["callEndedDeal"];
    }

    /// @notice What only the factory may call: a second initialisation, matching without the factory's checks.
    function callAsFactory(uint256 dealSeed, bool initialize) external synced {
        (address deal, bool found) = _deal(dealSeed);
        if (!found) return;
        bytes memory data = initialize
            ? abi.encodeCall(
                IDeal.initialize, (stranger, keccak256("app"), 0x55, IDeal.AccessMode.None, new address[](0), 0)
            )
            : abi.encodeCall(IDeal.matchUnits, (stranger, _one(units[0])));
        _refused(stranger, deal, data);
        ++tried["callAsFactory"];
    }

    /// @notice The capacity module's deal hooks, from an address that is no deal.
    function callCapacityHooks(uint256 unitSeed, bool join) external synced {
        bytes32 unitId = units[unitSeed % units.length];
        uint256 id = market.unit(unitId).commitmentId;
        bytes memory data = join
            ? abi.encodeCall(ICapacity.onUnitJoinedDeal, (unitId, id))
            : abi.encodeCall(ICapacity.onUnitLeftDeal, (unitId, id));
        _refused(stranger, address(capacity), data);
        ++tried["callCapacityHooks"];
    }

    /// @notice An account the token blocks cannot move a deal's tokens to or from itself (suites with a blocklist).
    function moveTokensOfABlockedAccount(uint256 dealSeed, uint256 fnSeed) external synced {
        (address deal, bool found) = _deal(dealSeed);
        if (!found) return;
        DealHandler.DealGhost memory g = honest.ghostOf(deal);
        HostileToken token = HostileToken(g.token);
        address[] memory providers = honest.providerList();
        address provider = providers[fnSeed % providers.length];
        if (fnSeed % 2 == 0 && token.blocked(g.owner)) {
            _refused(
                g.owner,
                deal,
                (fnSeed >> 8) % 2 == 0 ? abi.encodeCall(IDeal.deposit, (1)) : abi.encodeCall(IDeal.withdraw, (1))
            );
        } else if (token.blocked(provider)) {
            _refused(provider, deal, abi.encodeCall(IDeal.claimProviderPay, ()));
        } else {
            return;
        }
        ++tried["moveTokensOfABlockedAccount"];
    }

    /// @notice Sends tokens to a deal outside the protocol: they are owed to nobody and stay in the deal.
    function donate(uint256 dealSeed, uint256 amountSeed) external synced {
        (address deal, bool found) = _deal(dealSeed);
        if (!found) return;
        HostileToken token = HostileToken(honest.ghostOf(deal).token);
        uint256 amount = _bound(amountSeed, 1, 10 ** token.decimals());
        token.mint(address(this), amount);
        uint256 before = token.balanceOf(deal);
        assertTrue(token.transfer(deal, amount), "donated"); // deals are never blocked
        honest.noteDonation(deal, token.balanceOf(deal) - before);
        ++tried["donate"];
    }

    // ------------------------------------------------------------------ internals

    function _refused(address caller, address target, bytes memory data) internal {
        vm.prank(caller);
        (bool ok,) = target.call(data);
        assertFalse(ok, "an attack on a deal succeeded");
    }

    function _deal(uint256 seed) internal view returns (address, bool) {
        address[] memory deals = honest.dealList();
        if (deals.length == 0) return (address(0), false);
        return (deals[seed % deals.length], true);
    }

    /// @dev A CU serving the deal from `seed` on, or any CU when none does.
    function _unitOf(address deal, uint256 seed) internal view returns (bytes32) {
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[(seed % units.length + i) % units.length];
            if (honest.dealOfUnit(unitId) == deal) return unitId;
        }
        return units[seed % units.length];
    }

    /// @dev A CU not serving the deal.
    function _notIn(address deal, uint256 seed) internal view returns (bytes32) {
        for (uint256 i; i < units.length; ++i) {
            bytes32 unitId = units[(seed % units.length + i) % units.length];
            if (honest.dealOfUnit(unitId) != deal) return unitId;
        }
        return keccak256(abi.encode("no such CU", seed));
    }

    function _one(bytes32 id) internal pure returns (bytes32[] memory list) {
        list = new bytes32[](1);
        list[0] = id;
    }

    function _one(address account) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = account;
    }
}
