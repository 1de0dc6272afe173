import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildSchema } from 'graphql';
import { GatewayReason, type ErrorReason } from '@yiti/contracts';
import { startTestStack, waitFor, type TestStack } from '@yiti/devstack';
import { coercionCases } from './coercion-cases.js';
import { everyField } from './every-field.js';
import { INTERNALS } from './helpers.js';

const SCHEMA_FILE = new URL('../../schema.gql', import.meta.url);
const TOO_COMPLEX = 'The query is too complex.';

interface Answer {
  status: number;
  contentType: string;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** The gateway's answers to bad requests: statuses, shapes, messages, and what it logs. */
/** The reason extensions the catalogue gives (docs/errors.md, "Reasons"). */
const reasonOf = (r: ErrorReason) => ({ reason: r.reason, messages: { 'zh-CN': r.zh, en: r.en } });

describe('gateway errors', () => {
  let stack: TestStack;
  let token: string;

  const post = async (body: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body,
    });
    const text = await res.text();
    assert.doesNotMatch(text, INTERNALS);
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: JSON.parse(text) as Answer['body'],
    };
  };
  const query = (q: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    post(JSON.stringify({ query: q, variables }), headers);

  /** A refusal before execution: HTTP 400, no data, every error BAD_USER_INPUT. */
  const refusedBeforeExecution = (answer: Answer, what: string) => {
    assert.equal(answer.status, 400, `${what}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.data, undefined, what);
    assert.ok(answer.body.errors?.length, what);
    for (const error of answer.body.errors) assert.equal(error.extensions?.['code'], 'BAD_USER_INPUT', what);
  };

  before(async () => {
    stack = await startTestStack();
    token = await stack.login('gongga-prosecutor');
  });

  after(async () => {
    await stack?.stop();
  });

  it('answers every variable-coercion failure across the schema with BAD_USER_INPUT and HTTP 400', async () => {
    const cases = coercionCases(SCHEMA_FILE);
    assert.ok(cases.length >= 50, `only ${cases.length} cases`);
    const kinds = new Set(cases.map((c) => c.name.replace(/^[^:]+: /, '')));
    assert.ok(kinds.size >= 20, `only ${kinds.size} kinds of failure: ${[...kinds].join(', ')}`);
    const wrong: string[] = [];
    for (const c of cases) {
      const answer = await query(c.query, c.variables);
      const codes = answer.body.errors?.map((e) => e.extensions?.['code']) ?? [];
      if (answer.status !== 400 || !codes.length || codes.some((code) => code !== 'BAD_USER_INPUT')) {
        wrong.push(`${c.name}: ${answer.status} ${codes.join(',')}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('answers syntax errors and the token limit with HTTP 400, the limit unnamed', async () => {
    const syntax = await query('{ me { username ');
    refusedBeforeExecution(syntax, 'syntax error');
    assert.match(syntax.body.errors![0]!.message, /^Syntax Error/);

    const tokens = await query(`{ me { ${'username '.repeat(2100)} } }`);
    refusedBeforeExecution(tokens, 'token limit');
    assert.equal(tokens.body.errors![0]!.message, TOO_COMPLEX);
  });

  it('refuses depth, alias and cost excess as "too complex", never as a syntax error, with no number', async () => {
    const deep = `{ organization(code: "proc-540522") { ${'superior { '.repeat(12)}code${' }'.repeat(12)} } }`;
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const page = everyField(schema, 'MeetingPage', 6);
    const costly = `{ ${Array.from({ length: 10 }, (_, i) => `m${i}: meetings(first: 200) ${page}`).join(' ')} }`;
    for (const [what, q] of [
      ['depth', deep],
      ['aliases', aliases],
      ['cost', costly],
    ] as const) {
      const answer = await query(q);
      refusedBeforeExecution(answer, what);
      assert.deepEqual(
        answer.body.errors!.map((e) => [e.message, e.extensions]),
        [[TOO_COMPLEX, { code: 'BAD_USER_INPUT', ...reasonOf(GatewayReason.QUERY_TOO_COMPLEX) }]],
        what,
      );
    }
  });

  it('refuses a page size over the maximum the same way, inline or in a variable, whatever its size', async () => {
    const messages = new Set<string>();
    for (const first of [201, 500, 999, 100_000]) {
      for (const answer of [
        await query(`{ meetings(first: ${first}) { items { id } } }`),
        await query('query($n: Int) { meetings(first: $n) { items { id } } }', { n: first }),
      ]) {
        const error = answer.body.errors?.[0];
        assert.equal(error?.extensions?.['code'], 'BAD_USER_INPUT', `first: ${first}`);
        assert.deepEqual(error?.extensions?.['violations'], [
          { field: 'first', message: 'first must not be greater than 200' },
        ]);
        messages.add(error.message);
      }
    }
    assert.deepEqual([...messages], ['Invalid input: first must not be greater than 200.']);
  });

  it('costs a page by the page size used: every field at first 30, in a variable or omitted (50) passes', async () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const page = everyField(schema, 'MeetingPage', 6);
    for (const [what, q, variables] of [
      ['first: 30', `{ meetings(first: 30) ${page} }`, {}],
      ['first omitted', `{ meetings ${page} }`, {}],
      ['first in a variable', `query($n: Int) { meetings(first: $n) ${page} }`, { n: 30 }],
      ['a variable default', `query($n: Int = 50) { meetings(first: $n) ${page} }`, {}],
      ['transfers, first omitted', `{ transferInbox ${everyField(schema, 'TransferPage', 6)} }`, {}],
    ] as const) {
      const answer = await query(q, variables);
      assert.equal(answer.status, 200, what);
      assert.equal(answer.body.errors, undefined, `${what}: ${JSON.stringify(answer.body.errors)}`);
    }
  });

  it('answers a malformed and a too-large JSON body in the GraphQL error shape (400, 413)', async () => {
    const malformed = await post('{"query": "{ me { username } }"');
    assert.equal(malformed.status, 400);
    assert.match(malformed.contentType, /^application\/json/);
    assert.deepEqual(malformed.body, {
      errors: [
        {
          message: 'The request body is not valid JSON.',
          extensions: { code: 'BAD_USER_INPUT', ...reasonOf(GatewayReason.REQUEST_MALFORMED) },
        },
      ],
    });

    // Elsewhere the HTTP endpoints' shape (docs/errors.md), from the same middleware.
    const elsewhere = await fetch(`${stack.gatewayUrl}/meetings/x/calendar.ics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":',
    });
    assert.equal(elsewhere.status, 400);
    assert.deepEqual(await elsewhere.json(), {
      error: {
        code: 'BAD_USER_INPUT',
        ...reasonOf(GatewayReason.REQUEST_MALFORMED),
        message: 'The request body is not valid JSON.',
      },
    });

    const large = await post(
      JSON.stringify({ query: `{ me { username } } #${'x'.repeat(2 * 1024 * 1024)}` }),
    );
    assert.equal(large.status, 413);
    assert.match(large.contentType, /^application\/json/);
    assert.deepEqual(large.body, {
      errors: [
        {
          message: 'The request body is too large.',
          extensions: { code: 'BAD_USER_INPUT', ...reasonOf(GatewayReason.REQUEST_MALFORMED) },
        },
      ],
    });
  });

  it('answers headers over 16 KB with 431 in the GraphQL error shape', async () => {
    const { hostname, port } = new URL(stack.graphqlUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(Number(port), hostname, () => {
        socket.write(
          `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
            `X-Padding: ${'a'.repeat(20 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`,
        );
      });
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      socket.setTimeout(10_000, () => reject(new Error(`no answer: ${received}`)));
    });
    const [head, body] = raw.split('\r\n\r\n');
    assert.match(head!, /^HTTP\/1\.1 431 /);
    assert.match(head!, /content-type: application\/json/i);
    assert.deepEqual(JSON.parse(body!), {
      errors: [
        {
          message: 'The request headers are too large.',
          extensions: { code: 'BAD_USER_INPUT', ...reasonOf(GatewayReason.REQUEST_MALFORMED) },
        },
      ],
    });
  });

  it("logs a service's FORBIDDEN and NOT_FOUND at info with the code, no error line and no stack", async () => {
    const gateway = stack.processes.gateway!;
    const police = await stack.login('gongga-police');
    const forbiddenId = `it-forbidden-${randomUUID()}`;
    const notFoundId = `it-not-found-${randomUUID()}`;
    const forbidden = await stack.graphql(
      'mutation($input: LogConsultationInput!) { logConsultation(input: $input) { id } }',
      {
        token: police,
        headers: { 'x-request-id': forbiddenId },
        variables: {
          input: {
            iscoOrg: 'isco-540521',
            policeCaseNumber: '贡公刑〔2026〕88号',
            category: 'illegal-mining',
            type: 'FILING_SUPERVISION',
            question: '是否符合立案条件？',
            materials: [],
            idempotencyKey: randomUUID(),
          },
        },
      },
    );
    assert.equal(forbidden.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(forbidden));
    const notFound = await stack.graphql(
      '{ commonSuperior(first: "proc-540000", second: "proc-540522") { code } }',
      { token, headers: { 'x-request-id': notFoundId } },
    );
    assert.equal(notFound.errors?.[0]?.extensions?.code, 'NOT_FOUND');

    const linesOf = (requestId: string) =>
      gateway
        .lines()
        .filter((l) => l.includes(requestId))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    // The gateway logs the refusal as it happens; wait (with a deadline) until both are there.
    await waitFor(async () => linesOf(forbiddenId).length > 0 && linesOf(notFoundId).length > 0, {
      timeoutMs: 5000,
      what: 'the gateway logging both refusals',
    });
    for (const [requestId, code] of [
      [forbiddenId, 'FORBIDDEN'],
      [notFoundId, 'NOT_FOUND'],
    ] as const) {
      const lines = linesOf(requestId);
      assert.deepEqual(
        lines.filter((l) => l['level'] === 'error' || 'stack' in l),
        [],
        `${code}: no error line, no stack`,
      );
      assert.ok(
        lines.some((l) => l['level'] === 'info' && l['code'] === code),
        `${code} logged at info: ${JSON.stringify(lines)}`,
      );
    }
  });
});
