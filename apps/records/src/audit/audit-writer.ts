import { Inject, Injectable } from '@nestjs/common';
import { appendEvents, type OutgoingEvent } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { isDataError } from '@yiti/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { auditHmacKey, RECORDS_SCHEMA, RecordsConfig } from '../records.config.js';
import { AuditCheckpointer } from './audit-checkpointer.js';
import { appendAuditBatch, lockAuditChain, type AuditEntryInput, type AuditRecord } from './audit-chain.js';

/** The rate limit's window. */
export const RATE_WINDOW_MS = 60_000;
/** At most this many entries per transaction. */
export const MAX_BATCH = 256;

export interface AuditRequest {
  readonly entry: AuditEntryInput;
  /** The events to publish once the entry has committed (e.g. the holders' notifications); none when limited. */
  readonly events?: (record: AuditRecord) => OutgoingEvent[];
}

export interface AuditOutcome {
  readonly record: AuditRecord;
  /**
   * The actor had already made RECORDS_LOOKUPS_PER_MINUTE requests in the last minute: the entry was written as
   * a `denied` / `rate-limited` one without its results, and no events were published.
   */
  readonly limited: boolean;
}

interface Pending {
  readonly request: AuditRequest;
  readonly resolve: (outcome: AuditOutcome) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * The one writer of the lookup audit log in this process, committing in groups: the requests that arrive while
 * a transaction is being written go together into the next one — one lock, one head read, one INSERT, one
 * commit (fsync) for all of them. Each caller gets its answer only after its entry has committed, so "written
 * before the results are returned" holds for every lookup, and a failed write fails the lookup.
 *
 * The per-user rate limit is decided here, under the chain's lock, from the log itself (so it holds across
 * instances): an entry whose actor already has RECORDS_LOOKUPS_PER_MINUTE entries in the last minute (rate-
 * limited ones not counted; earlier entries of the same group counted) is written as `rate-limited`.
 *
 * If the database refuses a group's data (SQLSTATE class 22 or 23), its entries are retried one by one, so one
 * bad entry does not fail the others; any other failure fails the group's lookups (SERVICE_UNAVAILABLE).
 */
@Injectable()
export class AuditWriter {
  private readonly pending: Pending[] = [];
  private draining = false;
  private readonly hmacKey: Buffer | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RecordsConfig) private readonly config: RecordsConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(AuditCheckpointer) private readonly checkpointer: AuditCheckpointer,
  ) {
    this.hmacKey = auditHmacKey(config);
  }

  write(request: AuditRequest): Promise<AuditOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, MAX_BATCH);
        try {
          const outcomes = await this.commit(group.map((p) => p.request));
          group.forEach((p, i) => p.resolve(outcomes[i]!));
        } catch (err) {
          // Only an entry the database refused as data can spoil a group. Anything else (the connection, the
          // commit's outcome unknown) fails the whole group: writing its entries again could write them twice.
          if (group.length === 1 || !isDataError(err)) {
            group.forEach((p) => p.reject(err));
            continue;
          }
          this.logger.event('warn', 'audit group failed; writing its entries one by one', {
            component: 'AuditWriter',
            entries: group.length,
            error: err instanceof Error ? err.message : String(err),
          });
          for (const p of group) {
            await this.commit([p.request]).then(
              ([outcome]) => p.resolve(outcome!),
              (e: unknown) => p.reject(e),
            );
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** One transaction; once it has committed, the checkpointer learns the new last entry. */
  private async commit(requests: readonly AuditRequest[]): Promise<AuditOutcome[]> {
    const outcomes = await this.dataSource.transaction(async (m) => {
      await lockAuditChain(m);
      const used = await this.recentCounts(m, [...new Set(requests.map((r) => r.entry.actor))]);
      const limit = this.config.RECORDS_LOOKUPS_PER_MINUTE;
      const limited = requests.map((r) => {
        const n = used.get(r.entry.actor) ?? 0;
        if (n >= limit) return true;
        used.set(r.entry.actor, n + 1);
        return false;
      });
      const entries = requests.map((r, i) =>
        limited[i]
          ? { ...r.entry, action: 'denied' as const, outcome: 'rate-limited', resultIds: [] }
          : r.entry,
      );
      const records = await appendAuditBatch(m, entries, { hmacKey: this.hmacKey });
      const events = requests.flatMap((r, i) => (limited[i] ? [] : (r.events?.(records[i]!) ?? [])));
      await appendEvents(m, RECORDS_SCHEMA, events);
      return records.map((record, i) => ({ record, limited: limited[i]! }));
    });
    const last = outcomes[outcomes.length - 1];
    if (last) this.checkpointer.committed(last.record);
    return outcomes;
  }

  /** Each actor's entries in the window, rate-limited ones not counted, up to the limit (no need to count on). */
  private async recentCounts(m: EntityManager, actors: string[]): Promise<Map<string, number>> {
    const rows = (await m.query(
      `SELECT a.actor,
              (SELECT count(*)::int FROM (
                 SELECT 1 FROM "records"."audit_log" l
                  WHERE l."actor" = a.actor AND l."at" > $2 AND l."outcome" <> 'rate-limited'
                  LIMIT $3) recent) AS n
         FROM unnest($1::text[]) AS a(actor)`,
      [actors, new Date(Date.now() - RATE_WINDOW_MS), this.config.RECORDS_LOOKUPS_PER_MINUTE],
    )) as Array<{ actor: string; n: number }>;
    return new Map(rows.map((r) => [r.actor, r.n]));
  }
}
