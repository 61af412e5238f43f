// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Core} from "../../../contracts/core/Core.sol";
import {Market} from "../../../contracts/market/Market.sol";
import {Capacity} from "../../../contracts/capacity/Capacity.sol";
import {DealFactory} from "../../../contracts/deal/DealFactory.sol";
import {ICore} from "../../../contracts/interfaces/ICore.sol";
import {SystemBase} from "./SystemBase.sol";

/// @notice The protocol owner's actions during a system run (parameters, verifier, module upgrades, the deal
/// implementation, the reward reserve) and a stranger trying each of them.
abstract contract SystemGovernance is SystemBase {
    /// @dev The longest vesting period the run has set: the wind-down waits that long.
    uint256 public longestVesting;
    uint256 public funded;
    uint256 public reserveWithdrawn;
    mapping(uint256 module => uint256) internal upgrades;

    constructor(Config memory c) SystemBase(c) {
        longestVesting = c.core.params().vestingPeriod;
    }

    /// @notice The owner schedules a parameter change, to a value within bounds that keeps proofs findable: the
    /// minimum and maximum proofs are refused (ParamOutOfBounds) when they would cross.
    function setParam(uint256 paramSeed, uint256 valueSeed) external synced {
        ICore.Param param = ICore.Param(paramSeed % (uint256(type(ICore.Param).max) + 1));
        uint256 value = _paramValue(param, valueSeed);
        if (param == ICore.Param.VestingPeriod && value > longestVesting) longestVesting = value;
        _try(owner, address(core), abi.encodeCall(Core.setParam, (param, value)), "setParam");
    }

    /// @notice The owner switches to another verifier (the same proof function, another contract), from the next
    /// epoch.
    function setVerifier(uint256 seed) external synced {
        address verifier = verifiers[seed % verifiers.length];
        _must(owner, address(core), abi.encodeCall(Core.setVerifier, (verifier)), "setVerifier");
    }

    /// @notice The owner upgrades the Core or a module to a fresh implementation of the same code: every piece of
    /// state must carry over (the invariants and the rest of the run check it).
    function upgrade(uint256 moduleSeed) external synced {
        uint256 module = moduleSeed % 4;
        address proxy = [address(core), address(market), address(capacity), address(factory)][module];
        address implementation = implementations[module][upgrades[module]++ % 2];
        bytes memory call = abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (implementation, ""));
        _must(owner, proxy, call, "upgrade");
        bytes32 slot = vm.load(proxy, ERC1967Utils.IMPLEMENTATION_SLOT);
        assertEq(address(uint160(uint256(slot))), implementation, "upgraded");
    }

    /// @notice The owner schedules another deal implementation, for deals created from the next epoch.
    function setDealImplementation(uint256 seed) external synced {
        address implementation = dealImplementations[seed % dealImplementations.length];
        bytes memory call = abi.encodeCall(DealFactory.setDealImplementation, (implementation));
        _must(owner, address(factory), call, "setDealImplementation");
    }

    /// @notice The owner adds to the reward reserve.
    function fundRewards(uint256 amount) external synced {
        amount = _bound(amount, 1, 5000 ether);
        _must(owner, address(capacity), abi.encodeCall(Capacity.fundRewards, (amount)), "fundRewards");
        funded += amount;
    }

    /// @notice The owner takes back up to the whole reserve.
    function withdrawReserve(uint256 amount) external synced {
        uint256 reserve = capacity.rewardReserve();
        if (reserve == 0) return;
        _withdrawReserve(_bound(amount, 1, reserve));
    }

    /// @notice A stranger tries one of the owner's actions, or a module's: it must be refused.
    function strangerGoverns(uint256 seed) external synced {
        bytes memory call;
        address target;
        uint256 pick = seed % 6;
        if (pick == 0) {
            (target, call) = (address(core), abi.encodeCall(Core.setParam, (ICore.Param.RewardPerEpoch, 1)));
        } else if (pick == 1) {
            (target, call) = (address(core), abi.encodeCall(Core.setVerifier, (verifiers[0])));
        } else if (pick == 2) {
            (target, call) = (address(core), abi.encodeCall(Core.setTreasury, (stranger)));
        } else if (pick == 3) {
            (target, call) = (address(capacity), abi.encodeCall(Capacity.withdrawRewardReserve, (1)));
        } else if (pick == 4) {
            (target, call) = (address(factory), abi.encodeCall(DealFactory.setDealImplementation, (stranger)));
        } else {
            (target, call) =
            (address(market), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (implementations[1][0], "")));
        }
        (bool ok, bytes memory ret) = _call(stranger, target, call);
        assertFalse(ok, "a stranger governed");
        _checkCustomError(ret, "strangerGoverns");
        ++executed["strangerGoverns"];
    }

    function _withdrawReserve(uint256 amount) internal {
        _must(owner, address(capacity), abi.encodeCall(Capacity.withdrawRewardReserve, (amount)), "withdrawReserve");
        reserveWithdrawn += amount;
    }

    /// @dev A value for `param` within its bounds, chosen so that a run keeps working: proofs stay cheap to find,
    /// commitments short, deposits small.
    function _paramValue(ICore.Param param, uint256 seed) internal pure returns (uint256) {
        if (param == ICore.Param.CollateralPerUnit) return (50 ether) << (seed % 3);
        if (param == ICore.Param.RewardPerEpoch) return (seed % 4) * 500 ether;
        if (param == ICore.Param.MinProofsPerEpoch) return 1 + seed % 4;
        if (param == ICore.Param.MaxProofsPerEpoch) return 3 + seed % 8;
        if (param == ICore.Param.VestingPeriod) return seed % 4;
        if (param == ICore.Param.SlashingRateBps) return [uint256(0), 500, 2000, 10_000][seed % 4];
        if (param == ICore.Param.MaxFailedRatio) return 1 + seed % 4;
        if (param == ICore.Param.MinCommitmentDuration) return 1 + seed % 6;
        if (param == ICore.Param.MinDealDepositEpochs) return 1 + seed % 3;
        if (param == ICore.Param.Difficulty) return type(uint256).max >> (3 + seed % 3);
        return seed % 4; // DealRejoinDelay
    }
}
