import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAuthorizeGet, handleAuthorizePost } from './authorize.js';
import { BruteForceGuard } from './brute-force.js';
import type { DevIdpContext, DevIdpLogger } from './context.js';
import { OAuthError, parseParams, sendError, sendJson } from './http-util.js';
import {
  handleCerts,
  handleDiscovery,
  handleLogout,
  handleRealmInfo,
  handleUserinfo,
} from './oidc-endpoints.js';
import { defaultRealmFile, loadRealm, originAllowed, RealmFileError } from './realm.js';
import { SessionStore } from './sessions.js';
import { RealmKeys } from './signing.js';
import { handleToken } from './token-endpoint.js';

export type { DevIdpLogger } from './context.js';

export interface StartDevIdpOptions {
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Port; 0 picks a free one. Default 8080 (Keycloak's). */
  readonly port?: number;
  /** Base URL clients reach the provider at (the issuer is `<publicUrl>/realms/<realm>`); default the listen URL. */
  readonly publicUrl?: string;
  /** A Keycloak realm export; default `deploy/keycloak/realm-export.json` of this repository. */
  readonly realmFile?: string;
  /** PKCS#8 PEM signing key, created if missing; default: a fresh key in memory. */
  readonly signingKeyFile?: string;
  /** Default: silent. */
  readonly logger?: DevIdpLogger;
}

export interface RunningDevIdp {
  /** Base URL, e.g. http://127.0.0.1:8080 (what `KEYCLOAK_URL` should be set to). */
  readonly url: string;
  /** `<url>/realms/<realm>`. */
  readonly issuer: string;
  readonly realm: string;
  close(): Promise<void>;
}

const SILENT: DevIdpLogger = { event: () => undefined };

function applyCors(ctx: DevIdpContext, req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('Vary', 'Origin');
  const allowed = [...ctx.realm.clients.values()].some((c) => c.enabled && originAllowed(c, origin));
  if (!allowed) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Max-Age', '3600');
  }
}

const notFound = (res: ServerResponse): void =>
  sendJson(res, 404, { error: 'not_found', error_description: 'Resource not found' });

async function route(ctx: DevIdpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const method = req.method ?? 'GET';
  applyCors(ctx, req, res);
  if (method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  const allow = (...methods: string[]): boolean => {
    if (methods.includes(method)) return true;
    sendJson(
      res,
      405,
      { error: 'invalid_request', error_description: 'Method not allowed' },
      { Allow: methods.join(', ') },
    );
    return false;
  };
  if (path === '/health/ready' || path === '/health/live') {
    if (allow('GET', 'HEAD')) sendJson(res, 200, { status: 'UP', checks: [] });
    return;
  }
  const match = /^\/realms\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) return notFound(res);
  if (match[1] !== ctx.realm.name) {
    return sendJson(res, 404, { error: 'Realm does not exist', error_description: 'Realm does not exist' });
  }
  const query = () => parseParams(q < 0 ? '' : raw.slice(q + 1));
  switch (match[2] ?? '') {
    case '':
    case '/':
      if (allow('GET')) handleRealmInfo(ctx, res);
      return;
    case '/.well-known/openid-configuration':
      if (allow('GET')) handleDiscovery(ctx, res);
      return;
    case '/protocol/openid-connect/certs':
      if (allow('GET')) handleCerts(ctx, res);
      return;
    case '/protocol/openid-connect/token':
      if (allow('POST')) await handleToken(ctx, req, res);
      return;
    case '/protocol/openid-connect/auth':
      if (!allow('GET', 'POST')) return;
      if (method === 'GET') return handleAuthorizeGet(ctx, query(), res);
      return handleAuthorizePost(ctx, req, res);
    case '/protocol/openid-connect/userinfo':
      if (allow('GET', 'POST')) await handleUserinfo(ctx, req, res);
      return;
    case '/protocol/openid-connect/logout':
      if (allow('GET', 'POST')) await handleLogout(ctx, req, res, query());
      return;
    default:
      return notFound(res);
  }
}

async function handle(ctx: DevIdpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  res.on('finish', () =>
    ctx.logger.event('debug', 'request', {
      method: req.method,
      path: (req.url ?? '/').split('?')[0],
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    }),
  );
  try {
    await route(ctx, req, res);
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
    } else if (err instanceof OAuthError) {
      sendError(res, err);
    } else {
      ctx.logger.event('error', 'request failed', {
        error: (err as Error)?.message,
        stack: (err as Error)?.stack,
      });
      sendJson(res, 500, { error: 'server_error', error_description: 'Internal server error' });
    }
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the development identity provider: serves the realm of a Keycloak realm export with Keycloak's URL
 * layout and token shapes, signed by a key pair generated now. For development and tests only.
 */
export async function startDevIdp(options: StartDevIdpOptions = {}): Promise<RunningDevIdp> {
  const realm = await loadRealm(options.realmFile ?? defaultRealmFile());
  if (!realm.enabled) throw new RealmFileError(`realm ${realm.name} is disabled in the realm file`);
  const keys = options.signingKeyFile
    ? await RealmKeys.fromFile(options.signingKeyFile)
    : await RealmKeys.generate();
  const logger = options.logger ?? SILENT;
  const host = options.host ?? '127.0.0.1';
  // Filled once the server knows its port; requests before that get 503.
  const state: { ctx?: DevIdpContext } = {};
  const server = createServer((req, res) => {
    if (state.ctx) void handle(state.ctx, req, res);
    else sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'Starting' });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = (options.publicUrl ?? `http://${hostForUrl(host)}:${port}`).replace(/\/+$/, '');
  const issuer = `${url}/realms/${realm.name}`;
  const nowSeconds = (): number => Math.floor(Date.now() / 1000);
  state.ctx = {
    realm,
    issuer,
    keys,
    logger,
    nowSeconds,
    sessions: new SessionStore(realm.ssoSessionIdleTimeout, realm.ssoSessionMaxLifespan, nowSeconds),
    bruteForce: new BruteForceGuard(realm.bruteForce),
  };
  let closing: Promise<void> | undefined;
  return {
    url,
    issuer,
    realm: realm.name,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      })),
  };
}
