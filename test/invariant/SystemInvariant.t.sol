// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console2} from "forge-std/console2.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {TestToken} from "../../contracts/dev/TestToken.sol";
import {IMarket} from "../../contracts/interfaces/IMarket.sol";
import {ICapacity} from "../../contracts/interfaces/ICapacity.sol";
import {IDeal} from "../../contracts/interfaces/IDeal.sol";
import {SystemBase} from "./handlers/SystemBase.sol";
import {SystemHandler} from "./handlers/SystemHandler.sol";
import {SystemGovernance} from "./handlers/SystemGovernance.sol";

/// @notice The whole protocol in one run (see SystemHandler): real deals over real commitments that end, fail and
/// finish, while providers change their offers and peers and the owner changes parameters and the verifier and
/// upgrades the modules. The invariants read the contracts' own state, not a model: each module holds what it
/// owes, tokens are neither made nor lost, a CU serves at most one deal and both sides agree on it, only
/// registered workers are paid, rewards stay within the pools funded. After every run, everything can be wound
/// down and withdrawn, leaving no token behind.
/// forge-config: ci.invariant.runs = 64
/// forge-config: ci.invariant.depth = 100
contract SystemInvariantTest is Fixture {
    SystemHandler internal handler;
    TestToken internal usd2;
    address internal provider2 = makeAddr("provider2");
    address internal developer = makeAddr("developer");
    address internal developer2 = makeAddr("developer2");
    address internal delegator2 = makeAddr("delegator2");
    uint256 internal initialReserve;

    function setUp() public override {
        super.setUp();
        usd2 = deployToken("USD2", "USD2", 6);
        vm.prank(provider2);
        market.registerProvider("provider2", hex"02");
        address[2] memory devs = [developer, developer2];
        for (uint256 i; i < devs.length; ++i) {
            usd.mint(devs[i], 1e30);
            usd2.mint(devs[i], 1e30);
            vm.startPrank(devs[i]);
            usd.approve(address(dealFactory), type(uint256).max);
            usd2.approve(address(dealFactory), type(uint256).max);
            vm.stopPrank();
        }
        address[3] memory stakers = [delegator2, provider, provider2];
        for (uint256 i; i < stakers.length; ++i) {
            stake.mint(stakers[i], 1_000_000 ether);
            vm.prank(stakers[i]);
            stake.approve(address(capacity), type(uint256).max);
        }
        initialReserve = capacity.rewardReserve();
        handler = new SystemHandler(_config());
        goToEpoch(1);

        // Start every run from a working market: four peers, three of them committed and active, a deal in each
        // token (the second provider's offer in the second one) staffed with workers.
        handler.addPeer(0, 1);
        handler.addPeer(1, 1);
        handler.addPeer(0, 0);
        handler.addPeer(1, 2);
        handler.commit(0, 0, 0);
        handler.commit(1, 1, 1);
        handler.commit(2, 2, 3);
        handler.warp(1 << 4);
        handler.setOfferToken(1, 1);
        handler.createDeal(1);
        handler.createDeal(2 | 1 << 16);
        handler.matchDeal(0, 0, 1, 0);
        handler.matchDeal(0, 4, 1, 0);
        handler.matchDeal(1, 2, 1, 0);
        handler.setWorker(0, 0);
        handler.setWorker(2, 1);
        handler.setWorker(4, 0);
        address[] memory deals = handler.dealList();
        assertEq(Deal(deals[0]).billing().workers, 2, "first deal staffed");
        assertEq(Deal(deals[1]).billing().workers, 1, "second deal staffed");

        bytes4[] memory selectors = new bytes4[](34);
        selectors[0] = SystemHandler.addPeer.selector;
        selectors[1] = SystemHandler.addUnit.selector;
        selectors[2] = SystemHandler.removeUnit.selector;
        selectors[3] = SystemHandler.removePeer.selector;
        selectors[4] = SystemHandler.setOfferPrice.selector;
        selectors[5] = SystemHandler.setOfferToken.selector;
        selectors[6] = SystemHandler.commit.selector;
        selectors[7] = SystemHandler.deposit.selector;
        selectors[8] = SystemHandler.removeCommitment.selector;
        selectors[9] = SystemHandler.finish.selector;
        selectors[10] = SystemHandler.withdrawRewards.selector;
        selectors[11] = SystemHandler.prove.selector;
        selectors[12] = SystemHandler.warp.selector;
        selectors[13] = SystemHandler.createDeal.selector;
        selectors[14] = SystemHandler.matchDeal.selector;
        selectors[15] = SystemHandler.setWorker.selector;
        selectors[16] = SystemHandler.returnUnit.selector;
        selectors[17] = SystemHandler.topUp.selector;
        selectors[18] = SystemHandler.withdraw.selector;
        selectors[19] = SystemHandler.stop.selector;
        selectors[20] = SystemHandler.claimPay.selector;
        selectors[21] = SystemGovernance.setParam.selector;
        selectors[22] = SystemGovernance.setVerifier.selector;
        selectors[23] = SystemGovernance.upgrade.selector;
        selectors[24] = SystemGovernance.setDealImplementation.selector;
        selectors[25] = SystemGovernance.fundRewards.selector;
        selectors[26] = SystemGovernance.withdrawReserve.selector;
        selectors[27] = SystemGovernance.strangerGoverns.selector;
        // time moves four times as often as anything else, so that commitments end and fail within a run, and
        // peers are committed, CUs matched and workers set twice as often
        (selectors[28], selectors[29], selectors[30]) = (selectors[12], selectors[12], selectors[12]);
        (selectors[31], selectors[32], selectors[33]) = (selectors[6], selectors[14], selectors[15]);
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function _config() internal returns (SystemBase.Config memory c) {
        (c.core, c.market, c.capacity, c.factory, c.stake) =
        (core, market, capacity, dealFactory, IERC20(address(stake)));
        (c.owner, c.operator, c.stranger, c.price) = (owner, operator, stranger, PRICE);
        c.providers = new address[](2);
        (c.providers[0], c.providers[1]) = (provider, provider2);
        c.offers = new uint256[](2);
        for (uint256 i; i < 2; ++i) {
            vm.prank(c.providers[i]);
            c.offers[i] = market.registerOffer(PRICE, address(usd), new bytes32[](0), new IMarket.PeerInput[](0));
        }
        c.developers = new address[](2);
        (c.developers[0], c.developers[1]) = (developer, developer2);
        c.delegators = new address[](2);
        (c.delegators[0], c.delegators[1]) = (delegator, delegator2);
        c.tokens = new address[](2);
        (c.tokens[0], c.tokens[1]) = (address(usd), address(usd2));
        for (uint256 i; i < 2; ++i) {
            c.implementations[0][i] = address(deployCoreImpl());
            c.implementations[1][i] = address(deployMarketImpl(core));
            c.implementations[2][i] =
                address(deployCapacityImpl(core, market, IERC20(address(stake)), address(dealFactory)));
            c.implementations[3][i] = address(deployDealFactoryImpl(core));
        }
        c.verifiers = new address[](2);
        c.dealImplementations = new address[](2);
        for (uint256 i; i < 2; ++i) {
            c.verifiers[i] = address(deployVerifier());
            c.dealImplementations[i] = address(deployDealImpl(address(dealFactory), core));
        }
    }

    /// @dev The handler owns the clock.
    modifier synced() {
        vm.warp(handler.time());
        vm.roll(handler.blockNumber());
        _;
    }

    // ------------------------------------------------------------------ invariants

    /// @notice The capacity module holds exactly what it owes, and what it owes covers, at least, the collateral
    /// of the commitments running, the rewards earned and not withdrawn and the reserve.
    function invariant_capacityHoldsWhatItOwes() public synced {
        uint256 owed = capacity.liabilities();
        assertEq(stake.balanceOf(address(capacity)), owed, "balance == liabilities");
        uint256 floor = capacity.rewardReserve();
        uint256 n = capacity.commitmentCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICapacity.Commitment memory c = capacity.commitment(id);
            ICapacity.Accounting memory a = capacity.accounting(id);
            if (c.stage == ICapacity.Stage.Deposited) floor += c.unitCount * c.collateralPerUnit;
            floor += a.rewardsEarned - a.rewardsVested + a.providerWithdrawable + a.delegatorWithdrawable;
        }
        // `accounting` reports each commitment's reward as if it settled next; settled one by one, the shares of an
        // epoch add up to its pool exactly, but views of several unsettled commitments may each round up by one unit
        assertGe(owed + n, floor, "liabilities cover collateral, rewards owed and the reserve");
    }

    /// @notice Rewards earned never exceed the pools allocated, and the pools plus the reserve are exactly what was
    /// funded less what the owner took back.
    function invariant_rewardsWithinFundedPools() public synced {
        uint256 allocated;
        uint256 current = epoch();
        for (uint256 e = 1; e <= current; ++e) {
            (uint256 pool,) = capacity.epochRewards(e);
            allocated += pool;
        }
        assertEq(
            allocated + capacity.rewardReserve(),
            initialReserve + handler.funded() - handler.reserveWithdrawn(),
            "pools + reserve == funded - withdrawn"
        );
        uint256 earned;
        uint256 n = capacity.commitmentCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICapacity.Accounting memory a = capacity.accounting(id);
            assertLe(a.rewardsVested, a.rewardsEarned, "vested <= earned");
            assertLe(a.providerWithdrawable + a.delegatorWithdrawable, a.rewardsVested, "withdrawable <= vested");
            earned += a.rewardsEarned;
        }
        // one unit of rounding per commitment: see invariant_capacityHoldsWhatItOwes
        assertLe(earned, allocated + n, "earned <= pools allocated");
    }

    /// @notice Every deal holds exactly its balance plus the pay it owes providers.
    function invariant_dealsHoldWhatTheyOwe() public synced {
        address[] memory deals = handler.dealList();
        for (uint256 i; i < deals.length; ++i) {
            Deal deal = Deal(deals[i]);
            uint256 owed = deal.billing().balance + deal.providerPay(provider).due + deal.providerPay(provider2).due;
            assertEq(IERC20(deal.terms().paymentToken).balanceOf(address(deal)), owed, "balance + pay due");
        }
    }

    /// @notice A CU serves at most one deal, the deal and the capacity module agree on which, and the market still
    /// lists it; each deal's CU and worker counts match its CUs, and only CUs with a registered worker are paid for.
    function invariant_oneDealPerUnitAndPaidWorkers() public synced {
        address[] memory deals = handler.dealList();
        bytes32[] memory units = handler.unitList();
        for (uint256 i; i < units.length; ++i) {
            address deal = capacity.dealOf(units[i]);
            assertEq(capacity.unitState(units[i]).deal, deal, "unit state's deal");
            if (deal == address(0)) continue;
            assertTrue(dealFactory.isDeal(deal), "a real deal");
            assertEq(Deal(deal).unitOfPeer(handler.peerOfUnit(units[i])), units[i], "the deal has the CU");
            (bytes32 peerId,) = market.unitPeer(units[i]);
            assertEq(peerId, handler.peerOfUnit(units[i]), "a CU in a deal stays listed");
        }
        bytes32[] memory peers = handler.peerList();
        for (uint256 i; i < deals.length; ++i) {
            Deal deal = Deal(deals[i]);
            uint256 members;
            uint256 workers;
            for (uint256 j; j < peers.length; ++j) {
                bytes32 unitId = deal.unitOfPeer(peers[j]);
                if (unitId == 0) continue;
                assertEq(capacity.dealOf(unitId), address(deal), "the capacity module has the CU in this deal");
                ++members;
                if (deal.workerOfPeer(peers[j]) != 0) ++workers;
            }
            IDeal.ProviderPay memory a = deal.providerPay(provider);
            IDeal.ProviderPay memory b = deal.providerPay(provider2);
            assertEq(deal.unitCount(), members, "unit count");
            assertEq(a.units + b.units, members, "units per provider");
            assertEq(deal.billing().workers, workers, "workers billed == workers registered");
            assertEq(a.workers + b.workers, workers, "workers per provider");
        }
    }

    /// @notice Staking and payment tokens are neither made nor lost: each supply sits with the run's accounts and
    /// deals.
    function invariant_tokensConserved() public view {
        address[] memory holders = handler.accounts();
        address[] memory deals = handler.dealList();
        IERC20[3] memory list = [IERC20(address(stake)), IERC20(address(usd)), IERC20(address(usd2))];
        for (uint256 t; t < list.length; ++t) {
            uint256 sum;
            for (uint256 i; i < holders.length; ++i) {
                sum += list[t].balanceOf(holders[i]);
            }
            for (uint256 i; i < deals.length; ++i) {
                sum += list[t].balanceOf(deals[i]);
            }
            assertEq(sum, list[t].totalSupply(), "supply held by the run's accounts");
        }
    }

    /// @notice A peer is held by at most one open commitment, the latest one, which the market records; while that
    /// commitment runs, it expects proofs from exactly the peer's CUs that serve no deal.
    function invariant_commitmentsAgreeWithMarketAndDeals() public synced {
        bytes32[] memory peers = handler.peerList();
        uint256 n = capacity.commitmentCount();
        for (uint256 i; i < peers.length; ++i) {
            uint256 open;
            uint256 latest;
            for (uint256 id = 1; id <= n; ++id) {
                ICapacity.Commitment memory c = capacity.commitment(id);
                if (c.peerId != peers[i]) continue;
                latest = id;
                bool isOpen = c.stage == ICapacity.Stage.WaitDelegation || c.stage == ICapacity.Stage.Deposited;
                assertEq(capacity.locksPeer(id), isOpen, "locks the peer while open");
                if (isOpen) ++open;
            }
            assertLe(open, 1, "one open commitment per peer");
            if (!handler.removed(peers[i])) {
                assertEq(market.peer(peers[i]).commitmentId, latest, "the market records the latest");
            }
            ICapacity.Status status = latest == 0 ? ICapacity.Status.None : capacity.status(latest);
            if (status != ICapacity.Status.WaitStart && status != ICapacity.Status.Active) continue;
            assertEq(
                capacity.accounting(latest).activeUnits,
                capacity.commitment(latest).unitCount - _servingUnits(peers[i]),
                "a running commitment expects its CUs outside deals"
            );
        }
    }

    /// @dev The CUs of `peerId` that some deal says it has.
    function _servingUnits(bytes32 peerId) internal view returns (uint256 count) {
        address[] memory deals = handler.dealList();
        for (uint256 i; i < deals.length; ++i) {
            if (Deal(deals[i]).unitOfPeer(peerId) != 0) ++count;
        }
    }

    /// @notice Liveness, after every run: every deal stops and empties, every commitment finishes, everything is
    /// withdrawn by whom it is owed to: no module holds a token.
    function afterInvariant() public {
        handler.windDown();
        vm.warp(handler.time());
        vm.roll(handler.blockNumber());
        bytes32[] memory units = handler.unitList();
        for (uint256 i; i < units.length; ++i) {
            assertEq(capacity.dealOf(units[i]), address(0), "every CU left its deal");
        }
        address[] memory deals = handler.dealList();
        for (uint256 i; i < deals.length; ++i) {
            IERC20 token = IERC20(Deal(deals[i]).terms().paymentToken);
            assertEq(token.balanceOf(deals[i]), 0, "a deal keeps no token");
        }
        uint256[] memory ids = handler.commitmentList();
        for (uint256 i; i < ids.length; ++i) {
            ICapacity.Stage stage = capacity.commitment(ids[i]).stage;
            assertTrue(stage == ICapacity.Stage.Finished || stage == ICapacity.Stage.Removed, "closed");
            ICapacity.Accounting memory a = capacity.accounting(ids[i]);
            assertEq(a.rewardsVested, a.rewardsEarned, "fully vested");
            assertEq(a.providerWithdrawable + a.delegatorWithdrawable, 0, "all withdrawn");
        }
        assertEq(capacity.liabilities(), 0, "nothing owed");
        assertEq(stake.balanceOf(address(capacity)), 0, "no token left behind");
        _logCalls();
    }

    function _logCalls() internal view {
        string[29] memory actions = [
            "addPeer",
            "addUnit",
            "removeUnit",
            "removePeer",
            "setOfferPrice",
            "setOfferToken",
            "createCommitment",
            "depositCollateral",
            "removeCommitment",
            "finishCommitment",
            "withdrawRewards",
            "prove",
            "proveInDeal",
            "advanceEpoch",
            "createDeal",
            "matchDeal",
            "setWorker",
            "returnUnit",
            "topUp",
            "withdraw",
            "stop",
            "claimPay",
            "setParam",
            "setVerifier",
            "upgrade",
            "setDealImplementation",
            "fundRewards",
            "withdrawReserve",
            "strangerGoverns"
        ];
        for (uint256 i; i < actions.length; ++i) {
            console2.log(actions[i], handler.executed(actions[i]), handler.refused(actions[i]));
        }
    }
}
