import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './test-stack.js';

/** `sha256sum apps/*\/src/migrations/*.ts`, committed: what each migration was when it was committed. */
const LOCK = 'tools/migrations.sha256';

function migrationFiles(): string[] {
  return readdirSync(join(REPO_ROOT, 'apps')).flatMap((app) => {
    const dir = join('apps', app, 'src', 'migrations');
    try {
      return readdirSync(join(REPO_ROOT, dir))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${dir}/${f}`);
    } catch {
      return [];
    }
  });
}

/**
 * A committed migration is never edited (docs/architecture.md): a database that ran it would not run it again,
 * so an edit silently splits databases into two schemas. A change is a new migration.
 */
describe('committed migrations', () => {
  const locked = new Map(
    readFileSync(join(REPO_ROOT, LOCK), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [hash, path] = line.split(/\s+/) as [string, string];
        return [path, hash];
      }),
  );

  it('are byte for byte what they were when committed, and none was removed', () => {
    for (const [path, hash] of locked) {
      let actual: string;
      try {
        actual = createHash('sha256')
          .update(readFileSync(join(REPO_ROOT, path)))
          .digest('hex');
      } catch {
        assert.fail(`${path} was removed: a committed migration stays (undo it with a new one)`);
      }
      assert.equal(
        actual,
        hash,
        `${path} was edited after it was committed: put the change in a new migration`,
      );
    }
  });

  it('are each recorded in the lock when added', () => {
    const missing = migrationFiles().filter((f) => !locked.has(f));
    assert.deepEqual(missing, [], `record a new migration with \`sha256sum <file> >> ${LOCK}\``);
  });
});
