import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import {
  BUS_IDENTITIES,
  busPermissions,
  CITY_JETSTREAM_DOMAIN,
  COUNTY_LEAF,
  leafPermissions,
  type BusIdentity,
  type BusLayout,
  type BusPermissions,
} from '@yiti/contracts';

/** One identity's credentials on disk: the seed file a process is given, and the public key the server knows. */
export interface BusCredential {
  seedFile: string;
  publicKey: string;
}
export type BusCredentials = Record<BusIdentity, BusCredential>;

/**
 * The development and test credentials: one nkey per identity, generated on first use into `dir` (mode 0600,
 * under the git-ignored data folder) and reused afterwards. Production keys are made and kept by the operator
 * (docs/security.md); none is ever committed.
 */
export function ensureBusCredentials(dir: string): BusCredentials {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const entries = BUS_IDENTITIES.map((identity): [BusIdentity, BusCredential] => {
    const seedFile = path.join(dir, `${identity}.nk`);
    if (!existsSync(seedFile)) {
      const user = nkeys.createUser();
      writeFileSync(seedFile, `${new TextDecoder().decode(user.getSeed())}\n`, { mode: 0o600 });
    }
    const seed = readFileSync(seedFile, 'utf8').trim();
    const publicKey = nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey();
    return [identity, { seedFile, publicKey }];
  });
  return Object.fromEntries(entries) as BusCredentials;
}

/**
 * The `authorization` block of a nats-server configuration: every identity of BUS_RULES as an nkey user with
 * its permissions, and nobody else (no anonymous user). `nkeyOf` gives each identity's public key, or a
 * `$VARIABLE` reference that nats-server resolves from its environment (the production file).
 */
export function renderAuthorization(
  nkeyOf: (identity: BusIdentity) => string,
  layout: BusLayout,
  /** The county leaf nodes' password (or a `$VARIABLE` holding its bcrypt hash); no leaf user when omitted. */
  leafPassword?: string,
): string {
  const value = (v: string) => (v.startsWith('$') ? v : JSON.stringify(v));
  const rendered = (p: BusPermissions) => JSON.stringify(p, null, 2).replace(/\n/g, '\n    ');
  const users = BUS_IDENTITIES.map((identity) => {
    const permissions = rendered(busPermissions(identity, layout));
    return `  # ${identity}\n  { nkey: ${value(nkeyOf(identity))}\n    permissions: ${permissions}\n  }`;
  });
  if (leafPassword !== undefined) {
    users.push(
      `  # ${COUNTY_LEAF.user}: the county leaf nodes' connection, all that may cross a county link\n` +
        `  { user: ${JSON.stringify(COUNTY_LEAF.user)}, password: ${value(leafPassword)}\n` +
        `    permissions: ${rendered(leafPermissions(layout))}\n  }`,
    );
  }
  return `authorization {\n users: [\n${users.join('\n')}\n ]\n}\n`;
}

export interface NatsTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it, made with openssl (tests and
 * a local TLS trial; production certificates come from the operator's CA).
 */
export function makeTestTlsFiles(dir: string): NatsTlsFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (name: string) => path.join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Yiti test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  ]);
  run([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  ]);
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run([
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f('server.ext'),
    '-out',
    f('server.pem'),
  ]);
  return { caFile: f('ca.pem'), certFile: f('server.pem'), keyFile: f('server.key') };
}

export interface SecuredNatsConfig {
  port: number;
  storeDir: string;
  layout: BusLayout;
  credentials: BusCredentials;
  tls?: NatsTlsFiles;
  /** One node of a loopback JetStream cluster: its own name, its route port and every node's route port. */
  cluster?: NatsClusterNode;
  /** Tags of the server, for JetStream placement (`server_tags`). */
  serverTags?: string[];
  /** A leafnodes listener for county leaf nodes (host:port) and the password of their identity (COUNTY_LEAF). */
  leafnodes?: { listen: string; password: string };
}

export interface NatsClusterNode {
  /** The cluster's name, the same on every node. */
  name: string;
  /** This node's server name (unique in the cluster: JetStream's Raft groups are keyed by it). */
  serverName: string;
  /** The port this node listens on for routes (127.0.0.1). */
  routePort: number;
  /** Every node's route port, this one's included (nats-server ignores a route to itself). */
  routePorts: number[];
}

/** A whole nats-server configuration for the dev stack and the tests: loopback, JetStream, our users, TLS if given. */
export function renderSecuredNatsConfig(config: SecuredNatsConfig): string {
  const tls = config.tls
    ? `tls {\n  cert_file: ${JSON.stringify(config.tls.certFile)}\n  key_file: ${JSON.stringify(config.tls.keyFile)}\n  timeout: 2\n}\n`
    : '';
  return [
    `# Generated by the Yiti dev stack (libs/devstack/src/nats-auth.ts); regenerated at every start.`,
    `listen: "127.0.0.1:${config.port}"`,
    // The INFO a client receives names no host; a ping through the bus only reaches a service we authorised.
    `server_name: ${JSON.stringify(config.cluster?.serverName ?? 'yiti-dev')}`,
    config.serverTags?.length ? `server_tags: ${JSON.stringify(config.serverTags)}` : '',
    `jetstream { store_dir: ${JSON.stringify(config.storeDir)}${
      config.layout.jetstreamDomain ? `, domain: ${JSON.stringify(config.layout.jetstreamDomain)}` : ''
    } }`,
    tls,
    config.cluster ? renderCluster(config.cluster) : '',
    config.leafnodes ? `leafnodes { listen: ${JSON.stringify(config.leafnodes.listen)} }\n` : '',
    renderAuthorization(
      (identity) => config.credentials[identity].publicKey,
      config.layout,
      config.leafnodes?.password,
    ),
  ].join('\n');
}

/** The `cluster` block of one loopback node: routes to every other node, reconnecting to them after a crash. */
function renderCluster(node: NatsClusterNode): string {
  const routes = node.routePorts.map((port) => `    "nats-route://127.0.0.1:${port}"`).join('\n');
  return [
    'cluster {',
    `  name: ${JSON.stringify(node.name)}`,
    `  listen: "127.0.0.1:${node.routePort}"`,
    `  routes: [\n${routes}\n  ]`,
    '}',
    '',
  ].join('\n');
}

/** The stream names and subject prefix of a production deployment (the configuration defaults). */
export const PRODUCTION_BUS_LAYOUT: BusLayout = {
  subjectPrefix: '',
  eventsStream: 'YITI_EVENTS',
  auditStream: 'YITI_AUDIT',
  jetstreamDomain: CITY_JETSTREAM_DOMAIN,
};

/** deploy/nats/authorization.conf: every identity's permissions, its public nkey taken from the environment. */
export function productionAuthorization(): string {
  return (
    '# Generated by `node tools/nats.mjs authorization` from BUS_RULES (libs/contracts/src/bus-identities.ts):\n' +
    '# do not edit by hand. Each public nkey comes from the environment (YITI_NKEY_<IDENTITY>); the seeds stay\n' +
    '# with the processes they identify (NATS_NKEY_SEED_FILE).\n' +
    '# The county leaf nodes log in as COUNTY_LEAF.user; YITI_LEAF_PASSWORD_HASH is the bcrypt hash of their\n' +
    '# password (`nats server passwd`), the password itself stays with the county leaf nodes.\n' +
    renderAuthorization(
      (identity) => `$YITI_NKEY_${identity.toUpperCase()}`,
      PRODUCTION_BUS_LAYOUT,
      '$YITI_LEAF_PASSWORD_HASH',
    )
  );
}
