import type { BruteForcePolicy } from './realm.js';

interface Failures {
  count: number;
  lastFailureMs: number;
  notBeforeMs: number;
}

/**
 * Keycloak's brute-force detector, per user: after `failureFactor` consecutive failures the user is locked for
 * `waitIncrementSeconds × ⌊failures / failureFactor⌋` (capped at `maxFailureWaitSeconds`); failures further
 * apart than `maxDeltaTimeSeconds` start a new count; a successful login resets it. While locked every attempt
 * fails with the same answer as a wrong password, so the lockout is not revealed.
 */
export class BruteForceGuard {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly policy: BruteForcePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  isLocked(userId: string): boolean {
    if (!this.policy.enabled) return false;
    const entry = this.failures.get(userId);
    if (!entry) return false;
    if (this.policy.permanentLockout) return entry.count >= this.policy.failureFactor;
    return this.now() < entry.notBeforeMs;
  }

  /** Records a failed attempt; returns true when this failure locked the user. */
  recordFailure(userId: string): boolean {
    if (!this.policy.enabled) return false;
    const now = this.now();
    this.sweep(now);
    const entry = this.failures.get(userId) ?? { count: 0, lastFailureMs: now, notBeforeMs: 0 };
    if (now - entry.lastFailureMs > this.policy.maxDeltaTimeSeconds * 1000) entry.count = 0;
    entry.count += 1;
    entry.lastFailureMs = now;
    const steps = Math.floor(entry.count / this.policy.failureFactor);
    if (steps > 0) {
      const waitSeconds = Math.min(
        this.policy.waitIncrementSeconds * steps,
        this.policy.maxFailureWaitSeconds,
      );
      entry.notBeforeMs = now + waitSeconds * 1000;
    }
    this.failures.set(userId, entry);
    return steps > 0;
  }

  recordSuccess(userId: string): void {
    this.failures.delete(userId);
  }

  private sweep(now: number): void {
    if (this.failures.size < 1000) return;
    for (const [id, e] of this.failures) {
      if (now - e.lastFailureMs > this.policy.maxDeltaTimeSeconds * 1000 && now >= e.notBeforeMs) {
        this.failures.delete(id);
      }
    }
  }
}
