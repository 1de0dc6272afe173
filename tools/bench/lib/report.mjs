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
