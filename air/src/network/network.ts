// An in-process network of peers: each has its keys, its services and its stored data per particle. A particle
// starts at its init peer; each peer runs the interpreter, answers its call requests from its service registry and
// runs again, and the data goes on to the peers the run names, until nothing is left to deliver. The interpreter is
// pluggable, so the same network drives ours and, in tests, the real AquaVM.
import type { Json } from "../data/cid.ts";
import type { CallRequest, CallResult, RunParams } from "../interpreter/context.ts";
import { interpret } from "../interpreter/interpret.ts";
import type { KeyPair } from "../particle/keys.ts";

export interface VmInput {
  script: string;
  prevData: Uint8Array;
  currentData: Uint8Array;
  params: RunParams;
  keys: KeyPair;
  callResults: [number, CallResult][];
}

export interface VmOutcome {
  retCode: number;
  errorMessage: string;
  data: Uint8Array;
  nextPeers: string[];
  callRequests: [number, CallRequest][];
}

export type Vm = (input: VmInput) => VmOutcome;

/** Our interpreter as the network runs it. */
export const interpreterVm: Vm = ({ script, prevData, currentData, params, callResults }) =>
  interpret({ script, prevData, currentData, params, callResults });

/** A service function: the call request in, an answer out (retCode 0 and a JSON value, or an error). */
export type ServiceFunction = (request: CallRequest, peer: string) => { retCode: number; result: Json };

export interface NetworkPeer {
  name: string;
  keys: KeyPair;
  /** service id -> function name -> handler; "*" answers any function of a service. */
  services: Map<string, Map<string, ServiceFunction>>;
  /** Particle id -> the data of its last run here. */
  data: Map<string, Uint8Array>;
}

/** One run of the interpreter on one peer, as the network saw it. */
export interface RunRecord {
  peer: string;
  retCode: number;
  errorMessage: string;
  nextPeers: string[];
  callRequests: [number, CallRequest][];
  data: Uint8Array;
}

export interface ParticleRun {
  id: string;
  script: string;
  initPeer: string;
  timestamp: number;
  ttl: number;
}

export class NetworkError extends Error {
  override readonly name = "NetworkError";
}

export class Network {
  readonly peers = new Map<string, NetworkPeer>();
  private readonly byPeerId = new Map<string, NetworkPeer>();

  constructor(
    private readonly vm: Vm = interpreterVm,
    /** Fallback for calls no registered service answers. */
    private readonly fallback?: ServiceFunction,
  ) {}

  addPeer(name: string, keys: KeyPair): NetworkPeer {
    const peer: NetworkPeer = { name, keys, services: new Map(), data: new Map() };
    this.peers.set(name, peer);
    this.byPeerId.set(keys.peerId, peer);
    return peer;
  }

  peer(name: string): NetworkPeer {
    const p = this.peers.get(name);
    if (!p) throw new NetworkError(`no peer named ${name}`);
    return p;
  }

  register(peerName: string, service: string, fn: string, handler: ServiceFunction) {
    const services = this.peer(peerName).services;
    const fns = services.get(service) ?? new Map<string, ServiceFunction>();
    services.set(service, fns);
    fns.set(fn, handler);
  }

  private answer(peer: NetworkPeer, request: CallRequest): CallResult {
    const fns = peer.services.get(request.serviceId);
    const handler = fns?.get(request.functionName) ?? fns?.get("*") ?? this.fallback;
    if (!handler) {
      return { retCode: 1, result: JSON.stringify(`no service ${request.serviceId}.${request.functionName}`) };
    }
    const { retCode, result } = handler(request, peer.name);
    return { retCode, result: JSON.stringify(result) };
  }

  /** Runs a particle to the end: at most `maxRuns` interpreter runs, then it stops with an error. */
  run(particle: ParticleRun, maxRuns = 10_000): RunRecord[] {
    const init = this.peer(particle.initPeer);
    const queue: [NetworkPeer, Uint8Array][] = [[init, new Uint8Array()]];
    const records: RunRecord[] = [];
    while (queue.length > 0) {
      const [peer, arrived] = queue.shift()!;
      let currentData = arrived;
      let callResults: [number, CallResult][] = [];
      for (;;) {
        if (records.length >= maxRuns) throw new NetworkError(`particle ${particle.id} ran more than ${maxRuns} times`);
        const outcome = this.vm({
          script: particle.script,
          prevData: peer.data.get(particle.id) ?? new Uint8Array(),
          currentData,
          params: {
            initPeerId: init.keys.peerId,
            currentPeerId: peer.keys.peerId,
            timestamp: particle.timestamp,
            ttl: particle.ttl,
            particleId: particle.id,
          },
          keys: peer.keys,
          callResults,
        });
        peer.data.set(particle.id, outcome.data);
        const nextPeers = [...outcome.nextPeers].sort();
        records.push({ peer: peer.name, ...outcome, nextPeers });
        for (const next of nextPeers) {
          const to = this.byPeerId.get(next);
          if (to) queue.push([to, outcome.data]);
        }
        if (outcome.callRequests.length === 0) break;
        callResults = outcome.callRequests.map(([id, request]) => [id, this.answer(peer, request)]);
        currentData = new Uint8Array();
      }
    }
    return records;
  }
}
