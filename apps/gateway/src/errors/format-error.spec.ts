import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { JsonLogger } from '@yiti/logging';
import { ErrorCode, RpcError } from '@yiti/messaging';
import { CLIENT_ERROR_CODES, clientCodeOf } from './error-codes.js';
import { createErrorFormatter } from './format-error.js';

describe('GraphQL error formatting', () => {
  const logged: string[] = [];
  const format = createErrorFormatter(new JsonLogger('test', 'debug', (l) => logged.push(l)));
  const run = (original: unknown, extensions: Record<string, unknown> = {}) => {
    const error = new GraphQLError('raw message', {
      ...(original instanceof Error ? { originalError: original } : {}),
      extensions,
      path: ['field'],
    });
    return format(error.toJSON(), error);
  };

  it('maps every service error code to a client code of the closed set', () => {
    for (const value of Object.values(ErrorCode).filter((v): v is ErrorCode => typeof v === 'number')) {
      assert.ok((CLIENT_ERROR_CODES as readonly string[]).includes(clientCodeOf(value)));
    }
    assert.equal(clientCodeOf(ErrorCode.UNSPECIFIED), 'INTERNAL');
  });

  it('keeps a typed service error with its message and violations', () => {
    const out = run(
      RpcError.badInput('Invalid input: code is wrong.', [{ field: 'code', message: 'is wrong' }]),
    );
    assert.deepEqual(out.extensions, {
      code: 'BAD_USER_INPUT',
      violations: [{ field: 'code', message: 'is wrong' }],
    });
    assert.equal(out.message, 'Invalid input: code is wrong.');
  });

  it('maps the guard and validation exceptions', () => {
    assert.equal(run(new UnauthorizedException()).extensions?.['code'], 'UNAUTHENTICATED');
    assert.equal(run(new ForbiddenException()).extensions?.['code'], 'FORBIDDEN');
    const invalid = run(new BadRequestException({ message: ['code must be a six-digit division code'] }));
    assert.equal(invalid.extensions?.['code'], 'BAD_USER_INPUT');
    assert.match(invalid.message, /code must be a six-digit division code/);
  });

  it('turns anything unexpected into INTERNAL without its message or stack, and logs it', () => {
    const out = run(new Error('relation "directory.secret" does not exist'));
    assert.deepEqual(out.extensions, { code: 'INTERNAL' });
    assert.equal(out.message, 'Internal error.');
    assert.doesNotMatch(JSON.stringify(out), /secret|stack/);
    assert.match(logged.at(-1) ?? '', /directory\.secret/);
  });

  it("treats Apollo's document errors as the client's mistake", () => {
    assert.equal(
      run(undefined, { code: 'GRAPHQL_VALIDATION_FAILED' }).extensions?.['code'],
      'BAD_USER_INPUT',
    );
    assert.equal(run(undefined, { code: 'SOMETHING_ELSE' }).extensions?.['code'], 'INTERNAL');
  });
});
