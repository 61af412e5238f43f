import { describe, expect, it } from "vitest";
import { isLoopback, RpcConfigError, rpcEndpoints } from "../src/rpc.ts";

describe("CLOUDLESS_RPC", () => {
  it("opens a node on this machine as several lanes, 16 unless told", () => {
    expect(rpcEndpoints("http://127.0.0.1:8545", undefined)).toEqual(Array(16).fill("http://127.0.0.1:8545"));
    expect(rpcEndpoints("http://localhost:9000", "3")).toEqual(Array(3).fill("http://localhost:9000"));
    expect(rpcEndpoints("http://[::1]:8545", "1")).toEqual(["http://[::1]:8545"]);
  });

  it("keeps a remote node and a websocket to one entry each, in the order given", () => {
    expect(rpcEndpoints(" https://rpc.example.org , ws://127.0.0.1:8546,http://127.0.0.1:8545", "2")).toEqual([
      "https://rpc.example.org",
      "ws://127.0.0.1:8546",
      "http://127.0.0.1:8545",
      "http://127.0.0.1:8545",
    ]);
  });

  it("tells loopback from remote hosts", () => {
    expect(isLoopback("http://127.0.0.1:1")).toBe(true);
    expect(isLoopback("http://localhost")).toBe(true);
    expect(isLoopback("https://127.0.0.1.example.org")).toBe(false);
    expect(isLoopback("http://10.0.0.1:8545")).toBe(false);
  });

  it.each([
    ["", undefined, "names no node"],
    [" , ", undefined, "names no node"],
    ["127.0.0.1:8545", undefined, "is not a URL"],
    ["not a url", undefined, "is not a URL"],
    ["ftp://127.0.0.1", undefined, "is not an http(s) or ws(s) URL"],
    ["http://127.0.0.1:8545", "0", "CLOUDLESS_RPC_LANES must be a whole number from 1 to 64"],
    ["http://127.0.0.1:8545", "2.5", "CLOUDLESS_RPC_LANES must be a whole number from 1 to 64"],
    ["http://127.0.0.1:8545", "lots", "CLOUDLESS_RPC_LANES must be a whole number from 1 to 64"],
    ["http://127.0.0.1:8545", "65", "CLOUDLESS_RPC_LANES must be a whole number from 1 to 64"],
  ])("refuses %j (lanes %j)", (value, lanes, message) => {
    expect(() => rpcEndpoints(value, lanes)).toThrow(RpcConfigError);
    expect(() => rpcEndpoints(value, lanes)).toThrow(message);
  });
});
