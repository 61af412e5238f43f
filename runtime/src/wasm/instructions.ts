// Steps over one instruction's immediates, so that a function body can be walked instruction by instruction
// (MVP, sign extension, saturating conversions, bulk memory, reference types, multi-value, SIMD, threads,
// tail calls and legacy exceptions).
import { type ByteReader, invalid } from "./binary.ts";

export const OP_BLOCK = 0x02;
export const OP_LOOP = 0x03;
export const OP_IF = 0x04;
export const OP_MEMORY_GROW = 0x40;

export function skipBlockType(reader: ByteReader): void {
  const first = reader.bytes[reader.at];
  if (first === 0x40 || (first !== undefined && first >= 0x6f && first <= 0x7f)) reader.at++;
  else reader.skipLeb();
}

const skipMemarg = (reader: ByteReader) => {
  const align = reader.u32();
  if (align & 0x40) reader.u32(); // multi-memory: a memory index follows
  reader.u32();
};

/** Skips the immediates of the instruction whose opcode was just read. */
export function skipImmediates(reader: ByteReader, opcode: number): void {
  if (opcode >= 0x28 && opcode <= 0x3e) return skipMemarg(reader);
  if (opcode >= 0x45 && opcode <= 0xc4) return;
  switch (opcode) {
    case 0x00:
    case 0x01:
    case 0x05:
    case 0x0b:
    case 0x0f:
    case 0x19:
    case 0x1a:
    case 0x1b:
    case 0xd1:
      return;
    case OP_BLOCK:
    case OP_LOOP:
    case OP_IF:
    case 0x06:
      return skipBlockType(reader);
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x0c:
    case 0x0d:
    case 0x10:
    case 0x12:
    case 0x18:
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x26:
    case 0xd2:
      reader.u32();
      return;
    case 0x0e: {
      const count = reader.count();
      for (let i = 0; i <= count; i++) reader.u32();
      return;
    }
    case 0x11:
    case 0x13:
      reader.u32();
      reader.u32();
      return;
    case 0x1c: {
      const count = reader.u32();
      reader.skip(count);
      return;
    }
    case 0x3f:
    case 0x40:
      reader.u32();
      return;
    case 0x41:
    case 0x42:
      reader.skipLeb();
      return;
    case 0x43:
      reader.skip(4);
      return;
    case 0x44:
      reader.skip(8);
      return;
    case 0xd0:
      reader.byte();
      return;
    case 0xfc:
      return skipMisc(reader, reader.u32());
    case 0xfd:
      return skipSimd(reader, reader.u32());
    case 0xfe: {
      const sub = reader.u32();
      if (sub === 0x03) reader.byte();
      else skipMemarg(reader);
      return;
    }
    default:
      throw invalid(
        "Unknown instruction in a function body",
        `opcode 0x${opcode.toString(16)} at byte ${reader.at - 1}`,
      );
  }
}

function skipMisc(reader: ByteReader, sub: number): void {
  if (sub <= 7) return;
  switch (sub) {
    case 8:
    case 12:
    case 14:
      reader.u32();
      reader.u32();
      return;
    case 10:
      reader.u32();
      reader.u32();
      return;
    case 9:
    case 11:
    case 13:
    case 15:
    case 16:
    case 17:
      reader.u32();
      return;
    default:
      throw invalid("Unknown 0xfc instruction", `sub-opcode ${sub}`);
  }
}

function skipSimd(reader: ByteReader, sub: number): void {
  if (sub <= 11 || sub === 92 || sub === 93) return skipMemarg(reader);
  if (sub === 12 || sub === 13) return reader.skip(16);
  if (sub >= 21 && sub <= 34) return reader.skip(1);
  if (sub >= 84 && sub <= 91) {
    skipMemarg(reader);
    reader.skip(1);
  }
}
