// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {CoreTestBase} from "./CoreTestBase.sol";
import {Core} from "../../contracts/core/Core.sol";
import {ICore, Params} from "../../contracts/interfaces/ICore.sol";

contract CoreInitializeTest is CoreTestBase {
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event Initialized(uint64 version);

    Core internal impl;

    function setUp() public override {
        super.setUp();
        impl = deployCoreImpl();
    }

    function deploy(address owner_, address treasury_, uint256 start, uint256 duration, Params memory p)
        internal
        returns (Core)
    {
        return Core(
            address(
                new ERC1967Proxy(
                    address(impl), abi.encodeCall(Core.initialize, (owner_, treasury_, start, duration, p))
                )
            )
        );
    }

    function expectInitRevert(Params memory p, bytes memory err) internal {
        vm.expectRevert(err);
        deploy(owner, treasury, 100, 60, p);
    }

    function outOfBounds(ICore.Param param, uint256 value) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ICore.ParamOutOfBounds.selector, param, value);
    }

    function test_initialize_storesEverythingAndEmits() public {
        Params memory p = defaultParams();
        p.rewardPerEpoch = 0;
        address proxy = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        vm.expectEmit(proxy);
        emit OwnershipTransferred(address(0), stranger);
        vm.expectEmit(proxy);
        emit ICore.TreasuryChanged(delegator);
        vm.expectEmit(proxy);
        emit Initialized(1);
        Core c = deploy(stranger, delegator, 5_000_000, 3600, p);
        assertEq(address(c), proxy);

        assertEq(c.owner(), stranger);
        assertEq(c.pendingOwner(), address(0));
        assertEq(c.treasury(), delegator);
        assertEq(c.epochStart(), 5_000_000);
        assertEq(c.epochDuration(), 3600);
        assertEq(c.currentEpoch(), 0);
        assertParams(c.params(), p);
        assertParams(c.paramsAt(0), p);
        assertParams(c.paramsAt(1000), p);
        assertFalse(c.allowlistEnabled());
        assertTrue(c.isProviderAllowed(stranger));
        assertEq(c.market(), address(0));
        assertEq(c.capacity(), address(0));
        assertEq(c.verifier(), address(0));
    }

    function test_initialize_fixtureCore() public view {
        assertEq(core.owner(), owner);
        assertEq(core.treasury(), treasury);
        assertEq(core.epochStart(), 1_000_001);
        assertEq(core.epochDuration(), EPOCH_DURATION);
        assertParams(core.params(), defaultParams());
    }

    function test_initialize_acceptsClockAndParamExtremes() public {
        Params memory p = Params({
            collateralPerUnit: type(uint96).max,
            rewardPerEpoch: type(uint96).max,
            minProofsPerEpoch: 1000,
            maxProofsPerEpoch: 1000,
            vestingPeriod: 10_000,
            slashingRateBps: 10_000,
            maxFailedRatio: 1000,
            minCommitmentDuration: 1_000_000,
            minDealDepositEpochs: 1000,
            dealRejoinDelay: 1000,
            difficulty: type(uint256).max
        });
        Core c = deploy(owner, treasury, type(uint64).max, type(uint32).max, p);
        assertEq(c.epochStart(), type(uint64).max);
        assertEq(c.epochDuration(), type(uint32).max);
        assertParams(c.params(), p);

        Params memory low = defaultParams();
        low.collateralPerUnit = 1;
        low.rewardPerEpoch = 0;
        low.minProofsPerEpoch = 1;
        low.maxProofsPerEpoch = 1;
        low.vestingPeriod = 0;
        low.slashingRateBps = 0;
        low.maxFailedRatio = 1;
        low.minCommitmentDuration = 1;
        low.minDealDepositEpochs = 1;
        low.dealRejoinDelay = 0;
        low.difficulty = 1;
        c = deploy(owner, treasury, 0, 1, low);
        assertEq(c.epochStart(), 0);
        assertEq(c.epochDuration(), 1);
        assertParams(c.params(), low);
    }

    function test_initialize_revertsOnZeroOwner() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        deploy(address(0), treasury, 100, 60, defaultParams());
    }

    function test_initialize_revertsOnZeroTreasury() public {
        vm.expectRevert(ICore.ZeroAddress.selector);
        deploy(owner, address(0), 100, 60, defaultParams());
    }

    function test_initialize_revertsOnZeroEpochDuration() public {
        vm.expectRevert(ICore.InvalidEpochClock.selector);
        deploy(owner, treasury, 100, 0, defaultParams());
    }

    function test_initialize_revertsOnEpochDurationAboveUint32() public {
        vm.expectRevert(ICore.InvalidEpochClock.selector);
        deploy(owner, treasury, 100, uint256(type(uint32).max) + 1, defaultParams());
    }

    function test_initialize_revertsOnEpochStartAboveUint64() public {
        vm.expectRevert(ICore.InvalidEpochClock.selector);
        deploy(owner, treasury, uint256(type(uint64).max) + 1, 60, defaultParams());
    }

    function test_initialize_revertsOnZeroDifficulty() public {
        Params memory p = defaultParams();
        p.difficulty = 0;
        expectInitRevert(p, outOfBounds(ICore.Param.Difficulty, 0));
    }

    function test_initialize_revertsOnZeroCollateral() public {
        Params memory p = defaultParams();
        p.collateralPerUnit = 0;
        expectInitRevert(p, outOfBounds(ICore.Param.CollateralPerUnit, 0));
    }

    function test_initialize_revertsOnZeroMinProofs() public {
        Params memory p = defaultParams();
        p.minProofsPerEpoch = 0;
        expectInitRevert(p, outOfBounds(ICore.Param.MinProofsPerEpoch, 0));
    }

    function test_initialize_revertsOnMinProofsAboveMax() public {
        Params memory p = defaultParams();
        p.minProofsPerEpoch = 11;
        expectInitRevert(p, outOfBounds(ICore.Param.MinProofsPerEpoch, 11));
    }

    function test_initialize_revertsOnMaxProofsAboveBound() public {
        Params memory p = defaultParams();
        p.maxProofsPerEpoch = 1001;
        expectInitRevert(p, outOfBounds(ICore.Param.MaxProofsPerEpoch, 1001));
    }

    function test_initialize_revertsOnVestingAboveBound() public {
        Params memory p = defaultParams();
        p.vestingPeriod = 10_001;
        expectInitRevert(p, outOfBounds(ICore.Param.VestingPeriod, 10_001));
    }

    function test_initialize_revertsOnSlashingAboveBound() public {
        Params memory p = defaultParams();
        p.slashingRateBps = 10_001;
        expectInitRevert(p, outOfBounds(ICore.Param.SlashingRateBps, 10_001));
    }

    function test_initialize_revertsOnMaxFailedRatioOutOfBounds() public {
        Params memory p = defaultParams();
        p.maxFailedRatio = 0;
        expectInitRevert(p, outOfBounds(ICore.Param.MaxFailedRatio, 0));
        p.maxFailedRatio = 1001;
        expectInitRevert(p, outOfBounds(ICore.Param.MaxFailedRatio, 1001));
    }

    function test_initialize_revertsOnMinCommitmentDurationOutOfBounds() public {
        Params memory p = defaultParams();
        p.minCommitmentDuration = 0;
        expectInitRevert(p, outOfBounds(ICore.Param.MinCommitmentDuration, 0));
        p.minCommitmentDuration = 1_000_001;
        expectInitRevert(p, outOfBounds(ICore.Param.MinCommitmentDuration, 1_000_001));
    }

    function test_initialize_revertsOnMinDealDepositEpochsOutOfBounds() public {
        Params memory p = defaultParams();
        p.minDealDepositEpochs = 0;
        expectInitRevert(p, outOfBounds(ICore.Param.MinDealDepositEpochs, 0));
        p.minDealDepositEpochs = 1001;
        expectInitRevert(p, outOfBounds(ICore.Param.MinDealDepositEpochs, 1001));
    }

    function test_initialize_revertsOnDealRejoinDelayOutOfBounds() public {
        Params memory p = defaultParams();
        p.dealRejoinDelay = 1001;
        expectInitRevert(p, outOfBounds(ICore.Param.DealRejoinDelay, 1001));
    }

    function test_initialize_revertsWhenCalledTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        core.initialize(stranger, stranger, 1, 1, defaultParams());
        assertEq(core.owner(), owner);
    }

    function test_initialize_implementationCannotBeInitialized() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(stranger, stranger, 1, 1, defaultParams());
    }
}
