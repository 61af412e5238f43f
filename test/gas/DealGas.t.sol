// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GasRecorder} from "./GasRecorder.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";

/// @notice Gas benchmarks of deals: creation, matching, workers, the balance and pay (see GasRecorder). The deal
/// is the usual shape: 5 target workers, at most 2 per provider, one required effector.
contract DealGasTest is GasRecorder {
    address internal provider2 = makeAddr("provider2");
    address internal provider3 = makeAddr("provider3");
    bytes32[] internal effectors;

    /// @dev A running network: the epoch is advanced, a commitment and a deal already exist, so no measured call
    /// pays for a counter's first write.
    function setUp() public override {
        super.setUp();
        goToEpoch(1);
        activeCommitment(1, MIN_DURATION);
        effectors = newIds(1);
        createDeal(params());
    }

    function params() internal view returns (IDealFactory.DealParams memory p) {
        p = dealParams(5, 2);
        p.effectors = effectors;
        p.paymentToken = address(usd);
    }

    /// @notice CUs that proved in the current epoch, `counts[i]` of them for provider i, each the first of a
    /// two-CU peer; `others` are the second CUs, which keep proving.
    function provingUnits(uint256[3] memory counts) internal returns (bytes32[] memory all) {
        address[3] memory providers = [provider, provider2, provider3];
        bytes32[][3] memory lists;
        bytes32[][3] memory rest;
        uint256 total;
        for (uint256 i; i < 3; ++i) {
            if (counts[i] == 0) continue;
            (lists[i],, rest[i]) = committedPeers(providers[i], operator, counts[i], 2, effectors);
            total += counts[i];
        }
        nextEpoch();
        all = new bytes32[](total);
        uint256 k;
        for (uint256 i; i < 3; ++i) {
            for (uint256 j; j < counts[i]; ++j) {
                others.push(rest[i][j]);
                all[k++] = lists[i][j];
            }
        }
        submitAll(all, MIN_PROOFS);
        submitAll(others, MIN_PROOFS);
    }

    bytes32[] internal others;

    /// @notice The next epoch, in which the CUs outside deals prove (their commitments settle in it).
    function provingEpoch() internal {
        nextEpoch();
        submitAll(others, MIN_PROOFS);
    }

    /// @notice A deal with one CU serving it with a registered worker, `epochs` epochs after registration; the
    /// other CU of its peer proves every epoch.
    function servingDeal(uint256 epochs) internal returns (Deal deal, bytes32 unitId) {
        bytes32[] memory units = provingUnits([uint256(1), 0, 0]);
        deal = createDeal(params());
        matchDeal(deal, units);
        unitId = units[0];
        setWorker(deal, unitId);
        for (uint256 i; i < epochs; ++i) {
            provingEpoch();
        }
    }

    function approve(Deal deal) internal {
        vm.prank(developer);
        usd.approve(address(deal), type(uint256).max);
    }

    function test_gas_createDeal() public {
        IDealFactory.DealParams memory p = params();
        vm.prank(developer);
        dealFactory.createDeal(p);
        record("createDeal", abi.encodeCall(dealFactory.createDeal, (p)));
    }

    /// @notice The first CU a provider brings to a deal: one that proved in this epoch.
    function test_gas_matchDeal_1cu() public {
        bytes32[] memory units = provingUnits([uint256(1), 0, 0]);
        Deal deal = createDeal(params());
        vm.prank(developer);
        dealFactory.matchDeal(address(deal), units);
        record("matchDeal_1cu", abi.encodeCall(dealFactory.matchDeal, (address(deal), units)));
        assertEq(deal.unitCount(), 1);
    }

    /// @notice Five CUs of five peers from three providers (2 + 2 + 1, the per-provider cap).
    function test_gas_matchDeal_5cus() public {
        bytes32[] memory units = provingUnits([uint256(2), 2, 1]);
        Deal deal = createDeal(params());
        vm.prank(developer);
        dealFactory.matchDeal(address(deal), units);
        record("matchDeal_5cus", abi.encodeCall(dealFactory.matchDeal, (address(deal), units)));
        assertEq(deal.unitCount(), 5);
    }

    /// @notice The worker of a CU matched in the previous epoch (the registration bills that epoch).
    function test_gas_setWorker() public {
        bytes32[] memory units = provingUnits([uint256(1), 0, 0]);
        Deal deal = createDeal(params());
        matchDeal(deal, units);
        provingEpoch();
        bytes32 workerId = keccak256("worker");
        vm.prank(operator);
        deal.setWorker(units[0], workerId);
        record("setWorker", abi.encodeCall(deal.setWorker, (units[0], workerId)));
    }

    /// @notice A top-up of a serving deal, which bills the epochs since the last action.
    function test_gas_deal_deposit() public {
        (Deal deal,) = servingDeal(2);
        approve(deal);
        uint256 amount = 10 * DEAL_PRICE;
        vm.prank(developer);
        deal.deposit(amount);
        record("deal_deposit", abi.encodeCall(deal.deposit, (amount)));
    }

    function test_gas_deal_withdraw() public {
        (Deal deal,) = servingDeal(1);
        approve(deal);
        vm.prank(developer);
        deal.deposit(10 * DEAL_PRICE);
        provingEpoch();
        uint256 amount = DEAL_PRICE;
        vm.prank(developer);
        deal.withdraw(amount);
        record("deal_withdraw", abi.encodeCall(deal.withdraw, (amount)));
    }

    /// @notice A provider's periodic claim: it holds the payment token already (an earlier claim).
    function test_gas_claimPay() public {
        (Deal deal, bytes32 unitId) = servingDeal(1);
        vm.prank(provider);
        deal.claimPay(unitId);
        provingEpoch();
        vm.prank(provider);
        deal.claimPay(unitId);
        record("claimPay", abi.encodeCall(deal.claimPay, (unitId)));
    }

    /// @notice A provider's first pay in the payment token: its token balance goes from zero to non-zero.
    function test_gas_claimPay_first() public {
        (Deal deal, bytes32 unitId) = servingDeal(2);
        vm.prank(provider);
        deal.claimPay(unitId);
        record("claimPay_first", abi.encodeCall(deal.claimPay, (unitId)));
    }

    /// @notice The provider takes back a CU with a worker, epochs after the last action on the deal, in an epoch
    /// its commitment already settled (the peer's other CU proved in it).
    function test_gas_returnUnit() public {
        (Deal deal, bytes32 unitId) = servingDeal(2);
        vm.prank(provider);
        deal.returnUnit(unitId);
        record("returnUnit", abi.encodeCall(deal.returnUnit, (unitId)));
    }
}
