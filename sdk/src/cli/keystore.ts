// Web3 Secret Storage (version 3) keystores, decrypted with node:crypto: the key is derived with scrypt or PBKDF2
// (HMAC-SHA256), checked by MAC = keccak256(derivedKey[16..32] ++ ciphertext), then decrypted with AES-128-CTR
// under derivedKey[0..16].
import { createDecipheriv, pbkdf2, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { bytesToHex, concatBytes, type Hex, hexToBytes, isAddress, isAddressEqual, keccak256 } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { InputError } from "../errors.ts";

const scryptAsync = promisify(scrypt) as (
  password: Buffer,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

type Fields = Record<string, unknown>;

function object(value: unknown, what: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InputError(`keystore: ${what} is not an object`);
  return value as Fields;
}

function hex(value: unknown, what: string): Buffer {
  if (typeof value !== "string" || !/^(0x)?([0-9a-f]{2})+$/i.test(value))
    throw new InputError(`keystore: ${what} is not hex`);
  return Buffer.from(value.replace(/^0x/i, ""), "hex");
}

function positive(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new InputError(`keystore: ${what} is not a positive integer`);
  }
  return value;
}

async function deriveKey(crypto: Fields, password: Buffer): Promise<Buffer> {
  const params = object(crypto.kdfparams, "crypto.kdfparams");
  const salt = hex(params.salt, "kdfparams.salt");
  const dklen = positive(params.dklen, "kdfparams.dklen");
  if (dklen < 32) throw new InputError("keystore: kdfparams.dklen must be at least 32");
  if (crypto.kdf === "scrypt") {
    const n = positive(params.n, "kdfparams.n");
    const r = positive(params.r, "kdfparams.r");
    const p = positive(params.p, "kdfparams.p");
    try {
      // scrypt needs about 128 * n * r bytes; node's default cap (32 MiB) is below what common keystores use
      return await scryptAsync(password, salt, dklen, { N: n, r, p, maxmem: 256 * n * r + 32 * 1024 * 1024 });
    } catch (err) {
      // OpenSSL also refuses n >= 2^(16 r), e.g. r = 1 with n = 262144
      throw new InputError(`keystore: scrypt parameters n=${n}, r=${r}, p=${p} are not supported here`, {
        details: (err as Error).message,
      });
    }
  }
  if (crypto.kdf === "pbkdf2") {
    if (params.prf !== "hmac-sha256") throw new InputError(`keystore: unsupported pbkdf2 prf ${String(params.prf)}`);
    return pbkdf2Async(password, salt, positive(params.c, "kdfparams.c"), dklen, "sha256");
  }
  throw new InputError(`keystore: unsupported kdf ${String(crypto.kdf)}`, { details: "expected scrypt or pbkdf2" });
}

/** The private key in a v3 keystore; a wrong password is an InputError (the MAC does not match). */
export async function decryptKeystore(json: unknown, password: string): Promise<Hex> {
  const file = object(json, "the file");
  if (file.version !== 3) throw new InputError("keystore: only version 3 keystores are supported");
  const crypto = object(file.crypto ?? file.Crypto, "crypto");
  if (crypto.cipher !== "aes-128-ctr") throw new InputError(`keystore: unsupported cipher ${String(crypto.cipher)}`);
  const iv = hex(object(crypto.cipherparams, "crypto.cipherparams").iv, "cipherparams.iv");
  if (iv.length !== 16) throw new InputError("keystore: cipherparams.iv must be 16 bytes");
  const ciphertext = hex(crypto.ciphertext, "crypto.ciphertext");
  const mac = hex(crypto.mac, "crypto.mac");
  const derived = await deriveKey(crypto, Buffer.from(password, "utf8"));
  const expected = hexToBytes(keccak256(concatBytes([derived.subarray(16, 32), ciphertext])));
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new InputError("the keystore password is wrong", {
      details: "the keystore's MAC does not match the derived key",
    });
  }
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const key = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  if (key.length !== 32) throw new InputError("keystore: the decrypted key is not 32 bytes");
  const privateKey = bytesToHex(key);
  if (file.address === undefined) return privateKey;
  const stated = `0x${String(file.address).replace(/^0x/i, "")}`;
  if (!isAddress(stated, { strict: false })) throw new InputError("keystore: address is not an address");
  if (!isAddressEqual(stated, privateKeyToAddress(privateKey))) {
    throw new InputError("the keystore's key does not belong to its address field", {
      details: "the file is corrupt or was edited",
    });
  }
  return privateKey;
}
