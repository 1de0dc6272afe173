import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonLogger } from './json-logger.js';
import { requestIdFrom, runInRequestContext, traceparentFrom } from './request-context.js';

describe('JsonLogger', () => {
  it('writes one JSON object per line with the request id of the current request', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('directory', 'info', (l) => lines.push(l));
    runInRequestContext({ requestId: 'req-12345678', user: 'alice', org: 'proc-540522' }, () =>
      logger.log('handled', 'RpcServer'),
    );
    logger.debug('hidden below the level');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.service, 'directory');
    assert.equal(entry.requestId, 'req-12345678');
    assert.equal(entry.org, 'proc-540522');
    assert.equal(entry.context, 'RpcServer');
    assert.equal(entry.msg, 'handled');
  });

  it('does not trust malformed request ids or trace contexts', () => {
    assert.equal(requestIdFrom('abcdefgh-123'), 'abcdefgh-123');
    assert.notEqual(requestIdFrom('bad\nid injected'), 'bad\nid injected');
    assert.match(requestIdFrom(undefined), /^[0-9a-f-]{36}$/);
    assert.equal(
      traceparentFrom('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    assert.equal(traceparentFrom('garbage'), undefined);
  });
});
