import { createHash } from 'node:crypto';

/** RFC 7636: a verifier or S256 challenge is 43–128 characters of the unreserved set. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export function isPkceValue(value: string | undefined): value is string {
  return value !== undefined && PKCE_VALUE.test(value);
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
