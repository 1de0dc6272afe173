import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  calculateJwkThumbprint,
  compactVerify,
  exportPKCS8,
  importJWK,
  importPKCS8,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

const ALG = 'RS256';

/** The realm's RSA-2048 signing key, generated at startup; every token (access, refresh, ID) is signed with it. */
export class RealmKeys {
  private constructor(
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly spki: string,
  ) {}

  static async generate(): Promise<RealmKeys> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    return RealmKeys.from(privateKey, publicKey);
  }

  /**
   * The key in a PKCS#8 PEM file, created there first if missing — so tokens survive a restart of
   * `npm start`, and tests that give the file can sign tokens the stack trusts. The kid is the key's
   * RFC 7638 thumbprint.
   */
  static async fromFile(path: string): Promise<RealmKeys> {
    if (!existsSync(path)) {
      const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, await exportPKCS8(privateKey), { mode: 0o600 });
    }
    const privateKey = await importPKCS8(readFileSync(path, 'utf8'), ALG, { extractable: true });
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = await exportJWK(privateKey);
    const publicKey = (await importJWK({ ...publicJwk, alg: ALG }, ALG, { extractable: true })) as CryptoKey;
    return RealmKeys.from(privateKey, publicKey);
  }

  private static async from(privateKey: CryptoKey, publicKey: CryptoKey): Promise<RealmKeys> {
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n!, e: jwk.e! });
    const pem = await exportSPKI(publicKey);
    const spki = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
    return new RealmKeys(
      kid,
      privateKey,
      publicKey,
      { kty: jwk.kty, kid, use: 'sig', alg: ALG, n: jwk.n, e: jwk.e },
      spki,
    );
  }

  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.publicJwk }] };
  }

  /** The public key as Keycloak's realm endpoint shows it (base64 SPKI without PEM armour). */
  publicKeyBase64(): string {
    return this.spki;
  }

  sign(payload: JWTPayload): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: ALG, typ: 'JWT', kid: this.kid })
      .sign(this.privateKey);
  }

  /**
   * Checks the signature, issuer and Keycloak token type (`typ` claim); checks expiry unless told not to
   * (an expired ID token is still a valid logout hint). Returns undefined for anything else.
   */
  async verify(
    token: string,
    expect: { issuer: string; typ: 'Bearer' | 'Refresh' | 'ID'; allowExpired?: boolean; nowSeconds: number },
  ): Promise<JWTPayload | undefined> {
    if (typeof token !== 'string' || token.length > 16_384) return undefined;
    try {
      const { payload, protectedHeader } = await compactVerify(token, this.publicKey, { algorithms: [ALG] });
      if (protectedHeader.kid !== this.kid) return undefined;
      const claims = JSON.parse(new TextDecoder().decode(payload)) as unknown;
      if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
      const c = claims as JWTPayload & { typ?: unknown };
      if (c.iss !== expect.issuer || c.typ !== expect.typ) return undefined;
      if (typeof c.exp !== 'number') return undefined;
      if (!expect.allowExpired && c.exp <= expect.nowSeconds) return undefined;
      return c;
    } catch {
      return undefined;
    }
  }
}
