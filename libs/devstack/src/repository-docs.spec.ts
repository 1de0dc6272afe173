import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The repository must explain itself: its documents link only to files it holds, and nothing in it points at
// notes kept outside the repository (a clone has only what is committed).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '' && !f.startsWith('libs/contracts/src/gen/'));

describe('repository documents', () => {
  it('link only to files inside the repository, and those files exist', () => {
    const broken: string[] = [];
    for (const file of tracked.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
        const path = resolve(root, dirname(file), target!.split('#')[0]!);
        if (relative(root, path).startsWith('..') || !existsSync(path)) broken.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('cite no document that lives outside the repository', () => {
    const outside = ['DESIGN' + '.md', '../' + 'shared/'];
    const citing = tracked.filter((file) => {
      if (!existsSync(join(root, file))) return false;
      const text = readFileSync(join(root, file), 'utf8');
      return outside.some((name) => text.includes(name));
    });
    assert.deepEqual(citing, []);
  });
});
