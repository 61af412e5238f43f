// The AssemblyScript side of Marine's ABI, for compute functions built with the runtime's AssemblyScript build
// step (src/build/assemblyscript.ts). It exports Marine's default functions (allocate, release_objects and the
// result pointer and size) and gives the generated glue its lifting and lowering helpers. Argument memory the host
// allocates belongs to the module and is freed once read; results are freed by release_objects after the host
// has read them.

let resultPtr: usize = 0;
let resultSize: usize = 0;
/** The size (or element count) of what a lower* helper wrote last. */
export let loweredSize: usize = 0;
const owned = new Array<usize>();

export function allocate(size: usize, tag: u32): usize {
  return heap.alloc(size > 0 ? size : 1);
}

export function release_objects(): void {
  for (let i = 0; i < owned.length; i++) heap.free(owned[i]);
  owned.length = 0;
}

export function get_result_ptr(): usize {
  return resultPtr;
}

export function get_result_size(): usize {
  return resultSize;
}

export function set_result_ptr(ptr: usize): void {
  resultPtr = ptr;
}

export function set_result_size(size: usize): void {
  resultSize = size;
}

@external("__marine_host_api_v3", "log_utf8_string")
declare function logUtf8String(level: i32, target: i32, ptr: usize, size: usize): void;

/** Logs through the host (levels: 1 error, 2 warn, 3 info, 4 debug, 5 trace). */
export function log(level: i32, message: string): void {
  const size = String.UTF8.byteLength(message);
  const ptr = heap.alloc(size > 0 ? size : 1);
  String.UTF8.encodeUnsafe(changetype<usize>(message), message.length, ptr, false);
  logUtf8String(level, 0, ptr, size);
  heap.free(ptr);
}

export function own(ptr: usize): usize {
  owned.push(ptr);
  return ptr;
}

export function setResult(ptr: usize, size: usize): void {
  resultPtr = ptr;
  resultSize = size;
}

export function liftString(ptr: usize, size: usize): string {
  const text = size > 0 ? String.UTF8.decodeUnsafe(ptr, size, false) : "";
  if (ptr) heap.free(ptr);
  return text;
}

export function liftBytes(ptr: usize, size: usize): Uint8Array {
  const bytes = new Uint8Array(<i32>size);
  if (size > 0) memory.copy(bytes.dataStart, ptr, size);
  if (ptr) heap.free(ptr);
  return bytes;
}

/** Copies a string into memory the host will read; loweredSize is its length in bytes. */
export function lowerString(text: string): usize {
  const size = String.UTF8.byteLength(text);
  const ptr = own(heap.alloc(size > 0 ? size : 1));
  String.UTF8.encodeUnsafe(changetype<usize>(text), text.length, ptr, false);
  loweredSize = size;
  return ptr;
}

export function lowerBytes(bytes: Uint8Array): usize {
  const size = <usize>bytes.length;
  const ptr = own(heap.alloc(size > 0 ? size : 1));
  if (size > 0) memory.copy(ptr, bytes.dataStart, size);
  loweredSize = size;
  return ptr;
}

/** A block of `size` bytes for an array or a record the host will read. */
export function lowerBlock(size: usize): usize {
  return own(heap.alloc(size > 0 ? size : 1));
}

export function freeBlock(ptr: usize): void {
  if (ptr) heap.free(ptr);
}
