// Runs a task every `intervalMs`, never two at once (a slow run delays the next instead of piling up).

export interface Repeating {
  /** Stops the timer and waits for a run in progress, at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function repeat(intervalMs: number, task: () => Promise<void>): Repeating {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= task().finally(() => (running = undefined));
  }, intervalMs);
  return {
    async stop(graceMs = 2_000) {
      clearInterval(timer);
      if (!running) return;
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([running.catch(() => undefined), new Promise((r) => (timeout = setTimeout(r, graceMs)))]);
      clearTimeout(timeout);
    },
  };
}
