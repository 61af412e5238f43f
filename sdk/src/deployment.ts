// The deployment record written by script/Deploy.s.sol (deployments/<chainId>.json), validated on load.
import { readFileSync } from "node:fs";
import { type Address, getAddress, isAddress } from "viem";
import { DeploymentError } from "./errors.ts";

export interface Deployment {
  chainId: number;
  /** Block of the first protocol transaction: where log scans start. */
  startBlock: bigint;
  epochStart: bigint;
  epochDuration: bigint;
  owner: Address;
  treasury: Address;
  contracts: {
    core: Address;
    market: Address;
    capacity: Address;
    dealFactory: Address;
    dealImplementation: Address;
    verifier: Address;
    stakingToken: Address;
    /** A test payment token on devnets, the zero address elsewhere. */
    paymentToken: Address;
  };
}

const contractKeys = [
  "core",
  "market",
  "capacity",
  "dealFactory",
  "dealImplementation",
  "verifier",
  "stakingToken",
  "paymentToken",
] as const;

function field(record: Record<string, unknown>, key: string, source: string): unknown {
  if (!(key in record)) throw new DeploymentError(`${source}: missing field "${key}"`);
  return record[key];
}

function address(value: unknown, key: string, source: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    throw new DeploymentError(`${source}: "${key}" is not an address`, { details: String(value) });
  }
  return getAddress(value);
}

function integer(value: unknown, key: string, source: string): bigint {
  if (
    (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) ||
    (typeof value === "string" && /^\d+$/.test(value))
  ) {
    return BigInt(value);
  }
  throw new DeploymentError(`${source}: "${key}" is not a non-negative integer`, { details: String(value) });
}

export function parseDeployment(json: unknown, source = "deployment"): Deployment {
  if (typeof json !== "object" || json === null) throw new DeploymentError(`${source}: not a JSON object`);
  const record = json as Record<string, unknown>;
  const contracts = field(record, "contracts", source);
  if (typeof contracts !== "object" || contracts === null) {
    throw new DeploymentError(`${source}: "contracts" is not an object`);
  }
  const c = contracts as Record<string, unknown>;
  const parsed = Object.fromEntries(
    contractKeys.map((key) => [key, address(field(c, key, source), `contracts.${key}`, source)]),
  ) as Deployment["contracts"];
  const duration = integer(field(record, "epochDuration", source), "epochDuration", source);
  if (duration === 0n) throw new DeploymentError(`${source}: "epochDuration" is zero`);
  return {
    chainId: Number(integer(field(record, "chainId", source), "chainId", source)),
    startBlock: integer(field(record, "startBlock", source), "startBlock", source),
    epochStart: integer(field(record, "epochStart", source), "epochStart", source),
    epochDuration: duration,
    owner: address(field(record, "owner", source), "owner", source),
    treasury: address(field(record, "treasury", source), "treasury", source),
    contracts: parsed,
  };
}

/** A deployment as JSON that parseDeployment reads back (integers as strings). */
export function stringifyDeployment(deployment: Deployment): string {
  return JSON.stringify(deployment, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** The epoch of a timestamp, as the contracts count it: 0 before `epochStart`, then one per `epochDuration` from 1. */
export function epochAt(deployment: Pick<Deployment, "epochStart" | "epochDuration">, timestamp: bigint): bigint {
  if (timestamp < deployment.epochStart) return 0n;
  return (timestamp - deployment.epochStart) / deployment.epochDuration + 1n;
}

/** The timestamp at which `epoch` (1 or more) starts. */
export function epochStartsAt(deployment: Pick<Deployment, "epochStart" | "epochDuration">, epoch: bigint): bigint {
  return deployment.epochStart + (epoch - 1n) * deployment.epochDuration;
}

/** Reads and validates a deployment record from a file. */
export function loadDeployment(path: string): Deployment {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new DeploymentError(`cannot read the deployment file ${path}`, {
      details: (err as Error).message,
      cause: err,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DeploymentError(`${path} is not valid JSON`, { details: (err as Error).message, cause: err });
  }
  return parseDeployment(json, path);
}
