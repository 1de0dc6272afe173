import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { jetStreamManagerOf, jetStreamOf } from '@yiti/messaging';
import { DUPLICATE_WINDOW_MS } from '@yiti/events';
import type { NumberedCheckpoint, SignedAuditCheckpoint } from './audit-checkpoint.js';

/**
 * The audit checkpoints' own JetStream stream (AUDIT_CHECKPOINT_STREAM, default `YITI_AUDIT`), apart from the
 * event stream: kept without an age limit, no message may be deleted and the stream may not be purged.
 */
export function checkpointSubject(subjectPrefix: string): string {
  return `${subjectPrefix}yiti.audit.records.checkpoint.v1`;
}

export interface CheckpointStreamOptions {
  name: string;
  subjectPrefix: string;
  /** 1 on a single server; 3 in a cluster. */
  replicas?: number;
  /** Server tags the stream must be placed on (JETSTREAM_PLACEMENT_TAGS); none = anywhere. */
  placementTags?: string[];
}

/**
 * Creates the stream when it does not exist yet; an existing one is left as it is (services may create streams
 * but not change them: docs/security.md), and the caller checks what it got.
 */
export async function ensureCheckpointStream(
  nc: NatsConnection,
  opts: CheckpointStreamOptions,
): Promise<StreamInfo> {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(opts.name)) throw new Error(`invalid stream name "${opts.name}"`);
  const jsm = await jetStreamManagerOf(nc);
  const cfg: Partial<StreamConfig> & { name: string } = {
    name: opts.name,
    subjects: [checkpointSubject(opts.subjectPrefix)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    // Checkpoints are the evidence of the audit log: never aged out (0 = no limit), never deleted, never purged.
    max_age: 0,
    max_bytes: -1,
    max_msgs: -1,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: opts.replicas ?? 1,
    ...(opts.placementTags?.length ? { placement: { cluster: '', tags: opts.placementTags } } : {}),
    deny_delete: true,
    deny_purge: true,
    allow_rollup_hdrs: false,
  };
  try {
    return await jsm.streams.info(cfg.name);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
      return jsm.streams.add(cfg);
    }
    throw err;
  }
}

/**
 * Publishes a checkpoint to the stream and waits for its acknowledgement. `Nats-Msg-Id` = key id and seq: a
 * retried publish is dropped as a duplicate. Callers publish in seq order (audit-checkpointer.ts).
 */
export async function publishCheckpoint(
  nc: NatsConnection,
  opts: { stream: string; subjectPrefix: string },
  checkpoint: SignedAuditCheckpoint,
): Promise<void> {
  await jetStreamOf(nc).publish(checkpointSubject(opts.subjectPrefix), JSON.stringify(checkpoint), {
    msgID: `${checkpoint.keyId}:${checkpoint.seq}`,
    expect: { streamName: opts.stream },
    timeout: 2000,
  });
}

/** Every checkpoint in the stream, in stream order, numbered by stream sequence (an ordered consumer). */
export async function readCheckpoints(
  nc: NatsConnection,
  opts: { stream: string; subjectPrefix: string },
): Promise<NumberedCheckpoint[]> {
  const jsm = await jetStreamManagerOf(nc);
  const info = await jsm.streams.info(opts.stream);
  const lastSeq = info.state.last_seq;
  const out: NumberedCheckpoint[] = [];
  if (info.state.messages === 0) return out;
  const consumer = await jetStreamOf(nc).consumers.get(opts.stream, {
    filter_subjects: checkpointSubject(opts.subjectPrefix),
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume({ max_messages: 512, expires: 5_000 });
  try {
    for await (const msg of messages) {
      let value: unknown = null;
      try {
        value = msg.json();
      } catch {
        value = null; // reported as malformed
      }
      out.push({ number: msg.seq, value });
      if (msg.seq >= lastSeq || msg.info.pending === 0) break;
    }
  } finally {
    await messages.close().catch(() => undefined);
    await consumer.delete().catch(() => undefined);
  }
  return out;
}

/** The last checkpoint published to the stream (parsed JSON, not yet trusted), or null when there is none. */
export async function lastCheckpoint(
  nc: NatsConnection,
  opts: { stream: string; subjectPrefix: string },
): Promise<NumberedCheckpoint | null> {
  const jsm = await jetStreamManagerOf(nc);
  const msg = await jsm.streams.getMessage(opts.stream, {
    last_by_subj: checkpointSubject(opts.subjectPrefix),
  });
  if (!msg) return null;
  let value: unknown = null;
  try {
    value = msg.json();
  } catch {
    value = null; // reported as malformed
  }
  return { number: msg.seq, value };
}
