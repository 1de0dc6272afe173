import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniqueName } from './databases.js';
import { startStack, type Stack, type StackOptions } from './stack.js';
import { testTokens, type TestTokens } from './token-matrix.js';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown }; path?: string[] }>;
}

export interface TestStack extends Stack {
  readonly tokens: TestTokens;
  readonly signingKeyFile: string;
  /** A real token from the development identity provider (password grant, password yiti-demo). */
  login(username: string): Promise<string>;
  graphql<T = Record<string, unknown>>(
    query: string,
    options?: {
      token?: string | undefined;
      variables?: Record<string, unknown>;
      headers?: Record<string, string>;
      /** Which gateway instance answers (an index into graphqlUrls; default 0). */
      gateway?: number;
    },
  ): Promise<GraphQLResult<T>>;
}

/**
 * The whole stack for an integration test: its own secured nats-server (bus identities and permissions as in
 * production, store in a scratch folder), the PostgreSQL `npm test` provisioned (YITI_TEST_POSTGRES_URL, else
 * the default) with a fresh database dropped afterwards, and every app as a real process.
 */
export async function startTestStack(overrides: Partial<StackOptions> = {}): Promise<TestStack> {
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-test-'));
  const signingKeyFile = join(scratch, 'signing-key.pem');
  const postgresUrl = process.env['YITI_TEST_POSTGRES_URL'];
  let stack: Stack;
  try {
    stack = await startStack({
      root: REPO_ROOT,
      dataDir: join(scratch, 'data'),
      nodeEnv: 'test',
      signingKeyFile,
      subjectPrefix: `${uniqueName('t')}.`,
      eventsStream: uniqueName('YITI_EVENTS_T'),
      auditStream: uniqueName('YITI_AUDIT_T'),
      ...(postgresUrl ? { postgresUrl } : {}),
      ...overrides,
    });
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
  const tokens = await testTokens({ keyFile: signingKeyFile, issuer: `${stack.idpUrl}/realms/yiti` });
  return {
    ...stack,
    tokens,
    signingKeyFile,
    async stop() {
      await stack.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
    async login(username) {
      const res = await fetch(`${stack.idpUrl}/realms/yiti/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'yiti-portal',
          username,
          password: 'yiti-demo',
        }),
      });
      const body = (await res.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`login of ${username} failed: ${res.status}`);
      return body.access_token;
    },
    async graphql(query, options = {}) {
      const res = await fetch(stack.graphqlUrls[options.gateway ?? 0] ?? stack.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables: options.variables ?? {} }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
  };
}
