import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { BUS_IDENTITIES, CITY_JETSTREAM_DOMAIN } from '@yiti/contracts';
import { parseAllDocuments } from 'yaml';
import { DEPLOY_OVERLAYS, realmImport, type DeployOverlay } from './deploy-kit.js';
import { DATABASE_SERVICES } from './databases.js';
import { REPO_ROOT } from './test-stack.js';

// deploy/k8s as `kubectl kustomize` renders each overlay (offline, no cluster), against the rules docs/deploy.md
// states: what every Deployment must have, who may talk to whom, the bus identities, NATS durability.

const APPS = ['directory', 'agreements', 'transfers', 'meetings', 'records', 'gateway'] as const;

/** A rendered Kubernetes object, loosely typed: the checks below say what they expect. */
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

function render(overlay: DeployOverlay): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', join(REPO_ROOT, 'deploy/k8s/overlays', overlay)], {
    encoding: 'utf8',
  });
  return parseAllDocuments(text).map((doc) => doc.toJS() as K8sObject);
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind} ${name} is rendered`);
  return found;
};
/** The ConfigMap a generator made (its name gets a content hash). */
const generated = (objects: K8sObject[], name: string) => {
  const found = ofKind(objects, 'ConfigMap').find((o) =>
    new RegExp(`^${name}-[a-z0-9]{10}$`).test(o.metadata.name),
  );
  assert.ok(found, `ConfigMap ${name} is generated`);
  return found;
};
const selects = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Whether a NetworkPolicy's podSelector (matchLabels / matchExpressions with In) selects these labels. */
function policySelects(policy: K8sObject, labels: Record<string, string>): boolean {
  const selector = policy.spec.podSelector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values: string[] }[];
  };
  return (
    selects(selector.matchLabels ?? {}, labels) &&
    (selector.matchExpressions ?? []).every(
      (e) => e.operator === 'In' && e.values.includes(labels[e.key] ?? '\0'),
    )
  );
}

for (const overlay of Object.keys(DEPLOY_OVERLAYS) as DeployOverlay[]) {
  describe(`deploy/k8s/overlays/${overlay}`, () => {
    let objects: K8sObject[];
    let deployments: K8sObject[];
    before(() => {
      objects = render(overlay);
      deployments = ofKind(objects, 'Deployment');
    });

    it('has a Deployment per app, each with probes, resources and a non-root, read-only securityContext', () => {
      assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), [...APPS].sort());
      for (const d of deployments) {
        const pod = d.spec.template.spec;
        const name = d.metadata.name;
        if (overlay === 'prod') assert.ok(d.spec.replicas >= 2, `${name}: at least 2 replicas in prod`);
        assert.equal(pod.securityContext?.runAsNonRoot, true, `${name}: runAsNonRoot`);
        assert.ok(pod.securityContext?.runAsUser > 0, `${name}: a non-root uid`);
        assert.equal(pod.automountServiceAccountToken, false, `${name}: no API token`);
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          const where = `${name}/${c.name}`;
          assert.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${where}: requests`);
          assert.ok(c.resources?.limits?.memory, `${where}: a memory limit`);
          assert.equal(c.securityContext?.readOnlyRootFilesystem, true, `${where}: read-only root`);
          assert.equal(c.securityContext?.allowPrivilegeEscalation, false, `${where}: no escalation`);
          assert.deepEqual(c.securityContext?.capabilities?.drop, ['ALL'], `${where}: no capabilities`);
          assert.notEqual(c.securityContext?.runAsUser, 0, `${where}: not root`);
        }
        for (const c of pod.containers) {
          for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
            assert.ok(c[probe]?.httpGet || c[probe]?.exec, `${name}/${c.name}: ${probe}`);
          }
        }
      }
    });

    it('probes the gateway on its health endpoints and the services on their health file', () => {
      const gateway = named(objects, 'Deployment', 'gateway').spec.template.spec.containers[0];
      assert.equal(gateway.readinessProbe.httpGet.path, '/health/ready');
      assert.equal(gateway.livenessProbe.httpGet.path, '/health/live');
      const common = generated(objects, 'yiti-common').data!;
      assert.match(common['HEALTH_FILE']!, /^\/run\/yiti\//);
      for (const d of deployments.filter((x) => x.metadata.name !== 'gateway')) {
        const pod = d.spec.template.spec;
        const c = pod.containers[0];
        assert.match(c.livenessProbe.exec.command.join(' '), /HEALTH_FILE/, d.metadata.name);
        const run = pod.volumes.find((v: { name: string }) => v.name === 'run');
        assert.ok(
          run?.emptyDir && c.volumeMounts.some((m: { name: string; mountPath: string }) => m.name === 'run'),
          `${d.metadata.name}: a writable volume for the health file`,
        );
      }
    });

    it('has a PodDisruptionBudget for every Deployment and the NATS StatefulSet', () => {
      const budgets = ofKind(objects, 'PodDisruptionBudget');
      for (const w of [...deployments, named(objects, 'StatefulSet', 'nats')]) {
        const labels = w.spec.template.metadata.labels;
        assert.ok(
          budgets.some((b) => selects(b.spec.selector.matchLabels, labels)),
          `${w.metadata.name} has a PodDisruptionBudget`,
        );
      }
    });

    it('has every Service select the pods of a Deployment or StatefulSet', () => {
      const workloads = [...deployments, ...ofKind(objects, 'StatefulSet')];
      for (const service of ofKind(objects, 'Service')) {
        assert.ok(
          workloads.some((w) => selects(service.spec.selector, w.spec.template.metadata.labels)),
          `Service ${service.metadata.name} selects a workload`,
        );
      }
    });

    it('lets the apps reach only NATS, PostgreSQL, Keycloak and DNS, and only the gateway be reached', () => {
      const policies = ofKind(objects, 'NetworkPolicy');
      for (const d of deployments) {
        const labels = d.spec.template.metadata.labels;
        const mine = policies.filter((p) => policySelects(p, labels));
        assert.equal(mine.length, 1, `${d.metadata.name}: one NetworkPolicy`);
        const policy = mine[0]!;
        assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress'], d.metadata.name);
        const ports = (policy.spec.egress as { ports: { port: number }[] }[]).flatMap((r) =>
          r.ports.map((p) => p.port),
        );
        const allowed = d.metadata.name === 'gateway' ? [4222, 8443, 53] : [4222, 5432, 8443, 53];
        assert.deepEqual([...new Set(ports)].sort(), allowed.sort(), `${d.metadata.name}: egress ports`);
        for (const rule of policy.spec.egress) assert.ok(rule.to?.length > 0, 'egress names its peers');
        if (d.metadata.name === 'gateway') {
          assert.ok(policy.spec.ingress.length > 0);
          for (const rule of policy.spec.ingress) assert.ok(rule.from?.length > 0, 'ingress names its peers');
        } else {
          assert.deepEqual(policy.spec.ingress, [], `${d.metadata.name}: no ingress at all`);
        }
      }
      const ingress = named(objects, 'Ingress', 'yiti');
      assert.equal(ingress.spec.rules[0].http.paths[0].backend.service.name, 'gateway');
      assert.equal(ofKind(objects, 'Ingress').length, 1, 'only the gateway is published');
    });

    it('gives each app its own bus identity and NATS the generated permissions of every identity', () => {
      for (const d of deployments) {
        const secrets = (d.spec.template.spec.volumes as { secret?: { secretName: string } }[])
          .map((v) => v.secret?.secretName)
          .filter((s): s is string => s?.startsWith('yiti-nats-seed-') ?? false);
        assert.deepEqual(secrets, [`yiti-nats-seed-${d.metadata.name}`], d.metadata.name);
      }
      const authorization = generated(objects, 'nats-authorization').data!['authorization.conf'];
      assert.equal(authorization, readFileSync(join(REPO_ROOT, 'deploy/nats/authorization.conf'), 'utf8'));
      for (const id of BUS_IDENTITIES)
        assert.match(authorization!, new RegExp(`\\$YITI_NKEY_${id.toUpperCase()}\\b`));
      const nats = named(objects, 'StatefulSet', 'nats').spec.template.spec.containers[0];
      assert.deepEqual(nats.envFrom, [{ secretRef: { name: 'yiti-nats-nkeys' } }]);
      const common = generated(objects, 'yiti-common').data!;
      assert.match(common['NATS_URL']!, /^tls:\/\//);
      assert.ok(common['NATS_NKEY_SEED_FILE'] && common['NATS_TLS_CA_FILE']);
    });

    it('listens for county leaf nodes with TLS only, as the county-leaf identity, from county networks only', () => {
      const conf = generated(objects, 'nats-config').data!['nats.conf']!;
      const leafnodes = /^leafnodes \{([\s\S]*?)^\}/m.exec(conf)?.[1] ?? '';
      assert.match(leafnodes, /listen: "0\.0\.0\.0:7422"/);
      const tls = /tls \{([^}]*)\}/.exec(leafnodes)?.[1] ?? '';
      for (const key of ['cert_file', 'key_file', 'ca_file'])
        assert.match(tls, new RegExp(`${key}: /etc/nats/tls/`));
      assert.doesNotMatch(
        leafnodes,
        /authorization|users/,
        'the leaf logs in as a user of authorization.conf',
      );
      const authorization = generated(objects, 'nats-authorization').data!['authorization.conf']!;
      assert.match(authorization, /user: "county-leaf", password: \$YITI_LEAF_PASSWORD_HASH\b/);
      const nats = named(objects, 'StatefulSet', 'nats').spec.template.spec.containers[0];
      const hash = nats.env.find((e: { name: string }) => e.name === 'YITI_LEAF_PASSWORD_HASH');
      assert.deepEqual(hash?.valueFrom, { secretKeyRef: { name: 'yiti-nats-leaf', key: 'password-hash' } });
      const service = named(objects, 'Service', 'nats-leafnodes');
      assert.deepEqual(
        service.spec.ports.map((p: { port: number }) => p.port),
        [7422],
        'only the leafnodes port is published',
      );
      const policy = named(objects, 'NetworkPolicy', 'nats');
      const leafRules = policy.spec.ingress.filter((r: { ports: { port: number }[] }) =>
        r.ports.some((p) => p.port === 7422),
      );
      assert.equal(leafRules.length, 1);
      assert.ok(
        leafRules[0].from.every((f: { ipBlock?: { cidr: string } }) => f.ipBlock?.cidr),
        'county leaf nodes are admitted by network, not from every pod',
      );
    });

    it('runs three NATS servers of a pinned version ≥ 2.12.3 that fsync every write', () => {
      const nats = named(objects, 'StatefulSet', 'nats');
      assert.equal(nats.spec.replicas, 3);
      const [, version] =
        /^nats:(\d+\.\d+\.\d+)(-[a-z]+)?$/.exec(nats.spec.template.spec.containers[0].image) ?? [];
      assert.ok(version, 'the image names an exact version');
      const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
      assert.ok(major > 2 || (major === 2 && (minor > 12 || (minor === 12 && patch >= 3))), version);
      const conf = generated(objects, 'nats-config').data!['nats.conf']!;
      const jetstream = /^jetstream \{([^}]*)\}/m.exec(conf)?.[1] ?? '';
      assert.match(jetstream, /^\s*sync_interval: always\s*$/m);
      // County leaf nodes reach JetStream by the city's domain (the permissions allow it under that name).
      assert.match(jetstream, new RegExp(`^\\s*domain: ${CITY_JETSTREAM_DOMAIN}\\s*$`, 'm'));
      assert.match(conf, /^include \.\/authorization\.conf$/m);
      for (let i = 0; i < 3; i++)
        assert.ok(conf.includes(`nats-${i}.nats-headless:6222`), `route to nats-${i}`);
      const replicas = Number(generated(objects, 'yiti-common').data!['JETSTREAM_REPLICAS']);
      if (overlay === 'prod') assert.equal(replicas, 3, 'R3 streams in prod');
      assert.ok(replicas <= nats.spec.replicas);
    });

    it('gives each service a database and two roles in a CloudNativePG cluster, passwords from Secrets', () => {
      const cluster = named(objects, 'Cluster', 'yiti-db');
      if (overlay === 'prod') assert.equal(cluster.spec.instances, 3);
      const roles = new Map<string, { passwordSecret?: { name: string }; inRoles?: string[] }>(
        cluster.spec.managed.roles.map((r: { name: string }) => [r.name, r]),
      );
      for (const service of DATABASE_SERVICES) {
        const database = ofKind(objects, 'Database').find((d) => d.spec.name === service);
        assert.equal(database?.spec.owner, `yiti_${service}_owner`, `database ${service}`);
        assert.deepEqual(
          database.spec.schemas.map((s: { name: string; owner: string }) => [s.name, s.owner]),
          [[service, `yiti_${service}_owner`]],
        );
        const container = named(objects, 'Deployment', service).spec.template.spec.containers[0];
        const env = new Map<string, any>(container.env.map((e: { name: string }) => [e.name, e]));
        for (const [role, secret] of [
          [`yiti_${service}_owner`, `yiti-db-${service}-owner`],
          [`yiti_${service}`, `yiti-db-${service}`],
        ] as const) {
          assert.equal(roles.get(role)?.passwordSecret?.name, secret, `role ${role}`);
        }
        assert.equal(env.get('DB_PASSWORD').valueFrom.secretKeyRef.name, `yiti-db-${service}`);
        assert.equal(env.get('DB_OWNER_PASSWORD').valueFrom.secretKeyRef.name, `yiti-db-${service}-owner`);
        assert.match(
          env.get('DATABASE_URL').value,
          new RegExp(`^postgres://\\$\\(DB_USER\\):\\$\\(DB_PASSWORD\\)@[^/]+/${service}\\?`),
        );
        assert.match(
          env.get('DATABASE_MIGRATION_URL').value,
          /^postgres:\/\/\$\(DB_OWNER_USER\):\$\(DB_OWNER_PASSWORD\)@/,
        );
      }
      assert.deepEqual(roles.get('yiti_records')?.inRoles, ['records_writer']);
    });

    it('references secrets and never inlines one', () => {
      assert.deepEqual(ofKind(objects, 'Secret'), []);
      const text = JSON.stringify(objects);
      assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      assert.doesNotMatch(text, /\bSU[A-Z2-7]{56}\b/, 'no nkey seed');
      for (const d of deployments) {
        for (const c of [
          ...(d.spec.template.spec.initContainers ?? []),
          ...d.spec.template.spec.containers,
        ]) {
          for (const e of c.env ?? []) {
            if (/PASSWORD|TOKEN|HMAC|SECRET/.test(e.name))
              assert.ok(e.valueFrom?.secretKeyRef, `${d.metadata.name}: ${e.name}`);
          }
        }
      }
    });

    it('imports the realm of deploy/keycloak/realm-export.json into the operator’s Keycloak', () => {
      const committed = readFileSync(
        join(REPO_ROOT, 'deploy/k8s/overlays', overlay, 'realm-import.yaml'),
        'utf8',
      );
      assert.equal(committed, realmImport(REPO_ROOT, overlay), 'regenerate with node tools/deploy.mjs realm');
      const keycloak = named(objects, 'Keycloak', 'keycloak');
      const realmImportObject = named(objects, 'KeycloakRealmImport', 'yiti-realm');
      assert.equal(realmImportObject.spec.keycloakCRName, keycloak.metadata.name);
      const realm = realmImportObject.spec.realm;
      assert.equal(realm.realm, 'yiti');
      const portal = realm.clients.find((c: { clientId: string }) => c.clientId === 'yiti-portal');
      assert.deepEqual(portal.redirectUris, [`${DEPLOY_OVERLAYS[overlay].portal}/*`]);
      if (overlay === 'prod') {
        assert.equal(realm.users, undefined, 'no demo users in prod');
        assert.equal(portal.directAccessGrantsEnabled, false, 'no password grant in prod');
        assert.doesNotMatch(JSON.stringify(realmImportObject), /yiti-demo/);
      }
    });
  });
}
