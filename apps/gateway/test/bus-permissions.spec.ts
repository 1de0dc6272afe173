import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, nkeys, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  BUS_CONSUMERS,
  BUS_IDENTITIES,
  MeetingEvents,
  RecordEvents,
  SERVICE_IDENTITIES,
  TransferEvents,
  type BusIdentity,
} from '@yiti/contracts';
import { startTestStack, type TestStack } from '@yiti/devstack';

// Zero trust on the bus (docs/security.md): the stack's own nats-server knows one nkey user per identity with
// the permissions of BUS_RULES, and nobody else. Each attack an anonymous client could once carry out on the
// open bus is tried here with every identity that must not succeed; the server itself refuses it.

const VIOLATION = /Permissions Violation/;
const OTHERS = BUS_IDENTITIES.filter((id) => id !== 'operator');

async function subscriptionRefused(nc: NatsConnection, subject: string, queue?: string): Promise<string> {
  const sub = nc.subscribe(subject, queue ? { queue } : {});
  const outcome = await Promise.race([
    sub.closed.then((err) => (err instanceof Error ? err.message : 'closed without an error')),
    new Promise<string>((resolve) => setTimeout(() => resolve('still subscribed after 3 s'), 3000)),
  ]);
  sub.unsubscribe();
  return outcome;
}

