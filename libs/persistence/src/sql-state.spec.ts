import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QueryFailedError } from 'typeorm';
import { isDataError, isUniqueViolation, sqlState } from './sql-state.js';

const failed = (code: string) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error('x'), { code }));

describe('sqlState', () => {
  it('reads the SQLSTATE of a failed query, and nothing from other errors', () => {
    assert.equal(sqlState(failed('23505')), '23505');
    assert.equal(sqlState(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' })), undefined);
    assert.equal(sqlState('23505'), undefined);
  });

  it('tells unique violations and data errors from the rest', () => {
    assert.equal(isUniqueViolation(failed('23505')), true);
    assert.equal(isUniqueViolation(failed('23503')), false);
    assert.equal(isDataError(failed('22P05')), true);
    assert.equal(isDataError(failed('23514')), true);
    assert.equal(isDataError(failed('40001')), false);
    assert.equal(isDataError(new Error('Connection terminated')), false);
  });
});
