// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {VmSafe} from "forge-std/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Core} from "../../contracts/core/Core.sol";
import {Market} from "../../contracts/market/Market.sol";
import {Capacity} from "../../contracts/capacity/Capacity.sol";
import {KeccakVerifier} from "../../contracts/verifier/KeccakVerifier.sol";
import {DealFactory} from "../../contracts/deal/DealFactory.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {TestToken} from "../../contracts/dev/TestToken.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";

/// @notice Deploys the protocol's contracts from the artifacts that would go on chain. Tests compile with the
/// legacy pipeline (the `tests` compiler profile in foundry.toml) for speed, and forge then also builds a legacy
/// copy of every contract they import; reading the default-profile (via-IR) artifact by path makes sure the
/// tests exercise, and the gas benchmarks measure, the real bytecode.
abstract contract Deployer is Test {
    /// @dev Under `forge coverage` the instrumented build is the one to run, and it has a single profile.
    function artifact(string memory name) internal view returns (string memory) {
        if (vm.isContext(VmSafe.ForgeContext.Coverage)) return string.concat(name, ".sol:", name);
        return string.concat(vm.envOr("FOUNDRY_OUT", string("out")), "/", name, ".sol/", name, ".json");
    }

    function deployCoreImpl() internal returns (Core) {
        return Core(vm.deployCode(artifact("Core")));
    }

    function deployMarketImpl(ICore core_) internal returns (Market) {
        return Market(vm.deployCode(artifact("Market"), abi.encode(core_)));
    }

    function deployCapacityImpl(ICore core_, IMarket market_, IERC20 token, address dealModule)
        internal
        returns (Capacity)
    {
        return Capacity(vm.deployCode(artifact("Capacity"), abi.encode(core_, market_, token, dealModule)));
    }

    function deployDealFactoryImpl(ICore core_) internal returns (DealFactory) {
        return DealFactory(vm.deployCode(artifact("DealFactory"), abi.encode(core_)));
    }

    function deployDealImpl(address factory, ICore core_) internal returns (Deal) {
        return Deal(vm.deployCode(artifact("Deal"), abi.encode(factory, core_)));
    }

    function deployProxy(address implementation, bytes memory data) internal returns (address) {
        return vm.deployCode(artifact("ProtocolProxy"), abi.encode(implementation, data));
    }

    function deployVerifier() internal returns (KeccakVerifier) {
        return KeccakVerifier(vm.deployCode(artifact("KeccakVerifier")));
    }

    function deployToken(string memory name, string memory symbol, uint8 decimals) internal returns (TestToken) {
        return TestToken(vm.deployCode(artifact("TestToken"), abi.encode(name, symbol, decimals)));
    }
}
