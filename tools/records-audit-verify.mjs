#!/usr/bin/env node
// npm run records:audit-verify -- [--database-url postgres://…] [--hmac-key-file FILE]
//   [--public-key FILE]… [--nats-url nats://…] [--stream NAME] [--subject-prefix P.]
//   [--checkpoints-file FILE | --no-checkpoints] [--export-checkpoints FILE] [--trusted-issuer URL]…
// Verifies the records service's append-only, hash-chained lookup audit log (schema `records`) from the first
// entry to the head, in batches against one snapshot, AND against the service's signed checkpoints (docs/security.md,
// "Audit checkpoints"): read from the JetStream stream (AUDIT_CHECKPOINT_STREAM, default YITI_AUDIT, on NATS_URL,
// subject prefix NATS_SUBJECT_PREFIX), or from a file the auditor keeps (--checkpoints-file; --export-checkpoints
// writes the stream's checkpoints to one), connected as the `auditor` bus identity (NATS_NKEY_SEED_FILE,
// NATS_TLS_CA_FILE). Checkpoint signatures are checked with the public keys given
// (--public-key, repeatable: keep the old ones after a rotation; default .data/records-audit-signing-key.pub).
// Names the first broken entry or checkpoint. The HMAC key, when the service uses one, comes from
// RECORDS_AUDIT_HMAC_KEY (hex) or --hmac-key-file (a file holding the hex key).
// Exit code: 0 = the chain is intact, 1 = it is broken (the first broken entry or checkpoint is printed), 2 = it
// could not be checked (bad arguments, no database, no audit log, no stream or key). Reads only.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let values;
try {
  ({ values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'hmac-key-file': { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      'nats-url': { type: 'string' },
      stream: { type: 'string' },
      'subject-prefix': { type: 'string' },
      'checkpoints-file': { type: 'string' },
      'no-checkpoints': { type: 'boolean' },
      'export-checkpoints': { type: 'string' },
      'trusted-issuer': { type: 'string', multiple: true },
    },
  }));
} catch (err) {
  console.error(`records:audit-verify: ${err.message}`);
  process.exit(2);
}
const url = values['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/yiti';
const shownUrl = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
let keyHex = process.env.RECORDS_AUDIT_HMAC_KEY ?? '';
if (values['hmac-key-file']) {
  try {
    keyHex = readFileSync(values['hmac-key-file'], 'utf8').trim();
  } catch (err) {
    console.error(`records:audit-verify: cannot read the key file: ${err.message}`);
    process.exit(2);
  }
}
if (keyHex && !/^([0-9a-fA-F]{2}){32,}$/.test(keyHex)) {
  console.error('records:audit-verify: the HMAC key must be 64+ hex characters');
  process.exit(2);
}

const fail = (message) => {
  console.error(`records:audit-verify: ${message}`);
  process.exit(2);
};
const useCheckpoints = !values['no-checkpoints'];
const publicKeyFiles =
  values['public-key'] ??
  (existsSync(join(root, '.data/records-audit-signing-key.pem.pub'))
    ? [join(root, '.data/records-audit-signing-key.pem.pub')]
    : []);
if (useCheckpoints && publicKeyFiles.length === 0) {
  fail('no public key to check the checkpoints with (--public-key FILE, or --no-checkpoints)');
}

const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'apps/records'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('records:audit-verify: build failed');
  process.exit(2);
}
const audit = async (file) => import(pathToFileURL(join(root, 'apps/records/dist/src/audit', file)).href);
const { verifyAuditChainAndHead } = await audit('audit-chain.js');
const { checkCheckpoints, checkpointsFromLines, checkpointsToLines } = await audit('audit-checkpoint.js');
const { readCheckpoints } = await audit('audit-checkpoint-stream.js');
const { DataSource } = await import('typeorm');
const { createPublicKey } = await import('node:crypto');

