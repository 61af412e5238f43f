// A key-value storage module: values live in this module's memory for as long as the service runs.
const values = new Map<string, Uint8Array>();

export function put(key: string, value: Uint8Array): bool {
  const existed = values.has(key);
  values.set(key, value);
  return existed;
}

export function get(key: string): Uint8Array {
  return values.has(key) ? values.get(key) : new Uint8Array(0);
}

export function remove(key: string): bool {
  return values.delete(key);
}

export function keys(): Array<string> {
  return values.keys().sort();
}

export function size(): u32 {
  return <u32>values.size;
}
