import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import type { NatsNode } from './nats.js';
import type { StackApp } from './stack.js';
import { startTestStack, type TestStack } from './test-stack.js';
import { waitFor } from './wait.js';

/** Keyed sendTransfer mutations; every OBJECT_EVERY-th transfer is then objected to (a meetings effect). */
const SENDS = 2000;
const OBJECT_EVERY = 10;
const CONCURRENCY = 16;
/** Every client call must end within this: with a result or a typed error. */
const CALL_BOUND_MS = 10_000;
/** A mutation still not done after this (retrying with its key) counts as lost. */
const GIVE_UP_MS = 60_000;
const SERVICES: StackApp[] = ['directory', 'agreements', 'transfers', 'meetings', 'records', 'gateway'];

const SEND = `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { id state } }`;
const OBJECT = `mutation($id: ID!, $text: String!) {
  objectToTransfer(id: $id, grounds: SENDER_HAS_JURISDICTION, text: $text) { id state } }`;
const STATE = `query($id: ID!) { transfer(id: $id) { state } }`;

type Outcome =
  { ok: true; data: Record<string, { id: string; state: string } | null> } | { ok: false; code: string };

/** What the load saw: every client call (attempt) and how it ended. */
class Figures {
  calls = 0;
  ok = 0;
  readonly errors = new Map<string, number>();
  maxLatencyMs = 0;
  record(outcome: Outcome, ms: number): void {
    this.calls++;
    this.maxLatencyMs = Math.max(this.maxLatencyMs, ms);
    if (outcome.ok) this.ok++;
    else this.errors.set(outcome.code, (this.errors.get(outcome.code) ?? 0) + 1);
  }
}

/**
 * The cluster drill (docs/deploy.md, "Durability tested here"): three secured nats-servers as one JetStream
 * cluster with the event stream at R3, two instances of every service and of the gateway, and 2,000 keyed
 * transfers sent through both gateways (400 of them objected to, which the meetings service answers with a
 * heads' consultation through the event stream) while one NATS node, one instance of each app and then the
 * stream's leader are killed with SIGKILL. Every call ends within 10 s; nothing is lost or done twice.
 */
