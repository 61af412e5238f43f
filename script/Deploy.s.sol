// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script} from "forge-std/Script.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Core} from "../contracts/core/Core.sol";
import {ProtocolProxy} from "../contracts/core/ProtocolProxy.sol";
import {Market} from "../contracts/market/Market.sol";
import {Capacity} from "../contracts/capacity/Capacity.sol";
import {DealFactory} from "../contracts/deal/DealFactory.sol";
import {Deal} from "../contracts/deal/Deal.sol";
import {KeccakVerifier} from "../contracts/verifier/KeccakVerifier.sol";
import {TestToken} from "../contracts/dev/TestToken.sol";
import {IDealRegistry} from "../contracts/interfaces/IDealRegistry.sol";
import {ICore, Params} from "../contracts/interfaces/ICore.sol";
import {IMarket} from "../contracts/interfaces/IMarket.sol";

/// @title Deploys the whole protocol to any EVM chain
/// @notice `forge script script/Deploy.s.sol --rpc-url $RPC_URL --broadcast` with `PRIVATE_KEY` (the deployer) and
/// optionally `DEPLOY_CONFIG` (default script/config/devnet.json), `OWNER`, `TREASURY` (default: the deployer) and
/// `STAKING_TOKEN` (required when the config deploys no test tokens). Checks the deployed state, then writes
/// deployments/<chainId>.json, or `DEPLOYMENT_FILE` (a path under deployments/) when set.
contract Deploy is Script {
    using stdJson for string;

    error CheckFailed(string what);
    error NoStakingToken();

    struct Config {
        string name;
        uint256 epochDuration;
        uint256 epochStartDelay;
        bool testTokens;
        address stakingToken;
        Params params;
    }

    struct Deployment {
        Core core;
        Market market;
        Capacity capacity;
        DealFactory dealFactory;
        Deal dealImplementation;
        KeccakVerifier verifier;
        IERC20 stakingToken;
        IERC20 paymentToken; // a test USD token on devnets, 0 otherwise
        address owner;
        address treasury;
        uint256 startBlock;
    }

    function run() external returns (Deployment memory d) {
        string memory path = vm.envOr("DEPLOY_CONFIG", string("script/config/devnet.json"));
        Config memory c = loadConfig(path);
        uint256 key = vm.envUint("PRIVATE_KEY");
        address deployer = vm.addr(key);
        c.stakingToken = vm.envOr("STAKING_TOKEN", c.stakingToken);
        vm.startBroadcast(key);
        d = deploy(c, deployer, vm.envOr("OWNER", deployer), vm.envOr("TREASURY", deployer));
        vm.stopBroadcast();
        check(d, c);
        write(d, c);
    }

    /// @notice Reads a network config (see script/config/).
    function loadConfig(string memory path) public view returns (Config memory c) {
        string memory json = vm.readFile(path);
        c.name = json.readString(".description");
        c.epochDuration = json.readUint(".epochDuration");
        c.epochStartDelay = json.readUint(".epochStartDelay");
        c.testTokens = json.readBool(".testTokens");
        c.stakingToken = json.readAddress(".stakingToken");
        // forge-lint: disable-start(unsafe-typecast) the Core checks every parameter against its bounds
        c.params = Params({
            collateralPerUnit: uint96(json.readUint(".params.collateralPerUnit")),
            rewardPerEpoch: uint96(json.readUint(".params.rewardPerEpoch")),
            minProofsPerEpoch: uint16(json.readUint(".params.minProofsPerEpoch")),
            maxProofsPerEpoch: uint16(json.readUint(".params.maxProofsPerEpoch")),
            vestingPeriod: uint32(json.readUint(".params.vestingPeriod")),
            slashingRateBps: uint16(json.readUint(".params.slashingRateBps")),
            maxFailedRatio: uint16(json.readUint(".params.maxFailedRatio")),
            minCommitmentDuration: uint32(json.readUint(".params.minCommitmentDuration")),
            minDealDepositEpochs: uint16(json.readUint(".params.minDealDepositEpochs")),
            dealRejoinDelay: uint16(json.readUint(".params.dealRejoinDelay")),
            difficulty: json.readUint(".params.difficulty")
        });
        // forge-lint: disable-end(unsafe-typecast)
    }

    /// @notice Deploys and wires every module, in the order their constructors need: Core, Market, the deal
    /// factory, Capacity (which names the factory as its deal module), the verifier, then the Deal implementation
    /// (which reads the modules from the Core).
    /// @param deployer The account sending the transactions, which wires the modules and then hands the Core to
    /// `owner` (a two-step transfer that `owner` accepts, when they differ).
    function deploy(Config memory c, address deployer, address owner, address treasury)
        public
        returns (Deployment memory d)
    {
        d.startBlock = block.number;
        d.owner = owner;
        d.treasury = treasury;
        if (c.stakingToken != address(0)) {
            d.stakingToken = IERC20(c.stakingToken);
        } else if (c.testTokens) {
            d.stakingToken = new TestToken("Cloudless Stake", "CLS", 18);
        } else {
            revert NoStakingToken();
        }
        if (c.testTokens) d.paymentToken = new TestToken("Test USD", "tUSD", 6);
        d.core = Core(
            _proxy(
                address(new Core()),
                abi.encodeCall(
                    Core.initialize,
                    (deployer, treasury, block.timestamp + c.epochStartDelay, c.epochDuration, c.params)
                )
            )
        );
        d.market = Market(_proxy(address(new Market(d.core)), abi.encodeCall(Market.initialize, ())));
        d.dealFactory =
            DealFactory(_proxy(address(new DealFactory(d.core)), abi.encodeCall(DealFactory.initialize, ())));
        d.capacity = Capacity(
            _proxy(
                address(new Capacity(d.core, d.market, d.stakingToken, IDealRegistry(address(d.dealFactory)))),
                abi.encodeCall(Capacity.initialize, ())
            )
        );
        d.verifier = new KeccakVerifier();
        d.core.setModules(address(d.market), address(d.capacity), address(d.verifier));
        d.market.setCapacity(address(d.capacity));
        d.dealImplementation = new Deal(address(d.dealFactory), d.core);
        d.dealFactory.setDealImplementation(address(d.dealImplementation));
        if (owner != deployer) d.core.transferOwnership(owner);
    }

    function _proxy(address implementation, bytes memory data) private returns (address) {
        return address(new ProtocolProxy(implementation, data));
    }

    /// @notice Reverts unless the deployed state is what the config asked for.
    function check(Deployment memory d, Config memory c) public view {
        _require(d.core.market() == address(d.market), "core.market");
        _require(d.core.capacity() == address(d.capacity), "core.capacity");
        _require(d.core.verifier() == address(d.verifier), "core.verifier");
        _require(d.core.epochDuration() == c.epochDuration, "epochDuration");
        _require(d.core.treasury() == d.treasury, "treasury");
        _require(d.market.capacity() == address(d.capacity), "market.capacity");
        _require(address(d.capacity.market()) == address(d.market), "capacity.market");
        _require(d.capacity.stakingToken() == address(d.stakingToken), "capacity.stakingToken");
        _require(d.capacity.dealModule() == address(d.dealFactory), "capacity.dealModule");
        _require(d.dealFactory.dealImplementation() == address(d.dealImplementation), "dealImplementation");
        _require(d.dealImplementation.factory() == address(d.dealFactory), "deal.factory");
        _require(address(d.dealImplementation.capacity()) == address(d.capacity), "deal.capacity");
        _require(
            keccak256(abi.encode(d.core.paramsAt(d.core.currentEpoch()))) == keccak256(abi.encode(c.params)), "params"
        );
    }

    function _require(bool ok, string memory what) private pure {
        if (!ok) revert CheckFailed(what);
    }

    /// @notice Writes deployments/<chainId>.json: addresses, the start block, the epoch clock and parameters.
    function write(Deployment memory d, Config memory c) public returns (string memory path) {
        string memory o = "deployment";
        vm.serializeUint(o, "chainId", block.chainid);
        vm.serializeString(o, "config", c.name);
        vm.serializeUint(o, "startBlock", d.startBlock);
        vm.serializeUint(o, "epochStart", d.core.epochStart());
        vm.serializeUint(o, "epochDuration", d.core.epochDuration());
        vm.serializeAddress(o, "owner", d.owner);
        vm.serializeAddress(o, "treasury", d.treasury);
        vm.serializeString(o, "params", _params(c.params));
        string memory json = vm.serializeString(o, "contracts", _contracts(d));
        path = string.concat(
            vm.projectRoot(),
            "/deployments/",
            vm.envOr("DEPLOYMENT_FILE", string.concat(vm.toString(block.chainid), ".json"))
        );
        vm.writeJson(json, path);
    }

    function _contracts(Deployment memory d) private returns (string memory) {
        string memory o = "contracts";
        vm.serializeAddress(o, "core", address(d.core));
        vm.serializeAddress(o, "market", address(d.market));
        vm.serializeAddress(o, "capacity", address(d.capacity));
        vm.serializeAddress(o, "dealFactory", address(d.dealFactory));
        vm.serializeAddress(o, "dealImplementation", address(d.dealImplementation));
        vm.serializeAddress(o, "verifier", address(d.verifier));
        vm.serializeAddress(o, "paymentToken", address(d.paymentToken));
        return vm.serializeAddress(o, "stakingToken", address(d.stakingToken));
    }

    function _params(Params memory p) private returns (string memory) {
        string memory o = "params";
        vm.serializeUint(o, "collateralPerUnit", p.collateralPerUnit);
        vm.serializeUint(o, "rewardPerEpoch", p.rewardPerEpoch);
        vm.serializeUint(o, "minProofsPerEpoch", p.minProofsPerEpoch);
        vm.serializeUint(o, "maxProofsPerEpoch", p.maxProofsPerEpoch);
        vm.serializeUint(o, "vestingPeriod", p.vestingPeriod);
        vm.serializeUint(o, "slashingRateBps", p.slashingRateBps);
        vm.serializeUint(o, "maxFailedRatio", p.maxFailedRatio);
        vm.serializeUint(o, "minCommitmentDuration", p.minCommitmentDuration);
        vm.serializeUint(o, "minDealDepositEpochs", p.minDealDepositEpochs);
        vm.serializeUint(o, "dealRejoinDelay", p.dealRejoinDelay);
        return vm.serializeUint(o, "difficulty", p.difficulty);
    }
}
