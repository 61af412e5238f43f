// The WAT fixtures the tests share: a module that echoes every kind of value, and hostile modules.
import { HOST_API_RECORDS, type Manifest } from "../../src/index.ts";
import { marineModule } from "./wat.ts";

const SCALARS = ["bool", "s8", "s16", "s32", "s64", "u8", "u16", "u32", "u64", "f32", "f64"] as const;
const CORE: Record<(typeof SCALARS)[number], string> = {
  bool: "i32",
  s8: "i32",
  s16: "i32",
  s32: "i32",
  s64: "i64",
  u8: "i32",
  u16: "i32",
  u32: "i32",
  u64: "i64",
  f32: "f32",
  f64: "f64",
};

/** Echoes of every type: a scalar comes back as it went in; strings, arrays and records come back through the
 *  result pointer (and size) set to where the runtime wrote them. */
export const ECHO_MANIFEST: Manifest = {
  records: [
    {
      name: "Point",
      fields: [
        { name: "x", type: "s32" },
        { name: "y", type: "f64" },
      ],
    },
    {
      name: "Everything",
      fields: [
        ...SCALARS.map((t) => ({ name: `f_${t}`, type: t })),
        { name: "name", type: "string" },
        { name: "bytes", type: "[]u8" },
        { name: "points", type: "[]Point" },
        { name: "nested", type: "[][]string" },
        { name: "point", type: "Point" },
      ],
    },
  ],
  functions: [
    ...SCALARS.map((t) => ({ name: `echo_${t}`, arguments: [{ name: "value", type: t }], output: t })),
    ...["string", "[]u8", "[]string", "[]u64", "[]bool", "[]Point", "[][]u8"].map((t, i) => ({
      name: `echo_seq${i}`,
      arguments: [{ name: "value", type: t }],
      output: t,
    })),
    { name: "echo_point", arguments: [{ name: "value", type: "Point" }], output: "Point" },
    { name: "echo_everything", arguments: [{ name: "value", type: "Everything" }], output: "Everything" },
    {
      name: "add",
      arguments: [
        { name: "a", type: "u32" },
        { name: "b", type: "u32" },
      ],
      output: "u32",
    },
    { name: "nothing", arguments: [] },
    { name: "bad_pointer", arguments: [], output: "string" },
    { name: "bad_utf8", arguments: [], output: "string" },
  ],
};

export const echoModule = () =>
  marineModule(
    `
    ${SCALARS.map((t) => `(func (export "echo_${t}") (param ${CORE[t]}) (result ${CORE[t]}) (local.get 0))`).join("\n")}
    ${[0, 1, 2, 3, 4, 5, 6]
      .map(
        (i) => `(func (export "echo_seq${i}") (param i32 i32)
          (call $set_result_ptr (local.get 0)) (call $set_result_size (local.get 1)))`,
      )
      .join("\n")}
    (func (export "echo_point") (param i32) (call $set_result_ptr (local.get 0)))
    (func (export "echo_everything") (param i32) (call $set_result_ptr (local.get 0)))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "nothing"))
    (func (export "bad_pointer") (call $set_result_ptr (i32.const -16)) (call $set_result_size (i32.const 100)))
    (data (i32.const 16) "\\ff\\fe")
    (func (export "bad_utf8") (call $set_result_ptr (i32.const 16)) (call $set_result_size (i32.const 2)))
    `,
    ECHO_MANIFEST,
  );

/** Modules that misbehave: a loop without end, unbounded recursion, a memory bomb, a trap. */
export const hostileModule = () =>
  marineModule(
    `
    (global $calls (mut i32) (i32.const 0))
    (func (export "bump") (result i32) (global.set $calls (i32.add (global.get $calls) (i32.const 1))) (global.get $calls))
    (func (export "spin") (loop $forever (br $forever)))
    (func $recurse (export "recurse") (call $recurse))
    (func (export "bomb") (loop $more (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable)
    (func (export "trap") unreachable)
    (func (export "count") (param i32) (result i32)
      (local $i i32)
      (loop $next
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get 0))))
      (local.get $i))
    `,
    {
      functions: [
        { name: "bump", arguments: [], output: "u32" },
        { name: "spin", arguments: [] },
        { name: "recurse", arguments: [] },
        { name: "bomb", arguments: [] },
        { name: "trap", arguments: [] },
        { name: "count", arguments: [{ name: "n", type: "u32" }], output: "u32" },
      ],
    },
  );

const PAIR = {
  name: "Pair",
  fields: [
    { name: "left", type: "string" },
    { name: "right", type: "u64" },
  ],
};

/** The math module's functions, which the facade imports as they are. */
const MATH_FUNCTIONS = [
  { name: "double", arguments: [{ name: "x", type: "u32" }], output: "u32" },
  { name: "echo", arguments: [{ name: "text", type: "string" }], output: "string" },
  { name: "swap", arguments: [{ name: "pair", type: "Pair" }], output: "Pair" },
];

