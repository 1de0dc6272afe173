import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/*
 * The web portal (apps/portal) from the gateway's own origin: the static build in PORTAL_DIR, the portal's
 * sign-in configuration at /portal-config.json, and index.html for every page address the browser navigates to
 * (the portal routes on the client). Everything under a strict Content-Security-Policy: scripts only from this
 * origin, no inline script, no framing, connections only to this origin (GraphQL, its WebSocket, attachments)
 * and the identity provider. Without PORTAL_DIR nothing here answers (GET / is 404).
 */

export interface PortalSiteOptions {
  /** The Vite build (apps/portal/dist/site). */
  readonly dir: string;
  /** The OpenID Connect issuer the portal signs in at, e.g. http://127.0.0.1:8080/realms/yiti. */
  readonly authority: string;
  readonly clientId: string;
}

/** Addresses that are the gateway's own, never a portal page. */
const API_PATH =
  /^\/(graphql|health|ide|metrics)(\/|$)|^\/(transfers|consultations)\/[^/]+\/attachments(\/|$)|\.ics$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function portalContentSecurityPolicy(authority: string): string {
  const idp = new URL(authority).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // antd writes its component styles into <style> elements at run time (CSS-in-JS); scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${idp}`,
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${idp}`,
  ].join('; ');
}

function securityHeaders(res: Response, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Express middleware serving the portal; anything it does not serve goes on to the gateway's routes. */
export function portalSite(options: PortalSiteOptions) {
  const root = normalize(options.dir);
  const indexFile = join(root, 'index.html');
  const csp = portalContentSecurityPolicy(options.authority);
  const config = JSON.stringify({ authority: options.authority, clientId: options.clientId });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    if (path === '/portal-config.json') {
      securityHeaders(res, csp);
      res.setHeader('Cache-Control', 'no-store');
      res.type('application/json').send(config);
      return;
    }
    if (API_PATH.test(path)) return next();
    let file: string | undefined;
    if (path !== '/' && extname(path) !== '') {
      let decoded: string;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        return next();
      }
      const candidate = normalize(join(root, decoded));
      if (candidate.startsWith(root + sep) && existsSync(candidate)) file = candidate;
      else return next(); // a missing asset is a 404, not the index page
    } else if (req.accepts(['text/html', 'application/json']) === 'text/html' && existsSync(indexFile)) {
      file = indexFile;
    }
    if (!file) return next();
    securityHeaders(res, csp);
    const hashed = file.startsWith(join(root, 'assets') + sep);
    res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.send(readFileSync(file));
  };
}
