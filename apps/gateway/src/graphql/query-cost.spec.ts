import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { operationCost } from './query-cost.js';

const schema = buildSchema(readFileSync(new URL('../../../schema.gql', import.meta.url), 'utf8'));
/** The cost with these variables; `'unknown'` as validation sees it over WebSocket, before any variable. */
const cost = (query: string, variables: Record<string, unknown> | 'unknown' = {}) => {
  const document = parse(query);
  return operationCost(
    schema,
    document,
    getOperationAST(document)!,
    variables === 'unknown' ? undefined : variables,
  );
};

describe('query cost estimate', () => {
  // items (2) + id (1) + title (1) = 4 per meeting, the page object 2 + nextCursor 1.
  const perPage = (n: number) => n * (2 + 4 + 1);

  it('multiplies a paged list by the page size it asks for: literal, variable, or the default', () => {
    assert.equal(cost('{ meetings(first: 30) { items { id title } nextCursor } }'), perPage(30));
    assert.equal(cost('{ meetings { items { id title } nextCursor } }'), perPage(50));
    const byVariable = 'query($n: Int) { meetings(first: $n) { items { id title } nextCursor } }';
    assert.equal(cost(byVariable, { n: 7 }), perPage(7));
    assert.equal(cost(byVariable, {}), perPage(50), 'a variable not given: the argument default');
    const withDefault = 'query($n: Int = 3) { meetings(first: $n) { items { id title } nextCursor } }';
    assert.equal(cost(withDefault, {}), perPage(3));
    assert.equal(
      cost(byVariable, 'unknown'),
      perPage(200),
      'variables unknown (WebSocket): the largest page',
    );
  });

  it('clamps the page size to 1..200, leaving the refusal to input validation', () => {
    assert.equal(cost('{ meetings(first: 999) { items { id title } nextCursor } }'), perPage(200));
    assert.equal(cost('{ meetings(first: 0) { items { id title } nextCursor } }'), perPage(1));
  });

  it('counts fragments where they are spread, ignores introspection and a String `first`', () => {
    assert.equal(
      cost('{ meetings(first: 2) { ...P } } fragment P on MeetingPage { items { id title } nextCursor }'),
      perPage(2),
    );
    assert.equal(cost('{ __schema { types { name fields { name } } } }'), 0);
    assert.equal(cost('{ commonSuperior(first: "proc-540522", second: "proc-540124") { code } }'), 3);
  });
});
