// Content addresses of trace values, as AquaVM computes them: CIDv1 of the value's compact JSON text, codec json
// (0x0200), multihash blake3-256, written in base32 ("bagaaihra...").
import { blake3 } from "@noble/hashes/blake3.js";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";

const JSON_CODEC = 0x0200;
const BLAKE3_256 = 0x1e;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Compact JSON with object keys sorted, the form AquaVM hashes (its JSON objects are ordered maps). */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The CID of JSON text exactly as given. */
export function cidOfText(text: string): string {
  return CID.createV1(JSON_CODEC, Digest.create(BLAKE3_256, blake3(new TextEncoder().encode(text)))).toString();
}

/** The CID of a JSON value (its canonical text). */
export const cidOf = (value: Json): string => cidOfText(canonicalJson(value));

/**
 * The CID of a record AquaVM hashes as a Rust struct (a tetraplet, a service result, a canon element or result):
 * compact JSON with the fields in declaration order, which is the order the object lists them in.
 */
export const cidOfStruct = (value: object): string => cidOfText(JSON.stringify(value));
