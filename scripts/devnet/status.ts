// The periodic status line: where the clock is and what the market holds, read through the SDK.
import type { Cloudless } from "../../sdk/src/client.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function statusLine(client: Cloudless): Promise<string> {
  const [now, block, commitmentCount, deals] = await Promise.all([
    client.epochs.current(),
    client.publicClient.getBlockNumber(),
    client.capacity.commitmentCount(),
    client.deals.list(),
  ]);
  const ids = Array.from({ length: Number(commitmentCount) }, (_, i) => BigInt(i + 1));
  const [commitments, dealInfos] = await Promise.all([
    Promise.all(ids.map((id) => client.capacity.getCommitment(id))),
    Promise.all(deals.map((d) => client.deals.get(d))),
  ]);
  // CUs proving capacity: in active commitments and serving no deal
  const activeUnits = commitments
    .filter((c) => c.status === "Active")
    .reduce((sum, c) => sum + Number(c.activeUnits), 0);
  const running = dealInfos.filter((d) => d.status !== "Ended");
  const workers = running.reduce((sum, d) => sum + d.billing.workers, 0);
  return [
    `epoch ${now.epoch}`,
    `${now.secondsLeft}s left`,
    `${activeUnits} active CUs`,
    `${plural(running.length, "deal")} (${plural(workers, "worker")})`,
    `block ${block}`,
  ].join(" · ");
}
