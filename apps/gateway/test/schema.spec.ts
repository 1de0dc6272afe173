import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AUTHORIZE_METADATA } from '../src/auth/authorize.decorator.js';
import { buildSchemaSdl, resolverClasses } from '../src/graphql/schema-sdl.js';

describe('gateway schema', () => {
  it('matches the committed schema.gql (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(new URL('../../schema.gql', import.meta.url), 'utf8');
    assert.equal(await buildSchemaSdl(), committed);
  });

  it('declares @Authorize on every query and mutation', () => {
    const roots: string[] = [];
    const missing: string[] = [];
    for (const resolver of resolverClasses()) {
      const proto = resolver.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (typeof fn !== 'function' || name === 'constructor') continue;
        const type = Reflect.getMetadata('graphql:resolver_type', fn) as string | undefined;
        if (type !== 'Query' && type !== 'Mutation' && type !== 'Subscription') continue;
        roots.push(`${resolver.name}.${name}`);
        if (!Array.isArray(Reflect.getMetadata(AUTHORIZE_METADATA, fn)))
          missing.push(`${resolver.name}.${name}`);
      }
    }
    assert.ok(roots.length >= 10, `found only ${roots.length} root resolvers: the check is not seeing them`);
    assert.deepEqual(missing, []);
  });
});
