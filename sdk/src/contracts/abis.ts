// The ABIs the SDK talks to, and the union of all of them: a call into a deal may revert inside the capacity
// module or a token, and a receipt may hold events of several contracts, so errors and logs decode against all.
import { capacityAbi, coreAbi, dealAbi, dealFactoryAbi, enums, marketAbi, testTokenAbi } from "../generated/abis.ts";

export { capacityAbi, coreAbi, dealAbi, dealFactoryAbi, enums, marketAbi, testTokenAbi as erc20Abi };

export const protocolAbi = [
  ...coreAbi,
  ...marketAbi,
  ...capacityAbi,
  ...dealFactoryAbi,
  ...dealAbi,
  ...testTokenAbi,
] as const;
