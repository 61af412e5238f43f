// The terms of `provider offer create` and the peers of `provider peer add`, from flags or from an offer.json file.
import { randomBytes } from "node:crypto";
import { type Address, bytesToHex } from "viem";
import { parseCid } from "../cid.ts";
import type { PeerSpec } from "../contracts/market.ts";
import { InputError } from "../errors.ts";
import { Fields, readJsonFile } from "./json-file.ts";
import { parseAddress, parseId, parseInteger, parsePeerFlag, type PeerFlag } from "./parse.ts";

interface OfferInput {
  price: string;
  token: Address | undefined;
  effectors: string[];
  peers: PeerSpec[];
}

export interface OfferFlags {
  file?: string;
  price?: string;
  token?: string;
  effector?: string[];
  peer?: string[];
}

/** A peer with a CU count gets that many fresh random CU labels; the output lists the CUs' ids. */
export function peerSpec(flag: PeerFlag, operator?: Address): PeerSpec {
  const unitLabels =
    typeof flag.units === "number" ? Array.from({ length: flag.units }, () => bytesToHex(randomBytes(32))) : flag.units;
  return { publicKey: flag.publicKey, unitLabels, ...(operator ? { operator } : {}) };
}

function peerFromFile(value: unknown, source: string): PeerSpec {
  const f = new Fields(value, source, { required: ["publicKey", "units"], optional: ["operator"] });
  const publicKey = parseId(f.string("publicKey")!, `${source}: publicKey`);
  const units = f.raw("units");
  const operator = f.string("operator");
  const parsed: PeerFlag =
    typeof units === "number" || typeof units === "string"
      ? { publicKey, units: Number(parseInteger(String(units), `${source}: units`)) }
      : { publicKey, units: (f.strings("units") ?? []).map((u) => parseId(u, `${source}: CU label`)) };
  return peerSpec(parsed, operator === undefined ? undefined : parseAddress(operator, `${source}: operator`));
}

export function offerInput(flags: OfferFlags, cwd: string): OfferInput {
  let input: OfferInput;
  if (flags.file !== undefined) {
    const mixed = (["price", "token", "effector", "peer"] as const).filter((k) => flags[k] !== undefined);
    if (mixed.length)
      throw new InputError(
        `--file cannot be combined with ${mixed.map((k) => `--${k}`).join(", ")}: put them in the file`,
      );
    const f = new Fields(readJsonFile(cwd, flags.file), flags.file, {
      required: ["price", "peers"],
      optional: ["token", "effectors"],
    });
    const token = f.string("token");
    input = {
      price: f.amount("price")!,
      token: token === undefined ? undefined : parseAddress(token, `${flags.file}: token`),
      effectors: f.strings("effectors") ?? [],
      peers: f.array("peers")!.map((p, i) => peerFromFile(p, `${flags.file}: peers[${i}]`)),
    };
  } else {
    if (flags.price === undefined || !flags.peer?.length) {
      throw new InputError("offer create needs --price and at least one --peer", {
        details: "or give the offer in a file with --file offer.json",
      });
    }
    input = {
      price: flags.price,
      token: flags.token === undefined ? undefined : parseAddress(flags.token, "--token"),
      effectors: flags.effector ?? [],
      peers: flags.peer.map((p) => peerSpec(parsePeerFlag(p))),
    };
  }
  for (const e of input.effectors) parseCid(e);
  if (!input.peers.length) throw new InputError("an offer needs at least one peer");
  return input;
}
