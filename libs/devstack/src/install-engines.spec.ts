import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

// A fresh `npm ci` must not warn that a dependency wants a newer Node than the one the README asks for:
// every locked package's `engines.node` must admit the oldest Node our own `engines` allows.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('installed dependencies', () => {
  it('all run on the oldest Node version the README and package.json promise', () => {
    const oldest = semver.minVersion(manifest.engines.node);
    assert.ok(oldest, `package.json engines.node "${manifest.engines.node}" is not a range`);
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    assert.match(
      readme,
      new RegExp(`Node\\.js ≥ ${oldest.major}\\.${oldest.minor}\\b`),
      'README names the same Node version',
    );
    const tooNew: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const wanted = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!where || !wanted) continue;
      if (!semver.satisfies(oldest, wanted, { includePrerelease: true }))
        tooNew.push(`${where}@${entry.version}: node ${wanted}`);
    }
    assert.deepEqual(tooNew, [], `these want a newer Node than ${oldest.version}`);
  });
});
