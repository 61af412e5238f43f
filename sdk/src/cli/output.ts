// Everything the CLI prints goes through here: results on stdout (text, or one JSON object with --json), progress
// and errors on stderr, and any loaded key redacted from all of it.
import type { ErrorReport } from "./exit-codes.ts";
import type { Io } from "./io.ts";

/** A command's result: `data` for --json, `text` for people. */
export interface Report {
  data: Record<string, unknown>;
  text: string;
  /** An exit code other than 0 for a result that is a finding, not a failure. */
  exitCode?: number;
}

const toJson = (value: unknown) =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);

export class Output {
  private readonly secrets: RegExp[] = [];

  constructor(
    private readonly io: Io,
    readonly json: boolean,
  ) {}

  /** Never print `secret` (a hex private key), whatever reaches the output. */
  hide(secret: string) {
    const hex = secret.replace(/^0x/i, "");
    if (/^[0-9a-f]+$/i.test(hex) && hex.length >= 32) this.secrets.push(new RegExp(`(0x)?${hex}`, "gi"));
  }

  private clean(text: string): string {
    return this.secrets.reduce((t, re) => t.replace(re, "[redacted]"), text);
  }

  report(report: Report) {
    this.io.stdout(this.clean(this.json ? `${toJson(report.data)}\n` : report.text));
  }

  /** A line about work under way; kept off --json runs so that stderr holds nothing but an error object. */
  progress(line: string) {
    if (!this.json) this.io.stderr(this.clean(`${line}\n`));
  }

  error(report: ErrorReport) {
    if (this.json) {
      this.io.stderr(this.clean(`${toJson({ error: report })}\n`));
      return;
    }
    const lines = [`error: ${report.message}`];
    if (report.details) lines.push(`details: ${report.details}`);
    this.io.stderr(this.clean(`${lines.join("\n")}\n`));
  }
}
