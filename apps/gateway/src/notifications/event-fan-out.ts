import type { JsonLogger } from '@yiti/logging';

/**
 * Picks what one subscriber wants from an event: the value to hand it, or undefined to skip the event.
 * `subject` is the event subject without the NATS subject prefix (`yiti.evt.<service>.<aggregate>.<event>.v<N>`).
 * Throwing means the event cannot be read (it is logged once and skipped).
 */
export type EventMatcher<T> = (subject: string, payload: Uint8Array) => T | undefined;

/** Ends a subscriber that fell too far behind: it must subscribe again (and query what it missed). */
export class SubscriberLaggingError extends Error {
  constructor(readonly limit: number) {
    super(
      `More than ${limit} notifications were waiting to be sent: the subscription was ended. Subscribe again.`,
    );
    this.name = 'SubscriberLaggingError';
  }
}

/** Default number of values one subscriber may have waiting before it is ended. */
export const SUBSCRIBER_BUFFER_LIMIT = 1000;

/** One in-process subscriber: a bounded queue read through the async-iterator protocol. */
class Subscriber<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly waiting: Array<{
    resolve: (result: IteratorResult<T>) => void;
    reject: (err: unknown) => void;
  }> = [];
  private failure: Error | undefined;
  private ended = false;

  constructor(
    readonly match: EventMatcher<T>,
    private readonly limit: number,
    private readonly onEnd: (subscriber: Subscriber<T>) => void,
  ) {}

  /** A matched value; ends the subscriber with SubscriberLaggingError when its queue is full. */
  offer(value: T): void {
    if (this.ended) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter.resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.limit) {
      this.fail(new SubscriberLaggingError(this.limit));
      return;
    }
    this.queue.push(value);
  }

  /** Ends with an error: what was queued is dropped, the next read rejects with `err`. */
  fail(err: Error): void {
    if (this.ended) return;
    this.finish();
    this.queue.length = 0;
    const waiters = this.waiting.splice(0);
    if (waiters.length === 0) this.failure = err;
    for (const w of waiters) w.reject(err);
  }

  /** Ends normally (the feed stops): what is queued is still read, then the iterator is done. */
  complete(): void {
    if (this.ended) return;
    this.finish();
    for (const w of this.waiting.splice(0)) w.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** The consumer is done (client unsubscribed or disconnected): unregister and drop what is queued. */
  return(): Promise<IteratorResult<T>> {
    this.finish();
    this.queue.length = 0;
    this.failure = undefined;
    for (const w of this.waiting.splice(0)) w.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this);
  }
}

/**
 * Fans events out to in-process subscribers, each with its own bounded queue: a slow subscriber is ended
 * with SubscriberLaggingError rather than let memory grow, and never slows the others down.
 */
export class EventFanOut {
  private readonly subscribers = new Set<Subscriber<unknown>>();

  constructor(
    protected readonly logger: JsonLogger,
    private readonly bufferLimit: number = SUBSCRIBER_BUFFER_LIMIT,
  ) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Every later event `match` returns a value for, in stream order, until the iterator's `return()` is called
   * (the subscriber leaves), the subscriber falls more than the buffer limit behind (the iterator rejects with
   * SubscriberLaggingError) or the feed stops (the iterator is done).
   */
  subscribe<T>(match: EventMatcher<T>): AsyncIterableIterator<T> {
    const subscriber = new Subscriber<T>(match, this.bufferLimit, (s) =>
      this.subscribers.delete(s as Subscriber<unknown>),
    );
    this.subscribers.add(subscriber as Subscriber<unknown>);
    return subscriber;
  }

  /** Offers one event to every subscriber; an event a matcher cannot read is logged once and skipped. */
  publish(subject: string, payload: Uint8Array): void {
    let unreadable: unknown;
    for (const subscriber of [...this.subscribers]) {
      let value: unknown;
      try {
        value = subscriber.match(subject, payload);
      } catch (err) {
        unreadable ??= err;
        continue;
      }
      if (value !== undefined) subscriber.offer(value);
    }
    if (unreadable !== undefined) {
      this.logger.event('warn', 'event cannot be decoded; skipped', {
        component: 'EventFeed',
        subject,
        bytes: payload.byteLength,
        error: unreadable instanceof Error ? unreadable.message : String(unreadable),
      });
    }
  }

  /** Completes every subscriber (shutdown). */
  completeAll(): void {
    for (const subscriber of [...this.subscribers]) subscriber.complete();
  }
}
