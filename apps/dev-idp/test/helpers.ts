import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultRealmFile } from '../src/realm.js';

export const PORTAL = 'yiti-portal';
export const DEMO_PASSWORD = 'yiti-demo';
export const REDIRECT_URI = 'http://localhost:4200/callback';

export const realmFile = defaultRealmFile(fileURLToPath(import.meta.url));

/** The realm export as plain JSON, for assertions on the file itself. */
export const realmJson = (): any => JSON.parse(readFileSync(realmFile, 'utf8'));

export function formBody(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}

export function tokenUrl(issuer: string): string {
  return `${issuer}/protocol/openid-connect/token`;
}

export function passwordGrant(issuer: string, username: string, password: string, scope = 'openid') {
  return fetch(
    tokenUrl(issuer),
    formBody({ grant_type: 'password', client_id: PORTAL, username, password, scope }),
  );
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Hidden and text inputs of an HTML form, by name (values unescaped for the entities the page emits). */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*\bname="([^"]*)"[^>]*\bvalue="([^"]*)"/g)) {
    fields[m[1]!] = m[2]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  }
  return fields;
}

export function formAction(html: string): string {
  const m = /<form[^>]*\baction="([^"]*)"/.exec(html);
  if (!m) throw new Error('no form in page');
  return m[1]!;
}
