// One command's connection to the chain, built lazily from the global options: a command that only reads never
// loads a key, and a command that writes fails on a missing key before it touches the network.
import { type Address, createPublicClient, http, type PrivateKeyAccount, zeroAddress } from "viem";
import { type Cloudless, type CloudlessConfig, createCloudless } from "../client.ts";
import { type Deployment } from "../deployment.ts";
import { InputError } from "../errors.ts";
import { createIndexerClient, type IndexerClient } from "../indexer/client.ts";
import { locateDeployment } from "./deployment.ts";
import type { TokenInfo } from "./format.ts";
import type { Io } from "./io.ts";
import { loadKey, NO_KEY_HELP } from "./keys.ts";
import type { Output } from "./output.ts";
import { parseAddress } from "./parse.ts";
import { query } from "./rpc.ts";

export interface GlobalOptions {
  rpc?: string;
  deployment?: string;
  json?: boolean;
  keystore?: string;
  indexer?: string;
}

export const DEFAULT_RPC = "http://127.0.0.1:8545";
export const DEFAULT_INDEXER = "http://127.0.0.1:42069";

function httpUrl(url: string, flag: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`${flag} "${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new InputError(`${flag} "${url}" is not an http(s) URL`);
  return url;
}

export class Session {
  private deployment: Promise<Deployment> | undefined;
  private readonly tokens = new Map<Address, Promise<TokenInfo>>();

  constructor(
    private readonly io: Io,
    private readonly out: Output,
    private readonly options: GlobalOptions,
  ) {}

  /** Where relative file arguments resolve. */
  get cwd(): string {
    return this.io.cwd;
  }

  get rpcUrl(): string {
    return httpUrl(this.options.rpc ?? this.io.env.CLOUDLESS_RPC ?? DEFAULT_RPC, "--rpc");
  }

  /** The indexer (--indexer, CLOUDLESS_INDEXER or the default), and whether its URL was given. */
  indexer(): { client: IndexerClient; given: boolean } {
    const given = this.options.indexer ?? this.io.env.CLOUDLESS_INDEXER;
    const url = httpUrl(given ?? DEFAULT_INDEXER, "--indexer");
    return { client: createIndexerClient({ url }), given: given !== undefined };
  }

  private loadDeployment(): Promise<Deployment> {
    const rpcUrl = this.rpcUrl;
    this.deployment ??= locateDeployment({
      file: this.options.deployment ?? this.io.env.CLOUDLESS_DEPLOYMENT,
      cwd: this.io.cwd,
      rpcUrl,
      chainId: async () => {
        const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 10_000 }) });
        return query(() => client.getChainId());
      },
    });
    return this.deployment;
  }

  private connect(deployment: Deployment, account?: CloudlessConfig["account"]): Cloudless {
    return createCloudless({
      deployment,
      rpcUrl: this.rpcUrl,
      account,
      onSent: (hash, label) => this.out.progress(`… sent ${label} ${hash}, waiting for receipt`),
    });
  }

  /** A client for reads. */
  async reader(): Promise<Cloudless> {
    return this.connect(await this.loadDeployment());
  }

  private async account(): Promise<PrivateKeyAccount | undefined> {
    const loaded = await loadKey({ env: this.io.env, cwd: this.io.cwd, keystore: this.options.keystore });
    if (!loaded) return undefined;
    this.out.hide(loaded.key);
    return loaded.account;
  }

  /** A client that signs with the configured key; no key is a usage error (exit 2). */
  async writer(): Promise<{ cl: Cloudless; me: Address }> {
    const account = await this.account();
    if (!account) throw new InputError("this command sends a transaction and needs a key", { details: NO_KEY_HELP });
    return { cl: this.connect(await this.loadDeployment(), account), me: account.address };
  }

  /** `given`, or the configured key's address when omitted. */
  async addressOr(given: string | undefined, what: string): Promise<Address> {
    if (given !== undefined) return parseAddress(given, what);
    const account = await this.account();
    if (!account)
      throw new InputError(`give the ${what} address, or configure a key to use its address`, { details: NO_KEY_HELP });
    return account.address;
  }

  /** Symbol and decimals of a token, read once per command. */
  token(cl: Cloudless, address: Address): Promise<TokenInfo> {
    let info = this.tokens.get(address);
    if (!info) {
      info = cl.tokens.metadata(address).then((m) => ({ address, symbol: m.symbol, decimals: m.decimals }));
      this.tokens.set(address, info);
    }
    return info;
  }

  /** The payment token for a flag: the one given, else the deployment's test payment token. */
  paymentToken(cl: Cloudless, given: string | undefined): Address {
    if (given !== undefined) return parseAddress(given, "--token");
    const token = cl.deployment.contracts.paymentToken;
    if (token === zeroAddress)
      throw new InputError("this deployment has no default payment token: pass --token <address>");
    return token;
  }
}
