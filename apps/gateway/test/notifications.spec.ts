import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import {
  freePort,
  REPO_ROOT,
  startProcess,
  startTestStack,
  type ManagedProcess,
  type TestStack,
} from '@yiti/devstack';
import { TransferEvents, TransferEventSchema } from '@yiti/contracts';
import { CLIENT_ERROR_CODES } from '../src/errors/error-codes.js';

const CODES = new Set<string>(CLIENT_ERROR_CODES);
const FIELDS = 'kind transferId senderOrg receiverOrg actorOrg occurredAt code dueAt handlingOrg';
const SUBSCRIBE = `subscription($events: [TransferNotificationKind!]) {
  transferNotifications(events: $events) { ${FIELDS} } }`;
/** Every organization that may see a transfer from 贡嘎 to 曲水: the parties and their superiors. */
const GONGGA_TO_QUSHUI = ['proc-540522', 'proc-540124', 'proc-540500', 'proc-540100', 'proc-540000'];

interface Notification {
  kind: string;
  transferId: string;
  senderOrg: string;
  receiverOrg: string;
  actorOrg: string;
  occurredAt: string;
  code: string | null;
  dueAt: string | null;
  handlingOrg: string | null;
}

interface Socket {
  client: Client;
  /** Resolves once the server acknowledged the connection. */
  connected: Promise<void>;
  /** Resolves with the close event once the socket closed. */
  closed: Promise<{ code: number; reason: string }>;
}

