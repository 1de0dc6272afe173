import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load-config.js';
import { databaseMigrationUrl, DatabaseServiceConfig } from './service-config.js';

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const cfg = loadConfig('directory', DatabaseServiceConfig, {
      KEYCLOAK_URL: 'http://127.0.0.1:8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/yiti',
      RPC_TIMEOUT_MS: '750',
    });
    assert.equal(cfg.RPC_TIMEOUT_MS, 750);
    assert.equal(cfg.KEYCLOAK_REALM, 'yiti');
    assert.equal(cfg.NATS_URL, 'nats://127.0.0.1:4222');
  });

  it('fails fast naming every problem at once', () => {
    assert.throws(
      () => loadConfig('directory', DatabaseServiceConfig, { NATS_URL: 'localhost', RPC_TIMEOUT_MS: 'soon' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.message;
        assert.match(text, /^directory: invalid configuration/);
        assert.match(text, /NATS_URL must look like/);
        assert.match(text, /KEYCLOAK_URL must be an http\(s\) URL/);
        assert.match(text, /DATABASE_URL must look like/);
        assert.match(text, /RPC_TIMEOUT_MS must be an integer/);
        return true;
      },
    );
  });

  it("takes a cluster's servers as a comma-separated NATS_URL, and refuses a malformed entry", () => {
    const base = {
      KEYCLOAK_URL: 'http://127.0.0.1:8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/yiti',
    };
    const list = 'tls://n1.yiti.internal:4222, tls://n2.yiti.internal:4222,tls://n3.yiti.internal:4222';
    assert.equal(loadConfig('t', DatabaseServiceConfig, { ...base, NATS_URL: list }).NATS_URL, list);
    for (const bad of ['nats://a:4222,', 'nats://a:4222,b:4222', 'nats://a:4222,,nats://b:4222']) {
      assert.throws(
        () => loadConfig('t', DatabaseServiceConfig, { ...base, NATS_URL: bad }),
        /NATS_URL must look like nats:\/\/host:4222, or list a cluster's servers/,
        bad,
      );
    }
  });

  it('requires a NATS identity and TLS in production, and neither elsewhere', () => {
    const base = {
      KEYCLOAK_URL: 'http://127.0.0.1:8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/yiti',
    };
    assert.throws(
      () => loadConfig('transfers', DatabaseServiceConfig, { ...base, NODE_ENV: 'production' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /NATS_NKEY_SEED_FILE must name the file/);
        assert.match(err.message, /NATS_TLS_CA_FILE must name the CA certificate/);
        return true;
      },
    );
    const prod = loadConfig('transfers', DatabaseServiceConfig, {
      ...base,
      NODE_ENV: 'production',
      NATS_URL: 'tls://nats.yiti.internal:4222',
      NATS_NKEY_SEED_FILE: '/run/secrets/transfers.nk',
      NATS_TLS_CA_FILE: '/etc/yiti/nats-ca.pem',
      DATABASE_MIGRATION_URL: 'postgres://yiti_transfers_owner@127.0.0.1:5432/yiti',
    });
    assert.equal(prod.NATS_NKEY_SEED_FILE, '/run/secrets/transfers.nk');
    assert.equal(loadConfig('transfers', DatabaseServiceConfig, base).NATS_NKEY_SEED_FILE, undefined);
  });

  it('reads SEED_DEMO_DATA as the text it is, and checks EVENTS_STREAM', () => {
    const base = {
      KEYCLOAK_URL: 'http://127.0.0.1:8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/yiti',
    };
    assert.equal(
      loadConfig('t', DatabaseServiceConfig, { ...base, SEED_DEMO_DATA: 'false' }).SEED_DEMO_DATA,
      false,
    );
    assert.equal(
      loadConfig('t', DatabaseServiceConfig, { ...base, SEED_DEMO_DATA: 'true' }).SEED_DEMO_DATA,
      true,
    );
    assert.equal(loadConfig('t', DatabaseServiceConfig, base).SEED_DEMO_DATA, false);
    assert.equal(loadConfig('t', DatabaseServiceConfig, base).EVENTS_STREAM, 'YITI_EVENTS');
    assert.throws(
      () => loadConfig('t', DatabaseServiceConfig, { ...base, EVENTS_STREAM: 'no spaces' }),
      /EVENTS_STREAM must be a stream name/,
    );
  });

  it("reads the streams' age, placement and the JetStream domain, refusing what JetStream would not take", () => {
    const base = {
      KEYCLOAK_URL: 'http://127.0.0.1:8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/yiti',
    };
    const defaults = loadConfig('t', DatabaseServiceConfig, base);
    assert.deepEqual(
      [defaults.EVENTS_MAX_AGE_DAYS, defaults.JETSTREAM_PLACEMENT_TAGS, defaults.NATS_JETSTREAM_DOMAIN],
      [30, '', undefined],
    );
    const set = loadConfig('t', DatabaseServiceConfig, {
      ...base,
      EVENTS_MAX_AGE_DAYS: '90',
      JETSTREAM_PLACEMENT_TAGS: 'site:shannan,ssd',
      NATS_JETSTREAM_DOMAIN: 'city',
    });
    assert.deepEqual(
      [set.EVENTS_MAX_AGE_DAYS, set.JETSTREAM_PLACEMENT_TAGS, set.NATS_JETSTREAM_DOMAIN],
      [90, 'site:shannan,ssd', 'city'],
    );
    for (const [key, value, message] of [
      ['EVENTS_MAX_AGE_DAYS', '0', /EVENTS_MAX_AGE_DAYS must be between 1 and 3650/],
      ['EVENTS_MAX_AGE_DAYS', 'a month', /EVENTS_MAX_AGE_DAYS must be an integer/],
      [
        'JETSTREAM_PLACEMENT_TAGS',
        'site shannan',
        /JETSTREAM_PLACEMENT_TAGS must be tags separated by commas/,
      ],
      ['NATS_JETSTREAM_DOMAIN', 'the city', /NATS_JETSTREAM_DOMAIN must be a name/],
    ] as const) {
      assert.throws(() => loadConfig('t', DatabaseServiceConfig, { ...base, [key]: value }), message, key);
    }
  });

  describe('the two database URLs', () => {
    const base = {
      KEYCLOAK_URL: 'http://127.0.0.1:8080',
      DATABASE_URL: 'postgres://yiti_transfers:pw@db:5432/yiti',
    };
    const owner = 'postgres://yiti_transfers_owner:pw@db:5432/yiti';

    it('migrates with DATABASE_URL when DATABASE_MIGRATION_URL is absent, outside production', () => {
      assert.equal(databaseMigrationUrl(loadConfig('t', DatabaseServiceConfig, base)), base.DATABASE_URL);
      assert.equal(
        databaseMigrationUrl(
          loadConfig('t', DatabaseServiceConfig, { ...base, NODE_ENV: 'test', DATABASE_MIGRATION_URL: '' }),
        ),
        base.DATABASE_URL,
      );
      assert.equal(
        databaseMigrationUrl(
          loadConfig('t', DatabaseServiceConfig, { ...base, DATABASE_MIGRATION_URL: owner }),
        ),
        owner,
      );
    });

    it('needs both in production, logging in as two roles', () => {
      const production = {
        ...base,
        NODE_ENV: 'production',
        NATS_NKEY_SEED_FILE: '/run/secrets/transfers.nk',
        NATS_TLS_CA_FILE: '/etc/yiti/nats-ca.pem',
      };
      assert.throws(
        () => loadConfig('t', DatabaseServiceConfig, production),
        /DATABASE_MIGRATION_URL must look like postgres:\/\/owner@host:5432\/db \(required in production\)/,
      );
      assert.throws(
        () =>
          loadConfig('t', DatabaseServiceConfig, {
            ...production,
            DATABASE_MIGRATION_URL: base.DATABASE_URL,
          }),
        /DATABASE_MIGRATION_URL must log in as another role than DATABASE_URL in production/,
      );
      const cfg = loadConfig('t', DatabaseServiceConfig, { ...production, DATABASE_MIGRATION_URL: owner });
      assert.equal(cfg.DATABASE_MIGRATION_URL, owner);
      assert.equal(cfg.DATABASE_URL, base.DATABASE_URL);
    });
  });
});
