// Marine's logging host import: log_utf8_string(level, target, offset, size). A target of 0 always logs; any other
// target logs when it shares a bit with the module's logging mask.

export type LogLevel = "error" | "warn" | "info" | "debug" | "trace";

export interface LogEntry {
  readonly service: string;
  readonly module: string;
  readonly level: LogLevel;
  readonly message: string;
}

export type Logger = (entry: LogEntry) => void;

const LEVELS: Record<number, LogLevel> = { 1: "error", 2: "warn", 3: "info", 4: "debug", 5: "trace" };

export const logLevel = (code: number): LogLevel => LEVELS[code] ?? "trace";

export const logs = (target: number, mask: number): boolean => target === 0 || (target & mask) !== 0;
