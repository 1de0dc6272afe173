import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@yiti/config';
import { GatewayConfig } from './gateway.config.js';

const base = { KEYCLOAK_URL: 'http://127.0.0.1:8080' };
const problems = (env: Record<string, string>) => {
  try {
    loadConfig('gateway', GatewayConfig, { ...base, ...env });
    return '';
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
};

describe('GatewayConfig: the metrics listener', () => {
  it('listens on 127.0.0.1:9464 without a token by default', () => {
    const config = loadConfig('gateway', GatewayConfig, base);
    assert.equal(config.METRICS_PORT, 9464);
    assert.equal(config.METRICS_HOST, '127.0.0.1');
    assert.equal(config.METRICS_TOKEN, undefined);
  });

  it('needs METRICS_TOKEN off loopback, and refuses a short or malformed one', () => {
    for (const host of ['0.0.0.0', '192.0.2.2', '::', 'metrics.internal']) {
      assert.match(problems({ METRICS_HOST: host }), /METRICS_TOKEN must be at least 16 characters/, host);
    }
    for (const host of ['127.0.0.1', '127.0.0.9', '::1', 'localhost']) {
      assert.equal(problems({ METRICS_HOST: host }), '', host);
    }
    assert.equal(problems({ METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 'a-long-enough-token-0123' }), '');
    assert.match(problems({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN must be/);
    assert.match(problems({ METRICS_TOKEN: 'has a space in it, sixteen+' }), /METRICS_TOKEN must be/);
    assert.match(problems({ METRICS_PORT: '70000' }), /METRICS_PORT/);
  });
});