/** A library module for linking: double a number, echo a string, and a record. */
export const mathModule = () =>
  marineModule(
    `
    (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
    (func (export "echo") (param i32 i32) (call $set_result_ptr (local.get 0)) (call $set_result_size (local.get 1)))
    (func (export "swap") (param i32) (call $set_result_ptr (local.get 0)))
    `,
    {
      records: [PAIR],
      functions: MATH_FUNCTIONS,
    },
  );

/** A facade that calls the math module through imports (values copied between the two memories). */
export const facadeModule = () =>
  marineModule(
    `
    (func (export "quadruple") (param i32) (result i32) (call $double (call $double (local.get 0))))
    (func (export "relay") (param i32 i32) (call $echo (local.get 0) (local.get 1)))
    (func (export "relay_pair") (param i32) (call $swap (local.get 0)))
    `,
    {
      records: [PAIR],
      functions: [
        { name: "quadruple", arguments: [{ name: "x", type: "u32" }], output: "u32" },
        { name: "relay", arguments: [{ name: "text", type: "string" }], output: "string" },
        { name: "relay_pair", arguments: [{ name: "pair", type: "Pair" }], output: "Pair" },
      ],
      imports: MATH_FUNCTIONS.map((f) => ({ module: "math", ...f })),
    },
    {
      imports: `
      (import "math" "double" (func $double (param i32) (result i32)))
      (import "math" "echo" (func $echo (param i32 i32)))
      (import "math" "swap" (func $swap (param i32)))`,
    },
  );

/** A module using Marine's host API: logging, call parameters, and an effector named `run_echo`. */
export const hostApiModule = () =>
  marineModule(
    `
    (func (export "log") (param i32 i32) (call $log (i32.const 3) (i32.const 0) (local.get 0) (local.get 1)))
    (func (export "log_masked") (param i32 i32) (call $log (i32.const 2) (i32.const 4) (local.get 0) (local.get 1)))
    (func (export "params") (call $get_call_parameters))
    (func (export "effector") (param i32 i32) (call $run_echo (local.get 0) (local.get 1)))
    `,
    {
      records: HOST_API_RECORDS,
      functions: [
        { name: "log", arguments: [{ name: "message", type: "string" }] },
        { name: "log_masked", arguments: [{ name: "message", type: "string" }] },
        { name: "params", arguments: [], output: "CallParameters" },
        { name: "effector", arguments: [{ name: "args", type: "[]string" }], output: "MountedBinaryResult" },
      ],
    },
    {
      imports: `
      (import "__marine_host_api_v3" "log_utf8_string" (func $log (param i32 i32 i32 i32)))
      (import "__marine_host_api_v3" "get_call_parameters" (func $get_call_parameters))
      (import "host" "run_echo" (func $run_echo (param i32 i32)))`,
    },
  );

/** A module that reads a file and the environment through WASI: answers the bytes of /data/input.txt. */
export const wasiModule = () =>
  marineModule(
    `
    ;; path_open(dirfd 3, dirflags 0, path, oflags 0, rights read, inheriting 0, fdflags 0, &fd) then fd_read
    (data (i32.const 100) "input.txt")
    (func (export "read_input") (result i32)
      (local $errno i32)
      (local.set $errno
        (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9) (i32.const 0)
          (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 200)))
      (if (local.get $errno) (then (return (i32.sub (i32.const 0) (local.get $errno)))))
      ;; an iovec at 300: buffer at 1024, 4096 bytes; the count read lands at 400
      (i32.store (i32.const 300) (i32.const 1024))
      (i32.store (i32.const 304) (i32.const 4096))
      (local.set $errno (call $fd_read (i32.load (i32.const 200)) (i32.const 300) (i32.const 1) (i32.const 400)))
      (if (local.get $errno) (then (return (i32.sub (i32.const 0) (local.get $errno)))))
      (call $set_result_ptr (i32.const 1024))
      (call $set_result_size (i32.load (i32.const 400)))
      (i32.const 0))
    (func (export "input") (call $set_result_ptr (i32.const 1024)) (call $set_result_size (i32.load (i32.const 400))))
    (func (export "env_count") (result i32)
      (drop (call $environ_sizes_get (i32.const 500) (i32.const 504)))
      (i32.load (i32.const 500)))
    `,
    {
      functions: [
        { name: "read_input", arguments: [], output: "s32" },
        { name: "input", arguments: [], output: "[]u8" },
        { name: "env_count", arguments: [], output: "u32" },
      ],
    },
    {
      imports: `
      (import "wasi_snapshot_preview1" "path_open"
        (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))`,
    },
  );
