import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/*
 * GraphiQL for development: `GET /graphql` from a browser (Accept: text/html) serves the IDE, every asset from
 * the gateway itself (`/ide/…`, copied from node_modules at start: GraphiQL's UMD bundle and React 18's), under
 * a Content-Security-Policy that allows only 'self' — plus inline styles, which GraphiQL's editors set. Not in
 * production: there the page answers 404 and the assets are not served.
 */

const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/** The files under /ide/: name → [file in node_modules, content type]. */
const ASSETS: Record<string, [string, string]> = {
  'react.production.min.js': [join(packageDir('react'), 'umd/react.production.min.js'), 'text/javascript'],
  'react-dom.production.min.js': [
    join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    'text/javascript',
  ],
  'graphiql.min.js': [join(packageDir('graphiql'), 'graphiql.min.js'), 'text/javascript'],
  'graphiql.min.css': [join(packageDir('graphiql'), 'graphiql.min.css'), 'text/css'],
};

/** The header editor's hint: the token goes where the placeholder is. */
export const HEADERS_HINT = '{"Authorization": "Bearer <paste token>"}';

/** Starts GraphiQL against this gateway's /graphql (an external script: the policy allows no inline script). */
const START_SCRIPT = `'use strict';
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href }),
    defaultHeaders: ${JSON.stringify(HEADERS_HINT)},
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  }),
);
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Yiti GraphQL (development)</title>
    <link rel="stylesheet" href="/ide/graphiql.min.css" />
  </head>
  <body style="margin: 0">
    <div id="graphiql" style="height: 100vh"></div>
    <script src="/ide/react.production.min.js"></script>
    <script src="/ide/react-dom.production.min.js"></script>
    <script src="/ide/graphiql.min.js"></script>
    <script src="/ide/start.js"></script>
  </body>
</html>
`;

export const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A browser asking for the page: HTML preferred to JSON, and not a GraphQL GET request. */
const wantsPage = (req: Request) =>
  req.method === 'GET' &&
  req.path === '/graphql' &&
  req.query['query'] === undefined &&
  req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';

function secure(res: Response): Response {
  return res
    .setHeader('Content-Security-Policy', IDE_CONTENT_SECURITY_POLICY)
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Referrer-Policy', 'no-referrer')
    .setHeader('Cache-Control', 'no-cache');
}

/** Express middleware for the IDE page and its assets (register before GraphQL). */
export function graphiqlIde({ production }: { production: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (production) {
      if (!wantsPage(req)) return next();
      res.status(404).setHeader('Cache-Control', 'no-store').type('application/json');
      res.send(JSON.stringify({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] }));
      return;
    }
    if (wantsPage(req)) {
      secure(res).type('text/html; charset=utf-8').send(PAGE);
      return;
    }
    if (req.method !== 'GET' || !req.path.startsWith('/ide/')) return next();
    const name = req.path.slice('/ide/'.length);
    if (name === 'start.js') {
      secure(res).type('text/javascript; charset=utf-8').send(START_SCRIPT);
      return;
    }
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return next();
    secure(res).type(`${asset[1]}; charset=utf-8`);
    res.sendFile(asset[0], (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
}
