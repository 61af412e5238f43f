// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title A deal's terms, kept as the immutable arguments of its clone
/// @notice The factory appends the terms to the EIP-1167 clone's code, so the deal reads them with EXTCODECOPY
/// instead of SLOAD and creating a deal stores no slot for them. Layout, packed: payment token (20 bytes), price
/// (12), minWorkers (2), targetWorkers (2), maxWorkersPerProvider (2), minDepositEpochs (2), openToSelfMatching
/// (1), rejoinDelay (2), then the required effectors (32 each).
library DealArgs {
    /// @dev Length of the EIP-1167 clone's code, which the arguments follow.
    uint256 internal constant CODE_LENGTH = 0x2d;
    uint256 internal constant FIXED_LENGTH = 43;

    struct Fixed {
        address paymentToken;
        uint256 price;
        uint256 minWorkers;
        uint256 targetWorkers;
        uint256 maxWorkersPerProvider;
        uint256 minDepositEpochs;
        bool openToSelfMatching;
        uint256 rejoinDelay;
    }

    /// @notice The arguments for a new deal; every value must fit its field (the factory checks them).
    function encode(Fixed memory t, bytes32[] calldata effectors_) internal pure returns (bytes memory) {
        // forge-lint: disable-start(unsafe-typecast) the factory range-checks every field before encoding
        return abi.encodePacked(
            t.paymentToken,
            uint96(t.price),
            uint16(t.minWorkers),
            uint16(t.targetWorkers),
            uint16(t.maxWorkersPerProvider),
            uint16(t.minDepositEpochs),
            t.openToSelfMatching,
            uint16(t.rejoinDelay),
            effectors_
        );
        // forge-lint: disable-end(unsafe-typecast)
    }

    /// @notice The calling clone's fixed terms.
    function load() internal view returns (Fixed memory t) {
        (uint256 head, uint256 tail) = _words();
        // forge-lint: disable-start(unsafe-typecast) the fields are packed at these widths by `encode`
        t.paymentToken = address(uint160(head >> 96));
        t.price = uint96(head);
        // forge-lint: disable-end(unsafe-typecast)
        t.minWorkers = tail >> 240;
        t.targetWorkers = (tail >> 224) & 0xffff;
        t.maxWorkersPerProvider = (tail >> 208) & 0xffff;
        t.minDepositEpochs = (tail >> 192) & 0xffff;
        t.openToSelfMatching = (tail >> 184) & 0xff != 0;
        t.rejoinDelay = (tail >> 168) & 0xffff;
    }

    function price() internal view returns (uint256) {
        (uint256 head,) = _words();
        // forge-lint: disable-next-line(unsafe-typecast) the price is the low 12 bytes of the first word
        return uint96(head);
    }

    function rejoinDelay() internal view returns (uint256) {
        (, uint256 tail) = _words();
        return (tail >> 168) & 0xffff;
    }

    function paymentToken() internal view returns (address) {
        (uint256 head,) = _words();
        // forge-lint: disable-next-line(unsafe-typecast) the token is the high 20 bytes of the first word
        return address(uint160(head >> 96));
    }

    /// @notice The calling clone's required effectors.
    function effectors() internal view returns (bytes32[] memory list) {
        uint256 bytes_ = address(this).code.length - CODE_LENGTH - FIXED_LENGTH;
        list = new bytes32[](bytes_ / 32);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            extcodecopy(address(), add(list, 0x20), add(CODE_LENGTH, FIXED_LENGTH), bytes_)
        }
    }

    function _words() private view returns (uint256 head, uint256 tail) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            extcodecopy(address(), ptr, CODE_LENGTH, 0x40)
            head := mload(ptr)
            tail := mload(add(ptr, 0x20))
        }
    }
}
