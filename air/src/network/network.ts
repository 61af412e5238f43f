// An in-process network of peers: each has its keys, its services and its stored data per particle. A particle
// starts at its init peer; each peer runs the interpreter, answers its call requests from its service registry and
// runs again, and the data goes on to the peers the run names, until nothing is left to deliver. The interpreter is
// pluggable, so the same network drives ours and, in tests, the real AquaVM.
import type { Json } from "../data/cid.ts";
import type { CallRequest, CallResult, RunParams } from "../interpreter/context.ts";
import { interpret } from "../interpreter/interpret.ts";
import type { KeyPair } from "../particle/keys.ts";
import {
  checkAlive,
  createParticle,
  type Particle,
  ParticleError,
  type ParticleErrorCode,
  verifyParticle,
} from "../particle/particle.ts";

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
export const interpreterVm: Vm = ({ script, prevData, currentData, params, keys, callResults }) =>
  interpret({ script, prevData, currentData, params, keys, callResults });

/** A service function: the call request in, an answer out (retCode 0 and a JSON value, or an error). */
export type ServiceFunction = (request: CallRequest, peer: string) => { retCode: number; result: Json };

export interface NetworkPeer {
  name: string;
  keys: KeyPair;
  /** service id -> function name -> handler; "*" answers any function of a service. */
  services: Map<string, Map<string, ServiceFunction>>;
  /** particleKey(particle) -> the data of its last run here. */
  data: Map<string, Uint8Array>;
}

/**
 * What a peer stores a particle's data under: its init peer id and its id. Only the init peer can sign a particle
 * with that pair, so another peer's particle that reuses the id finds nothing of it (a peer id holds no "/").
 */
export const particleKey = (particle: Pick<Particle, "id" | "initPeerId">): string =>
  `${particle.initPeerId}/${particle.id}`;

/** One run of the interpreter on one peer, as the network saw it. */
export interface RunRecord {
  peer: string;
  retCode: number;
  errorMessage: string;
  nextPeers: string[];
  callRequests: [number, CallRequest][];
  data: Uint8Array;
  /** Set when the peer refused the particle itself (retCode PARTICLE_REJECTED) and ran nothing. */
  rejected?: ParticleErrorCode;
}

export interface ParticleRun {
  id: string;
  script: string;
  initPeer: string;
  timestamp: number;
  ttl: number;
}

/** One hop of a particle from peer to peer, as an interceptor sees it. */
export interface Hop {
  from: string;
  to: string;
  particle: Particle;
}

export interface NetworkOptions {
  /** Answers calls no registered service answers. */
  fallback?: ServiceFunction;
  /** The clock particles' lifetimes are checked against, in milliseconds since the epoch (default: Date.now). */
  now?: () => number;
  /** Sees every particle one peer sends another and gives what arrives (to test a hostile peer or link). */
  intercept?: (hop: Hop) => Particle;
}

export class NetworkError extends Error {
  override readonly name = "NetworkError";
}

/** The code of a run record for a particle a peer refused before running it (ours; the interpreter's are lower). */
export const PARTICLE_REJECTED = 40000;

export class Network {
  readonly peers = new Map<string, NetworkPeer>();
  private readonly byPeerId = new Map<string, NetworkPeer>();
  private readonly now: () => number;

  constructor(
    private readonly vm: Vm = interpreterVm,
    private readonly options: NetworkOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

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
    const handler = fns?.get(request.functionName) ?? fns?.get("*") ?? this.options.fallback;
    if (!handler) {
      return { retCode: 1, result: JSON.stringify(`no service ${request.serviceId}.${request.functionName}`) };
    }
    const { retCode, result } = handler(request, peer.name);
    try {
      return { retCode, result: JSON.stringify(result) };
    } catch (err) {
      // a value JSON cannot write (nested too deep, a cycle, a BigInt) is the service's error
      return { retCode: 1, result: JSON.stringify(`the result is not JSON: ${(err as Error).message}`) };
    }
  }

  /** A record of a particle `peer` refused: nothing ran and its stored data stayed as it was. */
  private rejected(peer: NetworkPeer, particle: Particle, error: ParticleError): RunRecord {
    return {
      peer: peer.name,
      retCode: PARTICLE_REJECTED,
      errorMessage: error.message,
      nextPeers: [],
      callRequests: [],
      data: peer.data.get(particleKey(particle)) ?? new Uint8Array(),
      rejected: error.code,
    };
  }

  /**
   * Runs a particle to the end: the init peer signs it, and every peer checks it on arrival (its init peer's
   * signature, its size and its lifetime) and before each run (its lifetime) and refuses it otherwise. At most
   * `maxRuns` runs, then it stops with an error.
   */
  run(particle: ParticleRun, maxRuns = 10_000): RunRecord[] {
    const init = this.peer(particle.initPeer);
    const signed = createParticle(init.keys, {
      id: particle.id,
      script: particle.script,
      ttl: particle.ttl,
      timestamp: particle.timestamp,
    });
    const queue: [NetworkPeer, Particle][] = [[init, signed]];
    const records: RunRecord[] = [];
    while (queue.length > 0) {
      const [peer, arrived] = queue.shift()!;
      const refused = particleError(() => verifyParticle(arrived, this.now()));
      if (refused) {
        records.push(this.rejected(peer, arrived, refused));
        continue;
      }
      let currentData = arrived.data;
      let callResults: [number, CallResult][] = [];
      for (;;) {
        if (records.length >= maxRuns) throw new NetworkError(`particle ${particle.id} ran more than ${maxRuns} times`);
        const dead = particleError(() => checkAlive(arrived, this.now()));
        if (dead) {
          records.push(this.rejected(peer, arrived, dead));
          break;
        }
        const outcome = this.vm({
          script: arrived.script,
          prevData: peer.data.get(particleKey(arrived)) ?? new Uint8Array(),
          currentData,
          params: {
            initPeerId: arrived.initPeerId,
            currentPeerId: peer.keys.peerId,
            timestamp: arrived.timestamp,
            ttl: arrived.ttl,
            particleId: arrived.id,
          },
          keys: peer.keys,
          callResults,
        });
        peer.data.set(particleKey(arrived), outcome.data);
        const nextPeers = [...outcome.nextPeers].sort();
        records.push({ peer: peer.name, ...outcome, nextPeers });
        for (const next of nextPeers) {
          const to = this.byPeerId.get(next);
          if (!to) continue;
          const sent = { ...arrived, data: outcome.data };
          queue.push([to, this.options.intercept?.({ from: peer.name, to: to.name, particle: sent }) ?? sent]);
        }
        if (outcome.callRequests.length === 0) break;
        callResults = outcome.callRequests.map(([id, request]) => [id, this.answer(peer, request)]);
        currentData = new Uint8Array();
      }
    }
    return records;
  }
}

/** The ParticleError a check throws, if any. */
function particleError(check: () => void): ParticleError | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    if (err instanceof ParticleError) return err;
    throw err;
  }
}
