import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { placementTagsOf } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { NATS_CONNECTION } from '@yiti/messaging';
import { DataSource } from 'typeorm';
import { DEV_AUDIT_SIGNING_KEY_FILE, RecordsConfig } from '../records.config.js';
import { signCheckpoint } from './audit-checkpoint.js';
import { ensureCheckpointStream, lastCheckpoint, publishCheckpoint } from './audit-checkpoint-stream.js';
import { loadAuditSigningKey, type AuditSigningKey } from './audit-signing-key.js';

/** Serialises checkpoints across instances (not the chain's lock: lookups never wait for a publish). */
const CHECKPOINT_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended('yiti:records.audit_checkpoint', 0))`;

/**
 * Signs and publishes checkpoints of the audit chain's head: after RECORDS_AUDIT_CHECKPOINT_ENTRIES entries
 * committed by this process, RECORDS_AUDIT_CHECKPOINT_SECONDS after the first one not yet covered, and at
 * shutdown. Each instance reads the head under one advisory lock and publishes before releasing it, so the
 * checkpoints of all instances reach the stream in seq order. A failed publish is logged and retried later; it
 * never fails a lookup (the verifier covers the chain up to the last checkpoint published).
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private key: AuditSigningKey | undefined;
  /** The last entry this process committed. */
  private latest = 0;
  private signedSeq = 0;
  /** A checkpoint for reaching RECORDS_AUDIT_CHECKPOINT_ENTRIES is queued or running: no second one. */
  private due = false;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RecordsConfig) private readonly config: RecordsConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.RECORDS_AUDIT_SIGNING_KEY_FILE || DEV_AUDIT_SIGNING_KEY_FILE;
    this.key = loadAuditSigningKey(file, this.config.NODE_ENV !== 'production');
    const stream = await ensureCheckpointStream(this.nc, {
      name: this.config.AUDIT_CHECKPOINT_STREAM,
      subjectPrefix: this.config.NATS_SUBJECT_PREFIX,
      replicas: this.config.JETSTREAM_REPLICAS,
      placementTags: placementTagsOf(this.config.JETSTREAM_PLACEMENT_TAGS),
    });
    const { deny_delete, deny_purge, max_age } = stream.config;
    if (!deny_delete || !deny_purge || max_age !== 0) {
      this.logger.event('warn', 'the audit checkpoint stream lets checkpoints be deleted or age out', {
        component: 'AuditCheckpointer',
        stream: stream.config.name,
        deny_delete,
        deny_purge,
        max_age,
      });
    }
    this.logger.event('info', 'audit checkpoints signed', {
      component: 'AuditCheckpointer',
      keyId: this.key.keyId,
      publicKey: this.key.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      stream: this.config.AUDIT_CHECKPOINT_STREAM,
    });
  }

  /** The public half of the signing key (undefined before the application has started). */
  get publicKey() {
    return this.key?.publicKey;
  }

  /** The last checkpoint in the stream, or null when none has been published yet. */
  last() {
    return lastCheckpoint(this.nc, {
      stream: this.config.AUDIT_CHECKPOINT_STREAM,
      subjectPrefix: this.config.NATS_SUBJECT_PREFIX,
    });
  }

  /** The writer's report of a committed group: its last entry. */
  committed(last: { seq: number }): void {
    if (last.seq <= this.latest) return;
    this.latest = last.seq;
    if (this.latest - this.signedSeq < this.config.RECORDS_AUDIT_CHECKPOINT_ENTRIES) this.arm();
    else if (!this.due) {
      this.due = true;
      void this.checkpoint().finally(() => (this.due = false));
    }
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => void this.checkpoint(),
      this.config.RECORDS_AUDIT_CHECKPOINT_SECONDS * 1000,
    );
    this.timer.unref();
  }

  /** Signs and publishes the head unless this process's entries are already covered; one at a time. */
  checkpoint(): Promise<void> {
    this.running = this.running.then(() => this.publishLatest());
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.checkpoint();
    clearTimeout(this.timer);
  }

  private async publishLatest(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const key = this.key;
    if (!key || this.latest <= this.signedSeq) return;
    try {
      await this.dataSource.transaction(async (m) => {
        await m.query(CHECKPOINT_LOCK_SQL);
        const [head] = (await m.query(
          `SELECT "seq"::text AS seq, "hash" FROM "records"."audit_head" WHERE "singleton"`,
        )) as Array<{ seq: string; hash: string }>;
        if (!head) throw new Error('records.audit_head is missing');
        const seq = Number(head.seq);
        if (seq <= this.signedSeq) return;
        await publishCheckpoint(
          this.nc,
          { stream: this.config.AUDIT_CHECKPOINT_STREAM, subjectPrefix: this.config.NATS_SUBJECT_PREFIX },
          signCheckpoint({ seq, hash: head.hash }, key),
        );
        this.signedSeq = seq;
      });
    } catch (err) {
      this.logger.event('warn', 'audit checkpoint not published; retrying later', {
        component: 'AuditCheckpointer',
        seq: this.latest,
        error: err instanceof Error ? err.message : String(err),
      });
      this.arm();
    }
  }
}
