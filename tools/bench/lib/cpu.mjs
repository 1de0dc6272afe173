// Where the CPU goes: the CPU time processes use while a measurement runs (Linux /proc), per operation and
// per process, and its table. Only Node built-ins.
import { readFileSync } from 'node:fs';
import { fixed, formatTable } from './report.mjs';

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

/**
 * The processes on a setup's measured path, for withCpu: for 'distributed' the stack's `apps` (a missing
 * one as pid -1), for the baseline its one process, and for both PostgreSQL's backends serving this
 * database (both setups' pools), asked afresh every time. `db` is a pg client connected to that database.
 */
export function benchProcesses({ db, stack, apps, baseline }) {
  const postgresPids = async () =>
    (
      await db.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);
  return async (setup) => ({
    ...(setup === 'distributed'
      ? Object.fromEntries(apps.map((app) => [app, stack.processes[app]?.pid ?? -1]))
      : { baseline: baseline.pid }),
    postgres: await postgresPids(),
  });
}

/** CPU ms per successful operation, per process, over measured parts ({ cpu: { name: ms } } each). */
export function cpuPerOperation(parts, operations) {
  const perOp = {};
  for (const part of parts) {
    for (const [name, ms] of Object.entries(part.cpu)) perOp[name] = (perOp[name] ?? 0) + ms;
  }
  for (const name of Object.keys(perOp)) perOp[name] /= Math.max(1, operations);
  return perOp;
}

/** A result's CPU ms per operation over all its processes. */
export const cpuTotal = (r) => Object.values(r.cpuPerOp).reduce((s, v) => s + v, 0);

/**
 * The lines of the CPU-per-`unit` table of results ({ setup, concurrency, cpuPerOp }), `extra` columns after
 * the total (Linux only; empty when /proc told nothing).
 */
export function cpuReport(results, { unit = 'operation', extra = [] } = {}) {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.cpuPerOp)))];
  if (names.length === 0 || results.every((r) => cpuTotal(r) === 0)) return [];
  return [
    '',
    `CPU per ${unit} (ms, user + system, over the measured segments; 10 ms clock ticks):`,
    formatTable(results, [
      { title: 'setup', value: (r) => r.setup, align: 'left' },
      { title: 'conc', value: (r) => r.concurrency },
      ...names.map((name) => ({
        title: name,
        value: (r) => (name in r.cpuPerOp ? fixed(1)(r.cpuPerOp[name]) : ''),
      })),
      { title: 'total', value: (r) => fixed(1)(cpuTotal(r)) },
      ...extra,
    ]),
  ];
}
