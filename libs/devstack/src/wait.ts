/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitForOptions {
  /** Give up after this many milliseconds (default 15000). */
  timeoutMs?: number;
  /** Pause between attempts (default 100). */
  intervalMs?: number;
  /** Human description used in the timeout error, e.g. `'nats-server on port 4222'`. */
  what?: string;
}

/**
 * Calls `fn` until it resolves `true`. An attempt that throws counts as "not yet"; its message is kept and
 * reported if the wait times out.
 */
export async function waitFor(fn: () => Promise<boolean>, opts: WaitForOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const intervalMs = opts.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: string | undefined;
  for (;;) {
    try {
      if (await fn()) return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? ` (last error: ${lastError})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'condition'}${detail}`);
    }
    await sleep(intervalMs);
  }
}
