import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { portalSite } from './portal-site.js';

/** The portal middleware in front of a stand-in for the gateway's own routes (which answer "api"). */
describe('portal site', () => {
  let dir: string;
  let server: Server;
  let base: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-site-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(dir, 'assets/index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    writeFileSync(join(tmpdir(), 'outside-portal.txt'), 'secret');
    const app = express();
    app.use(portalSite({ dir, authority: 'http://127.0.0.1:8080/realms/yiti', clientId: 'yiti-portal' }));
    app.use((_req, res) => res.status(404).send('api'));
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml' };

  it('serves index.html for page addresses under a strict Content-Security-Policy', async () => {
    for (const path of [
      '/',
      '/transfers/inbox',
      '/transfers/0d9f6c1e-0000-4000-8000-000000000001',
      '/pacts/X-1',
    ]) {
      const res = await fetch(`${base}${path}`, { headers: html });
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), /<title>portal<\/title>/);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
      assert.match(csp, /connect-src 'self' http:\/\/127\.0\.0\.1:8080/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  it('gives the sign-in configuration', async () => {
    const res = await fetch(`${base}/portal-config.json`);
    assert.deepEqual(await res.json(), {
      authority: 'http://127.0.0.1:8080/realms/yiti',
      clientId: 'yiti-portal',
    });
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  it('serves hashed assets for a year and other files without caching', async () => {
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    const icon = await fetch(`${base}/favicon.svg`);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
  });

  it('leaves the gateway its own addresses and answers a missing file with 404, never with the page', async () => {
    for (const path of [
      '/graphql',
      '/health/ready',
      '/transfers/0d9f6c1e-0000-4000-8000-000000000001/attachments',
      '/transfers/x/attachments/y',
      '/consultations/0d9f6c1e-0000-4000-8000-000000000001/attachments',
      '/consultations/x/attachments/y',
      '/meetings/m/calendar.ics',
      '/assets/missing.js',
      '/../outside-portal.txt',
      '/%2e%2e/outside-portal.txt',
    ]) {
      const res = await fetch(`${base}${path}`, { headers: html });
      assert.equal(res.status, 404, path);
      assert.equal(await res.text(), 'api', path);
    }
    const post = await fetch(`${base}/`, { method: 'POST', headers: html });
    assert.equal(await post.text(), 'api');
  });

  it('does not answer a request that does not want a page with the page', async () => {
    const res = await fetch(`${base}/transfers/inbox`, { headers: { accept: 'application/json' } });
    assert.equal(await res.text(), 'api');
  });
});
