// The terms of `deal create`, from flags or from a deal.json file; both are checked fully before anything is sent.
import type { Address } from "viem";
import { parseCid } from "../cid.ts";
import type { DealSpec } from "../contracts/deals.ts";
import { InputError } from "../errors.ts";
import { type TokenInfo } from "./format.ts";
import { Fields, readJsonFile } from "./json-file.ts";
import { parseAddress, parseAmount, parseInteger } from "./parse.ts";

type Access = "allowlist" | "denylist";

interface DealInput {
  app: string;
  minWorkers: bigint;
  targetWorkers: bigint;
  maxWorkersPerProvider: bigint;
  /** Amounts stay text until the token's decimals are known. */
  price: string;
  deposit: string;
  token: Address | undefined;
  effectors: string[];
  access: Access | undefined;
  providers: Address[];
  selfMatching: boolean;
}

export interface DealFlags {
  file?: string;
  app?: string;
  minWorkers?: string;
  targetWorkers?: string;
  maxPerProvider?: string;
  price?: string;
  deposit?: string;
  token?: string;
  effector?: string[];
  access?: Access;
  provider?: string[];
  selfMatching?: boolean;
}

const DEAL_FILE_KEYS = {
  required: ["app", "minWorkers", "targetWorkers", "maxWorkersPerProvider", "price", "deposit"],
  optional: ["token", "effectors", "access", "providers", "selfMatching"],
} as const;

function checked(input: DealInput): DealInput {
  parseCid(input.app);
  for (const e of input.effectors) parseCid(e);
  if (input.providers.length && !input.access)
    throw new InputError("providers are listed but no access mode is set (allowlist or denylist)");
  return input;
}

function fromFile(cwd: string, path: string): DealInput {
  const f = new Fields(readJsonFile(cwd, path), path, DEAL_FILE_KEYS);
  const access = f.string("access");
  if (access !== undefined && access !== "allowlist" && access !== "denylist") {
    throw new InputError(`${path}: "access" must be "allowlist" or "denylist", got "${access}"`);
  }
  const token = f.string("token");
  return checked({
    app: f.string("app")!,
    minWorkers: f.integer("minWorkers")!,
    targetWorkers: f.integer("targetWorkers")!,
    maxWorkersPerProvider: f.integer("maxWorkersPerProvider")!,
    price: f.amount("price")!,
    deposit: f.amount("deposit")!,
    token: token === undefined ? undefined : parseAddress(token, `${path}: token`),
    effectors: f.strings("effectors") ?? [],
    access,
    providers: (f.strings("providers") ?? []).map((p) => parseAddress(p, `${path}: provider`)),
    selfMatching: f.boolean("selfMatching") ?? false,
  });
}

const termFlags = [
  "app",
  "minWorkers",
  "targetWorkers",
  "maxPerProvider",
  "price",
  "deposit",
  "token",
  "effector",
  "access",
  "provider",
  "selfMatching",
] as const;
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function dealInput(flags: DealFlags, cwd: string): DealInput {
  if (flags.file !== undefined) {
    const mixed = termFlags.filter((k) => flags[k] !== undefined);
    if (mixed.length)
      throw new InputError(`--file cannot be combined with ${mixed.map(flagName).join(", ")}: put them in the file`);
    return fromFile(cwd, flags.file);
  }
  const required = ["app", "minWorkers", "targetWorkers", "maxPerProvider", "price", "deposit"] as const;
  const missing = required.filter((k) => flags[k] === undefined);
  if (missing.length) {
    throw new InputError(`deal create needs ${missing.map(flagName).join(", ")}`, {
      details: "or give all the terms in a file with --file deal.json",
    });
  }
  return checked({
    app: flags.app!,
    minWorkers: parseInteger(flags.minWorkers!, "--min-workers"),
    targetWorkers: parseInteger(flags.targetWorkers!, "--target-workers"),
    maxWorkersPerProvider: parseInteger(flags.maxPerProvider!, "--max-per-provider"),
    price: flags.price!,
    deposit: flags.deposit!,
    token: flags.token === undefined ? undefined : parseAddress(flags.token, "--token"),
    effectors: flags.effector ?? [],
    access: flags.access,
    providers: (flags.provider ?? []).map((p) => parseAddress(p, "--provider")),
    selfMatching: flags.selfMatching ?? false,
  });
}

export function dealSpec(input: DealInput, token: TokenInfo): DealSpec {
  return {
    appCid: input.app,
    minWorkers: input.minWorkers,
    targetWorkers: input.targetWorkers,
    maxWorkersPerProvider: input.maxWorkersPerProvider,
    pricePerWorkerEpoch: parseAmount(input.price, token.decimals, "price"),
    deposit: parseAmount(input.deposit, token.decimals, "deposit"),
    paymentToken: token.address,
    effectors: input.effectors,
    accessMode: input.access === "allowlist" ? "Allowlist" : input.access === "denylist" ? "Denylist" : "None",
    accessList: input.providers,
    openToSelfMatching: input.selfMatching,
  };
}
