import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { requestIdFrom, runInRequestContext, traceparentFrom, type JsonLogger } from '@yiti/logging';
import { jetStreamManagerOf, jetStreamOf, REQUEST_ID_HEADER, TRACEPARENT_HEADER } from '@yiti/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName } from './outbox.js';
import { deadLetterSubject } from './stream.js';

/** One event as a handler sees it. */
export interface ConsumedEvent {
  /** The event id: `Nats-Msg-Id`, i.e. the producer's outbox id. */
  id: string;
  subject: string;
  payload: Uint8Array;
  headers: Record<string, string>;
  /** 1 on first delivery. */
  deliveryCount: number;
  streamSequence: number;
}

/** Decodes an event's protobuf payload: `decodeEvent(PactSignedSchema, event)`. */
export function decodeEvent<Desc extends DescMessage>(
  schema: Desc,
  event: ConsumedEvent,
): MessageShape<Desc> {
  return fromBinary(schema, event.payload);
}

export interface EventConsumerOptions {
  nc: NatsConnection;
  /** The event stream's name (see ensureEventStream). */
  stream: string;
  /** Durable consumer name, also the inbox `consumer` key and the dead-letter subject's last token. */
  durableName: string;
  /** One subject or wildcard under `<prefix>yiti.evt.` (nats-server 2.9 has one filter subject per consumer). */
  filterSubject: string;
  dataSource: DataSource;
  /** The consuming service's schema, whose `inbox` table records processed events. */
  schema: string;
  logger: JsonLogger;
  /** Runs once per event, inside the transaction that records it in the inbox: use `manager` for every write. */
  handle: (event: ConsumedEvent, manager: EntityManager) => Promise<void>;
  /**
   * How long the server waits for an ack before redelivering. Default 30 s: well above a handler's worst case
   * (a few queries), so a slow handler is not run concurrently by a redelivery; a crashed instance's
   * messages come back after it.
   */
  ackWaitMs?: number;
  /** Deliveries before an event is dead-lettered. Default 10: covers minutes of back-off over an outage. */
  maxDeliver?: number;
  /** First redelivery delay after a handler error; doubles per attempt, at most 60 s. Default 1000 ms. */
  retryDelayMs?: number;
  /** Messages pulled ahead; each one's ack wait runs while it waits in the buffer. Default 32. */
  prefetch?: number;
}

/** Events handled, skipped as already processed, handler failures, and events dead-lettered. */
export type EventConsumerStats = Record<'handled' | 'duplicates' | 'failures' | 'deadLettered', number>;

/**
 * Extra server-side deliveries beyond `maxDeliver`, used only when publishing a dead letter fails: the server
 * stops there (and emits a MAX_DELIVERIES advisory), so no message is redelivered forever.
 */
const DEAD_LETTER_RETRIES = 5;
const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Durable pull consumer with explicit acks and an inbox: each event is handled in one PostgreSQL transaction
 * that first inserts (durableName, event id) into `<schema>.inbox`; when the row already exists the event was
 * handled before and is only acked, so a redelivery has no second effect. The ack follows the commit (a lost
 * ack means a redelivery, which the inbox absorbs). A handler error rolls back and naks with exponential
 * back-off; after `maxDeliver` attempts the event goes to `<prefix>yiti.dlq.<durableName>` and is terminated.
 * Messages are handled one at a time per instance; run more instances to scale out.
 */
