// Runs the devnet as `npm start` does (node with tsx's loader, no shell in between) and watches its output.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../../src/devnet/anvil.ts";

export interface DevnetProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  stderr(): string;
  /** Resolves when the output matches; rejects, with the output, on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Resolves with the exit code (or the signal's name) within `timeoutMs`, or rejects. */
  exit(timeoutMs: number): Promise<number | string>;
}

export function startDevnet(args: string[]): DevnetProcess {
  const { CLOUDLESS_RPC_PORT: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", join("scripts", "devnet", "main.ts"), ...args], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => {
    output += d.toString();
    stderr += d.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );

  const within = <T>(promise: Promise<T>, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} within ${timeoutMs} ms; output:\n${output}`)),
        timeoutMs,
      );
      promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });

  return {
    child,
    output: () => output,
    stderr: () => stderr,
    waitFor(pattern, timeoutMs) {
      const seen = new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          child.stdout!.off("data", check);
          resolve();
        };
        child.stdout!.on("data", check);
        void exited.then((code) =>
          reject(new Error(`the devnet exited (${code}) before printing ${pattern}; output:\n${output}`)),
        );
        check();
      });
      return within(seen, timeoutMs, `no ${pattern}`);
    },
    exit: (timeoutMs) => within(exited, timeoutMs, "the devnet did not exit"),
  };
}
