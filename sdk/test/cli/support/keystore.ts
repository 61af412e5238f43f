// Writes Web3 Secret Storage v3 keystores: the inverse of src/cli/keystore.ts, with cheap KDF parameters.
import { createCipheriv, pbkdf2Sync, randomBytes, randomUUID, scryptSync } from "node:crypto";
import { concatBytes, type Hex, hexToBytes, keccak256 } from "viem";
import { privateKeyToAddress } from "viem/accounts";

export function encryptKeystore(key: Hex, password: string, kdf: "scrypt" | "pbkdf2") {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const kdfparams =
    kdf === "scrypt"
      ? { dklen: 32, n: 1024, r: 8, p: 1, salt: salt.toString("hex") }
      : { dklen: 32, c: 1000, prf: "hmac-sha256", salt: salt.toString("hex") };
  const derived =
    kdf === "scrypt"
      ? scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 })
      : pbkdf2Sync(password, salt, 1000, 32, "sha256");
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(key)), cipher.final()]);
  const mac = keccak256(concatBytes([derived.subarray(16, 32), ciphertext])).slice(2);
  return {
    version: 3,
    id: randomUUID(),
    address: privateKeyToAddress(key).slice(2).toLowerCase(),
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: iv.toString("hex") },
      ciphertext: ciphertext.toString("hex"),
      kdf,
      kdfparams,
      mac,
    },
  };
}
