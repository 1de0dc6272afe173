import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a Keycloak realm export the development identity provider understands. */
export interface ProtocolMapper {
  readonly name: string;
  readonly protocolMapper: string;
  readonly config: Readonly<Record<string, string>>;
}

export interface RealmClient {
  readonly clientId: string;
  readonly enabled: boolean;
  readonly publicClient: boolean;
  readonly bearerOnly: boolean;
  readonly secret?: string;
  readonly standardFlowEnabled: boolean;
  readonly directAccessGrantsEnabled: boolean;
  readonly redirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  /** Client attribute `pkce.code.challenge.method`; when set, authorization requests must carry a challenge. */
  readonly pkceMethod?: string;
  /** Client attribute `post.logout.redirect.uris` ("+" = the redirect URIs; otherwise "##"-separated). */
  readonly postLogoutRedirectUris: readonly string[];
  readonly protocolMappers: readonly ProtocolMapper[];
}

export interface RealmUser {
  readonly id: string;
  readonly username: string;
  readonly enabled: boolean;
  readonly email?: string;
  readonly emailVerified: boolean;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** The plain-text `password` credential of the import file; users without one cannot log in here. */
  readonly password?: string;
  readonly realmRoles: readonly string[];
}

export interface BruteForcePolicy {
  readonly enabled: boolean;
  readonly permanentLockout: boolean;
  readonly failureFactor: number;
  readonly waitIncrementSeconds: number;
  readonly maxFailureWaitSeconds: number;
  readonly maxDeltaTimeSeconds: number;
}

export interface Realm {
  readonly name: string;
  readonly displayName: string;
  readonly enabled: boolean;
  readonly accessTokenLifespan: number;
  readonly accessCodeLifespan: number;
  readonly ssoSessionIdleTimeout: number;
  readonly ssoSessionMaxLifespan: number;
  readonly loginWithEmailAllowed: boolean;
  readonly bruteForce: BruteForcePolicy;
  readonly clients: ReadonlyMap<string, RealmClient>;
  readonly users: readonly RealmUser[];
}

export class RealmFileError extends Error {
  override name = 'RealmFileError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Json, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new RealmFileError(`${where}.${key} must be a string`);
  return v;
}

function bool(obj: Json, key: string, fallback: boolean, where: string): boolean {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new RealmFileError(`${where}.${key} must be a boolean`);
  return v;
}

function int(obj: Json, key: string, fallback: number, where: string): number {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new RealmFileError(`${where}.${key} must be a non-negative integer`);
  }
  return v;
}

function strings(obj: Json, key: string, where: string): string[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
    throw new RealmFileError(`${where}.${key} must be an array of strings`);
  }
  return v as string[];
}

function stringMap(obj: Json, key: string, where: string): Record<string, string> {
  const v = obj[key];
  if (v === undefined || v === null) return {};
  if (!isObject(v) || Object.values(v).some((s) => typeof s !== 'string')) {
    throw new RealmFileError(`${where}.${key} must be an object of strings`);
  }
  return v as Record<string, string>;
}

function parseClient(raw: unknown, index: number): RealmClient {
  const where = `clients[${index}]`;
  if (!isObject(raw)) throw new RealmFileError(`${where} must be an object`);
  const clientId = str(raw, 'clientId', where);
  if (!clientId) throw new RealmFileError(`${where}.clientId is required`);
  const attributes = stringMap(raw, 'attributes', where);
  const redirectUris = strings(raw, 'redirectUris', where);
  const postLogout = attributes['post.logout.redirect.uris'];
  const mappersRaw = raw['protocolMappers'] ?? [];
  if (!Array.isArray(mappersRaw)) throw new RealmFileError(`${where}.protocolMappers must be an array`);
  const protocolMappers = mappersRaw.map((m, i): ProtocolMapper => {
    const at = `${where}.protocolMappers[${i}]`;
    if (!isObject(m)) throw new RealmFileError(`${at} must be an object`);
    return {
      name: str(m, 'name', at) ?? `mapper-${i}`,
      protocolMapper: str(m, 'protocolMapper', at) ?? '',
      config: stringMap(m, 'config', at),
    };
  });
  const secret = str(raw, 'secret', where);
  const pkceMethod = attributes['pkce.code.challenge.method'] || undefined;
  return {
    clientId,
    enabled: bool(raw, 'enabled', true, where),
    publicClient: bool(raw, 'publicClient', false, where),
    bearerOnly: bool(raw, 'bearerOnly', false, where),
    standardFlowEnabled: bool(raw, 'standardFlowEnabled', true, where),
    directAccessGrantsEnabled: bool(raw, 'directAccessGrantsEnabled', false, where),
    redirectUris,
    webOrigins: strings(raw, 'webOrigins', where),
    postLogoutRedirectUris:
      postLogout === '+' ? redirectUris : (postLogout ?? '').split('##').filter((s) => s.length > 0),
    protocolMappers,
    ...(secret ? { secret } : {}),
    ...(pkceMethod ? { pkceMethod } : {}),
  };
}

