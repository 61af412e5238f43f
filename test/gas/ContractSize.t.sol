// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {Core} from "../../contracts/core/Core.sol";
import {Market} from "../../contracts/market/Market.sol";
import {Capacity} from "../../contracts/capacity/Capacity.sol";

/// @notice Every protocol contract's runtime code stays under 20 KB, well below EIP-170's 24,576 bytes, so that
/// later features fit without splitting contracts in a hurry.
contract ContractSizeTest is Fixture {
    uint256 internal constant LIMIT = 20 * 1024;

    function test_runtimeCodeUnder20KB() public {
        assertLe(address(deployCoreImpl()).code.length, LIMIT, "Core");
        assertLe(address(deployMarketImpl(core)).code.length, LIMIT, "Market");
        assertLe(address(deployCapacityImpl(core, market, stake, address(dealFactory))).code.length, LIMIT, "Capacity");
        assertLe(address(verifier).code.length, LIMIT, "KeccakVerifier");
        assertLe(address(deployDealFactoryImpl(core)).code.length, LIMIT, "DealFactory");
        assertLe(address(dealImpl).code.length, LIMIT, "Deal");
    }
}
