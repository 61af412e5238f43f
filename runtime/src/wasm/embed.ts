// Puts an interface-types custom section into a module (replacing one it has), as Marine's build tool does.
import { INTERFACE_TYPES_SECTION } from "../it/decode.ts";
import { encodeInterfaces } from "../it/encode.ts";
import type { Interfaces } from "../it/types.ts";
import { ByteReader, nameBytes, readSections, SECTION, writeSections } from "./binary.ts";

export function embedInterfaces(module: Uint8Array, interfaces: Interfaces): Uint8Array {
  const sections = readSections(module).filter(
    (s) => s.id !== SECTION.custom || new ByteReader(s.payload).name() !== INTERFACE_TYPES_SECTION,
  );
  const payload = Uint8Array.from([...nameBytes(INTERFACE_TYPES_SECTION), ...encodeInterfaces(interfaces)]);
  return writeSections([...sections, { id: SECTION.custom, payload }]);
}
