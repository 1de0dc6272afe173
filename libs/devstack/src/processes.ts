import { spawn } from 'node:child_process';
import { formatTail, LineTail, readLines } from './lines.js';
import { terminate, trackChild, waitForExit } from './children.js';

export type OutputMode = 'inherit-prefixed' | 'capture' | 'silent';

export interface StartProcessOptions {
  /** Short name used in the prefix of forwarded output and in error messages, e.g. `'directory'`. */
  name: string;
  /** Executable; default: the running Node binary (`process.execPath`). */
  command?: string;
  args: string[];
  /** The child's COMPLETE environment (nothing is inherited; spread `process.env` yourself if wanted). */
  env: Record<string, string>;
  cwd?: string;
  /** How long to wait for the `{"msg":"ready"}` line (default 60000 ms: two spec files boot stacks at once). */
  readyTimeoutMs?: number;
  /**
   * `'capture'` (default): keep the last 2000 lines, print nothing.
   * `'inherit-prefixed'`: also forward every line to our stdout/stderr as `name │ line`.
   * `'silent'`: keep only the last 30 lines (for error messages).
   */
  output?: OutputMode;
  /** Grace period between SIGTERM and SIGKILL in stop() (default 5000 ms). */
  stopGraceMs?: number;
  /** Aborting it while the process is still starting terminates it (the promise then rejects). */
  signal?: AbortSignal;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** The parsed JSON line with `msg === 'ready'` (apps may put e.g. their `url` in it). */
  readonly readyLine: Record<string, unknown>;
  /** Captured output so far (stdout and stderr interleaved, bounded). */
  lines(): string[];
  /** SIGTERM, then SIGKILL after the grace period; resolves with the exit code (null if ended by signal). */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** Resolves with the exit code (null if ended by a signal) whenever the process exits. */
  readonly exited: Promise<number | null>;
  /** How it ended, e.g. `exit code 1` or `signal SIGKILL` (`running` while it runs). */
  exitReason(): string;
}

const TAIL_IN_ERRORS = 30;
const PREFIX_WIDTH = 12;

/** Live processes started by startProcess (ready or still starting), in start order. */
const registry: Array<{ stop(): Promise<unknown> }> = [];

function parseReadyLine(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed && typeof parsed === 'object' && (parsed as { msg?: unknown }).msg === 'ready') {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // not JSON: ordinary output
  }
  return undefined;
}

/**
 * Starts a child process (by default a Node script) and resolves once it prints a JSON line with
 * `msg === 'ready'` on stdout. Rejects — after making sure the child is gone — if it exits first or does not
 * become ready in time; the error names the process and quotes the end of its output.
 */
export function startProcess(opts: StartProcessOptions): Promise<ManagedProcess> {
  const output = opts.output ?? 'capture';
  const tail = new LineTail(output === 'silent' ? TAIL_IN_ERRORS : 2000);
  const prefix = `${opts.name.padEnd(PREFIX_WIDTH)} │ `;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;

  const child = spawn(opts.command ?? process.execPath, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  trackChild(child, 'SIGKILL');
  const graceMs = opts.stopGraceMs ?? 5000;
  const entry = { stop: () => terminate(child, { signal: 'SIGTERM', graceMs }) };
  registry.push(entry);
  child.once('exit', () => {
    const index = registry.indexOf(entry);
    if (index >= 0) registry.splice(index, 1);
  });

  return new Promise<ManagedProcess>((resolve, reject) => {
    let settled = false;
    let streamsClosed = false;
    child.once('close', () => (streamsClosed = true));

    const exited = waitForExit(child);
    const exitReason = (): string => {
      if (child.signalCode) return `signal ${child.signalCode}`;
      return child.exitCode === null ? 'running' : `exit code ${child.exitCode}`;
    };
    const managed = (readyLine: Record<string, unknown>): ManagedProcess => ({
      name: opts.name,
      pid: child.pid ?? -1,
      readyLine,
      lines: () => tail.lines(),
      stop: entry.stop,
      kill9: async () => {
        await terminate(child, { signal: 'SIGKILL', graceMs: 5000 });
      },
      exited,
      exitReason,
    });

    const fail = async (reason: string): Promise<void> => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      await terminate(child, { signal: 'SIGTERM', graceMs: 2000 });
      // Let the pipes drain so the last lines (often the actual error) make it into the message.
      for (let i = 0; i < 20 && !streamsClosed; i++) await new Promise((r) => setTimeout(r, 25));
      reject(
        new Error(`Process '${opts.name}' ${reason}; ${formatTail(tail.last(TAIL_IN_ERRORS), opts.name)}`),
      );
    };

    const timer = setTimeout(() => {
      void fail(`did not print a {"msg":"ready"} line within ${readyTimeoutMs} ms`);
    }, readyTimeoutMs);
    const onAbort = (): void => void fail('was stopped before it was ready');
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
      tail.push(line);
      if (output === 'inherit-prefixed')
        (stream === 'stdout' ? process.stdout : process.stderr).write(prefix + line + '\n');
      if (settled || stream !== 'stdout') return;
      const readyLine = parseReadyLine(line);
      if (!readyLine) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(managed(readyLine));
    };
    if (child.stdout) readLines(child.stdout, onLine('stdout'));
    if (child.stderr) readLines(child.stderr, onLine('stderr'));

    child.once('error', (err) => void fail(`could not be started (${err.message})`));
    child.once('exit', () => {
      if (!settled) void fail(`exited before it was ready (${exitReason()})`);
    });
  });
}

/** Stops every process started by startProcess that is still running, in reverse start order. */
export async function stopAll(): Promise<void> {
  for (const proc of [...registry].reverse()) await proc.stop();
}

/** A repeat of the first signal this soon is the same Ctrl-C arriving twice, not a request to force. */
const SAME_SIGNAL_WITHIN_MS = 1000;

/**
 * On the first SIGINT/SIGTERM/SIGHUP runs `onShutdown` once and then exits (0 after a clean shutdown,
 * 1 if it failed or took longer than `timeoutMs`). A second signal exits immediately with 130; the exit hook
 * then SIGKILLs any children still alive. The same signal again within 1 s is ignored: a terminal's Ctrl-C
 * signals npm and us together, and npm forwards its copy to us. Returns a function that removes the handlers.
 */
export function installShutdownHandlers(
  onShutdown: () => Promise<void>,
  opts: { timeoutMs?: number; log?: (msg: string) => void } = {},
): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (first) {
      if (signal === first.signal && Date.now() - first.at < SAME_SIGNAL_WITHIN_MS) return;
      opts.log?.(`${signal} again: exiting immediately`);
      process.exit(130);
    }
    first = { signal, at: Date.now() };
    opts.log?.(`${signal} received: shutting down (repeat to force)`);
    const timeout = setTimeout(() => {
      opts.log?.('shutdown timed out');
      process.exit(1);
    }, opts.timeoutMs ?? 30_000);
    timeout.unref();
    onShutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        opts.log?.(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
