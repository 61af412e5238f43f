// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "../deal/DealBase.sol";

/// @notice Gas benchmarks. Run with `--isolate` (npm run snapshot) so that each measured call is its own
/// transaction with cold storage, as on chain. `snapshots/protocol-tx.json` holds the transaction gas that
/// `vm.snapshotGasLastCall` measures; `snapshots/protocol.json` the execution gas: the same figure less the
/// intrinsic cost (21,000 plus calldata).
abstract contract GasRecorder is DealBase {
    function record(string memory name, bytes memory callData) internal {
        uint256 txGas = vm.snapshotGasLastCall("protocol-tx", name);
        vm.snapshotValue("protocol", name, txGas - intrinsicGas(callData));
    }

    /// @dev EIP-2028 calldata pricing with the EIP-7623 floor.
    function intrinsicGas(bytes memory callData) internal pure returns (uint256) {
        uint256 zeros;
        for (uint256 i; i < callData.length; ++i) {
            if (callData[i] == 0) ++zeros;
        }
        uint256 tokens = zeros + (callData.length - zeros) * 4;
        uint256 standard = 21_000 + tokens * 4;
        uint256 floor = 21_000 + tokens * 10;
        return standard > floor ? standard : floor;
    }
}
