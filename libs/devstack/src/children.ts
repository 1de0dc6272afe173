import type { ChildProcess } from 'node:child_process';

/**
 * Every child process this library starts (apps, nats-server, embedded PostgreSQL) is tracked here so that
 * it is signalled if this Node process exits while the child is still alive — no orphans after a crash or
 * an unhandled exception. (A SIGKILL of the parent cannot be intercepted; see stale-pid handling in
 * postgres.ts.)
 */
const tracked = new Map<ChildProcess, NodeJS.Signals>();
let exitHookInstalled = false;

function signalTrackedChildrenSync(): void {
  for (const [child, signal] of tracked) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Registers `child` to receive `exitSignal` if this process exits before the child does. */
export function trackChild(child: ChildProcess, exitSignal: NodeJS.Signals = 'SIGKILL'): void {
  if (!exitHookInstalled) {
    process.on('exit', signalTrackedChildrenSync);
    exitHookInstalled = true;
  }
  if (hasExited(child)) return;
  tracked.set(child, exitSignal);
  child.once('exit', () => tracked.delete(child));
}

/** True when the child has exited (or never started: spawn failed, so there is no pid). */
export function hasExited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

/** Resolves with the exit code (null when killed by a signal) once `child` has exited. */
export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (hasExited(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Sends `signal`, waits up to `graceMs` for the child to exit, then SIGKILLs it. Safe to call repeatedly
 * and on children that already exited. Resolves with the exit code (null when ended by a signal).
 */
export async function terminate(
  child: ChildProcess,
  opts: { signal?: NodeJS.Signals; graceMs?: number } = {},
): Promise<number | null> {
  if (hasExited(child)) return child.exitCode;
  const exited = waitForExit(child);
  child.kill(opts.signal ?? 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.graceMs ?? 5000);
  });
  const first = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (first !== 'timeout') return first;
  if (!hasExited(child)) child.kill('SIGKILL');
  return exited;
}
