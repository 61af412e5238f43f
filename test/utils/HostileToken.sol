// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice What a token with ERC-777-style hooks calls on the accounts it moves tokens between.
interface ITokenHooks {
    /// @notice Called on the sender before the balances move.
    function tokensToSend(address from, address to, uint256 amount) external;
    /// @notice Called on the recipient after the balances moved.
    function tokensReceived(address from, address to, uint256 amount) external;
}

/// @title An ERC-20 with every hostile behaviour the protocol must survive, each switched on by a test
/// @notice Fee on transfer (burned), hooks on send and on receive (ERC-777 style) that may re-enter anything,
/// rebasing of every balance up or down, a blocklist of senders and recipients, failures reported by returning
/// false instead of reverting, and any number of decimals. With nothing switched on it is a plain ERC-20.
contract HostileToken is IERC20 {
    error Blocked(address account);
    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    uint8 public immutable decimals;
    string public name;
    string public symbol;

    uint256 public totalSupply;
    mapping(address account => uint256) public balanceOf;
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    uint256 public feeBps;
    bool public returnsFalse;
    mapping(address account => bool) public blocked;
    mapping(address account => ITokenHooks) public hookOf;
    address[] internal holders;
    mapping(address account => bool) internal known;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
    }

    // ------------------------------------------------------------------ switches (tests only)

    function mint(address to, uint256 amount) external {
        _hold(to);
        balanceOf[to] += amount;
        totalSupply += amount;
        emit Transfer(address(0), to, amount);
    }

    function setFee(uint256 bps) external {
        feeBps = bps;
    }

    function setReturnsFalse(bool on) external {
        returnsFalse = on;
    }

    function setBlocked(address account, bool on) external {
        blocked[account] = on;
    }

    /// @notice Registers `hook` as `account`'s hook (an ERC-1820 registry stands behind this on a real chain).
    function setHook(address account, ITokenHooks hook) external {
        hookOf[account] = hook;
    }

    /// @notice Multiplies every balance by `num / den` (rounded down), as a rebasing token does.
    function rebase(uint256 num, uint256 den) external {
        uint256 supply;
        for (uint256 i; i < holders.length; ++i) {
            address h = holders[i];
            uint256 balance = balanceOf[h] * num / den;
            balanceOf[h] = balance;
            supply += balance;
        }
        totalSupply = supply;
    }

    // ------------------------------------------------------------------ ERC-20

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        return _transfer(msg.sender, to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < amount) {
            return _fail(abi.encodeWithSelector(InsufficientAllowance.selector, msg.sender, allowed, amount));
        }
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;
        return _transfer(from, to, amount);
    }

    function _transfer(address from, address to, uint256 amount) internal returns (bool) {
        if (blocked[from]) return _fail(abi.encodeWithSelector(Blocked.selector, from));
        if (blocked[to]) return _fail(abi.encodeWithSelector(Blocked.selector, to));
        ITokenHooks sendHook = hookOf[from];
        if (address(sendHook) != address(0)) sendHook.tokensToSend(from, to, amount);
        uint256 balance = balanceOf[from];
        if (balance < amount) {
            return _fail(abi.encodeWithSelector(InsufficientBalance.selector, from, balance, amount));
        }
        uint256 fee = amount * feeBps / 10_000;
        _hold(to);
        balanceOf[from] = balance - amount;
        balanceOf[to] += amount - fee;
        totalSupply -= fee;
        emit Transfer(from, to, amount - fee);
        ITokenHooks receiveHook = hookOf[to];
        if (address(receiveHook) != address(0)) receiveHook.tokensReceived(from, to, amount - fee);
        return true;
    }

    /// @dev A failure: false when the token is set to report failures that way, else a revert.
    function _fail(bytes memory err) internal view returns (bool) {
        if (returnsFalse) return false;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            revert(add(err, 0x20), mload(err))
        }
    }

    function _hold(address account) internal {
        if (known[account]) return;
        known[account] = true;
        holders.push(account);
    }
}
