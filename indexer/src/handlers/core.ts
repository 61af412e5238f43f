// Core events: ownership, parameters, treasury, allowlist, modules and the proof verifier.
import { coreAbi, enums } from "@cloudless/sdk";
import { ponder } from "ponder:registry";
import { providerApproval } from "ponder:schema";
import { zeroAddress } from "viem";
import { recordParamChange, recordUpgrade, updateProtocol } from "./records.ts";

/** ICore.Param's names as the Params struct (and the protocol row's columns) spell them. */
const PARAMS = enums.ICore.Param.map((name) => uncapitalize(name));

function uncapitalize<S extends string>(name: S): Uncapitalize<S> {
  return (name[0]!.toLowerCase() + name.slice(1)) as Uncapitalize<S>;
}

ponder.on("Core:Initialized", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "Core", { kind: "initialized", version: event.args.version });
  // Initialisation sets every parameter without a ParamScheduled event: the values in force are read once here, at
  // that block (the node must keep its state, as an archive node does).
  const params = await context.client.readContract({
    abi: coreAbi,
    address: event.log.address,
    functionName: "params",
  });
  await updateProtocol(context.db, {
    ...Object.fromEntries(PARAMS.map((name) => [name, BigInt(params[name])])),
    paramsEffectiveEpoch: 0n,
  });
});

ponder.on("Core:Upgraded", async ({ event, context }) => {
  await recordUpgrade(context.db, event, "Core", { kind: "upgraded", implementation: event.args.implementation });
});

ponder.on("Core:OwnershipTransferStarted", async ({ event, context }) => {
  // a transfer to the zero address cancels a pending one
  const { newOwner } = event.args;
  await updateProtocol(context.db, { pendingOwner: newOwner === zeroAddress ? null : newOwner });
});

ponder.on("Core:OwnershipTransferred", async ({ event, context }) => {
  await updateProtocol(context.db, { owner: event.args.newOwner, pendingOwner: null });
  await recordParamChange(context.db, event, { contract: "Core", name: "owner", value: event.args.newOwner });
});

ponder.on("Core:ParamScheduled", async ({ event, context }) => {
  const name = PARAMS[event.args.param] ?? `param${event.args.param}`;
  const { value, effectiveEpoch } = event.args;
  await recordParamChange(context.db, event, { contract: "Core", name, value: value.toString(), effectiveEpoch });
  await updateProtocol(context.db, { [name]: value, paramsEffectiveEpoch: effectiveEpoch });
});

ponder.on("Core:AllowlistEnabled", async ({ event, context }) => {
  await updateProtocol(context.db, { allowlistEnabled: event.args.enabled });
  await recordParamChange(context.db, event, {
    contract: "Core",
    name: "allowlistEnabled",
    value: String(event.args.enabled),
  });
});

ponder.on("Core:ProviderApproval", async ({ event, context }) => {
  const values = { approved: event.args.approved, updatedAt: event.block.timestamp };
  await context.db
    .insert(providerApproval)
    .values({ provider: event.args.provider, ...values })
    .onConflictDoUpdate(values);
});

ponder.on("Core:TreasuryChanged", async ({ event, context }) => {
  await updateProtocol(context.db, { treasury: event.args.treasury });
  await recordParamChange(context.db, event, { contract: "Core", name: "treasury", value: event.args.treasury });
});

ponder.on("Core:ModulesSet", async ({ event, context }) => {
  const { market, capacity, verifier } = event.args;
  await updateProtocol(context.db, { market, capacity, verifier });
  for (const [name, value] of Object.entries({ market, capacity, verifier })) {
    await recordParamChange(context.db, event, { contract: "Core", name, value, suffix: name });
  }
});

ponder.on("Core:VerifierScheduled", async ({ event, context }) => {
  const { verifier, effectiveEpoch } = event.args;
  // As Core does: a pending verifier whose epoch has come is in force before the new one is staged.
  await updateProtocol(context.db, (row) => ({
    verifier:
      row.nextVerifier && row.nextVerifierEpoch !== null && row.nextVerifierEpoch < effectiveEpoch
        ? row.nextVerifier
        : row.verifier,
    nextVerifier: verifier,
    nextVerifierEpoch: effectiveEpoch,
  }));
  await recordParamChange(context.db, event, { contract: "Core", name: "verifier", value: verifier, effectiveEpoch });
});
