import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '@yiti/auth';
import { parseRealm } from '../src/realm.js';
import { realmJson } from './helpers.js';

describe('deploy/keycloak/realm-export.json', () => {
  const realm = realmJson();
  const client = (id: string): any => realm.clients.find((c: { clientId: string }) => c.clientId === id);

  it('is the enabled realm yiti with short tokens, bounded sessions and brute-force protection', () => {
    assert.equal(realm.realm, 'yiti');
    assert.equal(realm.enabled, true);
    assert.ok(realm.accessTokenLifespan <= 300);
    assert.ok(realm.ssoSessionIdleTimeout <= 1800);
    assert.equal(realm.bruteForceProtected, true);
    assert.equal(realm.failureFactor, 5);
    assert.equal(realm.permanentLockout, false);
    assert.equal(realm.registrationAllowed, false);
    assert.equal(realm.sslRequired, 'external');
    assert.equal(realm.attributes['yiti.demo-data'], 'true');
  });

  it('declares the six realm roles, each described', () => {
    const roles = realm.roles.realm as { name: string; description: string }[];
    assert.deepEqual(roles.map((r) => r.name).sort(), [...ROLES].sort());
    for (const r of roles) assert.ok(r.description.length > 10, `${r.name} has a description`);
  });

  it('has a bearer-only gateway and a public PKCE portal client', () => {
    const gateway = client('gateway');
    assert.ok(gateway);
    assert.equal(gateway.publicClient, false);
    assert.equal(gateway.standardFlowEnabled, false);
    assert.equal(gateway.directAccessGrantsEnabled, false);
    assert.equal(gateway.implicitFlowEnabled, false);
    const portal = client('yiti-portal');
    assert.ok(portal);
    assert.equal(portal.publicClient, true);
    assert.equal(portal.standardFlowEnabled, true);
    assert.equal(portal.implicitFlowEnabled, false);
    assert.equal(portal.attributes['pkce.code.challenge.method'], 'S256');
    assert.ok(portal.redirectUris.every((u: string) => /^http:\/\/(localhost|127\.0\.0\.1):/.test(u)));
  });

  it('maps the gateway audience into access tokens and the org attribute into a claim', () => {
    const mappers = client('yiti-portal').protocolMappers as {
      protocolMapper: string;
      config: Record<string, string>;
    }[];
    const audience = mappers.find((m) => m.protocolMapper === 'oidc-audience-mapper');
    assert.ok(audience);
    assert.equal(audience.config['included.client.audience'], 'gateway');
    assert.equal(audience.config['access.token.claim'], 'true');
    const org = mappers.find((m) => m.protocolMapper === 'oidc-usermodel-attribute-mapper');
    assert.ok(org);
    assert.equal(org.config['user.attribute'], 'org');
    assert.equal(org.config['claim.name'], 'org');
    assert.equal(org.config['access.token.claim'], 'true');
  });

  it('lets the user profile keep the org attribute (Keycloak >= 24 drops undeclared ones)', () => {
    const [provider] = realm.components['org.keycloak.userprofile.UserProfileProvider'];
    const profile = JSON.parse(provider.config['kc.user.profile.config'][0]);
    const org = profile.attributes.find((a: { name: string }) => a.name === 'org');
    assert.ok(org);
    assert.deepEqual(org.permissions.edit, ['admin']);
    assert.equal(new RegExp(org.validations.pattern.pattern).test('isco-540522'), true);
    assert.equal(profile.unmanagedAttributePolicy, 'ADMIN_EDIT');
  });

  it('has demo users covering every role and the organizations of the demo', () => {
    const users = realm.users as {
      username: string;
      id: string;
      enabled: boolean;
      attributes: Record<string, string[]>;
      realmRoles: string[];
      credentials: { type: string; temporary: boolean }[];
    }[];
    for (const role of ROLES)
      assert.ok(
        users.some((u) => u.realmRoles.includes(role)),
        `someone is ${role}`,
      );
    const orgs = new Set<string>();
    for (const u of users) {
      assert.equal(u.enabled, true);
      assert.match(u.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual(u.attributes['demo'], ['true']);
      const org = u.attributes['org']?.[0] ?? '';
      assert.match(org, /^(proc|police|isco)-[0-9]{6}$/, `${u.username} has an org`);
      assert.equal(u.credentials[0]?.temporary, false);
      for (const r of u.realmRoles)
        assert.ok((ROLES as readonly string[]).includes(r), `${u.username}: ${r} is a realm role`);
      orgs.add(org);
    }
    for (const org of ['proc-540500', 'proc-540522', 'proc-540124', 'police-540522', 'isco-540522']) {
      assert.ok(orgs.has(org), `a demo user belongs to ${org}`);
    }
    assert.equal(new Set(users.map((u) => u.id)).size, users.length, 'user ids are unique');
  });

  it('is accepted by the development provider', () => {
    const parsed = parseRealm(realm);
    assert.equal(parsed.name, 'yiti');
    assert.equal(parsed.clients.get('gateway')?.bearerOnly, true);
    assert.equal(parsed.clients.get('yiti-portal')?.pkceMethod, 'S256');
    assert.ok(parsed.users.every((u) => u.password !== undefined));
  });
});
