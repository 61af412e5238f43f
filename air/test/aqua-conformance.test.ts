// AIR as Aqua's compiler writes it (@fluencelabs/aqua-api, compiled here and now): the real AquaVM parses every
// script, and so must our parser.
import { compileFromString } from "@fluencelabs/aqua-api";
import { describe, expect, it } from "vitest";
import { parse } from "../src/index.ts";
import { loadAquaVm } from "./support/aquavm.ts";
import { PROGRAMS, SERVICE } from "./support/aqua-programs.ts";

describe("AIR that Aqua's compiler writes", () => {
  const aquavm = loadAquaVm();

  it.each(Object.entries(PROGRAMS))("%s: parsed by AquaVM and by ours", async (name, body) => {
    const compiled = await compileFromString({ code: `aqua P\n\nexport f\n${SERVICE}${body}`, noRelay: true });
    expect(compiled.errors, `${name} does not compile`).toEqual([]);
    const air = compiled.functions.f!.script;
    expect(aquavm.refusal(air)).toBeNull();
    expect(() => parse(air)).not.toThrow();
  });
});
