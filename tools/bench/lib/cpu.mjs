// Where the CPU goes: the CPU time processes use while a measurement runs (Linux /proc). Only Node built-ins.
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

/** CPU time (user + system) a process has used so far, in ms; NaN where /proc cannot tell (not Linux, gone). */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS);
  } catch {
    return NaN;
  }
}

/**
 * Per process, the CPU time used while `fn` runs (clock ticks of 10 ms, so only meaningful over many
 * operations). `pids()` names the processes: { name: pid | pid[] }. Returns { result, used: { name: ms } }.
 */
export async function withCpu(pids, fn) {
  const named = Object.entries(await pids()).map(([name, p]) => [name, [p].flat()]);
  const before = named.map(([, list]) => list.map(cpuMs));
  const result = await fn();
  const used = Object.fromEntries(
    named.map(([name, list], i) => [
      name,
      list.reduce((sum, pid, j) => {
        const delta = cpuMs(pid) - before[i][j];
        return Number.isFinite(delta) ? sum + delta : sum;
      }, 0),
    ]),
  );
  return { result, used };
}
