#!/usr/bin/env node
// NATS identities for operators (docs/security.md):
//   node tools/nats.mjs authorization   rewrites deploy/nats/authorization.conf from BUS_RULES (libs/contracts)
//   node tools/nats.mjs keys <folder>   makes one nkey per identity in <folder> (mode 0600, keep it secret) and
//                                       prints the YITI_NKEY_<IDENTITY>=U... lines the server's environment needs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, root } from './prepare.mjs';

prepare();
const { ensureBusCredentials, productionAuthorization } = await import('@yiti/devstack');
const [command, folder] = process.argv.slice(2);
if (command === 'authorization') {
  const file = join(root, 'deploy/nats/authorization.conf');
  writeFileSync(file, productionAuthorization());
  console.log(`wrote ${file}`);
} else if (command === 'keys' && folder) {
  const credentials = ensureBusCredentials(folder);
  for (const [identity, { seedFile, publicKey }] of Object.entries(credentials)) {
    console.log(`YITI_NKEY_${identity.toUpperCase()}=${publicKey}   # seed: ${seedFile}`);
  }
} else {
  console.error('usage: node tools/nats.mjs authorization | keys <folder>');
  process.exit(2);
}
