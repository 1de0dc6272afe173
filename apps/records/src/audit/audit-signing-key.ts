import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { auditKeyId } from './audit-checkpoint.js';

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** Where the public half is written beside a generated key, for verifiers: `<file>.pub` (SPKI PEM). */
export const publicKeyFile = (keyFile: string): string => `${keyFile}.pub`;

/**
 * The records service's Ed25519 checkpoint key: PKCS#8 PEM in `file` (RECORDS_AUDIT_SIGNING_KEY_FILE). When the
 * file is missing and `generate` is set (development and tests only), a new key is written there, mode 0600,
 * created atomically (two processes starting together end up with the same key), and its public key beside it.
 * A key file that others may read is refused: whoever reads it can sign checkpoints.
 */
export function loadAuditSigningKey(file: string, generate: boolean): AuditSigningKey {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    if (!generate || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    pem = generateInto(file);
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file}: the audit signing key must be readable by its owner only (chmod 600)`);
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: auditKeyId(publicKey) };
}

function generateInto(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, pem, { mode: 0o600 });
  try {
    linkSync(tmp, file); // fails if another process was first: then its key is the one
    writeFileSync(publicKeyFile(file), publicKey.export({ type: 'spki', format: 'pem' }) as string);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, 'utf8');
}
