// Percentiles, summaries, tables and the JSON result file, shared by the benchmarks. Only Node built-ins.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** Nearest-rank percentile (p in 0..100) of an ascending-sorted array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Figures of one runLoad / mergeResults result: latencies in ms, throughput in requests per second. */
export function summarize(result) {
  const sorted = Float64Array.from(result.latencies).sort();
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    concurrency: result.concurrency,
    requests: result.requests,
    ok: sorted.length,
    errors: result.errors,
    errorSamples: result.errorSamples,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : NaN,
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    throughput: result.elapsedMs > 0 ? (sorted.length * 1000) / result.elapsedMs : NaN,
    elapsedMs: result.elapsedMs,
  };
}

export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);

/** The machine the figures come from. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    availableParallelism:
      typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

export const fixed = (digits) => (v) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/**
 * A plain-text table. columns: [{ title, value: (row) => string|number, align?: 'left'|'right' }].
 */
export function formatTable(rows, columns) {
  const cells = rows.map((row) => columns.map((c) => String(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const pad = (text, i) => (columns[i].align === 'left' ? text.padEnd(widths[i]) : text.padStart(widths[i]));
  const line = (r) => r.map(pad).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join(
    '\n',
  );
}

/** Writes `data` to bench-results/<name>-<ISO timestamp>.json under root; returns the path. */
export function writeResults(root, name, data) {
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/:/g, '-');
  const file = join(dir, `${name}-${stamp}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

/** The "Machine: …" line of a report. */
export const machineLine = (m) =>
  `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`;

/** The load average (os.loadavg()) at the start and end of a run, one line. */
export const loadLine = (before, after) =>
  `Load average (1, 5, 15 min) at the start ${before.map(fixed(2)).join(' ')}, at the end ${after.map(fixed(2)).join(' ')}`;

/**
 * distributed/baseline per concurrency of summarized results ({ setup, concurrency, p50, p95, p99, throughput }):
 * { concurrency, p50, p95, p99, throughput, …extra(d, b), p50TargetMet }.
 */
export function ratiosOf(results, p50Target, extra = () => ({})) {
  return [...new Set(results.map((r) => r.concurrency))].map((concurrency) => {
    const d = results.find((r) => r.setup === 'distributed' && r.concurrency === concurrency);
    const b = results.find((r) => r.setup === 'baseline' && r.concurrency === concurrency);
    const p50 = ratio(d.p50, b.p50);
    return {
      concurrency,
      p50,
      p95: ratio(d.p95, b.p95),
      p99: ratio(d.p99, b.p99),
      throughput: ratio(d.throughput, b.throughput),
      ...extra(d, b),
      p50TargetMet: p50 <= p50Target,
    };
  });
}

/**
 * The table of summarized results: setup, concurrency, `count` (the column title of the number run),
 * errors, p50/p90/p99/max with `msDigits` (and p95 after p90 with `p95: true`), `rate` (the throughput's
 * title) with `rateDigits`, then `extra` columns.
 */
export function resultsTable(
  results,
  { count, rate, msDigits = 3, rateDigits = 1, p95 = false, extra = [] },
) {
  const ms = fixed(msDigits);
  return formatTable(results, [
    { title: 'setup', value: (r) => r.setup, align: 'left' },
    { title: 'conc', value: (r) => r.concurrency },
    { title: count, value: (r) => r.requests },
    { title: 'errors', value: (r) => r.errors },
    { title: 'p50 ms', value: (r) => ms(r.p50) },
    { title: 'p90 ms', value: (r) => ms(r.p90) },
    ...(p95 ? [{ title: 'p95 ms', value: (r) => ms(r.p95) }] : []),
    { title: 'p99 ms', value: (r) => ms(r.p99) },
    { title: 'max ms', value: (r) => ms(r.max) },
    { title: rate, value: (r) => fixed(rateDigits)(r.throughput) },
    ...extra,
  ]);
}

/**
 * The table of ratiosOf(): p50, p99 (p95 between them with `p95: true`), `rate` (the throughput's title),
 * `extra` columns, the p50 target.
 */
export function ratiosTable(ratios, { rate, p50Target, p95 = false, extra = [] }) {
  return formatTable(ratios, [
    { title: 'distributed/baseline', value: (r) => `c${r.concurrency}`, align: 'left' },
    { title: 'p50', value: (r) => fixed(2)(r.p50) },
    ...(p95 ? [{ title: 'p95', value: (r) => fixed(2)(r.p95) }] : []),
    { title: 'p99', value: (r) => fixed(2)(r.p99) },
    { title: rate, value: (r) => fixed(2)(r.throughput) },
    ...extra,
    { title: `p50 ≤ ${p50Target.toFixed(1)}`, value: (r) => (r.p50TargetMet ? 'met' : 'NOT met') },
  ]);
}

/** One line per result with errors: its error samples. */
export const errorLines = (results) =>
  results
    .filter((r) => r.errors > 0)
    .map((r) => `errors (${r.setup} c${r.concurrency}): ${r.errorSamples.join(' | ')}`);
