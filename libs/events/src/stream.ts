import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { jetStreamManagerOf } from '@yiti/messaging';

/**
 * The ONE JetStream stream of domain events, `<prefix>yiti.evt.>`, and its dead-letter companion
 * `<name>_DLQ` for `<prefix>yiti.dlq.>`. JetStream forbids two streams with overlapping subjects, so stacks
 * that share a NATS server (tests) keep apart through their subject prefix and stream name.
 */
export interface EventStreamOptions {
  /** Stream name from configuration (tests use a unique one), e.g. `YITI_EVENTS`. */
  name: string;
  /** The service's `NATS_SUBJECT_PREFIX`: empty in production, `t_abc123.` in a test stack. */
  subjectPrefix: string;
  /** 1 on a single server; 3 in a cluster (a quorum survives the loss of one server). Default 1. */
  replicas?: number;
  /** How long events are kept for replay. Default 30 days. */
  maxAgeMs?: number;
  /** Upper bound on the stream's size in bytes; -1 (default) leaves only the server's storage limit. */
  maxBytes?: number;
  /** Server tags the stream must be placed on (JetStream placement); none = anywhere. */
  placementTags?: string[];
}

/** The event stream as a service's configuration names it (eventStreamOf). */
export type EventStreamRef = Required<
  Pick<EventStreamOptions, 'name' | 'replicas' | 'maxAgeMs' | 'placementTags'>
>;

/** The settings of the event stream in a service's configuration (ServiceConfig). */
export interface EventStreamConfig {
  EVENTS_STREAM: string;
  JETSTREAM_REPLICAS: number;
  EVENTS_MAX_AGE_DAYS: number;
  JETSTREAM_PLACEMENT_TAGS: string;
}

/** The event stream a service's configuration describes: the one place its settings are read. */
export function eventStreamOf(config: EventStreamConfig): EventStreamRef {
  return {
    name: config.EVENTS_STREAM,
    replicas: config.JETSTREAM_REPLICAS,
    maxAgeMs: config.EVENTS_MAX_AGE_DAYS * DAY_MS,
    placementTags: placementTagsOf(config.JETSTREAM_PLACEMENT_TAGS),
  };
}

/** JETSTREAM_PLACEMENT_TAGS as a list (empty when unset). */
export function placementTagsOf(tags: string): string[] {
  return tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

export interface EventStreams {
  events: StreamInfo;
  deadLetters: StreamInfo;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long JetStream remembers a `Nats-Msg-Id` and drops a re-publish of it. Two minutes: longer than any gap
 * between a relay publishing a batch and a relay (the same one after a crash or failed commit, or another
 * instance) re-publishing its unmarked rows — that gap is the publish timeout plus the relay's back-off,
 * seconds. Longer windows cost server memory per message; past the window the consumers' inbox still dedups.
 */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

export function eventSubjects(subjectPrefix: string): string {
  return `${subjectPrefix}yiti.evt.>`;
}

export function deadLetterSubject(subjectPrefix: string, durableName: string): string {
  return `${subjectPrefix}yiti.dlq.${durableName}`;
}

export function deadLetterStreamName(name: string): string {
  return `${name}_DLQ`;
}

function streamConfig(
  name: string,
  subjects: string,
  maxAgeMs: number,
  opts: EventStreamOptions,
): Partial<StreamConfig> & { name: string } {
  return {
    name,
    subjects: [subjects],
    // File storage: events are the record other services rebuild from; they must survive a server restart.
    storage: StorageType.File,
    // Limits retention (not work-queue/interest): a consumed event stays, so a new consumer or a service
    // rebuilding its read model can replay history; only age (and the optional size cap) removes events.
    retention: RetentionPolicy.Limits,
    max_age: nanos(maxAgeMs),
    max_bytes: opts.maxBytes ?? -1,
    // Discard new: should a size limit ever be hit, a publish fails and the relay keeps the events in the
    // outbox (and retries) instead of the stream silently dropping old events some consumer has not read yet.
    discard: DiscardPolicy.New,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: opts.replicas ?? 1,
    // Only a configured placement is checked: a stream created without one is left where it is.
    ...(opts.placementTags?.length ? { placement: { cluster: '', tags: opts.placementTags } } : {}),
    // Events are facts: no single message is deleted through the API (age and purge are the operator's tools).
    deny_delete: true,
    allow_rollup_hdrs: false,
  };
}

function matches(current: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return Object.entries(wanted).every(([key, value]) => {
    const have = (current as unknown as Record<string, unknown>)[key];
    if (key === 'placement') {
      // The server may add fields of its own (cluster); the tags are what was asked for.
      const tags = (p: unknown) => [...((p as { tags?: string[] } | undefined)?.tags ?? [])].sort();
      return JSON.stringify(tags(have)) === JSON.stringify(tags(value));
    }
    return JSON.stringify(have) === JSON.stringify(value);
  });
}

/**
 * Creates the event stream and its dead-letter stream, or brings an existing one to this configuration
 * (idempotent: every instance of every service may call it at boot) — except its replica count, which only
 * ever grows here: a stream on more servers than `replicas` stays on them. Dead letters are kept 90 days: long
 * enough for someone to look at them, replay them, or decide to drop them.
 */
export async function ensureEventStream(nc: NatsConnection, opts: EventStreamOptions): Promise<EventStreams> {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(opts.name)) throw new Error(`invalid stream name "${opts.name}"`);
  if (!/^([a-z0-9_-]+\.)?$/.test(opts.subjectPrefix)) {
    throw new Error(`invalid subject prefix "${opts.subjectPrefix}"`);
  }
  const jsm = await jetStreamManagerOf(nc);
  const upsert = async (cfg: Partial<StreamConfig> & { name: string }): Promise<StreamInfo> => {
    let current: StreamInfo;
    try {
      current = await jsm.streams.info(cfg.name);
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
        return jsm.streams.add(cfg);
      }
      throw err;
    }
    // Never fewer replicas than the stream has: an instance booting with a stale or default JETSTREAM_REPLICAS
    // (1) must not shrink a stream the cluster keeps at R3 — nor fail its boot over it.
    const wanted = { ...cfg, num_replicas: Math.max(cfg.num_replicas ?? 1, current.config.num_replicas) };
    // A stream provisioned as configured is left alone: services may read stream info but not change streams
    // (docs/security.md), so only a stream that differs is updated — by whoever is allowed to.
    if (matches(current.config, wanted)) return current;
    const { name, ...update } = wanted;
    delete update.storage; // fixed at creation; an update that names it is refused
    try {
      return await jsm.streams.update(name, update);
    } catch (err) {
      if (!/Permissions Violation/.test(String(err))) throw err;
      throw new Error(
        `stream ${name} has another configuration than this version expects, and only the operator may change ` +
          'it: update it as the operator (npm start does at start; docs/security.md)',
      );
    }
  };
  const events = await upsert(
    streamConfig(opts.name, eventSubjects(opts.subjectPrefix), opts.maxAgeMs ?? 30 * DAY_MS, opts),
  );
  const deadLetters = await upsert(
    streamConfig(deadLetterStreamName(opts.name), `${opts.subjectPrefix}yiti.dlq.>`, 90 * DAY_MS, opts),
  );
  return { events, deadLetters };
}
