// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {DealFactory} from "../../contracts/deal/DealFactory.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";
import {Billing} from "../../contracts/libraries/DealBilling.sol";
import {ICore} from "../../contracts/interfaces/ICore.sol";
import {HostileToken} from "../utils/HostileToken.sol";

contract DealFactoryCreateDealTest is DealBase {
    uint256 internal constant CREATED_IN = 3;

    function setUp() public override {
        super.setUp();
        goToEpoch(CREATED_IN);
    }

    /// @notice Every setting away from its default: 2 of 3 workers, 2 effectors, an allowlist, self-matching.
    function fullParams() internal returns (IDealFactory.DealParams memory p) {
        p = dealParams(3, 2);
        p.minWorkers = 2;
        p.paymentToken = address(usd);
        p.effectors = newIds(2);
        p.accessMode = IDeal.AccessMode.Allowlist;
        p.accessList = new address[](1);
        p.accessList[0] = provider;
        p.openToSelfMatching = true;
        p.deposit = FLOOR_EPOCHS * 3 * DEAL_PRICE + 5;
    }

    /// @notice The address the factory's next deal gets (clones are created with CREATE).
    function nextDeal() internal view returns (address) {
        return vm.computeCreateAddress(address(dealFactory), vm.getNonce(address(dealFactory)));
    }

    /// @notice The developer's `createDeal(p)` reverts with `err` and no deal is created.
    function expectCreateRevert(IDealFactory.DealParams memory p, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(developer);
        dealFactory.createDeal(p);
        assertEq(dealFactory.dealCount(), 0);
    }

    function test_createDeal_createsAClone() public {
        IDealFactory.DealParams memory p = fullParams();
        address predicted = nextDeal();
        uint256 developerBefore = usd.balanceOf(developer);

        vm.expectEmit(address(dealFactory));
        emit IDealFactory.DealCreated(predicted, developer, address(dealImpl), p, p.deposit);
        vm.prank(developer);
        address created = dealFactory.createDeal(p);

        assertEq(created, predicted);
        Deal deal = Deal(created);
        assertEq(implementationOf(created), address(dealImpl));
        assertTrue(dealFactory.isDeal(created));
        assertEq(dealFactory.dealCount(), 1);

        IDeal.Terms memory t = deal.terms();
        assertEq(t.paymentToken, address(usd));
        assertEq(t.pricePerWorkerEpoch, DEAL_PRICE);
        assertEq(t.minWorkers, 2);
        assertEq(t.targetWorkers, 3);
        assertEq(t.maxWorkersPerProvider, 2);
        assertEq(t.minDepositEpochs, FLOOR_EPOCHS);
        assertTrue(t.openToSelfMatching);
        assertEq(deal.effectors(), p.effectors);
        (uint64 codec, bytes32 digest) = deal.appCid();
        assertEq(codec, APP_CODEC);
        assertEq(digest, APP_CID);
        assertEq(deal.owner(), developer);
        assertEq(deal.pendingOwner(), address(0));
        assertEq(uint8(deal.accessMode()), uint8(IDeal.AccessMode.Allowlist));
        assertTrue(deal.isListed(provider));
        assertFalse(deal.isListed(stranger));

        assertEq(usd.balanceOf(created), p.deposit);
        assertEq(usd.balanceOf(developer), developerBefore - p.deposit);
        Billing memory b = deal.billing();
        assertEq(b.balance, p.deposit);
        assertEq(b.paidEpochs, 0);
        assertEq(b.billedThrough, CREATED_IN);
        assertEq(b.paidThrough, CREATED_IN);
        assertEq(b.endEpoch, 0);
        assertEq(b.workers, 0);
        assertEq(deal.unitCount(), 0);
        assertEq(deal.minBalance(), FLOOR_EPOCHS * 3 * DEAL_PRICE);
        assertEq(uint8(deal.status()), uint8(IDeal.Status.NotEnoughWorkers));
        assertEq(deal.runway(), p.deposit / (3 * DEAL_PRICE));
    }

    function test_createDeal_defaultsReadBack() public {
        Deal deal = createDeal(2, 1);
        IDeal.Terms memory t = deal.terms();
        assertEq(t.minWorkers, 1);
        assertEq(t.maxWorkersPerProvider, 1);
        assertFalse(t.openToSelfMatching);
        assertEq(deal.effectors().length, 0);
        assertEq(uint8(deal.accessMode()), uint8(IDeal.AccessMode.None));
        assertEq(deal.minBalance(), FLOOR_EPOCHS * 2 * DEAL_PRICE);
        assertEq(deal.billing().balance, FLOOR_EPOCHS * 2 * DEAL_PRICE);
    }

    /// @notice Tokens sent to the deal's address before its creation count towards its balance.
    function test_createDeal_recordsTokensSentInAdvance() public {
        IDealFactory.DealParams memory p = fullParams();
        address predicted = nextDeal();
        usd.mint(predicted, 7);

        vm.expectEmit(address(dealFactory));
        emit IDealFactory.DealCreated(predicted, developer, address(dealImpl), p, p.deposit + 7);
        vm.prank(developer);
        dealFactory.createDeal(p);

        assertEq(Deal(predicted).billing().balance, p.deposit + 7);
    }

    function test_createDeal_countsDeals() public {
        Deal first = createDeal(1, 1);
        Deal second = createDeal(1, 1);
        assertTrue(address(first) != address(second));
        assertEq(dealFactory.dealCount(), 2);
        assertTrue(dealFactory.isDeal(address(second)));
        assertFalse(dealFactory.isDeal(address(dealImpl)));
        assertFalse(dealFactory.isDeal(developer));
    }

    function test_createDeal_acceptsTheLimits() public {
        IDealFactory.DealParams memory p = dealParams(dealFactory.MAX_WORKERS(), 1);
        p.paymentToken = address(usd);
        p.effectors = newIds(dealFactory.MAX_EFFECTORS());
        p.pricePerWorkerEpoch = 1;
        p.deposit = FLOOR_EPOCHS * dealFactory.MAX_WORKERS();
        vm.prank(developer);
        Deal deal = Deal(dealFactory.createDeal(p));
        assertEq(deal.terms().targetWorkers, dealFactory.MAX_WORKERS());
        assertEq(deal.effectors(), p.effectors);
    }

    function test_createDeal_revertsNoImplementation() public {
        DealFactory fresh =
            DealFactory(deployProxy(address(deployDealFactoryImpl(core)), abi.encodeCall(DealFactory.initialize, ())));
        vm.prank(developer);
        usd.approve(address(fresh), type(uint256).max);
        IDealFactory.DealParams memory p = fullParams();
        vm.expectRevert(IDealFactory.NoImplementation.selector);
        vm.prank(developer);
        fresh.createDeal(p);
        assertEq(fresh.dealCount(), 0);
    }

    function test_createDeal_revertsZeroAddress() public {
        IDealFactory.DealParams memory p = fullParams();
        p.paymentToken = address(0);
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.ZeroAddress.selector));
    }

    function test_createDeal_revertsZeroAppCid() public {
        IDealFactory.DealParams memory p = fullParams();
        p.appCid = 0;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.ZeroId.selector));
    }

    function test_createDeal_revertsZeroEffector() public {
        IDealFactory.DealParams memory p = fullParams();
        p.effectors[1] = 0;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.ZeroId.selector));
    }

    /// @notice Creation with these worker counts reverts InvalidWorkers.
    function expectInvalidWorkers(uint256 min, uint256 target, uint256 cap) internal {
        IDealFactory.DealParams memory p = fullParams();
        p.minWorkers = min;
        p.targetWorkers = target;
        p.maxWorkersPerProvider = cap;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.InvalidWorkers.selector, min, target, cap));
    }

    function test_createDeal_revertsInvalidWorkers_minZero() public {
        expectInvalidWorkers(0, 3, 1);
    }

    function test_createDeal_revertsInvalidWorkers_minAboveTarget() public {
        expectInvalidWorkers(4, 3, 1);
    }

    function test_createDeal_revertsInvalidWorkers_targetAboveMax() public {
        uint256 max = dealFactory.MAX_WORKERS();
        expectInvalidWorkers(1, max + 1, 1);
    }

    function test_createDeal_revertsInvalidWorkers_capZero() public {
        expectInvalidWorkers(1, 3, 0);
    }

    function test_createDeal_revertsInvalidWorkers_capAboveTarget() public {
        expectInvalidWorkers(1, 3, 4);
    }

    function test_createDeal_revertsInvalidPrice_zero() public {
        IDealFactory.DealParams memory p = fullParams();
        p.pricePerWorkerEpoch = 0;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.InvalidPrice.selector, 0));
    }

    function test_createDeal_revertsInvalidPrice_above96Bits() public {
        IDealFactory.DealParams memory p = fullParams();
        uint256 price = uint256(type(uint96).max) + 1;
        p.pricePerWorkerEpoch = price;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.InvalidPrice.selector, price));
    }

    function test_createDeal_revertsTooManyEffectors() public {
        IDealFactory.DealParams memory p = fullParams();
        uint256 count = dealFactory.MAX_EFFECTORS() + 1;
        p.effectors = newIds(count);
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.TooManyEffectors.selector, count));
    }

    function test_createDeal_revertsDepositTooSmall() public {
        IDealFactory.DealParams memory p = fullParams();
        uint256 required = FLOOR_EPOCHS * 3 * DEAL_PRICE;
        p.deposit = required - 1;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.DepositTooSmall.selector, required - 1, required));
    }

    function test_createDeal_revertsDepositTooLarge() public {
        IDealFactory.DealParams memory p = fullParams();
        p.deposit = uint256(type(uint96).max) + 1;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.DepositTooLarge.selector, p.deposit));
    }

    /// @notice Tokens sent in advance cannot push the balance past 96 bits either.
    function test_createDeal_revertsDepositTooLarge_withTokensSentInAdvance() public {
        IDealFactory.DealParams memory p = fullParams();
        usd.mint(nextDeal(), type(uint96).max);
        expectCreateRevert(
            p, abi.encodeWithSelector(IDealFactory.DepositTooLarge.selector, uint256(type(uint96).max) + p.deposit)
        );
    }

    /// @notice The largest price and deposit a deal can hold (96 bits each) are accepted.
    function test_createDeal_acceptsThe96BitPriceAndDeposit() public {
        vm.prank(owner);
        core.setParam(ICore.Param.MinDealDepositEpochs, 1);
        nextEpoch();
        IDealFactory.DealParams memory p = dealParams(1, 1);
        p.paymentToken = address(usd);
        p.pricePerWorkerEpoch = type(uint96).max;
        p.deposit = type(uint96).max;
        vm.prank(developer);
        Deal deal = Deal(dealFactory.createDeal(p));
        assertEq(deal.terms().pricePerWorkerEpoch, type(uint96).max);
        assertEq(deal.billing().balance, type(uint96).max);
    }

    /// @notice The deposit a creator names must cover the floor, even when tokens sent to the deal's address in
    /// advance would make up the difference: the creator funds its deal.
    function test_createDeal_revertsDepositTooSmall_withTokensSentInAdvance() public {
        IDealFactory.DealParams memory p = fullParams();
        uint256 required = FLOOR_EPOCHS * 3 * DEAL_PRICE;
        usd.mint(nextDeal(), required);
        p.deposit = required - 1;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.DepositTooSmall.selector, required - 1, required));
    }

    /// @notice A deposit past 96 bits is refused before any token moves.
    function test_createDeal_revertsDepositTooLarge_beforeTheTransfer() public {
        IDealFactory.DealParams memory p = fullParams();
        p.deposit = uint256(type(uint96).max) + 1;
        vm.prank(stranger);
        usd.approve(address(dealFactory), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IDealFactory.DepositTooLarge.selector, p.deposit));
        vm.prank(stranger);
        dealFactory.createDeal(p);
    }

    /// @notice A token that takes a fee delivers less than the deposit: what arrives must cover the floor.
    function test_createDeal_revertsDepositTooSmall_afterATransferFee() public {
        HostileToken feeToken = new HostileToken("Fee", "FEE", 6);
        feeToken.setFee(100); // 1%
        feeToken.mint(developer, 1e30);
        vm.prank(developer);
        feeToken.approve(address(dealFactory), type(uint256).max);
        IDealFactory.DealParams memory p = fullParams();
        p.paymentToken = address(feeToken);
        uint256 required = FLOOR_EPOCHS * 3 * DEAL_PRICE;
        p.deposit = required;
        uint256 received = required - required / 100;
        expectCreateRevert(p, abi.encodeWithSelector(IDealFactory.DepositTooSmall.selector, received, required));
    }

    function test_createDeal_revertsInsufficientAllowance() public {
        IDealFactory.DealParams memory p = fullParams();
        usd.mint(stranger, p.deposit);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(dealFactory), 0, p.deposit)
        );
        vm.prank(stranger);
        dealFactory.createDeal(p);
        assertEq(dealFactory.dealCount(), 0);
        assertEq(usd.balanceOf(stranger), p.deposit);
    }

    function test_createDeal_revertsInsufficientBalance() public {
        IDealFactory.DealParams memory p = fullParams();
        vm.prank(stranger);
        usd.approve(address(dealFactory), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, stranger, 0, p.deposit));
        vm.prank(stranger);
        dealFactory.createDeal(p);
        assertEq(dealFactory.dealCount(), 0);
    }

    function test_initialize_revertsNotFactory() public {
        Deal deal = createDeal(1, 1);
        vm.expectRevert(abi.encodeWithSelector(IDeal.NotFactory.selector, stranger));
        vm.prank(stranger);
        deal.initialize(stranger, APP_CID, APP_CODEC, IDeal.AccessMode.None, new address[](0), 1);
        assertEq(deal.owner(), developer);
    }

    function test_initialize_revertsAlreadyInitialized() public {
        Deal deal = createDeal(1, 1);
        vm.expectRevert(IDeal.AlreadyInitialized.selector);
        vm.prank(address(dealFactory));
        deal.initialize(stranger, APP_CID, APP_CODEC, IDeal.AccessMode.None, new address[](0), 1);
        assertEq(deal.owner(), developer);
        assertEq(deal.billing().balance, FLOOR_EPOCHS * DEAL_PRICE);
    }
}
