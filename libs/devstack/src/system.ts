import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readLines } from './lines.js';

/** True when running as root on Debian (or a derivative): we may install packages with apt-get. */
export function isRootOnDebian(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds `name` on PATH, then in `extraLocations`. */
export function findExecutable(name: string, extraLocations: string[] = []): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean);
  for (const candidate of [...dirs.map((dir) => path.join(dir, name)), ...extraLocations]) {
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Runs a command, streaming its output line by line through `log`; rejects on a non-zero exit. */
export function runStreaming(
  command: string,
  args: string[],
  log: (msg: string) => void,
  extraEnv: Record<string, string> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    log(`$ ${command} ${args.join(' ')}`);
    const child = spawn(command, args, {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.stdout) readLines(child.stdout, (line) => log(`  ${line}`));
    if (child.stderr) readLines(child.stderr, (line) => log(`  ${line}`));
    child.once('error', (err) => reject(new Error(`${command} could not be run: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`\`${command} ${args.join(' ')}\` failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a running process (Linux /proc), or undefined when unknown. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/**
 * Stops a leftover server from a previous run that was killed before it could stop its children: sends
 * `signal` to `pid` if that process is alive and its command line contains every `markers` string (so an
 * unrelated process that reused the pid is never touched), then waits for it to exit (SIGKILL after
 * `graceMs`). Returns true if such a process was found.
 */
export async function stopLeftover(
  pid: number,
  markers: string[],
  signal: NodeJS.Signals,
  log: (msg: string) => void,
  graceMs = 15_000,
): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return false;
  const cmdline = commandLine(pid);
  if (cmdline === undefined || !markers.every((marker) => cmdline.includes(marker))) return false;
  log(`stopping a leftover server from a previous run (pid ${pid}: ${cmdline.trim()})`);
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Makes sure Debian packages a test needs are installed: when any of `probes` (files they install) is missing,
 * `apt-get install`s them (as root, or through sudo). A fresh machine gets what the tests use from the
 * project's own setup, not from a README step.
 */
export function ensureDebianPackages(
  packages: readonly string[],
  probes: readonly string[],
  log: (m: string) => void = console.log,
): void {
  if (probes.every((f) => existsSync(f))) return;
  log(`installing ${packages.join(', ')} from Debian (apt-get)…`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  for (const args of [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', ...packages],
  ]) {
    const [command, ...rest] = [...sudo, ...args];
    const r = spawnSync(command!, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  }
  const missing = probes.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} still missing after apt-get install`);
}
