import type { BruteForceGuard } from './brute-force.js';
import type { Realm } from './realm.js';
import type { SessionStore } from './sessions.js';
import type { RealmKeys } from './signing.js';

/** The subset of `JsonLogger` the provider uses, so tests can pass a silent one. */
export interface DevIdpLogger {
  event(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/** Everything a request handler needs; one per running provider. */
export interface DevIdpContext {
  readonly realm: Realm;
  /** `<public url>/realms/<realm>` — the `iss` of every token. */
  readonly issuer: string;
  readonly keys: RealmKeys;
  readonly sessions: SessionStore;
  readonly bruteForce: BruteForceGuard;
  readonly logger: DevIdpLogger;
  nowSeconds(): number;
}
