#!/usr/bin/env node
// Protobuf contracts: `generate` writes libs/contracts/src/gen from proto/; `check` runs buf lint, buf breaking
// against main (or the previous commit on main itself), and fails when the generated code drifts from proto/.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const protoDir = join(root, 'proto');
const genDir = join(root, 'libs/contracts/src/gen');
const bin = join(root, 'node_modules/.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };

class BufFailed extends Error {}

function buf(args, opts = {}) {
  const r = spawnSync(join(bin, 'buf'), args, { cwd: protoDir, env, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new BufFailed(`buf ${args[0]} failed`);
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

function readOrEmpty(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

function breakingBaseline() {
  for (const ref of ['origin/main', 'main']) {
    const head = git(['rev-parse', 'HEAD']);
    const base = git(['rev-parse', '--verify', '-q', ref]);
    if (base && base !== head) return base;
  }
  // On main itself: compare with the previous commit.
  return git(['rev-parse', '--verify', '-q', 'HEAD~1']);
}

function main(command) {
  if (command === 'generate') {
    buf(['generate']);
  } else if (command === 'check') {
    buf(['lint']);
    console.log('buf lint: ok');

    const base = breakingBaseline();
    if (base && git(['cat-file', '-e', `${base}:proto/buf.yaml`]) !== undefined) {
      buf(['breaking', '--against', `${join(root, '.git')}#ref=${base},subdir=proto`]);
      console.log(`buf breaking against ${base.slice(0, 12)}: ok`);
    } else {
      console.log('buf breaking: no earlier proto/ to compare with, skipped');
    }

    const out = mkdtempSync(join(tmpdir(), 'yiti-proto-'));
    try {
      const template = readFileSync(join(protoDir, 'buf.gen.yaml'), 'utf8').replace(/out: .*/, `out: ${out}`);
      const templateFile = join(out, 'buf.gen.yaml');
      writeFileSync(templateFile, template);
      buf(['generate', '--template', templateFile]);
      const fresh = listFiles(out).filter((f) => f.endsWith('.ts'));
      const committed = listFiles(genDir);
      const drift = [];
      const names = new Set([
        ...fresh.map((f) => relative(out, f)),
        ...committed.map((f) => relative(genDir, f)),
      ]);
      for (const name of names) {
        if (readOrEmpty(join(out, name)) !== readOrEmpty(join(genDir, name))) drift.push(name);
      }
      if (drift.length > 0) {
        throw new BufFailed(
          `libs/contracts/src/gen drifted from proto/ (run npm run proto:gen): ${drift.join(', ')}`,
        );
      }
      console.log('generated contracts: in sync with proto/');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  } else {
    console.error('usage: node tools/proto.mjs generate|check');
    process.exit(2);
  }
}

try {
  main(process.argv[2]);
} catch (err) {
  if (!(err instanceof BufFailed)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
