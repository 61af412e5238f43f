// Rows several contracts write alike: proxy upgrades and initialisations, admin changes, the protocol singleton.
import type { Context, Event } from "ponder:registry";
import { paramChange, protocol, upgrade } from "ponder:schema";

type Db = Context["db"];
type At = Pick<Event, "id" | "block" | "transaction">;
type ProxyContract = "Core" | "Market" | "Capacity" | "DealFactory";
type ProtocolChange = Partial<Omit<typeof protocol.$inferInsert, "id">>;

/** OpenZeppelin's Initialized and Upgraded of a protocol proxy. */
export async function recordUpgrade(
  db: Db,
  event: At,
  contract: ProxyContract,
  change: { kind: "initialized"; version: bigint } | { kind: "upgraded"; implementation: `0x${string}` },
) {
  await db.insert(upgrade).values({
    id: event.id,
    contract,
    kind: change.kind,
    implementation: change.kind === "upgraded" ? change.implementation : null,
    version: change.kind === "initialized" ? change.version : null,
    block: event.block.number,
  });
}

/** One admin change (a parameter, a module, an implementation...), `suffix` telling apart several in one event. */
export async function recordParamChange(
  db: Db,
  event: At,
  change: { contract: ProxyContract; name: string; value: string; effectiveEpoch?: bigint; suffix?: string },
) {
  await db.insert(paramChange).values({
    id: change.suffix ? `${event.id}-${change.suffix}` : event.id,
    contract: change.contract,
    name: change.name,
    value: change.value,
    effectiveEpoch: change.effectiveEpoch ?? null,
    block: event.block.number,
    timestamp: event.block.timestamp,
    tx: event.transaction.hash,
  });
}

/** Updates the protocol row, creating it on the first event that touches it. */
export async function updateProtocol(
  db: Db,
  change: ProtocolChange | ((row: typeof protocol.$inferSelect) => ProtocolChange),
) {
  await db.insert(protocol).values({ id: 1 }).onConflictDoNothing();
  await db.update(protocol, { id: 1 }).set(change);
}
