// The in-process network: routing by next peers, service registries, and its own error paths.
import { describe, expect, it } from "vitest";
import { ErrorCode, keyPairFromSeed, Network, NetworkError } from "../src/index.ts";

const keys = [1, 2, 3].map((n) => keyPairFromSeed(new Uint8Array(32).fill(n)));
const [a, b, outsider] = keys.map((k) => k.peerId) as [string, string, string];

function network() {
  const net = new Network();
  net.addPeer("a", keys[0]!);
  net.addPeer("b", keys[1]!);
  return net;
}
const particle = (script: string) => ({ id: "p1", script, initPeer: "a", timestamp: 1_795_000_000_000, ttl: 60_000 });

describe("Network", () => {
  it("routes a particle to the peers it names and answers calls from each peer's services", () => {
    const net = network();
    net.register("b", "math", "double", (req) => ({ retCode: 0, result: (req.arguments[0] as number) * 2 }));
    net.register("a", "out", "*", () => ({ retCode: 0, result: null }));
    const script = `(seq (call "${b}" ("math" "double") [21] x) (call "${a}" ("out" "print") [x]))`;
    const runs = net.run(particle(script));
    expect(runs.map((r) => [r.peer, r.retCode, r.nextPeers])).toEqual([
      ["a", 0, [b]],
      ["b", 0, []],
      ["b", 0, [a]],
      ["a", 0, []],
      ["a", 0, []],
    ]);
    expect(runs[3]!.callRequests[0]![1]).toMatchObject({ serviceId: "out", functionName: "print", arguments: [42] });
    expect(net.peer("a").data.get("p1")).toBe(runs[4]!.data);
  });

  it("answers a call no service handles with an error the script sees", () => {
    const runs = network().run(particle(`(call %init_peer_id% ("nope" "f") [] x)`));
    expect(runs.at(-1)).toMatchObject({ retCode: ErrorCode.LOCAL_SERVICE_ERROR });
    expect(runs.at(-1)!.errorMessage).toMatch(/no service nope\.f/);
  });

  it("names the peers it could not deliver to and delivers to the others", () => {
    const runs = network().run(particle(`(par (call "${outsider}" ("s" "f") []) (call "${b}" ("s" "f") []))`));
    expect(runs[0]!.nextPeers).toEqual([b, outsider].sort());
    expect(runs.map((r) => r.peer)).toEqual(["a", "b", "b"]);
  });

  it("stops a particle that runs more times than allowed", () => {
    const script = `(seq (call %init_peer_id% ("s" "f") []) (seq (call %init_peer_id% ("s" "f") []) (call %init_peer_id% ("s" "f") [])))`;
    const net = network();
    net.register("a", "s", "f", () => ({ retCode: 0, result: 1 }));
    expect(() => net.run(particle(script), 2)).toThrow(new NetworkError("particle p1 ran more than 2 times"));
    expect(net.run({ ...particle(script), id: "p2" }, 4)).toHaveLength(4);
  });

  it("refuses a peer it does not know", () => {
    expect(() => network().run({ ...particle("(null)"), initPeer: "z" })).toThrow(new NetworkError("no peer named z"));
    expect(() => network().register("z", "s", "f", () => ({ retCode: 0, result: 1 }))).toThrow(NetworkError);
  });
});
