#!/usr/bin/env node
// `npm test`: builds, provisions real NATS and PostgreSQL (reusing NATS_URL / DATABASE_URL or the local
// defaults when they answer, otherwise starting nats-server and an embedded PostgreSQL in a temporary folder),
// then runs the portal's unit tests (Vitest) and every compiled spec with Node's test runner. Integration specs create their own fresh database; each
// stack spec also starts its own secured nats-server (the shared NATS serves the libraries' own specs).
//
// The specs run two files at a time (TEST_CONCURRENCY, default 2): most of a stack spec's time is spent waiting
// on its processes, so a second file uses the idle core. Drills (`*.drill.spec.js`: the cluster and partition
// drills, which measure latencies under kill -9 and must own the machine) run afterwards, one at a time.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { prepare, root } from './prepare.mjs';

prepare();
const { ensureNats, ensurePostgres } = await import('@yiti/devstack');

function specs(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return specs(path);
    return name.endsWith('.spec.js') ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const files = ['libs', 'apps']
  .flatMap((group) => readdirSync(join(root, group)).map((p) => join(root, group, p, 'dist')))
  .filter((dist) => {
    try {
      return statSync(dist).isDirectory();
    } catch {
      return false;
    }
  })
  .flatMap(specs)
  .filter((f) => filter.length === 0 || filter.some((word) => relative(root, f).includes(word)))
  .sort();
// `node --test` with no files would look for tests everywhere: a filter that matches no spec is a mistake.
if (filter.length > 0 && files.length === 0 && !filter.some((word) => 'apps/portal/vitest'.includes(word))) {
  console.error(`No compiled spec matches ${filter.map((w) => `"${w}"`).join(' or ')}.`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'yiti-test-infra-'));
const log = (m) => console.log(`[infra] ${m}`);
const nats = await ensureNats({
  dataDir: scratch,
  log,
  ...(process.env.NATS_URL ? { url: process.env.NATS_URL } : {}),
});
const postgres = await ensurePostgres({
  dataDir: scratch,
  log,
  ...(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : {}),
});
log(
  `NATS ${nats.url} (${nats.started ? 'started' : 'reused'}), PostgreSQL ${postgres.started ? 'started' : 'reused'}`,
);

// Ctrl-C reaches the test runner directly (same process group); we stay to stop what we started.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
let status = 1;
try {
  // The portal's unit tests (Vitest), when the run is not narrowed to other specs.
  if (filter.length === 0 || filter.some((word) => 'apps/portal/vitest'.includes(word))) {
    const unit = spawnSync(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', join(root, 'apps/portal')],
      { cwd: root, stdio: 'inherit' },
    );
    if (unit.status !== 0) {
      console.error('\nThe portal unit tests (Vitest) failed.');
      process.exitCode = 1;
    }
  }
  const drills = files.filter((f) => f.endsWith('.drill.spec.js'));
  const rest = files.filter((f) => !drills.includes(f));
  const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`TEST_CONCURRENCY must be a whole number ≥ 1, not "${process.env.TEST_CONCURRENCY}"`);
  }
  const run = (group, n) =>
    group.length === 0
      ? 0
      : (spawnSync(
          process.execPath,
          ['--enable-source-maps', '--test', `--test-concurrency=${n}`, '--test-reporter=spec', ...group],
          {
            cwd: root,
            stdio: 'inherit',
            env: { ...process.env, YITI_TEST_NATS_URL: nats.url, YITI_TEST_POSTGRES_URL: postgres.adminUrl },
          },
        ).status ?? 1);
  const started = Date.now();
  const restStatus = run(rest, concurrency);
  log(
    `${rest.length} spec files (${concurrency} at a time) took ${Math.round((Date.now() - started) / 1000)} s`,
  );
  const drillsStarted = Date.now();
  const drillStatus = run(drills, 1);
  if (drills.length > 0) {
    log(`${drills.length} drills (one at a time) took ${Math.round((Date.now() - drillsStarted) / 1000)} s`);
  }
  status = process.exitCode === 1 || restStatus !== 0 || drillStatus !== 0 ? 1 : 0;
} finally {
  await postgres.stop();
  await nats.stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
