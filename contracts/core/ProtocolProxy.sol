// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title The ERC-1967 proxy in front of each protocol module (Core, Market, Capacity)
/// @notice Nothing but OpenZeppelin's proxy, named so that deployments and tests build and deploy one artifact.
contract ProtocolProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory data) payable ERC1967Proxy(implementation, data) {}
}
