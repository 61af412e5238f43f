// A local store of module bytes by CID: in memory, or in a directory with one file per CID. Bytes are checked
// against their CID when stored and when read back, so a store cannot hand out a module under another's name.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RuntimeError } from "../errors.ts";
import { isCid, moduleCid } from "./cid.ts";

export interface ModuleStore {
  /** Stores the bytes; answers their CID. */
  put(bytes: Uint8Array): string;
  /** The bytes stored under a CID; a NOT_FOUND error when there are none. */
  get(cid: string): Uint8Array;
  has(cid: string): boolean;
}

const notFound = (cid: string) => new RuntimeError("NOT_FOUND", `No module with CID ${cid} in the store`);

export function memoryStore(): ModuleStore {
  const modules = new Map<string, Uint8Array>();
  return {
    put(bytes) {
      const cid = moduleCid(bytes);
      modules.set(cid, Uint8Array.from(bytes));
      return cid;
    },
    get(cid) {
      const bytes = modules.get(cid);
      if (!bytes) throw notFound(cid);
      return bytes;
    },
    has: (cid) => modules.has(cid),
  };
}

export function directoryStore(directory: string): ModuleStore {
  mkdirSync(directory, { recursive: true });
  const path = (cid: string) => {
    if (!isCid(cid)) throw new RuntimeError("NOT_FOUND", `Not a CID: ${cid}`);
    return join(directory, `${cid}.wasm`);
  };
  return {
    put(bytes) {
      const cid = moduleCid(bytes);
      writeFileSync(path(cid), bytes);
      return cid;
    },
    get(cid) {
      const file = path(cid);
      if (!existsSync(file)) throw notFound(cid);
      const bytes = new Uint8Array(readFileSync(file));
      if (moduleCid(bytes) !== cid) {
        throw new RuntimeError("NOT_FOUND", `The store's file for ${cid} holds other bytes`, { details: file });
      }
      return bytes;
    },
    has: (cid) => isCid(cid) && existsSync(path(cid)),
  };
}
