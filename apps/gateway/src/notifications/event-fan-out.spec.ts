import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonLogger } from '@yiti/logging';
import { EventFanOut, SubscriberLaggingError, type EventMatcher } from './event-fan-out.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (payload: Uint8Array) => new TextDecoder().decode(payload);
const all: EventMatcher<string> = (subject, payload) => `${subject}:${text(payload)}`;

function fanOut(bufferLimit = 1000) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new JsonLogger('test', 'debug', (line) =>
    lines.push(JSON.parse(line) as Record<string, unknown>),
  );
  return { feed: new EventFanOut(logger, bufferLimit), lines };
}

describe('EventFanOut', () => {
  it('hands every subscriber what its matcher picks, in order, waiting for events when none is queued', async () => {
    const { feed } = fanOut();
    const everything = feed.subscribe(all);
    const onlyB = feed.subscribe((subject, payload) => (subject === 'b' ? text(payload) : undefined));
    const pending = onlyB.next();
    feed.publish('a', bytes('1'));
    feed.publish('b', bytes('2'));
    feed.publish('a', bytes('3'));
    assert.deepEqual(await pending, { value: '2', done: false });
    assert.deepEqual(await everything.next(), { value: 'a:1', done: false });
    assert.deepEqual(await everything.next(), { value: 'b:2', done: false });
    assert.deepEqual(await everything.next(), { value: 'a:3', done: false });
    assert.equal(feed.subscriberCount, 2);
  });

  it('sees only events published after subscribing', async () => {
    const { feed } = fanOut();
    feed.publish('a', bytes('before'));
    const it = feed.subscribe(all);
    feed.publish('a', bytes('after'));
    assert.deepEqual(await it.next(), { value: 'a:after', done: false });
  });

  it('removes a subscriber on return(), ending a pending read and dropping what was queued', async () => {
    const { feed } = fanOut();
    const waiting = feed.subscribe(all);
    const queued = feed.subscribe(all);
    const pending = waiting.next();
    await waiting.return!();
    assert.deepEqual(await pending, { value: undefined, done: true });
    feed.publish('a', bytes('1'));
    assert.equal(feed.subscriberCount, 1);
    await queued.return!();
    assert.equal(feed.subscriberCount, 0);
    assert.deepEqual(await queued.next(), { value: undefined, done: true });
    feed.publish('a', bytes('2'));
    assert.deepEqual(await waiting.next(), { value: undefined, done: true });
  });

  it('works with for await … break (the iterator protocol a GraphQL subscription uses)', async () => {
    const { feed } = fanOut();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const value of feed.subscribe(all)) {
        seen.push(value);
        if (seen.length === 2) break;
      }
    })();
    feed.publish('a', bytes('1'));
    feed.publish('a', bytes('2'));
    feed.publish('a', bytes('3'));
    await reading;
    assert.deepEqual(seen, ['a:1', 'a:2']);
    assert.equal(feed.subscriberCount, 0);
  });

  it('ends a subscriber that falls more than the limit behind with SubscriberLaggingError; others go on', async () => {
    const { feed } = fanOut(3);
    const slow = feed.subscribe(all);
    const fast = feed.subscribe(all);
    const fastSeen: string[] = [];
    for (let i = 1; i <= 5; i++) {
      feed.publish('a', bytes(String(i)));
      fastSeen.push((await fast.next()).value as string);
    }
    assert.deepEqual(fastSeen, ['a:1', 'a:2', 'a:3', 'a:4', 'a:5']);
    assert.equal(feed.subscriberCount, 1, 'the lagging subscriber is gone');
    await assert.rejects(
      slow.next(),
      (err: unknown) => err instanceof SubscriberLaggingError && err.limit === 3,
    );
    assert.deepEqual(await slow.next(), { value: undefined, done: true });
  });

  it('logs an event a matcher cannot read once, skips it for that subscriber and goes on', async () => {
    const { feed, lines } = fanOut();
    const strict = feed.subscribe((_s, payload) => {
      if (text(payload) === 'garbage') throw new Error('cannot decode');
      return text(payload);
    });
    const strictToo = feed.subscribe((_s, payload) => {
      if (text(payload) === 'garbage') throw new Error('cannot decode');
      return text(payload);
    });
    const lenient = feed.subscribe(all);
    feed.publish('a', bytes('garbage'));
    feed.publish('a', bytes('fine'));
    assert.deepEqual(await strict.next(), { value: 'fine', done: false });
    assert.deepEqual(await strictToo.next(), { value: 'fine', done: false });
    assert.deepEqual(await lenient.next(), { value: 'a:garbage', done: false });
    const warnings = lines.filter((l) => l['msg'] === 'event cannot be decoded; skipped');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!['subject'], 'a');
    assert.equal(warnings[0]!['error'], 'cannot decode');
  });

  it('completes every subscriber on completeAll(), after what is already queued', async () => {
    const { feed } = fanOut();
    const queued = feed.subscribe(all);
    const waiting = feed.subscribe(all);
    feed.publish('a', bytes('1'));
    await waiting.next();
    const pending = waiting.next();
    feed.completeAll();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.deepEqual(await queued.next(), { value: 'a:1', done: false });
    assert.deepEqual(await queued.next(), { value: undefined, done: true });
    assert.equal(feed.subscriberCount, 0);
  });
});
