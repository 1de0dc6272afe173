import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { createServiceRoles, databaseEnv, dropDatabase, createDatabase, uniqueName } from './databases.js';
import { startSecuredNats, type SecuredNatsHandle } from './nats.js';
import { freePort } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';
import { REPO_ROOT } from './test-stack.js';
import { waitFor } from './wait.js';

// No image can be built here, so the apps' Containerfiles are checked for what can go wrong without a build: a
// COPY of something the repository or the build does not have, a root or unpinned base, and an entry command
// that does not start from the image's layout. The last is run for real: the directory service's CMD, in a
// folder laid out as its image (/app), with the environment deploy/k8s gives it, against real NATS (TLS, its
// own nkey) and PostgreSQL (its two roles), until its health file — what the probes read — is fresh.

const APPS = ['directory', 'agreements', 'transfers', 'meetings', 'records', 'gateway'] as const;
const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Instruction {
  stage: number;
  op: string;
  args: string;
}

/** The instructions of a Containerfile, continuation lines joined, by stage (each FROM starts one). */
function instructions(app: string): Instruction[] {
  const text = readFileSync(join(REPO_ROOT, 'apps', app, 'Containerfile'), 'utf8');
  let stage = -1;
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, op, args] = /^([A-Z]+)\s+(.*)$/.exec(line) ?? [];
      assert.ok(op && args !== undefined, `${app}: cannot read "${line}"`);
      if (op === 'FROM') stage++;
      return { stage, op, args };
    });
}

/** COPY [--from=stage] <source…> <destination>, with the build stage's /src as the repository root. */
function copies(app: string): { from?: string; sources: string[]; destination: string }[] {
  return instructions(app)
    .filter((i) => i.op === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words[0]!.startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
      const destination = words.pop()!;
      return { ...(from ? { from } : {}), sources: words, destination };
    });
}

const finalStage = (app: string) => {
  const all = instructions(app);
  const last = Math.max(...all.map((i) => i.stage));
  return all.filter((i) => i.stage === last);
};

describe('apps/*/Containerfile', () => {
  for (const app of APPS) {
    it(`${app}: multi-stage on node:22-slim, non-root, production dependencies only, COPY sources that exist`, () => {
      const all = instructions(app);
      const bases = all.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0]);
      assert.ok(bases.length >= 2, 'multi-stage');
      assert.deepEqual([...new Set(bases)], ['node:22-slim']);
      const last = finalStage(app);
      assert.deepEqual(
        last.filter((i) => i.op === 'USER').map((i) => i.args),
        ['node'],
        'the final stage runs as the image’s unprivileged user',
      );
      assert.ok(last.some((i) => i.op === 'ENV' && /\bNODE_ENV=production\b/.test(i.args)));
      const build = all
        .filter((i) => i.op === 'RUN' && i.stage === 0)
        .map((i) => i.args)
        .join(' ');
      assert.match(build, /npm prune --omit=dev/, 'dev dependencies are pruned before the copy');
      assert.match(build, new RegExp(`tsc -b apps/${app}\\b`));
      for (const copy of copies(app)) {
        for (const source of copy.sources) {
          // The build stage works in /src, a copy of the repository: after `npm test`'s build, what it copies
          // from there exists here too (dist folders, the portal's site).
          const path = copy.from ? join(REPO_ROOT, source.replace(/^\/src\/?/, '')) : join(REPO_ROOT, source);
          assert.ok(
            !copy.from || source.startsWith('/src/'),
            `${app}: ${source} comes from the build stage's /src`,
          );
          assert.ok(existsSync(path), `${app}: COPY source ${source} exists (${path})`);
        }
      }
      const cmd = JSON.parse(last.find((i) => i.op === 'CMD')!.args) as string[];
      assert.deepEqual(cmd, ['node', '--enable-source-maps', `apps/${app}/dist/src/main.js`]);
    });
  }
});

/**
 * The image's /app for `app` under `dir`: the final stage's copies, with what the build stage keeps of libs/
 * and the app (package.json and dist; no libs/devstack, no tests). node_modules links to the repository's
 * third-party packages; its @yiti workspace links point into `dir`, so the app finds only the libraries the
 * image has.
 */
function layOut(app: string, dir: string): void {
  for (const copy of copies(app).filter((c) => c.from)) {
    for (const source of copy.sources) {
      const relative = source.replace(/^\/src\/?/, '');
      // `COPY … ./` keeps the source's name; `COPY … ./x` names the target.
      const target = copy.destination.endsWith('/')
        ? join(dir, copy.destination, basename(relative))
        : join(dir, copy.destination);
      if (relative === 'node_modules') {
        mkdirSync(join(dir, 'node_modules/@yiti'), { recursive: true });
        for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
          if (entry === '@yiti' || entry === '.bin') continue;
          symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
        }
        for (const group of ['libs', 'apps']) {
          for (const name of readdirSync(join(REPO_ROOT, group))) {
            symlinkSync(`../../${group}/${name}`, join(dir, 'node_modules/@yiti', name));
          }
        }
      } else if (relative === 'libs' || relative === `apps/${app}`) {
        const parents =
          relative === 'libs' ? readdirSync(join(REPO_ROOT, 'libs')).map((l) => `libs/${l}`) : [relative];
        for (const parent of parents.filter((p) => p !== 'libs/devstack')) {
          cpSync(join(REPO_ROOT, parent, 'package.json'), join(dir, parent, 'package.json'));
          cpSync(join(REPO_ROOT, parent, 'dist'), join(dir, parent, 'dist'), {
            recursive: true,
            filter: (path) => !path.includes('/dist/test'),
          });
        }
      } else {
        cpSync(join(REPO_ROOT, relative), target, { recursive: true });
      }
    }
  }
}

