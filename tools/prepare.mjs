// Shared first step of `npm start`, `npm test` and `npm run bench`: install what is missing, then build.
// Only Node built-ins here: this runs before node_modules exists on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const dataDir = join(root, '.data');

function run(command, args, what) {
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (r.status !== 0) {
    console.error(`\n${what} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

export function prepare() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Yiti needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
    process.exit(1);
  }
  const installed = join(root, 'node_modules/.package-lock.json');
  if (
    !existsSync(installed) ||
    statSync(installed).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs
  ) {
    console.log('Installing dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
  }
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json'], 'The build');
}