describe('a three-node NATS cluster under kill -9', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let db: pg.Client;
  const token: Record<string, string> = {};

  before(async () => {
    const booting = Date.now();
    stack = await startTestStack({ natsNodes: 3, instances: 2, readyTimeoutMs: 120_000 });
    console.log(
      `cluster drill: 3 NATS nodes and 2 instances of each app ready in ${Date.now() - booting} ms`,
    );
    nc = await stack.connectNats();
    jsm = await jetstreamManager(nc);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of ['gongga-prosecutor', 'qushui-chief']) token[user] = await stack.login(user);
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  const leaderName = async (): Promise<string | undefined> =>
    (await jsm.streams.info(stack.eventsStream)).cluster?.leader;
  const nodeNamed = (name: string | undefined): NatsNode => {
    const node = stack.natsNodes.find((n) => n.name === name);
    assert.ok(node, `the stream leader ${name} is one of the nodes this test started`);
    return node;
  };

  it('keeps the event stream at R3, and a service booting with JETSTREAM_REPLICAS=1 does not shrink it', async () => {
    const info = await jsm.streams.info(stack.eventsStream);
    assert.equal(info.config.num_replicas, 3);
    assert.equal((info.cluster?.replicas ?? []).length, 2, 'a leader and two replicas');
    // An instance deployed with the default (1) boots — it checks the stream, its relay publishes — and leaves it.
    await stack.startInstance('transfers', 1, { JETSTREAM_REPLICAS: '1' });
    assert.equal((await jsm.streams.info(`${stack.eventsStream}_DLQ`)).config.num_replicas, 3);
    assert.equal((await jsm.streams.info(stack.eventsStream)).config.num_replicas, 3);
  });

  it('answers every call within 10 s and loses or doubles nothing while nodes and instances die', async () => {
    const figures = new Figures();
    let turn = 0;
    const down = new Set<string>();
    /**
     * One client call, to the next gateway in turn, as a load balancer would send it (which stops sending to an
     * instance that refuses connections); never longer than the bound.
     */
    const call = async (
      user: string,
      query: string,
      variables: Record<string, unknown>,
    ): Promise<Outcome> => {
      const live = stack.graphqlUrls.filter((u) => !down.has(u));
      const url = live[turn++ % live.length]!;
      const started = performance.now();
      let outcome: Outcome;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token[user]}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(CALL_BOUND_MS),
        });
        const body = (await res.json()) as {
          data?: Record<string, { id: string; state: string } | null> | null;
          errors?: Array<{ extensions?: { code?: string } }>;
        };
        outcome = body.errors?.length
          ? { ok: false, code: body.errors[0]!.extensions?.code ?? `UNTYPED_HTTP_${res.status}` }
          : { ok: true, data: body.data ?? {} };
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        if (cause === 'ECONNREFUSED') down.add(url);
        const name = (err as { name?: string }).name;
        // A dead gateway instance: refused, or its connection dropped mid-call (a load balancer's 502).
        outcome = {
          ok: false,
          code: name === 'TimeoutError' ? 'NO_ANSWER_WITHIN_10S' : `GATEWAY_${cause ?? 'CONNECTION_LOST'}`,
        };
      }
      figures.record(outcome, performance.now() - started);
      return outcome;
    };
    /** Retries with the same arguments (the same idempotency key) until done; undefined when it gave up. */
    const untilDone = async <T>(
      attempt: (first: boolean) => Promise<T | undefined>,
    ): Promise<T | undefined> => {
      const deadline = Date.now() + GIVE_UP_MS;
      for (let first = true; Date.now() < deadline; first = false) {
        const done = await attempt(first);
        if (done !== undefined) return done;
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    };

    const sent = new Map<number, string>(); // send number → transfer id
    const retriedKeys = new Set<number>();
    const objected = new Set<string>();
    const lost: string[] = [];
    const tag = randomUUID().slice(0, 8);
    const keyOf = (n: number) => `cluster-${tag}-${n}`;
    const input = (n: number) => ({
      receiverOrg: 'proc-540124',
      kind: 'LEAD',
      businessLine: 'criminal',
      category: 'illegal-mining',
      divisionCode: '540124',
      summary: `集群演练线索 ${tag} ${n}`,
      senderCaseNumber: `贡检移〔2026〕${n + 1}号`,
      idempotencyKey: keyOf(n),
    });
    const send = (n: number) =>
      untilDone(async (first) => {
        if (!first) retriedKeys.add(n);
        const outcome = await call('gongga-prosecutor', SEND, { input: input(n) });
        return outcome.ok ? outcome.data['sendTransfer']!.id : undefined;
      });
    // An objection has no key: a retry after one that took effect is a CONFLICT, and the transfer says so.
    const object = (id: string) =>
      untilDone(async (first) => {
        const outcome = await call('qushui-chief', OBJECT, { id, text: '本案由移送方管辖（集群演练）' });
        if (outcome.ok) return true;
        if (outcome.code !== 'CONFLICT' || first) return undefined;
        const state = await call('qushui-chief', STATE, { id });
        return state.ok && state.data['transfer']?.state === 'OBJECTED' ? true : undefined;
      });

    let next = 0;
    let done = 0;
    const worker = async () => {
      for (let n = next++; n < SENDS; n = next++) {
        const id = await send(n);
        if (id === undefined) lost.push(keyOf(n));
        else {
          sent.set(n, id);
          if (n % OBJECT_EVERY === 0) {
            if (await object(id)) objected.add(id);
            else lost.push(`objection of ${keyOf(n)}`);
          }
        }
        done++;
      }
    };
    const progress = (fraction: number) =>
      waitFor(async () => done >= SENDS * fraction, { timeoutMs: 120_000, intervalMs: 20 });
    const loadStarted = Date.now();
    const load = Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // The faults, each at a point of the load's progress; every PID is one this test's stack started.
    const faults = (async () => {
      await progress(0.1);
      const follower = nodeNamed((await jsm.streams.info(stack.eventsStream)).cluster?.replicas?.[0]?.name);
      await follower.kill9();
      await progress(0.25);
      await follower.start();
      await progress(0.35);
      await Promise.all(SERVICES.map((app) => stack.instances[app]![1]!.kill9()));
      await progress(0.5);
      const leader = nodeNamed(await leaderName());
      await leader.kill9();
      await waitFor(
        async () => ![undefined, leader.name].includes(await leaderName().catch(() => undefined)),
        {
          timeoutMs: 30_000,
        },
      );
      await progress(0.7);
      await leader.start();
    })();
    await Promise.all([load, faults]);
    const recoveredAt = Date.now();
    console.log(`cluster drill: load and faults took ${recoveredAt - loadStarted} ms`);

    // The relay backlog: outbox rows not yet published, drained within 10 s of the cluster's recovery.
    const unpublished = async () =>
      Number(
        (await db.query('SELECT count(*) AS n FROM transfers.outbox WHERE published_at IS NULL')).rows[0].n,
      );
    await waitFor(async () => (await unpublished()) === 0, { timeoutMs: 10_000 });
    const drainMs = Date.now() - recoveredAt;

    // Each intended write exactly once.
    const rows = await db.query(
      `SELECT summary, count(*) AS n FROM transfers.transfer WHERE summary LIKE $1 GROUP BY summary`,
      [`集群演练线索 ${tag} %`],
    );
    const duplicated = rows.rows.filter((r: { n: string }) => Number(r.n) > 1).length;
    const stored = rows.rows.length;
    const events = await db.query(
      `SELECT id, subject FROM transfers.outbox WHERE subject LIKE '%.transfer.sent.v1' OR subject LIKE '%.transfer.objected.v1'`,
    );
    const objectedEvents = events.rows
      .filter((r: { subject: string }) => r.subject.endsWith('.objected.v1'))
      .map((r: { id: string }) => r.id)
      .sort();

    // Each event consumed once by the meetings service (its inbox), each objection answered by one consultation.
    const consumer = 'meetings-transfer-objections';
    await waitFor(
      async () =>
        Number(
          (await db.query('SELECT count(*) AS n FROM meetings.inbox WHERE consumer = $1', [consumer])).rows[0]
            .n,
        ) >= objectedEvents.length,
      // An event the killed meetings instance had taken but not acknowledged is delivered again once its ack
      // wait (30 s) is over: on an idle machine the load ends well before that.
      { timeoutMs: 60_000, what: 'every objection event in the meetings inbox' },
    );
    const inbox = await db.query('SELECT event_id FROM meetings.inbox WHERE consumer = $1', [consumer]);
    const consultations = await db.query(
      `SELECT transfer_id, count(*) AS n FROM meetings.meeting WHERE transfer_id = ANY($1) GROUP BY transfer_id`,
      [[...objected]],
    );
    const info = await jsm.streams.info(stack.eventsStream, {
      subjects_filter: `${stack.subjectPrefix}yiti.evt.transfers.transfer.>`,
    });
    const inStream = (verb: string) =>
      info.state.subjects?.[`${stack.subjectPrefix}yiti.evt.transfers.transfer.${verb}.v1`] ?? 0;

    // A retried call with the same key gives the first result.
    const again = [...retriedKeys].slice(0, 50);
    const replays = await Promise.all(again.map((n) => send(n)));
    const changed = again.filter((n, i) => replays[i] !== sent.get(n));

    const lostEffects =
      lost.length +
      (SENDS - stored) +
      (objected.size - consultations.rows.length) +
      objectedEvents.filter((id: string) => !inbox.rows.some((r: { event_id: string }) => r.event_id === id))
        .length;
    const duplicatedEffects =
      duplicated + consultations.rows.filter((r: { n: string }) => Number(r.n) > 1).length;
    console.log(
      [
        `cluster drill: ${figures.calls} calls, ${figures.ok} ok, typed errors ${JSON.stringify(Object.fromEntries(figures.errors))},`,
        `max latency ${Math.round(figures.maxLatencyMs)} ms; ${SENDS} sends and ${objected.size} objections intended,`,
        `lost ${lostEffects}, duplicated ${duplicatedEffects}; relay backlog drained ${drainMs} ms after recovery;`,
        `${retriedKeys.size} keys retried (${again.length} replayed, ${changed.length} changed)`,
      ].join(' '),
    );

    assert.deepEqual(lost, [], 'every mutation done within its retries');
    assert.ok(
      figures.maxLatencyMs < CALL_BOUND_MS,
      `every call ended within 10 s (max ${figures.maxLatencyMs} ms)`,
    );
    assert.equal(figures.errors.get('NO_ANSWER_WITHIN_10S') ?? 0, 0);
    assert.ok(
      [...figures.errors.keys()].every(
        (code) => !code.startsWith('UNTYPED') && code !== 'INTERNAL_SERVER_ERROR',
      ),
      `every error typed: ${[...figures.errors.keys()].join(', ')}`,
    );
    assert.ok(figures.calls > figures.ok, 'the faults interrupted some calls');
    assert.equal(stored, SENDS, 'every send stored');
    assert.equal(duplicated, 0, 'no send stored twice');
    assert.deepEqual(changed, [], 'a retried key returns the first transfer');
    assert.equal(events.rows.length, SENDS + objected.size, 'one event per send and per objection');
    assert.equal(inStream('sent'), SENDS, 'the stream kept each sent event once (Nats-Msg-Id)');
    assert.equal(inStream('objected'), objected.size, 'and each objected event once');
    assert.deepEqual(inbox.rows.map((r: { event_id: string }) => r.event_id).sort(), objectedEvents);
    assert.equal(consultations.rows.length, objected.size, "one heads' consultation per objection");
    assert.equal(lostEffects + duplicatedEffects, 0);
  });
});
