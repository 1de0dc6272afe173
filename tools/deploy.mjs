#!/usr/bin/env node
// The deployment kit (docs/deploy.md):
//   node tools/deploy.mjs realm   rewrites deploy/k8s/overlays/*/realm-import.yaml from deploy/keycloak/realm-export.json
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, root } from './prepare.mjs';

prepare();
const { DEPLOY_OVERLAYS, realmImport } = await import('@yiti/devstack');
const [command] = process.argv.slice(2);
if (command === 'realm') {
  for (const overlay of Object.keys(DEPLOY_OVERLAYS)) {
    const file = join(root, 'deploy/k8s/overlays', overlay, 'realm-import.yaml');
    writeFileSync(file, realmImport(root, overlay));
    console.log(`wrote ${file}`);
  }
} else {
  console.error('usage: node tools/deploy.mjs realm');
  process.exit(2);
}
