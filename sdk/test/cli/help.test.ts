// Every command answers --help, and the installed entry point runs as a real process.
import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run.ts";

const COMMANDS = [
  "provider register",
  "provider show",
  "provider prove",
  "provider offer create",
  "provider offer show",
  "provider offer update",
  "provider offer remove",
  "provider peer add",
  "provider peer remove",
  "provider commitment create",
  "provider commitment show",
  "provider collateral deposit",
  "provider rewards show",
  "provider rewards withdraw",
  "deal create",
  "deal show",
  "deal list",
  "deal deposit",
  "deal withdraw",
  "deal stop",
  "deal match",
  "deal workers",
  "deal set-worker",
  "deal claim",
  "chain epoch",
  "chain params",
  "chain balance",
];

describe("help", () => {
  it.each(COMMANDS)("cloudless %s --help", async (command) => {
    const run = await runCli([...command.split(" "), "--help"], {}, process.cwd());
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain(`Usage: cloudless ${command}`);
    expect(run.stdout).toMatch(/Examples?:\n {2}cloudless /);
  });

  it("lists the global options and exit codes at the top level", async () => {
    const run = await runCli(["--help"], {}, process.cwd());
    expect(run.code).toBe(0);
    for (const text of [
      "--rpc <url>",
      "--deployment <file>",
      "--keystore <file>",
      "--json",
      "CLOUDLESS_PRIVATE_KEY",
      "Exit codes:",
      "6  deployment",
    ]) {
      expect(run.stdout).toContain(text);
    }
  });

  it("runs as a process from bin/cloudless.mjs", async () => {
    const bin = join(import.meta.dirname, "..", "..", "bin", "cloudless.mjs");
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"], {
      env: { PATH: process.env.PATH },
    });
    expect(stdout).toContain("Usage: cloudless [options] [command]");
    expect(stdout).toContain("Exit codes:");
  });

  it("ends quietly with exit 0 when the reader closes the pipe early (cloudless --help | head)", async () => {
    const bin = join(import.meta.dirname, "..", "..", "bin", "cloudless.mjs");
    const child = spawn(process.execPath, [bin, "--help"], {
      env: { PATH: process.env.PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // closed before the CLI writes a byte: its first write meets EPIPE
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