async function requestRefused(nc: NatsConnection, subject: string, body = '{}'): Promise<string> {
  try {
    await nc.request(subject, body, { timeout: 3000 });
    return 'answered';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

describe('the NATS bus (identities and permissions)', () => {
  let stack: TestStack;
  const nc = {} as Record<BusIdentity, NatsConnection>;
  let p: string;

  before(async () => {
    stack = await startTestStack();
    p = stack.subjectPrefix;
    for (const id of BUS_IDENTITIES) nc[id] = await stack.connectNats(id);
  });

  after(async () => {
    for (const c of Object.values(nc)) await c.close().catch(() => undefined);
    await stack?.stop();
  });

  it('refuses a client without credentials, and one with a key the server does not know', async () => {
    await assert.rejects(
      connect({ servers: stack.natsUrl, maxReconnectAttempts: 0 }),
      /Authorization Violation/,
    );
    const stranger = nkeys.createUser().getSeed();
    await assert.rejects(
      connect({
        servers: stack.natsUrl,
        maxReconnectAttempts: 0,
        authenticator: nkeyAuthenticator(stranger),
      }),
      /Authorization Violation/,
    );
  });

  it('lets no identity read the whole bus, another service requests or another identity replies', async () => {
    const problems: string[] = [];
    for (const id of OTHERS) {
      const targets = ['>', `${p}yiti.>`, '_INBOX.>', `${p}yiti.evt.>`];
      for (const other of BUS_IDENTITIES) if (other !== id) targets.push(`_INBOX.${other}.>`);
      for (const service of SERVICE_IDENTITIES) if (service !== id) targets.push(`${p}yiti.${service}.>`);
      for (const subject of targets) {
        const outcome = await subscriptionRefused(nc[id], subject);
        if (!VIOLATION.test(outcome)) problems.push(`${id} on ${subject}: ${outcome}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('keeps the bearer tokens of record searches away from every other identity: meetings cannot subscribe to records', async () => {
    assert.match(await subscriptionRefused(nc.meetings, `${p}yiti.records.>`), VIOLATION);
    assert.match(
      await subscriptionRefused(nc.gateway, `${p}yiti.records.person.search-by-name.v1`),
      VIOLATION,
    );
    // The gateway still reaches records (its permitted path): a real search through the gateway works.
    const token = await stack.login('gongga-prosecutor');
    const res = await stack.graphql(
      `{ recordSearchByName(input: { name: "Tashi", purpose: { code: ARREST_REVIEW,
           caseNumber: "贡检刑诉〔2026〕12号", justification: "bus permission test" } }) { more } }`,
      { token },
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  });

  it("lets no identity answer a service's requests or join its queue group", async () => {
    const problems: string[] = [];
    for (const service of SERVICE_IDENTITIES) {
      for (const id of OTHERS.filter((o) => o !== service)) {
        const outcome = await subscriptionRefused(nc[id], `${p}yiti.${service}.>`, service);
        if (!VIOLATION.test(outcome)) problems.push(`${id} in the ${service} queue group: ${outcome}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('refuses at the server every consumed event published by an identity other than its producer, and the stream never sees it', async () => {
    const consumed: Array<{ subject: string; producer: BusIdentity }> = [
      { subject: TransferEvents.objected.subject, producer: 'transfers' },
      { subject: TransferEvents.sent.subject, producer: 'transfers' },
      { subject: TransferEvents.overdue.subject, producer: 'transfers' },
      { subject: 'yiti.evt.meetings.consultation.decided.v1', producer: 'meetings' },
      { subject: 'yiti.evt.meetings.consultation.scheduled.v1', producer: 'meetings' },
      { subject: MeetingEvents.scheduled.subject, producer: 'meetings' },
      { subject: Object.values(RecordEvents)[0]!.subject, producer: 'records' },
    ];
    const jsm = await jetstreamManager(nc.operator);
    const before = (await jsm.streams.info(stack.eventsStream)).state.messages;
    const problems: string[] = [];
    for (const { subject, producer } of consumed) {
      for (const id of OTHERS.filter((o) => o !== producer)) {
        try {
          await jetstream(nc[id]).publish(`${p}${subject}`, 'forged', { timeout: 3000 });
          problems.push(`${id} published ${subject}`);
        } catch (err) {
          if (!VIOLATION.test(String(err))) problems.push(`${id} on ${subject}: ${String(err)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.equal(
      (await jsm.streams.info(stack.eventsStream)).state.messages,
      before,
      'nothing reached the stream',
    );
  });

  it('refuses JetStream administration and reads outside its own consumers to every service and the gateway', async () => {
    const ev = stack.eventsStream;
    const durable = BUS_CONSUMERS.meetingsTransferObjections.durableName;
    const problems: string[] = [];
    for (const id of OTHERS) {
      const calls = [
        '$JS.API.STREAM.NAMES',
        '$JS.API.STREAM.LIST',
        `$JS.API.STREAM.PURGE.${ev}`,
        `$JS.API.STREAM.DELETE.${ev}`,
        `$JS.API.STREAM.UPDATE.${ev}`,
        `$JS.API.STREAM.MSG.GET.${ev}`,
        `$JS.API.STREAM.MSG.DELETE.${ev}`,
        `$JS.API.DIRECT.GET.${ev}`,
        `$JS.API.CONSUMER.DELETE.${ev}.${durable}`,
        `$JS.API.CONSUMER.DURABLE.CREATE.${ev}.${durable}`,
        `$JS.API.CONSUMER.CREATE.${ev}`,
        `$JS.API.STREAM.PURGE.${ev}_DLQ`,
        `$JS.API.STREAM.PURGE.${stack.auditStream}`,
      ];
      for (const subject of calls) {
        const outcome = await requestRefused(nc[id], subject);
        if (!VIOLATION.test(outcome)) problems.push(`${id} → ${subject}: ${outcome}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('does not let meetings read the records events from the stream, by any consumer', async () => {
    const ev = stack.eventsStream;
    const jsm = await jetstreamManager(nc.meetings);
    await assert.rejects(
      jsm.consumers.add(ev, { durable_name: 'snoop', filter_subject: `${p}yiti.evt.records.>` }),
      VIOLATION,
    );
    await assert.rejects(
      jsm.consumers.add(ev, {
        durable_name: BUS_CONSUMERS.meetingsTransferObjections.durableName,
        filter_subject: `${p}yiti.evt.records.>`,
      }),
      VIOLATION,
      'its own durable name with another filter',
    );
    await assert.rejects(
      (async () => {
        const consumer = await jetstream(nc.meetings).consumers.get(ev, {
          filter_subjects: `${p}yiti.evt.records.>`,
        });
        await consumer.next({ expires: 2000 });
      })(),
      VIOLATION,
      'an ordered consumer',
    );
  });
});
