#!/usr/bin/env node
// `npm run bench -- <name> [options]`: runs the benchmark tools/bench/<name>.mjs (which exports
// `run({ root, dataDir, args })`). A benchmark is a file directly in tools/bench/ whose name is lowercase
// letters only; helpers live in tools/bench/lib/, helper processes have a hyphen (e.g. in-process-baseline.mjs).
// Benchmarks print figures and write bench-results/<name>-<timestamp>.json; they never assert on figures and
// exit non-zero only when something goes wrong.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dataDir, prepare, root } from './prepare.mjs';

const benchDir = join(root, 'tools/bench');
const available = readdirSync(benchDir)
  .filter((f) => /^[a-z]+\.mjs$/.test(f))
  .map((f) => f.slice(0, -'.mjs'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  if (name && name !== '--help' && name !== '-h') console.error(`Unknown benchmark '${name}'.`);
  console.error(
    `Usage: npm run bench -- <benchmark> [options]\nAvailable benchmarks: ${available.join(', ')}`,
  );
  process.exit(2);
}

prepare();
const bench = await import(pathToFileURL(join(benchDir, `${name}.mjs`)).href);
try {
  await bench.run({ root, dataDir, args });
  process.exit(0);
} catch (err) {
  console.error(
    `\nBenchmark '${name}' failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  process.exit(1);
}