/** The env of `app`'s container in the rendered prod overlay, with its ConfigMap's values. */
function manifestEnv(app: string): Record<string, string | { secret: string; key: string }> {
  const text = execFileSync('kubectl', ['kustomize', join(REPO_ROOT, 'deploy/k8s/overlays/prod')], {
    encoding: 'utf8',
  });
  const objects = parseAllDocuments(text).map(
    (d) =>
      d.toJS() as { kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> },
  );
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === app)!;
  const container = deployment.spec.template.spec.containers[0];
  const env: Record<string, string | { secret: string; key: string }> = {};
  for (const source of container.envFrom) {
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef.name)!;
    Object.assign(env, map.data);
  }
  for (const e of container.env as {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string } };
  }[]) {
    env[e.name] = e.value ?? { secret: e.valueFrom!.secretKeyRef.name, key: e.valueFrom!.secretKeyRef.key };
  }
  return env;
}

describe('the directory image’s entry command, outside a container', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-containerfile-'));
  const database = uniqueName('yiti_image');
  const started: ManagedProcess[] = [];
  let nats: SecuredNatsHandle | undefined;
  after(async () => {
    for (const p of started.reverse()) await p.stop();
    await nats?.stop();
    await dropDatabase(ADMIN_URL, database).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('starts with the manifests’ environment and keeps the health file the probes read fresh', async () => {
    const app = 'directory';
    const image = join(scratch, 'app');
    layOut(app, image);
    nats = await startSecuredNats({
      dataDir: join(scratch, 'nats'),
      layout: {
        subjectPrefix: '',
        eventsStream: uniqueName('YITI_EVENTS_I'),
        auditStream: uniqueName('YITI_AUDIT_I'),
      },
      tls: true,
    });
    await createDatabase(ADMIN_URL, database);
    const roles = await createServiceRoles(ADMIN_URL, database);
    const idpPort = await freePort();
    const idp = await startProcess({
      name: 'dev-idp',
      args: [join(REPO_ROOT, 'apps/dev-idp/dist/src/main.js')],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', NODE_ENV: 'test', DEV_IDP_PORT: String(idpPort) },
      cwd: REPO_ROOT,
      output: 'silent',
    });
    started.push(idp);

    // The manifests' values, with what only exists in the cluster replaced by this machine's: the mounted
    // files (seed, CA, health file), the Secrets behind the database URLs, the service names.
    const manifest = manifestEnv(app);
    const healthFile = join(scratch, 'run/health');
    mkdirSync(join(scratch, 'run'));
    const local: Record<string, string> = {
      ...nats.env(app),
      NODE_EXTRA_CA_CERTS: nats.tls!.caFile,
      KEYCLOAK_URL: `http://127.0.0.1:${idpPort}`,
      HEALTH_FILE: healthFile,
      ...databaseEnv(roles[app]),
    };
    const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    for (const [name, value] of Object.entries(manifest)) {
      if (name in local) env[name] = local[name]!;
      else if (typeof value === 'string' && !value.includes('$(')) env[name] = value;
      // DB_USER and the like only feed the URLs above.
    }
    assert.equal(env['NODE_ENV'], 'production', 'the production checks apply');
    assert.deepEqual(
      Object.keys(local).filter((name) => !(name in manifest)),
      [],
      'every value replaced here is one the manifest sets',
    );

    const cmd = JSON.parse(finalStage(app).find((i) => i.op === 'CMD')!.args) as string[];
    const service = await startProcess({
      name: app,
      command: cmd[0] === 'node' ? process.execPath : cmd[0]!,
      args: cmd.slice(1),
      env,
      cwd: image,
      output: 'silent',
      readyTimeoutMs: 60_000,
    });
    started.push(service);
    assert.ok(service.pid > 0);

    // The probe the Deployment runs, as it runs it: sh with HEALTH_FILE in the environment.
    const probe = execFileSync('kubectl', ['kustomize', join(REPO_ROOT, 'deploy/k8s/overlays/prod')], {
      encoding: 'utf8',
    });
    const deployment = parseAllDocuments(probe)
      .map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: any })
      .find((o) => o.kind === 'Deployment' && o.metadata.name === app)!;
    const [shell, ...probeArgs] = deployment.spec.template.spec.containers[0].livenessProbe.exec
      .command as string[];
    const runProbe = () =>
      spawnSync(shell!, probeArgs, { env: { PATH: env['PATH']!, HEALTH_FILE: healthFile } }).status;
    await waitFor(async () => runProbe() === 0, { timeoutMs: 10_000, what: 'the health file to be fresh' });

    await service.stop();
    started.pop();
    assert.equal(existsSync(healthFile), false, 'the health file goes away at shutdown');
    assert.notEqual(runProbe(), 0, 'the probe fails once the service is gone');
  });
});
