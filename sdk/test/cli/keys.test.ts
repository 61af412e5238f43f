// Signing keys: v3 keystores (scrypt and PBKDF2) and CLOUDLESS_PRIVATE_KEY, and that no key ever reaches the output.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Hex, parseUnits } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptKeystore } from "../../src/cli/keystore.ts";
import { startChain, type TestChain } from "../support/chain.ts";
import { type CliHarness, cliFor, type CliRun } from "./support/run.ts";
import { encryptKeystore } from "./support/keystore.ts";

let chain: TestChain;
let cli: CliHarness;
beforeAll(async () => {
  chain = await startChain();
  cli = cliFor(chain);
});
afterAll(() => chain?.stop());

const writeKeystore = (name: string, key: Hex, password: string, kdf: "scrypt" | "pbkdf2") => {
  writeFileSync(join(cli.dir, name), JSON.stringify(encryptKeystore(key, password, kdf)));
  return name;
};

describe("keys", () => {
  it("decrypts the Web3 Secret Storage PBKDF2 test vector", async () => {
    const vector = {
      version: 3,
      id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
      crypto: {
        cipher: "aes-128-ctr",
        cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
        ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        kdf: "pbkdf2",
        kdfparams: {
          c: 262144,
          dklen: 32,
          prf: "hmac-sha256",
          salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
        },
        mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
      },
    };
    expect(await decryptKeystore(vector, "testpassword")).toBe(
      "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d",
    );
  });

  it.each(["scrypt", "pbkdf2"] as const)("signs with a %s keystore", async (kdf) => {
    const key = chain.key(kdf === "scrypt" ? 4 : 5);
    const file = writeKeystore(`${kdf}.json`, key, "correct horse", kdf);
    const env = { CLOUDLESS_KEYSTORE_PASSWORD: "correct horse" };
    const balance = await cli.json<{ address: string }>(["chain", "balance", "--keystore", file], { env });
    expect(balance.address).toBe(privateKeyToAddress(key));
    const registered = await cli.run(["provider", "register", "--name", `${kdf} provider`, "--keystore", file], {
      env,
    });
    expect(registered.code).toBe(0);
    expect(registered.stdout).toContain(privateKeyToAddress(key));
  });

  it("refuses a wrong or missing password, and a keystore whose address does not match, with exit 2", async () => {
    const file = writeKeystore("k.json", chain.key(6), "right", "scrypt");
    const wrong = await cli.run(["provider", "register", "--name", "X", "--keystore", file], {
      env: { CLOUDLESS_KEYSTORE_PASSWORD: "wrong" },
    });
    expect(wrong).toMatchObject({ code: 2, stdout: "" });
    expect(wrong.stderr).toMatch(/^error: the keystore password is wrong\ndetails: /);
    const none = await cli.run(["provider", "register", "--name", "X", "--keystore", file]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--keystore needs its password in CLOUDLESS_KEYSTORE_PASSWORD/);
    const edited = {
      ...encryptKeystore(chain.key(6), "right", "pbkdf2"),
      address: privateKeyToAddress(chain.key(7)).slice(2),
    };
    writeFileSync(join(cli.dir, "edited.json"), JSON.stringify(edited));
    const mismatch = await cli.run(["chain", "balance", "--keystore", "edited.json"], {
      env: { CLOUDLESS_KEYSTORE_PASSWORD: "right" },
    });
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/does not belong to its address field/);
  });

  it("never prints the key, whatever fails", async () => {
    const dev = chain.client(2);
    const { paymentToken } = chain.deployment.contracts;
    await dev.tokens.mint(paymentToken, dev.account!.address, parseUnits("10", 6));
    const { deal } = await dev.deals.create(
      {
        appCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
        minWorkers: 1n,
        targetWorkers: 1n,
        maxWorkersPerProvider: 1n,
        pricePerWorkerEpoch: 1n,
        paymentToken,
        deposit: 10n,
      },
      { approve: true },
    );
    const key = chain.key(3);
    const runs: CliRun[] = [];
    const keyed = { signer: 3 };
    for (const json of [[], ["--json"]]) {
      runs.push(await cli.run(["deal", "stop", deal, ...json], keyed)); // wrong signer
      runs.push(await cli.run(["deal", "deposit", deal, "1", ...json], keyed)); // no allowance
      runs.push(await cli.run(["deal", "show", "0x0000000000000000000000000000000000000001", ...json], keyed));
      runs.push(await cli.run(["--rpc", "http://127.0.0.1:1", "provider", "register", "--name", "X", ...json], keyed));
      runs.push(await cli.run(["provider", "register", "--name", "X", "--bogus", ...json], keyed));
      runs.push(
        await cli.run(["provider", "register", "--name", "X", ...json], { env: { CLOUDLESS_PRIVATE_KEY: `${key}zz` } }),
      );
      runs.push(
        await cli.run(["provider", "register", "--name", "X", ...json], {
          env: { CLOUDLESS_PRIVATE_KEY: key.slice(2).toUpperCase() },
        }),
      );
    }
    expect(runs.map((r) => r.code)).toEqual([4, 4, 3, 5, 2, 2, 0, 4, 4, 3, 5, 2, 2, 4]);
    const printed = runs
      .map((r) => r.stdout + r.stderr)
      .join("\n")
      .toLowerCase();
    expect(printed).not.toContain(key.slice(2).toLowerCase());
    expect(printed).toContain("error:");
  });
});