interface Subscription {
  readonly notifications: Notification[];
  readonly errors: Array<{ message: string; extensions?: { code?: string } }>;
  readonly completed: () => boolean;
  dispose(): void;
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** GraphQL subscriptions (graphql-ws) through the gateway, fed from JetStream, over the real stack. */
describe('gateway notifications', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let wsUrl: string;
  const token: Record<string, string> = {};
  const sockets: Socket[] = [];

  const open = (bearer: string | undefined, params?: Record<string, unknown>, url = wsUrl): Socket => {
    let connected!: () => void;
    let closed!: (event: { code: number; reason: string }) => void;
    const socket: Socket = {
      connected: new Promise<void>((r) => (connected = r)),
      closed: new Promise((r) => (closed = r)),
      client: createClient({
        url,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: () => undefined,
        connectionParams: params ?? (bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
        on: {
          connected: () => connected(),
          closed: (event) => {
            const { code, reason } = event as { code: number; reason: string };
            closed({ code, reason: String(reason) });
          },
        },
      }),
    };
    sockets.push(socket);
    return socket;
  };

  const subscribe = (socket: Socket, variables: Record<string, unknown> = {}, query = SUBSCRIBE) => {
    const notifications: Notification[] = [];
    const errors: Subscription['errors'] = [];
    let completed = false;
    const dispose = socket.client.subscribe<{ transferNotifications: Notification }>(
      { query, variables },
      {
        next: (result: FormattedExecutionResult<{ transferNotifications: Notification }>) => {
          if (result.errors) errors.push(...(result.errors as Subscription['errors']));
          if (result.data) notifications.push(result.data.transferNotifications);
        },
        error: (err: unknown) => {
          if (Array.isArray(err)) errors.push(...(err as Subscription['errors']));
          else errors.push({ message: String(err) });
        },
        complete: () => {
          completed = true;
        },
      },
    );
    return { notifications, errors, completed: () => completed, dispose } satisfies Subscription;
  };

  const publish = async (
    event: keyof typeof TransferEvents,
    fields: MessageInitShape<typeof TransferEventSchema> = {},
    payload?: Uint8Array,
    prefix = stack.subjectPrefix,
  ) => {
    const transferId = fields.transferId ?? randomUUID();
    const bytes =
      payload ??
      toBinary(
        TransferEventSchema,
        create(TransferEventSchema, {
          senderOrg: 'proc-540522',
          receiverOrg: 'proc-540124',
          actorOrg: 'proc-540522',
          actor: 'gongga-prosecutor',
          occurredAt: new Date().toISOString(),
          visibleTo: GONGGA_TO_QUSHUI,
          ...fields,
          transferId,
        }),
      );
    await js.publish(prefix + TransferEvents[event].subject, bytes);
    return transferId;
  };

  /**
   * A subscription starts listening some time after the client sent it: publishes marker events every 200 ms
   * until every subscription got one, so that what follows is surely seen by all of them.
   */
  const live = async (
    subs: Subscription[],
    event: keyof typeof TransferEvents = 'received',
    prefix = stack.subjectPrefix,
    timeoutMs = 15_000,
  ) => {
    const markers = new Set<string>();
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (!subs.every((s) => s.notifications.some((n) => markers.has(n.transferId)))) {
      if (Date.now() > deadline) throw new Error('subscriptions never started receiving');
      last = await publish(event, { visibleTo: [...GONGGA_TO_QUSHUI, 'police-540522'] }, undefined, prefix);
      markers.add(last);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Each one listened before the last marker was published: once it has that one, no marker is still coming.
    await until('the last marker', () =>
      subs.every((s) => s.notifications.some((n) => n.transferId === last)),
    );
    for (const s of subs) {
      s.notifications.length = 0;
      s.errors.length = 0;
    }
  };

  before(async () => {
    stack = await startTestStack({ natsTls: true });
    wsUrl = stack.graphqlUrl.replace(/^http/, 'ws');
    nc = await stack.connectNats();
    js = jetstream(nc);
    for (const user of ['qushui-prosecutor', 'gongga-police']) token[user] = await stack.login(user);
  });

  after(async () => {
    await Promise.all(sockets.map((s) => s.client.dispose()));
    await nc?.close();
    await stack?.stop();
  });

  it('refuses a connection without a token or with a bad or expired one (close 4401)', async () => {
    const cases = [
      ...(await stack.tokens.badTokens()),
      {
        name: 'not a bearer header',
        token: undefined,
        params: { authorization: `Basic ${token['qushui-prosecutor']}` },
      },
      {
        name: 'token without the Bearer scheme',
        token: undefined,
        params: { authorization: token['qushui-prosecutor'] },
      },
    ];
    for (const c of cases) {
      const socket = open(c.token, 'params' in c ? c.params : undefined);
      let acknowledged = false;
      void socket.connected.then(() => (acknowledged = true));
      const closed = await socket.closed;
      assert.equal(closed.code, 4401, c.name);
      assert.equal(acknowledged, false, c.name);
    }
  });

  it('sends a transfer event to the organizations in its visible_to, and to no one else', async () => {
    const qushuiSocket = open(token['qushui-prosecutor']);
    const policeSocket = open(token['gongga-police']);
    await Promise.all([qushuiSocket.connected, policeSocket.connected]);
    const qushui = subscribe(qushuiSocket);
    const police = subscribe(policeSocket);
    await live([qushui, police]);

    const occurredAt = '2025-06-01T02:03:04.000Z';
    const sent = await publish('sent', { occurredAt, pactCode: 'yarlung-tsangpo-pact' });
    // A later event the police may see: once it arrived, the police subscription has passed `sent`.
    const marker = await publish('received', { visibleTo: [...GONGGA_TO_QUSHUI, 'police-540522'] });
    await until('both notifications', () => police.notifications.some((n) => n.transferId === marker));
    await until('the sent notification', () => qushui.notifications.some((n) => n.transferId === marker));

    assert.deepEqual(qushui.notifications[0], {
      kind: 'SENT',
      transferId: sent,
      senderOrg: 'proc-540522',
      receiverOrg: 'proc-540124',
      actorOrg: 'proc-540522',
      occurredAt: '2025-06-01T10:03:04.000+08:00', // DateTime: Asia/Shanghai time
      code: null,
      dueAt: null,
      handlingOrg: null,
    });
    assert.deepEqual(
      police.notifications.map((n) => n.transferId),
      [marker],
      'the police see only the event visible to them',
    );
    assert.deepEqual([...qushui.errors, ...police.errors], []);
    qushui.dispose();
    police.dispose();
  });

  it('delivers what the transfers service publishes: a transfer sent through the gateway (outbox → relay)', async () => {
    const qushuiSocket = open(token['qushui-prosecutor']);
    const policeSocket = open(token['gongga-police']);
    await Promise.all([qushuiSocket.connected, policeSocket.connected]);
    const qushui = subscribe(qushuiSocket, { events: ['SENT'] });
    const police = subscribe(policeSocket, { events: ['SENT'] });
    await live([qushui, police], 'sent');
    const sent = await stack.graphql<{ sendTransfer: { id: string } }>(
      'mutation($input: SendTransferInput!) { sendTransfer(input: $input) { id } }',
      {
        token: await stack.login('gongga-prosecutor'),
        variables: {
          input: {
            receiverOrg: 'proc-540124',
            kind: 'LEAD',
            businessLine: 'criminal',
            category: 'illegal-mining',
            divisionCode: '540124',
            summary: '雅鲁藏布江曲水段夜间非法采砂线索（通知测试）',
            senderCaseNumber: '贡检移〔2026〕9号',
            idempotencyKey: randomUUID(),
          },
        },
      },
    );
    assert.equal(sent.errors, undefined, JSON.stringify(sent.errors));
    const id = sent.data!.sendTransfer.id;
    await until('the SENT notification', () => qushui.notifications.some((n) => n.transferId === id));
    assert.deepEqual(
      { ...qushui.notifications[0], occurredAt: undefined },
      {
        kind: 'SENT',
        transferId: id,
        senderOrg: 'proc-540522',
        receiverOrg: 'proc-540124',
        actorOrg: 'proc-540522',
        occurredAt: undefined,
        code: null,
        dueAt: null,
        handlingOrg: null,
      },
    );
    // Published after `sent`, visible to the police: once it arrived, the police were past `sent`.
    const marker = await publish('sent', { visibleTo: ['police-540522'] });
    await until('the marker', () => police.notifications.some((n) => n.transferId === marker));
    assert.deepEqual(
      police.notifications.map((n) => n.transferId),
      [marker],
    );
    qushui.dispose();
    police.dispose();
  });

  it('yields only the kinds asked for', async () => {
    const socket = open(token['qushui-prosecutor']);
    await socket.connected;
    const accepted = subscribe(socket, { events: ['ACCEPTED', 'CONSULTATION_STARTED'] });
    await live([accepted], 'accepted');

    await publish('sent');
    await publish('returned', { code: 'NOT_OUR_JURISDICTION' });
    const started = await publish('consultationStarted');
    const done = await publish('accepted', { actorOrg: 'proc-540124' });
    await until('the accepted notification', () => accepted.notifications.some((n) => n.transferId === done));
    assert.deepEqual(
      accepted.notifications.map((n) => [n.kind, n.transferId]),
      [
        ['CONSULTATION_STARTED', started],
        ['ACCEPTED', done],
      ],
    );
    accepted.dispose();
  });

  it('carries the codes of returned and overdue events', async () => {
    const socket = open(token['qushui-prosecutor']);
    await socket.connected;
    const sub = subscribe(socket, { events: ['RETURNED', 'OVERDUE', 'DESIGNATED', 'RECEIVED'] });
    await live([sub]);
    await publish('returned', { code: 'NOT_OUR_JURISDICTION', actorOrg: 'proc-540124' });
    await publish('overdue', { code: 'ACKNOWLEDGE', dueAt: '2025-06-05T16:00:00Z', actorOrg: 'system' });
    await publish('designated', { handlingOrg: 'proc-540124', actorOrg: 'proc-540000' });
    await until('three notifications', () => sub.notifications.length === 3);
    assert.deepEqual(
      sub.notifications.map(({ kind, code, dueAt, handlingOrg }) => ({ kind, code, dueAt, handlingOrg })),
      [
        { kind: 'RETURNED', code: 'NOT_OUR_JURISDICTION', dueAt: null, handlingOrg: null },
        { kind: 'OVERDUE', code: 'ACKNOWLEDGE', dueAt: '2025-06-06T00:00:00.000+08:00', handlingOrg: null },
        { kind: 'DESIGNATED', code: null, dueAt: null, handlingOrg: 'proc-540124' },
      ],
    );
    sub.dispose();
  });

  it('skips an event that cannot be decoded and goes on', async () => {
    const socket = open(token['qushui-prosecutor']);
    await socket.connected;
    const sub = subscribe(socket);
    await live([sub]);
    await publish('sent', {}, new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    await publish('sent', { transferId: '' });
    const good = await publish('sent');
    await until('the valid notification', () => sub.notifications.some((n) => n.transferId === good));
    assert.deepEqual(
      sub.notifications.map((n) => n.transferId),
      [good],
    );
    assert.deepEqual(sub.errors, []);
    sub.dispose();
  });

  it('keeps delivering after its JetStream consumer was deleted (the ordered consumer recreates itself)', async () => {
    const socket = open(token['qushui-prosecutor']);
    await socket.connected;
    const sub = subscribe(socket);
    await live([sub]);
    const jsm = await jetstreamManager(nc);
    const ephemeral = [];
    for await (const ci of jsm.consumers.list(stack.eventsStream)) {
      if (!ci.config.durable_name) ephemeral.push(ci.name);
    }
    assert.equal(ephemeral.length, 1, `one ordered consumer per gateway, found ${ephemeral.join(', ')}`);
    await jsm.consumers.delete(stack.eventsStream, ephemeral[0]!);
    const after = await publish('sent');
    // The consumer notices after two missed heartbeats (5 s apart) and recreates itself where it stopped.
    await until(
      'the notification after the consumer came back',
      () => sub.notifications.some((n) => n.transferId === after),
      30_000,
    );
    assert.deepEqual(
      sub.notifications.map((n) => n.transferId),
      [after],
      'nothing replayed, nothing lost',
    );
    sub.dispose();
  });

  it('refuses invalid documents and queries on the socket with client error codes', async () => {
    const socket = open(token['qushui-prosecutor']);
    await socket.connected;
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['unknown kind', SUBSCRIBE, { events: ['LOST'] }],
      ['unknown field', 'subscription { transferNotifications { kind secret } }', {}],
      ['a query', '{ me { username } }', {}],
      ['a mutation', 'mutation { circulateAgreement(code: "x") { code } }', {}],
      ['syntax error', 'subscription {', {}],
      [
        'too many aliases (graphql-armor, as over HTTP)',
        `subscription { transferNotifications { ${Array.from({ length: 30 }, (_, i) => `a${i}: kind`).join(' ')} } }`,
        {},
      ],
    ];
    for (const [name, query, variables] of cases) {
      const sub = subscribe(socket, variables, query);
      await until(name, () => sub.errors.length > 0 || sub.completed());
      const code = sub.errors[0]?.extensions?.code;
      assert.ok(code && CODES.has(code), `${name}: unexpected error ${JSON.stringify(sub.errors)}`);
      assert.equal(code, 'BAD_USER_INPUT', `${name}: ${JSON.stringify(sub.errors)}`);
      assert.deepEqual(sub.notifications, [], name);
    }
  });

  it("refuses a subscription sent over HTTP as the client's mistake", async () => {
    const r = await stack.graphql('subscription { transferNotifications { kind } }', {
      token: token['qushui-prosecutor'],
    });
    assert.equal(r.status, 400);
    assert.equal(r.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(r.errors![0]!.message, /WebSocket/);
  });

  it('closes the socket when the token expires', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await stack.tokens.valid({ org: 'proc-540124', iat: now, exp: now + 3 });
    const socket = open(shortLived);
    await socket.connected;
    const sub = subscribe(socket);
    await live([sub]);
    const closed = await socket.closed;
    assert.equal(closed.code, 4401);
    assert.equal(closed.reason, 'Token expired');
    assert.ok(Date.now() / 1000 >= now + 3 - 1, 'closed at expiry, not before');
  });

  describe('in production mode', () => {
    let gateway: ManagedProcess;
    let productionWsUrl: string;

    before(async () => {
      const port = await freePort();
      gateway = await startProcess({
        name: 'gateway-production',
        args: [join(REPO_ROOT, 'apps/gateway/dist/src/main.js')],
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin',
          NODE_ENV: 'production',
          ...stack.natsEnv('gateway'),
          NATS_SUBJECT_PREFIX: stack.subjectPrefix,
          EVENTS_STREAM: stack.eventsStream,
          KEYCLOAK_URL: stack.idpUrl,
          PORT: String(port),
          METRICS_PORT: '0',
        },
      });
      productionWsUrl = `ws://127.0.0.1:${port}/graphql`;
    });

    after(async () => {
      await gateway?.stop();
    });

    it('authenticates and delivers as in development', async () => {
      const refused = open(undefined, undefined, productionWsUrl);
      assert.equal((await refused.closed).code, 4401);
      const socket = open(token['qushui-prosecutor'], undefined, productionWsUrl);
      await socket.connected;
      const sub = subscribe(socket);
      await live([sub]);
      const sent = await publish('sent');
      await until('the notification', () => sub.notifications.some((n) => n.transferId === sent));
      sub.dispose();
    });

    it('reveals neither field suggestions nor limits', async () => {
      const misspelt = 'subscription { transferNotifications { knd } }';
      const aliases = `subscription { transferNotifications { ${Array.from({ length: 30 }, (_, i) => `a${i}: kind`).join(' ')} } }`;
      const development = subscribe(open(token['qushui-prosecutor']), {}, misspelt);
      await until('the development error', () => development.errors.length > 0);
      assert.match(development.errors[0]!.message, /Did you mean "kind"/, 'development suggests');

      const socket = open(token['qushui-prosecutor'], undefined, productionWsUrl);
      for (const query of [misspelt, aliases]) {
        const sub = subscribe(socket, {}, query);
        await until(query, () => sub.errors.length > 0);
        assert.equal(sub.errors[0]?.extensions?.code, 'BAD_USER_INPUT');
        const messages = JSON.stringify(sub.errors.map((e) => e.message));
        assert.doesNotMatch(messages, /Did you mean|"kind"|\d/, 'no suggestion, no number');
      }
    });
  });

  describe('when the event stream appears after the gateway started', () => {
    const prefix = `late_${randomUUID().slice(0, 8)}.`;
    const stream = `YITI_EVENTS_LATE_${randomUUID().slice(0, 8)}`;
    let gateway: ManagedProcess;
    let lateWsUrl: string;

    before(async () => {
      const port = await freePort();
      // Its own prefix and stream: JetStream forbids two streams with overlapping subjects.
      gateway = await startProcess({
        name: 'gateway-early',
        args: [join(REPO_ROOT, 'apps/gateway/dist/src/main.js')],
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin',
          NODE_ENV: 'test',
          // Another prefix and stream than the stack's, which the gateway identity has no rights on.
          ...stack.natsEnv('operator'),
          NATS_SUBJECT_PREFIX: prefix,
          EVENTS_STREAM: stream,
          KEYCLOAK_URL: stack.idpUrl,
          PORT: String(port),
          METRICS_PORT: '0',
        },
      });
      lateWsUrl = `ws://127.0.0.1:${port}/graphql`;
    });

    after(async () => {
      await gateway?.stop();
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(stream).catch(() => undefined);
    });

    it('boots without it, then starts delivering once a service created it', async () => {
      const socket = open(token['qushui-prosecutor'], undefined, lateWsUrl);
      await socket.connected;
      const sub = subscribe(socket);
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: stream, subjects: [`${prefix}yiti.evt.>`], storage: StorageType.Memory });
      await live([sub], 'received', prefix, 40_000);
      assert.ok(
        gateway.lines().some((l) => l.includes('event feed cannot open its consumer; retrying')),
        'the feed said it was waiting',
      );
      sub.dispose();
    });
  });
});
