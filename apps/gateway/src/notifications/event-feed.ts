import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { jetStreamManagerOf, jetStreamOf } from '@yiti/messaging';
import type { JsonLogger } from '@yiti/logging';
import { EventFanOut } from './event-fan-out.js';

export interface EventFeedOptions {
  nc: NatsConnection;
  /** The event stream (EVENTS_STREAM). */
  stream: string;
  /** NATS_SUBJECT_PREFIX: the feed reads `<prefix>yiti.evt.>` and hands subscribers subjects without it. */
  subjectPrefix: string;
  logger: JsonLogger;
  bufferLimit?: number;
  /** First delay before reopening the consumer after a failure; doubles up to maxRetryDelayMs. Default 500. */
  retryDelayMs?: number;
  /** Default 30 s. */
  maxRetryDelayMs?: number;
}

/**
 * The gateway's one reader of the event stream: an ordered (ephemeral, in-memory, unacknowledged) JetStream
 * consumer on `<prefix>yiti.evt.>` per gateway process, fanned out to the GraphQL subscriptions of this process.
 * It starts at new events: notifications are live, not a replay (a client that reconnects queries the state).
 *
 * The ordered consumer recreates itself after a NATS reconnect, a server restart or its deletion, resuming
 * after the last event it delivered. When it gives up (e.g. the stream is gone), or the stream does not exist
 * yet at boot (services create it), the feed reopens it with back-off, from where it left off.
 *
 * Why `StartSequence` at the stream's last sequence + 1 rather than `DeliverPolicy.New`: a reset ordered
 * consumer restarts at its cursor + 1, and with `New` that cursor is 0 until the first event arrives — a reset
 * before then would replay the whole stream to every subscriber.
 */
export class EventFeed extends EventFanOut implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly filterSubject: string;
  private consumer: Consumer | undefined;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  /** Stream sequence of the last event delivered; 0 before the first. */
  private lastSequence = 0;

  constructor(private readonly opts: EventFeedOptions) {
    super(opts.logger, opts.bufferLimit);
    if (!/^([a-z0-9_-]+\.)?$/.test(opts.subjectPrefix)) {
      throw new Error(`invalid subject prefix "${opts.subjectPrefix}"`);
    }
    // One filter subject: nats-server 2.9 has no multi-filter consumers.
    this.filterSubject = `${opts.subjectPrefix}yiti.evt.>`;
  }

  /** Whether the consumer is open (events flow to subscribers). */
  get listening(): boolean {
    return this.messages !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /**
   * Opens the consumer — the first attempt is awaited, so a gateway that reports ready already listens —
   * then keeps it open in the background. Never throws: failures are logged and retried.
   */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopped = false;
    const first = await this.open().catch((err: unknown) => {
      this.onOpenFailed(err, 1);
      return undefined;
    });
    this.loop = this.run(first);
  }

  /** Stops reading and completes every subscription. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    this.loop = undefined;
    // The server would drop the idle in-memory consumer after its inactivity threshold; do not wait for it.
    await this.consumer?.delete().catch(() => undefined);
    this.consumer = undefined;
    this.completeAll();
  }

  private async run(first: ConsumerMessages | undefined): Promise<void> {
    let messages = first;
    let failures = messages ? 0 : 1;
    while (!this.stopped) {
      if (!messages) {
        await this.sleep(this.retryDelay(failures));
        if (this.stopped) break;
        try {
          messages = await this.open();
        } catch (err) {
          failures++;
          this.onOpenFailed(err, failures);
          continue;
        }
      }
      failures = 0;
      try {
        for await (const msg of messages) this.deliver(msg);
        if (!this.stopped) this.logger.event('warn', 'event feed consumer ended; reopening', this.fields());
      } catch (err) {
        if (!this.stopped) {
          this.logger.event('warn', 'event feed consumer failed; reopening', {
            ...this.fields(),
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
      this.messages = undefined;
      messages = undefined;
      failures = 1;
      await this.consumer?.delete().catch(() => undefined);
      this.consumer = undefined;
    }
  }

  private async open(): Promise<ConsumerMessages> {
    const { nc, stream } = this.opts;
    const info = await (await jetStreamManagerOf(nc)).streams.info(stream);
    // Resume after the last event delivered, unless the stream was recreated since (its sequence went back).
    const after =
      this.lastSequence > 0 ? Math.min(this.lastSequence, info.state.last_seq) : info.state.last_seq;
    const consumer = await jetStreamOf(nc).consumers.get(stream, {
      filter_subjects: this.filterSubject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: after + 1,
    });
    // Pulls expire after 10 s, so the server heartbeats every 5 s and two missed heartbeats (a deleted
    // consumer, a server that lost it) make the ordered consumer recreate itself within ~10 s.
    const messages = await consumer.consume({ max_messages: 256, expires: 10_000 });
    if (this.stopped) {
      await messages.close().catch(() => undefined);
      await consumer.delete().catch(() => undefined);
      throw new Error('event feed stopped');
    }
    this.consumer = consumer;
    this.messages = messages;
    void this.watch(messages);
    this.logger.event('info', 'event feed listening', { ...this.fields(), fromSequence: after + 1 });
    return messages;
  }

  private deliver(msg: JsMsg): void {
    this.lastSequence = msg.info.streamSequence;
    const prefix = this.opts.subjectPrefix;
    const subject = msg.subject.startsWith(prefix) ? msg.subject.slice(prefix.length) : msg.subject;
    this.publish(subject, msg.data);
  }

  /** Logs what the ordered consumer does on its own (recreation after a reconnect, missed heartbeats). */
  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const status of messages.status()) {
        switch (status.type) {
          case 'ordered_consumer_recreated':
          case 'heartbeats_missed':
          case 'stream_not_found':
          case 'consumer_deleted':
          case 'consumer_not_found':
            this.logger.event('info', `event feed consumer: ${status.type}`, {
              ...this.fields(),
              lastSequence: this.lastSequence,
            });
            break;
          default:
            break;
        }
      }
    } catch {
      // the status iterator ends with the messages
    }
  }

  private onOpenFailed(err: unknown, failures: number): void {
    if (this.stopped) return;
    this.logger.event('warn', 'event feed cannot open its consumer; retrying', {
      ...this.fields(),
      error: err instanceof Error ? err.message : String(err),
      retryInMs: this.retryDelay(failures),
    });
  }

  private retryDelay(failures: number): number {
    const first = this.opts.retryDelayMs ?? 500;
    return Math.min(
      this.opts.maxRetryDelayMs ?? 30_000,
      first * 2 ** Math.min(Math.max(failures - 1, 0), 16),
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private fields(): Record<string, unknown> {
    return { component: 'EventFeed', stream: this.opts.stream, filterSubject: this.filterSubject };
  }
}
