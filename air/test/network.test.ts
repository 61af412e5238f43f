// The in-process network: routing by next peers, service registries, particles checked at every hop (their init
// peer's signature and their lifetime), and its own error paths.
import { describe, expect, it } from "vitest";
import {
  decodeData,
  ErrorCode,
  keyPairFromSeed,
  Network,
  NetworkError,
  type NetworkOptions,
  PARTICLE_REJECTED,
  particleKey,
} from "../src/index.ts";

const keys = [1, 2, 3].map((n) => keyPairFromSeed(new Uint8Array(32).fill(n)));
const [a, b, outsider] = keys.map((k) => k.peerId) as [string, string, string];

const T = 1_795_000_000_000;

function network(options: NetworkOptions = {}) {
  const net = new Network(undefined, { now: () => T, ...options });
  net.addPeer("a", keys[0]!);
  net.addPeer("b", keys[1]!);
  return net;
}
const particle = (script: string) => ({ id: "p1", script, initPeer: "a", timestamp: T, ttl: 60_000 });

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
    expect(net.peer("a").data.get(particleKey({ id: "p1", initPeerId: a }))).toBe(runs[4]!.data);
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

  describe("checks every particle it delivers", () => {
    const script = `(seq (call "${b}" ("s" "f") [] x) (call "${a}" ("s" "g") [x]))`;

    it("signs results where they are made and checks them where they arrive", () => {
      const net = network();
      for (const peer of ["a", "b"]) net.register(peer, "s", "*", () => ({ retCode: 0, result: peer }));
      const runs = net.run(particle(script));
      expect(runs.map((r) => [r.peer, r.retCode])).toEqual([
        ["a", 0],
        ["b", 0],
        ["b", 0],
        ["a", 0],
        ["a", 0],
      ]);
      // every peer that sends data signs what it made so far (a's first signature covers no result), and each
      // signature travels on with the data
      expect(Object.keys(decodeData(runs[0]!.data).signatures)).toEqual([a]);
      expect(Object.keys(decodeData(runs[2]!.data).signatures).sort()).toEqual([a, b].sort());
      expect(decodeData(runs[4]!.data).signatures).toEqual(decodeData(runs[2]!.data).signatures);
    });

    it("refuses a particle that expired on the way, and runs nothing", () => {
      let now = T;
      const net = network({
        now: () => now,
        intercept: (hop) => {
          now = T + 60_000;
          return hop.particle;
        },
      });
      const runs = net.run(particle(script));
      expect(runs.map((r) => [r.peer, r.retCode, r.rejected])).toEqual([
        ["a", 0, undefined],
        ["b", PARTICLE_REJECTED, "EXPIRED"],
      ]);
      expect(runs[1]!.errorMessage).toMatch(/particle p1 expired at 2026-11-18T/);
      expect(net.peer("b").data.has(particleKey({ id: "p1", initPeerId: a }))).toBe(false);
    });

    it("refuses a particle that is already dead at its init peer", () => {
      const runs = network({ now: () => T + 60_000 }).run(particle(script));
      expect(runs).toMatchObject([{ peer: "a", retCode: PARTICLE_REJECTED, rejected: "EXPIRED", nextPeers: [] }]);
    });

    it("stops running a particle whose lifetime ends between two runs on one peer", () => {
      let now = T;
      const net = network({ now: () => now });
      net.register("a", "s", "f", () => {
        now = T + 60_000;
        return { retCode: 0, result: 1 };
      });
      const runs = net.run(particle(`(seq (call "${a}" ("s" "f") []) (call "${a}" ("s" "f") []))`));
      expect(runs.map((r) => [r.retCode, r.rejected])).toEqual([
        [0, undefined],
        [PARTICLE_REJECTED, "EXPIRED"],
      ]);
      expect(decodeData(net.peer("a").data.get(particleKey({ id: "p1", initPeerId: a }))!).trace).toHaveLength(1);
    });

    it.each([
      ["a changed script", { script: `(call "${b}" ("s" "evil") [])` }],
      ["a longer lifetime", { ttl: 3_600_000 }],
      ["another init peer", { initPeerId: b }],
    ])("refuses %s (the init peer's signature no longer holds)", (_, change) => {
      const net = network({ intercept: (hop) => ({ ...hop.particle, ...change }) });
      const runs = net.run(particle(script));
      expect(runs[1]).toMatchObject({ peer: "b", retCode: PARTICLE_REJECTED, rejected: "BAD_SIGNATURE" });
      expect(net.peer("b").data.has(particleKey({ id: "p1", initPeerId: a }))).toBe(false);
    });
  });
});
