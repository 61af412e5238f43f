// The facade of the storage service: notes as text, kept by the storage module, with a summary record.
import { log } from "./marine";
import { callParameters, storage, Summary } from "./marine.generated";

export function save(title: string, text: string): string {
  const replaced = storage.put(title, Uint8Array.wrap(String.UTF8.encode(text)));
  log(3, (replaced ? "replaced " : "saved ") + title);
  return replaced ? "replaced " + title : "saved " + title;
}

export function load(title: string): string {
  const bytes = storage.get(title);
  return String.UTF8.decode(bytes.buffer);
}

export function forget(title: string): bool {
  return storage.remove(title);
}

export function summary(): Summary {
  const out = new Summary();
  out.count = storage.size();
  out.titles = storage.keys();
  return out;
}

/** Who is asking: the particle's init peer and id, from the call parameters. */
export function caller(): string {
  const params = callParameters();
  return params.particle.init_peer_id + " in " + params.particle.id;
}
