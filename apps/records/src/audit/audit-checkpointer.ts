import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { JsonLogger } from '@yiti/logging';
import { NATS_CONNECTION } from '@yiti/messaging';
import { DEV_AUDIT_SIGNING_KEY_FILE, RecordsConfig } from '../records.config.js';
import { signCheckpoint } from './audit-checkpoint.js';
import { ensureCheckpointStream, publishCheckpoint } from './audit-checkpoint-stream.js';
import { loadAuditSigningKey, type AuditSigningKey } from './audit-signing-key.js';

/**
 * Signs and publishes checkpoints of the entries this process committed (the seq and hash it computed itself):
 * after RECORDS_AUDIT_CHECKPOINT_ENTRIES new entries, RECORDS_AUDIT_CHECKPOINT_SECONDS after the first one not
 * yet checkpointed, and at shutdown. A failed publish is logged and retried at the next occasion; it never
 * fails a lookup (the verifier simply covers the chain up to the last checkpoint published).
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private key: AuditSigningKey | undefined;
  private latest = { seq: 0, hash: '' };
  private signedSeq = 0;
  /** A checkpoint for reaching RECORDS_AUDIT_CHECKPOINT_ENTRIES is queued or running: no second one. */
  private due = false;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(RecordsConfig) private readonly config: RecordsConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.RECORDS_AUDIT_SIGNING_KEY_FILE || DEV_AUDIT_SIGNING_KEY_FILE;
    this.key = loadAuditSigningKey(file, this.config.NODE_ENV !== 'production');
    await ensureCheckpointStream(this.nc, {
      name: this.config.AUDIT_CHECKPOINT_STREAM,
      subjectPrefix: this.config.NATS_SUBJECT_PREFIX,
    });
    this.logger.event('info', 'audit checkpoints signed', {
      component: 'AuditCheckpointer',
      keyId: this.key.keyId,
      publicKey: this.key.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      stream: this.config.AUDIT_CHECKPOINT_STREAM,
    });
  }

  /** The writer's report of a committed group: its last entry. */
  committed(last: { seq: number; hash: string }): void {
    if (last.seq <= this.latest.seq) return;
    this.latest = { seq: last.seq, hash: last.hash };
    if (this.latest.seq - this.signedSeq < this.config.RECORDS_AUDIT_CHECKPOINT_ENTRIES) this.arm();
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

  /** Signs and publishes the latest committed entry unless it is already checkpointed; one at a time. */
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
    const head = this.latest;
    if (!this.key || head.seq <= this.signedSeq) return;
    try {
      await publishCheckpoint(
        this.nc,
        { stream: this.config.AUDIT_CHECKPOINT_STREAM, subjectPrefix: this.config.NATS_SUBJECT_PREFIX },
        signCheckpoint(head, this.key),
      );
      this.signedSeq = head.seq;
    } catch (err) {
      this.logger.event('warn', 'audit checkpoint not published; retrying at the next one', {
        component: 'AuditCheckpointer',
        seq: head.seq,
        error: err instanceof Error ? err.message : String(err),
      });
      this.arm();
    }
  }
}
