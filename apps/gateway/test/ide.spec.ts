import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getIntrospectionQuery } from 'graphql';
import { startTestStack, type TestStack } from '@yiti/devstack';

/** GraphiQL at GET /graphql for a browser, outside production, with every asset from the gateway. */
describe('gateway GraphQL IDE (development)', () => {
  let stack: TestStack;

  before(async () => {
    stack = await startTestStack();
  });

  after(async () => {
    await stack?.stop();
  });

  it('serves the page to a browser, its assets from the gateway only, under a self-only policy', async () => {
    const res = await fetch(stack.graphqlUrl, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /https?:|\*/);
    const html = await res.text();
    assert.doesNotMatch(html, /https?:\/\//, 'no external URL in the page');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(assets.sort(), [
      '/ide/graphiql.min.css',
      '/ide/graphiql.min.js',
      '/ide/react-dom.production.min.js',
      '/ide/react.production.min.js',
      '/ide/start.js',
    ]);
    for (const asset of assets) {
      const file = await fetch(new URL(asset, stack.gatewayUrl));
      assert.equal(file.status, 200, asset);
      assert.match(
        file.headers.get('content-type') ?? '',
        asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      assert.ok((await file.text()).length > 100, asset);
    }
    const start = await (await fetch(new URL('/ide/start.js', stack.gatewayUrl))).text();
    assert.match(start, /Bearer <paste token>/, 'the header editor is prefilled with the hint');
    assert.equal((await fetch(new URL('/ide/other.js', stack.gatewayUrl))).status, 404);
  });

  it('keeps GraphQL over GET and POST as it was, and answers the IDE its introspection', async () => {
    const get = await fetch(`${stack.graphqlUrl}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    assert.equal(get.status, 200);
    assert.deepEqual(await get.json(), { data: { __typename: 'Query' } });
    // What GraphiQL sends first, with the header hint not yet replaced by a token.
    const introspection = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer <paste token>' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    const body = (await introspection.json()) as { data?: { __schema?: { types: unknown[] } } };
    assert.equal(introspection.status, 200, JSON.stringify(body));
    assert.ok((body.data?.__schema?.types.length ?? 0) > 50);
  });
});
