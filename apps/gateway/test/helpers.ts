import assert from 'node:assert/strict';
import type { NatsConnection } from '@nats-io/transport-node';
import type { GraphQLResult } from '@yiti/devstack';
import { CLIENT_ERROR_CODES } from '../src/errors/error-codes.js';

/** What the integration specs assert about the gateway's answers, the same way in each. */

export const CODES = new Set<string>(CLIENT_ERROR_CODES);
/** What must never reach a client: stack traces, exception names, SQL. */
export const INTERNALS = /stack|Exception|at \w+ \(|node_modules|QueryFailed|SELECT/i;

/** The code of a GraphQL error answer, checked to be a client error code, the answer checked to be safe. */
export const codeOf = (result: GraphQLResult<unknown>) => {
  const code = result.errors?.[0]?.extensions?.code;
  assert.ok(code && CODES.has(code), `unexpected error code ${String(code)}: ${JSON.stringify(result)}`);
  assert.doesNotMatch(JSON.stringify(result), INTERNALS);
  return code;
};

/** The data of a GraphQL answer, failing the test on an error. */
export const ok = <T>(result: GraphQLResult<T>): T => {
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!;
};

/** Runs `action` and counts the NATS requests published on `subject` (prefix included) meanwhile. */
export async function countRequests<T>(
  nc: NatsConnection,
  subject: string,
  action: () => Promise<T>,
): Promise<[T, number]> {
  let seen = 0;
  const sub = nc.subscribe(subject, { callback: () => void seen++ });
  await nc.flush();
  try {
    const result = await action();
    await nc.flush();
    return [result, seen];
  } finally {
    sub.unsubscribe();
  }
}

/** An HTTP error answer as [status, code, message], its body checked to be the safe JSON error. */
export async function refusal(res: Response) {
  const text = await res.text();
  assert.doesNotMatch(text, INTERNALS);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const { error } = JSON.parse(text) as { error: { code: string; message: string } };
  assert.ok(CODES.has(error.code), text);
  return [res.status, error.code, error.message] as const;
}