let anchors;
let checkpointsRead = 0;
if (useCheckpoints) {
  let publicKeys;
  try {
    publicKeys = publicKeyFiles.map((f) => createPublicKey(readFileSync(f, 'utf8')));
  } catch (err) {
    fail(`cannot read a public key: ${err.message}`);
  }
  let checkpoints;
  if (values['checkpoints-file']) {
    try {
      checkpoints = checkpointsFromLines(readFileSync(values['checkpoints-file'], 'utf8'));
    } catch (err) {
      fail(`cannot read the checkpoints file: ${err.message}`);
    }
  } else {
    const { connect } = await import('@nats-io/transport-node');
    const { natsConnectionOptions } = await import('@yiti/messaging');
    const natsUrl = values['nats-url'] ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
    const stream = values.stream ?? process.env.AUDIT_CHECKPOINT_STREAM ?? 'YITI_AUDIT';
    const subjectPrefix = values['subject-prefix'] ?? process.env.NATS_SUBJECT_PREFIX ?? '';
    let nc;
    try {
      // As the `auditor` bus identity (NATS_NKEY_SEED_FILE, NATS_TLS_CA_FILE), which may read this stream.
      nc = await connect(
        natsConnectionOptions(
          {
            NATS_URL: natsUrl,
            // npm start's auditor key when none is given.
            NATS_NKEY_SEED_FILE:
              process.env.NATS_NKEY_SEED_FILE ??
              (existsSync(join(root, '.data/nats-credentials/auditor.nk'))
                ? join(root, '.data/nats-credentials/auditor.nk')
                : undefined),
            NATS_TLS_CA_FILE: process.env.NATS_TLS_CA_FILE,
          },
          'auditor',
          'records-audit-verify',
        ),
      );
      checkpoints = await readCheckpoints(nc, { stream, subjectPrefix });
    } catch (err) {
      fail(`cannot read the checkpoints of stream ${stream} on ${natsUrl}: ${err.message}`);
    } finally {
      await nc?.close().catch(() => undefined);
    }
    if (values['export-checkpoints'])
      writeFileSync(values['export-checkpoints'], checkpointsToLines(checkpoints));
  }
  checkpointsRead = checkpoints.length;
  const checked = checkCheckpoints(checkpoints, publicKeys);
  if (!checked.ok) {
    const b = checked.broken;
    console.log(
      `records:audit-verify: BROKEN — first broken checkpoint: number ${b.number}` +
        `${b.seq === null ? '' : ` (seq ${b.seq})`}: ${b.reason} (${b.detail}).`,
    );
    process.exit(1);
  }
  anchors = checked.anchors;
}
const issuers = values['trusted-issuer'] ? new Set(values['trusted-issuer']) : undefined;

const dataSource = new DataSource({
  type: 'postgres',
  url,
  applicationName: 'records-audit-verify',
  poolSize: 1,
});
try {
  await dataSource.initialize();
} catch (err) {
  console.error(`records:audit-verify: cannot connect to ${shownUrl}: ${err.message}`);
  process.exit(2);
}
try {
  const started = performance.now();
  const { verification: result, head } = await verifyAuditChainAndHead(dataSource, {
    ...(keyHex ? { hmacKey: Buffer.from(keyHex, 'hex') } : {}),
    ...(anchors ? { anchors } : {}),
    ...(issuers ? { issuers } : {}),
  });
  const anchored = anchors
    ? anchors.length > 0
      ? `; ${checkpointsRead} signed checkpoints, the last at seq ${anchors[anchors.length - 1].seq}`
      : '; no checkpoints yet'
    : '; checkpoints not checked';
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(
      `records:audit-verify: OK — ${result.entries} entries intact in ${shownUrl} (${seconds} s); ` +
        `head seq ${head.seq}, hash ${head.hash}${anchored}`,
    );
    process.exitCode = 0;
  } else {
    const b = result.firstBroken;
    console.log(
      `records:audit-verify: BROKEN — first broken entry: seq ${b.seq}` +
        `${b.id ? ` (id ${b.id})` : ''}: ${b.reason} (expected seq ${b.expectedSeq})` +
        `${b.checkpoint === undefined ? '' : `, revealed by checkpoint number ${b.checkpoint}`}` +
        `${b.detail ? ` — ${b.detail}` : ''}; ` +
        (b.intactThrough === undefined
          ? 'entries before it are intact'
          : `rewritten somewhere in seq ${b.intactThrough + 1}–${b.seq}, intact through seq ${b.intactThrough}`) +
        `. Head seq ${head.seq}.`,
    );
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`records:audit-verify: could not verify: ${err.message}`);
  process.exitCode = 2;
} finally {
  await dataSource.destroy();
}
