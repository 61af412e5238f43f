// The protocol's clock and parameters.
import type { ModuleContext } from "../context.ts";
import { epochStartsAt } from "../deployment.ts";
import { read } from "../tx.ts";
import { coreAbi } from "./abis.ts";

export type Epochs = ReturnType<typeof epochsModule>;

export function epochsModule(ctx: ModuleContext) {
  const address = ctx.deployment.contracts.core;
  const client = ctx.tx.publicClient;
  const call = <T>(fn: () => Promise<T>) => read(ctx.tx, fn);

  return {
    /** The current epoch by the latest block's timestamp, with when it started and ends (unix seconds). */
    async current() {
      const [epoch, block] = await Promise.all([
        call(() => client.readContract({ address, abi: coreAbi, functionName: "currentEpoch" })),
        call(() => client.getBlock()),
      ]);
      const duration = ctx.deployment.epochDuration;
      const startsAt = epochStartsAt(ctx.deployment, epoch);
      const endsAt = startsAt + duration;
      return {
        epoch,
        startsAt,
        endsAt,
        secondsLeft: endsAt > block.timestamp ? endsAt - block.timestamp : 0n,
        duration,
        timestamp: block.timestamp,
      };
    },

    /** The parameters in force now. */
    params: () => call(() => client.readContract({ address, abi: coreAbi, functionName: "params" })),

    /** The parameters in force at `epoch` (scheduled changes apply from their effective epoch). */
    paramsAt: (epoch: bigint) =>
      call(() => client.readContract({ address, abi: coreAbi, functionName: "paramsAt", args: [epoch] })),
  };
}
