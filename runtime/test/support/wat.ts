// WAT fixtures: modules written by hand in the text format (compiled with wabt) that follow Marine's ABI, with
// their interface-types section made from a JSON manifest, so the tests need no other toolchain.
import wabt from "wabt";
import { embedInterfaces, interfacesFromManifest, type Manifest } from "../../src/index.ts";

const compiler = await wabt();

export function wat(text: string): Uint8Array {
  const module = compiler.parseWat("fixture.wat", text, { bulk_memory: true, sign_extension: true, annotations: true });
  try {
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/**
 * Marine's default exports over a bump allocator: memory starts at `pages` pages, allocations start at 64 KiB and
 * grow the memory as needed; results are whatever the function set with set_result_ptr / set_result_size. With
 * `resetOnRelease`, release_objects frees everything (for modules whose calls keep nothing).
 */
export const MARINE_PRELUDE = (pages = 2, resetOnRelease = false) => `
  (memory (export "memory") ${pages})
  (global $heap (mut i32) (i32.const 65536))
  (global $result_ptr (mut i32) (i32.const 0))
  (global $result_size (mut i32) (i32.const 0))
  (func $allocate (export "allocate") (param $size i32) (param $tag i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (block $enough
      (loop $grow
        (br_if $enough (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
        (br $grow)))
    (local.get $ptr))
  (func (export "release_objects") ${resetOnRelease ? "(global.set $heap (i32.const 65536))" : ""})
  (func (export "get_result_ptr") (result i32) (global.get $result_ptr))
  (func (export "get_result_size") (result i32) (global.get $result_size))
  (func $set_result_ptr (export "set_result_ptr") (param i32) (global.set $result_ptr (local.get 0)))
  (func $set_result_size (export "set_result_size") (param i32) (global.set $result_size (local.get 0)))
`;

/** A Marine module: the prelude, the functions' WAT, and the section made from the manifest. */
export function marineModule(
  body: string,
  manifest: Manifest,
  options: { pages?: number; imports?: string; resetOnRelease?: boolean } = {},
) {
  const bytes = wat(
    `(module ${options.imports ?? ""} ${MARINE_PRELUDE(options.pages, options.resetOnRelease)} ${body})`,
  );
  return embedInterfaces(bytes, interfacesFromManifest(manifest));
}
