// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {ICore, Params} from "../../contracts/interfaces/ICore.sol";

/// @notice The deploy script: both network configs deploy a wired protocol, the checks catch a mismatch, the
/// deployment record is written, and a config that cannot work is refused.
contract DeployTest is Test {
    using stdJson for string;

    Deploy internal script;
    address internal deployer; // the script contract itself sends the calls when it runs inside a test
    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");

    function setUp() public {
        vm.warp(1_800_000_000);
        script = new Deploy();
        deployer = address(script);
    }

    function deploy(Deploy.Config memory c, address owner_) internal returns (Deploy.Deployment memory d) {
        d = script.deploy(c, deployer, owner_, treasury);
    }

    function test_devnetConfig_deploysAWiredProtocol() public {
        Deploy.Config memory c = script.loadConfig("script/config/devnet.json");
        assertEq(c.epochDuration, 30);
        assertTrue(c.testTokens);
        Deploy.Deployment memory d = deploy(c, deployer);
        script.check(d, c);
        assertEq(d.core.owner(), deployer);
        assertEq(d.core.epochStart(), block.timestamp);
        assertEq(d.core.treasury(), treasury);
        assertTrue(address(d.paymentToken) != address(0));
        assertEq(d.capacity.dealModule(), address(d.dealFactory));
        assertEq(d.dealFactory.dealImplementation(), address(d.dealImplementation));
    }

    function test_productionConfig_needsAStakingToken() public {
        Deploy.Config memory c = script.loadConfig("script/config/production.json");
        assertEq(c.epochDuration, 1 days);
        assertFalse(c.testTokens);
        vm.expectRevert(Deploy.NoStakingToken.selector);
        deploy(c, owner);

        c.stakingToken = makeAddr("stake");
        Deploy.Deployment memory d = deploy(c, owner);
        script.check(d, c);
        assertEq(address(d.stakingToken), c.stakingToken);
        assertEq(address(d.paymentToken), address(0));
        assertEq(d.core.epochStart(), block.timestamp + 1 days);
        // the deployer wired everything and handed the Core over in two steps
        assertEq(d.core.owner(), deployer);
        vm.prank(owner);
        (bool ok,) = address(d.core).call(abi.encodeWithSignature("acceptOwnership()"));
        assertTrue(ok);
        assertEq(d.core.owner(), owner);
    }

    function test_check_revertsOnMismatch() public {
        Deploy.Config memory c = script.loadConfig("script/config/devnet.json");
        Deploy.Deployment memory d = deploy(c, deployer);
        c.params.rewardPerEpoch += 1;
        vm.expectRevert(abi.encodeWithSelector(Deploy.CheckFailed.selector, "params"));
        script.check(d, c);
        c = script.loadConfig("script/config/devnet.json");
        c.epochDuration = 31;
        vm.expectRevert(abi.encodeWithSelector(Deploy.CheckFailed.selector, "epochDuration"));
        script.check(d, c);
    }

    function test_deploy_revertsOutOfBoundsParams() public {
        Deploy.Config memory c = script.loadConfig("script/config/devnet.json");
        c.params.minProofsPerEpoch = 0;
        vm.expectRevert(abi.encodeWithSelector(ICore.ParamOutOfBounds.selector, ICore.Param.MinProofsPerEpoch, 0));
        deploy(c, deployer);
    }

    function test_write_recordsAddressesStartBlockAndParams() public {
        vm.chainId(987_654_321);
        vm.roll(42);
        Deploy.Config memory c = script.loadConfig("script/config/devnet.json");
        Deploy.Deployment memory d = deploy(c, deployer);
        string memory path = script.write(d, c);
        string memory json = vm.readFile(path);
        vm.removeFile(path);
        assertEq(json.readUint(".chainId"), 987_654_321);
        assertEq(json.readUint(".startBlock"), 42);
        assertEq(json.readUint(".epochDuration"), 30);
        assertEq(json.readUint(".epochStart"), d.core.epochStart());
        assertEq(json.readAddress(".contracts.core"), address(d.core));
        assertEq(json.readAddress(".contracts.market"), address(d.market));
        assertEq(json.readAddress(".contracts.capacity"), address(d.capacity));
        assertEq(json.readAddress(".contracts.dealFactory"), address(d.dealFactory));
        assertEq(json.readAddress(".contracts.dealImplementation"), address(d.dealImplementation));
        assertEq(json.readAddress(".contracts.stakingToken"), address(d.stakingToken));
        assertEq(json.readAddress(".contracts.paymentToken"), address(d.paymentToken));
        assertEq(json.readUint(".params.difficulty"), c.params.difficulty);
        assertEq(json.readUint(".params.collateralPerUnit"), c.params.collateralPerUnit);
    }

    function test_loadConfig_revertsOnAMissingFile() public {
        vm.expectRevert();
        script.loadConfig("script/config/none.json");
    }
}
