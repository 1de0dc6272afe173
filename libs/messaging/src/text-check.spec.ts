import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { CommonReason, ErrorCode, SendTransferRequestSchema } from '@yiti/contracts';
import { RpcError } from './rpc-error.js';
import { controlCharacterViolations, refuseControlCharacters } from './text-check.js';

describe('U+0000 in text', () => {
  it('names every field of a protobuf message whose text holds U+0000, and nothing else', () => {
    const request = create(SendTransferRequestSchema, {
      content: { summary: 'a\u0000b', receiverOrg: 'proc-540522', senderCaseNumber: '\u0000' },
      idempotencyKey: 'key-1',
    });
    assert.deepEqual(
      controlCharacterViolations(request).map((v) => v.field),
      ['content.summary', 'content.senderCaseNumber'],
    );
    assert.deepEqual(
      controlCharacterViolations(create(SendTransferRequestSchema, { content: { summary: 'ok' } })),
      [],
    );
  });

  it('walks plain objects, arrays and oneofs, not bytes', () => {
    const value = {
      a: { case: 'note', value: { text: '\u0000' } },
      b: [{ c: '\u0000' }],
      d: new Uint8Array([0]),
    };
    assert.deepEqual(
      controlCharacterViolations(value, 'input').map((v) => v.field),
      ['input.a.note.text', 'input.b[0].c'],
    );
  });

  it('refuses as BAD_USER_INPUT with the reason TEXT_CONTROL_CHARACTER', () => {
    assert.throws(
      () => refuseControlCharacters({ title: 'x\u0000' }),
      (err: unknown) =>
        err instanceof RpcError &&
        err.code === ErrorCode.BAD_USER_INPUT &&
        err.reason === CommonReason.TEXT_CONTROL_CHARACTER &&
        err.violations[0]?.field === 'title',
    );
    refuseControlCharacters({ title: '次仁卓玛 ཚེ་རིང་' });
  });
});
