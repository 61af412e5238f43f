// Text for people: aligned key-value blocks, tables, token amounts and short hashes.
import { formatUnits } from "viem";

export interface TokenInfo {
  address: `0x${string}`;
  symbol: string;
  decimals: number;
}

export function amount(value: bigint, token: TokenInfo): string {
  return `${formatUnits(value, token.decimals)} ${token.symbol}`;
}

/** Rows of `key  value`, keys padded to one width; rows with an undefined value are left out. */
export function keyValues(rows: [string, string | number | bigint | boolean | undefined][]): string {
  const shown = rows.filter((r): r is [string, string | number | bigint | boolean] => r[1] !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${k.padEnd(width)}  ${String(v)}`).join("\n") + "\n";
}

export function table(headers: string[], rows: (string | number | bigint)[][]): string {
  if (!rows.length) return "(none)\n";
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return (
    cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).join("\n") + "\n"
  );
}

/** A heading, then a block. */
export function section(title: string, body: string): string {
  return `\n${title}\n${body}`;
}
