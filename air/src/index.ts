// @cloudless/air: the AIR engine of Cloudless peers: the parser, the interpreter (a pure function over particle data),
// proof of execution, particles and peer keys, content addresses, and an in-process network of peers.
export type { Accessor, Fail, Instruction, InstructionKind, Lens, Position, Value, ValueKind } from "./parser/ast.ts";
export { AirParseError } from "./parser/errors.ts";
export { parse } from "./parser/parser.ts";
export { canonicalJson, cidOf, cidOfText, type Json } from "./data/cid.ts";
export {
  generateKeyPair,
  KeyError,
  type KeyPair,
  keyPairFromSeed,
  peerIdOf,
  publicKeyOf,
  signBytes,
  verifyBytes,
} from "./particle/keys.ts";
export {
  checkAlive,
  createParticle,
  expiresAt,
  type Limits,
  type Particle,
  ParticleError,
  type ParticleErrorCode,
  verifyParticle,
} from "./particle/particle.ts";
export { applyLens, LAMBDA_APPLIER_ERROR, LENGTH_OF_NOT_ARRAY, LensError } from "./interpreter/lens.ts";
export { displayInstruction, displayLens, displayValue } from "./parser/display.ts";
export {
  DEFAULT_INTERPRET_LIMITS,
  interpret,
  type InterpretInput,
  type InterpretLimits,
  type InterpretOutcome,
} from "./interpreter/interpret.ts";
export type { CallRequest, CallResult, RunParams } from "./interpreter/context.ts";
export { resumedRuns } from "./interpreter/resume.ts";
export { ErrorCode } from "./interpreter/errors.ts";
export { type CidInfo, decodeData, encodeData, type InterpreterData, type State } from "./data/trace.ts";
export { signData } from "./data/signatures.ts";
export {
  type Hop,
  interpreterVm,
  Network,
  NetworkError,
  type NetworkOptions,
  PARTICLE_REJECTED,
  particleKey,
  type NetworkPeer,
  type ParticleRun,
  type RunRecord,
  type ServiceFunction,
  type Vm,
  type VmInput,
  type VmOutcome,
} from "./network/network.ts";
