#!/usr/bin/env node
// npm run records:audit-verify -- [--database-url postgres://…] [--hmac-key-file FILE]
// Verifies the records service's append-only, hash-chained lookup audit log (schema `records`) from the first
// entry to the head, in batches against one snapshot, and names the first broken entry. The HMAC key, when the
// service uses one, comes from RECORDS_AUDIT_HMAC_KEY (hex) or --hmac-key-file (a file holding the hex key).
// Exit code: 0 = the chain is intact, 1 = it is broken (the first broken entry is printed), 2 = it could not be
// checked (bad arguments, no database, no audit log). Reads only; any role with SELECT on the log will do.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let values;
try {
  ({ values } = parseArgs({
    options: { 'database-url': { type: 'string' }, 'hmac-key-file': { type: 'string' } },
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

const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'apps/records'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('records:audit-verify: build failed');
  process.exit(2);
}
const { verifyAuditChainAndHead } = await import(
  pathToFileURL(join(root, 'apps/records/dist/src/audit/audit-chain.js')).href
);
const { DataSource } = await import('typeorm');

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
  const { verification: result, head } = await verifyAuditChainAndHead(
    dataSource,
    keyHex ? { hmacKey: Buffer.from(keyHex, 'hex') } : {},
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(
      `records:audit-verify: OK — ${result.entries} entries intact in ${shownUrl} (${seconds} s); ` +
        `head seq ${head.seq}, hash ${head.hash}`,
    );
    process.exitCode = 0;
  } else {
    const b = result.firstBroken;
    console.log(
      `records:audit-verify: BROKEN — first broken entry: seq ${b.seq}` +
        `${b.id ? ` (id ${b.id})` : ''}: ${b.reason} (expected seq ${b.expectedSeq}); ` +
        `entries before it are intact. Head seq ${head.seq}.`,
    );
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`records:audit-verify: could not verify: ${err.message}`);
  process.exitCode = 2;
} finally {
  await dataSource.destroy();
}