export class EventConsumer {
  readonly stats: EventConsumerStats = { handled: 0, duplicates: 0, failures: 0, deadLettered: 0 };
  private readonly js: JetStreamClient;
  private readonly maxDeliver: number;
  private readonly dlqSubject: string;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(private readonly opts: EventConsumerOptions) {
    assertSchemaName(opts.schema);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(opts.durableName))
      throw new Error(`invalid durable "${opts.durableName}"`);
    const at = opts.filterSubject.indexOf('yiti.evt.');
    if (at < 0) throw new Error(`filter subject "${opts.filterSubject}" is not an event subject`);
    this.js = jetStreamOf(opts.nc);
    this.maxDeliver = opts.maxDeliver ?? 10;
    this.dlqSubject = deadLetterSubject(opts.filterSubject.slice(0, at), opts.durableName);
  }

  /** Creates or updates the durable consumer, then handles messages until stop(). */
  async start(): Promise<void> {
    if (this.loop) return;
    const { stream, durableName } = this.opts;
    const jsm = await jetStreamManagerOf(this.opts.nc);
    const config = {
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      max_deliver: this.maxDeliver + DEAD_LETTER_RETRIES,
      filter_subject: this.opts.filterSubject,
      max_ack_pending: 1000,
    };
    try {
      await jsm.consumers.info(stream, durableName);
      await jsm.consumers.update(stream, durableName, config);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
      // A new consumer starts at the beginning of the stream: it sees every event still retained.
      await jsm.consumers.add(stream, {
        ...config,
        durable_name: durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
    }
    const consumer = await this.js.consumers.get(stream, durableName);
    const messages = await consumer.consume({ max_messages: this.opts.prefetch ?? 32 });
    this.messages = messages;
    this.loop = (async () => {
      for await (const msg of messages) {
        // Not acked → redelivered after the ack wait; the loop itself must survive (e.g. a closed connection).
        await this.onMessage(msg).catch((err: unknown) =>
          this.opts.logger.event('error', 'event consumer failed on a message', { error: String(err) }),
        );
      }
    })();
  }

  /** Stops pulling; unacked messages are redelivered (to another instance) after the ack wait. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    this.messages = undefined;
    this.loop = undefined;
  }

  /**
   * The inbox transaction for one event: returns `duplicate` without calling the handler when this consumer
   * already processed the event id; throws (after rolling back) when the handler throws.
   */
  process(event: ConsumedEvent): Promise<'handled' | 'duplicate'> {
    return this.inInbox(event, false);
  }

  /** With `exhausted` the handler is not run: the event is a duplicate, or the transaction fails. */
  private async inInbox(event: ConsumedEvent, exhausted: boolean): Promise<'handled' | 'duplicate'> {
    const { schema, durableName } = this.opts;
    return this.opts.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${schema}"."inbox" ("consumer", "event_id") VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING 1 AS "inserted"`,
        [durableName, event.id],
      );
      if (inserted.length === 0) return 'duplicate';
      if (exhausted) throw new Error(`delivered ${event.deliveryCount} times without completing`);
      await this.opts.handle(event, manager);
      return 'handled';
    });
  }

  private async onMessage(msg: JsMsg): Promise<void> {
    const event = toConsumedEvent(msg);
    const requestId = requestIdFrom(event.headers[REQUEST_ID_HEADER]);
    const traceparent = traceparentFrom(event.headers[TRACEPARENT_HEADER]);
    await runInRequestContext({ requestId, traceparent }, async () => {
      try {
        // Past maxDeliver (a failed dead-lettering, or a handler that never returned: a crash loop) the
        // handler is not run again; an event already in the inbox (its ack was lost) is just acked.
        const outcome = await this.inInbox(event, event.deliveryCount > this.maxDeliver);
        msg.ack();
        if (outcome === 'handled') this.stats.handled++;
        else this.stats.duplicates++;
      } catch (err) {
        this.stats.failures++;
        const error = err instanceof Error ? err.message : String(err);
        if (event.deliveryCount >= this.maxDeliver) {
          await this.deadLetter(msg, event, error);
          return;
        }
        const retryInMs = this.retryDelay(event.deliveryCount);
        this.opts.logger.event('warn', 'event handler failed; will retry', {
          ...this.fields(event),
          error,
          retryInMs,
        });
        msg.nak(retryInMs);
      }
    });
  }

  private async deadLetter(msg: JsMsg, event: ConsumedEvent, error: string): Promise<void> {
    const h = natsHeaders();
    for (const [name, value] of Object.entries(event.headers)) if (name !== 'Nats-Msg-Id') h.set(name, value);
    h.set('Yiti-Event-Id', event.id);
    h.set('Yiti-Event-Subject', event.subject);
    h.set('Yiti-Dead-Letter-Consumer', this.opts.durableName);
    h.set('Yiti-Dead-Letter-Deliveries', String(event.deliveryCount));
    h.set('Yiti-Dead-Letter-Error', error.replace(/[\r\n]+/g, ' ').slice(0, 1000));
    try {
      // The msgID makes a repeated dead-lettering of the same event (a lost term) a duplicate the DLQ drops.
      await this.js.publish(this.dlqSubject, event.payload, {
        msgID: `${this.opts.durableName}:${event.id}`,
        headers: h,
      });
    } catch (err) {
      this.opts.logger.event('error', 'cannot dead-letter event; will retry', {
        ...this.fields(event),
        error: err instanceof Error ? err.message : String(err),
      });
      msg.nak(this.retryDelay(event.deliveryCount));
      return;
    }
    // No reason argument: nats-server 2.9 only recognises a bare `+TERM` and silently ignores `+TERM <reason>`
    // (the message would stay pending and come back after the ack wait). The reason is in the dead letter.
    msg.term();
    this.stats.deadLettered++;
    this.opts.logger.event('error', 'event dead-lettered', {
      ...this.fields(event),
      error,
      deadLetterSubject: this.dlqSubject,
    });
  }

  private retryDelay(deliveryCount: number): number {
    return Math.min(
      MAX_RETRY_DELAY_MS,
      (this.opts.retryDelayMs ?? 1000) * 2 ** Math.min(deliveryCount - 1, 16),
    );
  }

  private fields(event: ConsumedEvent): Record<string, unknown> {
    return {
      component: 'EventConsumer',
      consumer: this.opts.durableName,
      eventId: event.id,
      subject: event.subject,
      deliveryCount: event.deliveryCount,
      streamSequence: event.streamSequence,
    };
  }
}

function toConsumedEvent(msg: JsMsg): ConsumedEvent {
  const headers: Record<string, string> = {};
  if (msg.headers) for (const name of msg.headers.keys()) headers[name] = msg.headers.get(name);
  return {
    id: headers['Nats-Msg-Id'] || `${msg.info.stream}:${msg.info.streamSequence}`,
    subject: msg.subject,
    payload: msg.data,
    headers,
    deliveryCount: msg.info.deliveryCount,
    streamSequence: msg.info.streamSequence,
  };
}
