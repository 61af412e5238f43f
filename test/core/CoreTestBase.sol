// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Core} from "../../contracts/core/Core.sol";
import {ICore, Params} from "../../contracts/interfaces/ICore.sol";

/// @notice Helpers shared by the Core tests: fresh Cores and reading a parameter by its enum.
abstract contract CoreTestBase is Fixture {
    function newCore(address owner_, address treasury_, uint256 start, uint256 duration, Params memory p)
        internal
        returns (Core)
    {
        return Core(
            address(
                new ERC1967Proxy(
                    address(deployCoreImpl()), abi.encodeCall(Core.initialize, (owner_, treasury_, start, duration, p))
                )
            )
        );
    }

    function field(Params memory p, ICore.Param param) internal pure returns (uint256) {
        if (param == ICore.Param.CollateralPerUnit) return p.collateralPerUnit;
        if (param == ICore.Param.RewardPerEpoch) return p.rewardPerEpoch;
        if (param == ICore.Param.MinProofsPerEpoch) return p.minProofsPerEpoch;
        if (param == ICore.Param.MaxProofsPerEpoch) return p.maxProofsPerEpoch;
        if (param == ICore.Param.VestingPeriod) return p.vestingPeriod;
        if (param == ICore.Param.SlashingRateBps) return p.slashingRateBps;
        if (param == ICore.Param.MaxFailedRatio) return p.maxFailedRatio;
        if (param == ICore.Param.MinCommitmentDuration) return p.minCommitmentDuration;
        if (param == ICore.Param.MinDealDepositEpochs) return p.minDealDepositEpochs;
        if (param == ICore.Param.DealRejoinDelay) return p.dealRejoinDelay;
        return p.difficulty;
    }

    function assertParams(Params memory a, Params memory b) internal pure {
        assertEq(abi.encode(a), abi.encode(b), "params");
    }

    /// @notice Moves the clock to the start of `target` without touching the modules.
    function warpToEpoch(uint256 target) internal {
        vm.warp(core.epochStart() + (target - 1) * EPOCH_DURATION);
    }
}
