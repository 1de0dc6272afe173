// Shared first step of `npm start`, `npm test` and `npm run bench`: install what is missing, then build.
// Only Node built-ins here: this runs before node_modules exists on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  buildPortal();
}

/** Newest modification time of the files under dir (node_modules and dist left out). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The web portal's static build (apps/portal/dist/site), rebuilt when a source (its own or a shared library's) or the schema is newer. */
export function buildPortal({ force = false } = {}) {
  const portal = join(root, 'apps/portal');
  const built = join(portal, 'dist/site/index.html');
  const sources = Math.max(
    newest(portal),
    // Libraries the portal compiles from source (vite.config.ts).
    newest(join(root, 'libs/minutes-format/src')),
    statSync(join(root, 'apps/gateway/schema.gql')).mtimeMs,
    statSync(join(root, 'package-lock.json')).mtimeMs,
  );
  if (!force && existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('Building the web portal (apps/portal)…');
  run('npm', ['run', 'build', '--silent', '-w', '@yiti/portal'], 'The portal build');
}