function parseUser(raw: unknown, index: number): RealmUser {
  const where = `users[${index}]`;
  if (!isObject(raw)) throw new RealmFileError(`${where} must be an object`);
  const username = str(raw, 'username', where);
  if (!username) throw new RealmFileError(`${where}.username is required`);
  const id = str(raw, 'id', where);
  if (!id) throw new RealmFileError(`${where}.id is required (a fixed id keeps token subjects stable)`);
  const attrsRaw = raw['attributes'] ?? {};
  if (!isObject(attrsRaw)) throw new RealmFileError(`${where}.attributes must be an object`);
  const attributes: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(attrsRaw)) {
    const values = Array.isArray(v) ? v : [v];
    if (values.some((s) => typeof s !== 'string')) {
      throw new RealmFileError(`${where}.attributes.${k} must be strings`);
    }
    attributes[k] = values as string[];
  }
  const credentials = raw['credentials'] ?? [];
  if (!Array.isArray(credentials)) throw new RealmFileError(`${where}.credentials must be an array`);
  const passwordCredential = credentials.find(
    (c): c is Json => isObject(c) && c['type'] === 'password' && typeof c['value'] === 'string',
  );
  const email = str(raw, 'email', where);
  const firstName = str(raw, 'firstName', where);
  const lastName = str(raw, 'lastName', where);
  return {
    id,
    username: username.toLowerCase(),
    enabled: bool(raw, 'enabled', false, where),
    emailVerified: bool(raw, 'emailVerified', false, where),
    attributes,
    realmRoles: strings(raw, 'realmRoles', where),
    ...(email ? { email: email.toLowerCase() } : {}),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(passwordCredential ? { password: passwordCredential['value'] as string } : {}),
  };
}

/** Validates a parsed realm export; throws `RealmFileError` naming the first problem. */
export function parseRealm(raw: unknown): Realm {
  if (!isObject(raw)) throw new RealmFileError('the realm file must hold a JSON object');
  const name = str(raw, 'realm', 'realm');
  if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) throw new RealmFileError('realm.realm must be a realm name');
  const clientsRaw = raw['clients'] ?? [];
  const usersRaw = raw['users'] ?? [];
  if (!Array.isArray(clientsRaw)) throw new RealmFileError('realm.clients must be an array');
  if (!Array.isArray(usersRaw)) throw new RealmFileError('realm.users must be an array');
  const clients = new Map(clientsRaw.map((c, i) => parseClient(c, i)).map((c) => [c.clientId, c] as const));
  const users = usersRaw.map((u, i) => parseUser(u, i));
  return {
    name,
    displayName: str(raw, 'displayName', 'realm') ?? name,
    enabled: bool(raw, 'enabled', false, 'realm'),
    accessTokenLifespan: int(raw, 'accessTokenLifespan', 300, 'realm'),
    accessCodeLifespan: int(raw, 'accessCodeLifespan', 60, 'realm'),
    ssoSessionIdleTimeout: int(raw, 'ssoSessionIdleTimeout', 1800, 'realm'),
    ssoSessionMaxLifespan: int(raw, 'ssoSessionMaxLifespan', 36000, 'realm'),
    loginWithEmailAllowed: bool(raw, 'loginWithEmailAllowed', true, 'realm'),
    bruteForce: {
      enabled: bool(raw, 'bruteForceProtected', false, 'realm'),
      permanentLockout: bool(raw, 'permanentLockout', false, 'realm'),
      failureFactor: Math.max(1, int(raw, 'failureFactor', 30, 'realm')),
      waitIncrementSeconds: int(raw, 'waitIncrementSeconds', 60, 'realm'),
      maxFailureWaitSeconds: int(raw, 'maxFailureWaitSeconds', 900, 'realm'),
      maxDeltaTimeSeconds: int(raw, 'maxDeltaTimeSeconds', 43200, 'realm'),
    },
    clients,
    users,
  };
}

export async function loadRealm(file: string): Promise<Realm> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new RealmFileError(`cannot read realm file ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RealmFileError(`realm file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseRealm(raw);
}

const REALM_FILE = join('deploy', 'keycloak', 'realm-export.json');

/** `deploy/keycloak/realm-export.json` of the repository this module lives in (found by walking up). */
export function defaultRealmFile(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, REALM_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return resolve(REALM_FILE);
    dir = parent;
  }
}

/** Looks a user up by username or (when the realm allows it) e-mail, case-insensitively like Keycloak. */
export function findUser(realm: Realm, login: string): RealmUser | undefined {
  const key = login.trim().toLowerCase();
  if (!key) return undefined;
  return (
    realm.users.find((u) => u.username === key) ??
    (realm.loginWithEmailAllowed && key.includes('@') ? realm.users.find((u) => u.email === key) : undefined)
  );
}

export function findUserById(realm: Realm, id: string): RealmUser | undefined {
  return realm.users.find((u) => u.id === id);
}

/**
 * Keycloak's redirect URI rule: exact match, or prefix match for a pattern ending in `*`. The candidate must
 * be an absolute http(s) URL without credentials or fragment, so `http://localhost:*` cannot be stretched to
 * `http://localhost:x@attacker.example/`.
 */
export function matchesRedirectPattern(patterns: readonly string[], candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password || url.hash || candidate.includes('#')) return false;
  const normalized = url.href;
  return patterns.some((p) => {
    if (p.endsWith('*')) {
      const prefix = p.slice(0, -1);
      return candidate.startsWith(prefix) && normalized.startsWith(prefix);
    }
    return candidate === p || normalized === p;
  });
}

/** Whether `origin` may call the realm's endpoints from a browser, per the client's `webOrigins`. */
export function originAllowed(client: RealmClient, origin: string): boolean {
  for (const entry of client.webOrigins) {
    if (entry === '*') return true;
    if (entry === '+') {
      const fromRedirects = client.redirectUris.some((p) => {
        if (p.endsWith('*'))
          return (origin + '/').startsWith(p.slice(0, -1)) && /^https?:\/\/[^/]+$/.test(origin);
        try {
          return new URL(p).origin === origin;
        } catch {
          return false;
        }
      });
      if (fromRedirects) return true;
    } else if (entry === origin) {
      return true;
    }
  }
  return false;
}
