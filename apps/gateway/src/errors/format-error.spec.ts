import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { JsonLogger } from '@yiti/logging';
import { CommonReason, GatewayReason, MeetingReason } from '@yiti/contracts';
import { ErrorCode, RpcError } from '@yiti/messaging';
import { missingRoleBody } from './error-reasons.js';
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
      reason: 'INVALID_INPUT',
      messages: { 'zh-CN': CommonReason.INVALID_INPUT.zh, en: CommonReason.INVALID_INPUT.en },
      violations: [{ field: 'code', message: 'is wrong' }],
    });
    assert.equal(out.message, 'Invalid input: code is wrong.');
  });

  it("sends a service error's specific reason with its zh-CN and en messages", () => {
    const out = run(RpcError.of(MeetingReason.QUORUM_MISSING, 'Meeting m has no quorum.'));
    assert.equal(out.message, 'Meeting m has no quorum.');
    assert.deepEqual(out.extensions, {
      code: 'CONFLICT',
      reason: 'MEETING_QUORUM_MISSING',
      messages: { 'zh-CN': MeetingReason.QUORUM_MISSING.zh, en: MeetingReason.QUORUM_MISSING.en },
    });
  });

  it("gives the gateway's own and Apollo's errors a reason too", () => {
    const reasonOf = (original: unknown, extensions: Record<string, unknown> = {}) =>
      run(original, extensions).extensions?.['reason'];
    assert.equal(reasonOf(new UnauthorizedException()), 'UNAUTHENTICATED');
    assert.equal(
      reasonOf(new ForbiddenException(missingRoleBody('This needs one of the roles: x.'))),
      'MISSING_ROLE',
    );
    assert.equal(reasonOf(new ForbiddenException()), 'NOT_ALLOWED');
    assert.equal(
      reasonOf(new BadRequestException({ message: ['code must be six digits'] })),
      'FIELD_INVALID',
    );
    assert.equal(reasonOf(undefined, { code: 'GRAPHQL_PARSE_FAILED' }), GatewayReason.QUERY_SYNTAX.reason);
    assert.equal(reasonOf(undefined, { code: 'GRAPHQL_VALIDATION_FAILED' }), 'QUERY_INVALID');
    const armor = new GraphQLError('Syntax Error: Query validation error.', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    assert.equal(format(armor.toJSON(), armor).extensions?.['reason'], 'QUERY_TOO_COMPLEX');
    assert.equal(reasonOf(undefined, { code: 'BAD_USER_INPUT' }), 'VARIABLE_INVALID');
    assert.equal(
      reasonOf(undefined, { code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION_LIMIT' }),
      'SUBSCRIPTION_LIMIT',
    );
    assert.equal(reasonOf(new Error('boom')), 'INTERNAL');
    // A reason that does not fit the code never leaves: the code's generic one does.
    assert.equal(reasonOf(undefined, { code: 'SOMETHING_ELSE', reason: 'QUERY_SYNTAX' }), 'INTERNAL');
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
    assert.deepEqual(out.extensions, {
      code: 'INTERNAL',
      reason: 'INTERNAL',
      messages: { 'zh-CN': CommonReason.INTERNAL.zh, en: 'Internal error.' },
    });
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
