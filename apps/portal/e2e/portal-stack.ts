import assert from 'node:assert/strict';
import { startTestStack, type TestStack } from '@yiti/devstack';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';

/** The real stack (services, gateway serving the portal's build, dev IdP, NATS, PostgreSQL) and a browser. */
export interface PortalRig {
  readonly stack: TestStack;
  readonly browser: Browser;
  readonly portalUrl: string;
  stop(): Promise<void>;
}

export async function startPortalRig(): Promise<PortalRig> {
  const browser = await launchBrowser();
  let stack: TestStack;
  try {
    stack = await startTestStack({ seedDemoData: true });
  } catch (err) {
    await browser.close();
    throw err;
  }
  return {
    stack,
    browser,
    portalUrl: stack.gatewayUrl,
    async stop() {
      await browser.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

/** A GraphQL operation as `username` (signed in with the IdP's password grant), failing on any error. */
export async function graphqlAs<T>(
  rig: PortalRig,
  username: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const r = await rig.stack.graphql<T>(query, { token: await rig.stack.login(username), variables });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data!;
}
