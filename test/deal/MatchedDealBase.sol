// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DealBase} from "./DealBase.sol";
import {Deal} from "../../contracts/deal/Deal.sol";
import {IDealFactory} from "../../contracts/interfaces/IDealFactory.sol";

/// @notice Two one-CU peers of the fixture's provider matched to a deal for 2 workers, funded with `dealDeposit()`.
abstract contract MatchedDealBase is DealBase {
    bytes32[] internal units;
    bytes32[] internal peers;
    Deal internal theDeal;
    uint256 internal matchedIn;

    function dealDeposit() internal pure virtual returns (uint256);

    function setUp() public virtual override {
        super.setUp();
        (units, peers) = activePeers(2);
        IDealFactory.DealParams memory p = dealParams(2, 2);
        p.deposit = dealDeposit();
        theDeal = createDeal(p);
        matchDeal(theDeal, units);
        matchedIn = epoch();
    }
}
