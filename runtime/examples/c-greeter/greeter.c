// A compute function in C (wasm32-wasi, wasi-libc) following Marine's ABI by hand: allocate / release_objects and
// the result pointer and size, a string in and a string out, an array of u32 in and a u64 out, and WASI env.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

static uintptr_t result_ptr;
static uintptr_t result_size;
static void *owned[16];
static int owned_count;

EXPORT("allocate") void *allocate(uint32_t size, uint32_t tag) {
  (void)tag;
  return malloc(size > 0 ? size : 1);
}

EXPORT("release_objects") void release_objects(void) {
  for (int i = 0; i < owned_count; i++) free(owned[i]);
  owned_count = 0;
}

EXPORT("get_result_ptr") uintptr_t get_result_ptr(void) { return result_ptr; }
EXPORT("get_result_size") uintptr_t get_result_size(void) { return result_size; }
EXPORT("set_result_ptr") void set_result_ptr(uintptr_t ptr) { result_ptr = ptr; }
EXPORT("set_result_size") void set_result_size(uintptr_t size) { result_size = size; }

static void return_bytes(char *bytes, size_t size) {
  if (owned_count < 16) owned[owned_count++] = bytes;
  result_ptr = (uintptr_t)bytes;
  result_size = size;
}

// greet(name: string) -> string: the argument's memory is the module's to free
EXPORT("greet") void greet(char *name, uint32_t size) {
  const char *greeting = getenv("GREETING");
  if (greeting == NULL) greeting = "Hello";
  size_t out_size = strlen(greeting) + size + 4;
  char *out = malloc(out_size);
  int written = snprintf(out, out_size, "%s, %.*s!", greeting, (int)size, name);
  free(name);
  return_bytes(out, (size_t)written);
}

// sum(values: []u32) -> u64
EXPORT("sum") uint64_t sum(uint32_t *values, uint32_t count) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < count; i++) total += values[i];
  free(values);
  return total;
}
