import assert from 'node:assert/strict';
import type { NatsConnection } from '@nats-io/transport-node';
import { errorReasonNamed } from '@yiti/contracts';
import type { GraphQLResult } from '@yiti/devstack';
import { CLIENT_ERROR_CODES } from '../src/errors/error-codes.js';

/** What the integration specs assert about the gateway's answers, the same way in each. */

export const CODES = new Set<string>(CLIENT_ERROR_CODES);
/** What must never reach a client: stack traces, exception names, SQL. */
export const INTERNALS = /stack|Exception|at \w+ \(|node_modules|QueryFailed|SELECT/i;

/** The reason of an error (GraphQL `extensions` or an HTTP `error` body), checked against the catalogue. */
const checkedReason = (error: Record<string, unknown> | undefined, code: string) => {
  const reason = error?.['reason'];
  const known = typeof reason === 'string' ? errorReasonNamed(reason) : undefined;
  assert.ok(known, `an error without a catalogued reason: ${JSON.stringify(error)}`);
  const messages = error?.['messages'] as Record<string, string> | undefined;
  assert.deepEqual(
    messages,
    { 'zh-CN': known.zh, en: known.en },
    'the reason with its zh-CN and en messages',
  );
  assert.ok(CODES.has(code));
  return known.reason;
};

/**
 * The code of a GraphQL error answer, checked to be a client error code with a catalogued reason (every
 * error of the answer), the answer checked to be safe.
 */
export const codeOf = (result: GraphQLResult<unknown>) => {
  const code = result.errors?.[0]?.extensions?.code;
  assert.ok(code && CODES.has(code), `unexpected error code ${String(code)}: ${JSON.stringify(result)}`);
  assert.doesNotMatch(JSON.stringify(result), INTERNALS);
  for (const e of result.errors ?? []) checkedReason(e.extensions, String(e.extensions?.code));
  return code;
};

/** The reason of a GraphQL error answer (`extensions.reason`), checked as `codeOf` checks the code. */
export const reasonOf = (result: GraphQLResult<unknown>) => {
  codeOf(result);
  return checkedReason(result.errors?.[0]?.extensions, String(result.errors?.[0]?.extensions?.code));
};

/** The zh-CN message of a GraphQL error answer's reason. */
export const zhOf = (result: GraphQLResult<unknown>) =>
  (result.errors?.[0]?.extensions?.['messages'] as Record<string, string> | undefined)?.['zh-CN'];

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
  checkedReason(error as unknown as Record<string, unknown>, error.code);
  return [res.status, error.code, error.message] as const;
}
