// The signing key: a v3 keystore (--keystore, password in CLOUDLESS_KEYSTORE_PASSWORD) or a raw key in
// CLOUDLESS_PRIVATE_KEY. Messages here never quote the key, and the caller hides it from all output.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Hex, PrivateKeyAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { InputError } from "../errors.ts";
import { decryptKeystore } from "./keystore.ts";

interface KeySource {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  keystore?: string | undefined;
}

export const NO_KEY_HELP =
  "set CLOUDLESS_PRIVATE_KEY, or pass --keystore <file> with the password in CLOUDLESS_KEYSTORE_PASSWORD";

async function keystoreKey(path: string, password: string | undefined): Promise<Hex> {
  if (password === undefined) {
    throw new InputError("--keystore needs its password in CLOUDLESS_KEYSTORE_PASSWORD");
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new InputError(`cannot read the keystore ${path}`, { details: (err as Error).message });
  }
  return decryptKeystore(json, password);
}

/** The key's account, or undefined when no key is configured. */
export async function loadKey(source: KeySource): Promise<{ account: PrivateKeyAccount; key: Hex } | undefined> {
  let key: string;
  if (source.keystore !== undefined) {
    key = await keystoreKey(resolve(source.cwd, source.keystore), source.env.CLOUDLESS_KEYSTORE_PASSWORD);
  } else {
    const raw = source.env.CLOUDLESS_PRIVATE_KEY?.trim();
    if (!raw) return undefined;
    key = raw.startsWith("0x") || raw.startsWith("0X") ? `0x${raw.slice(2)}` : `0x${raw}`;
    if (!/^0x[0-9a-fA-F]{64}$/.test(key))
      throw new InputError("CLOUDLESS_PRIVATE_KEY is not a 32-byte hex private key");
  }
  try {
    return { account: privateKeyToAccount(key as Hex), key: key as Hex };
  } catch {
    // viem's message would quote the key
    throw new InputError("the private key is not a valid secp256k1 key");
  }
}
