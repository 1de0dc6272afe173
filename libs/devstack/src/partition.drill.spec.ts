import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { CITY_JETSTREAM_DOMAIN, MeetingEvents } from '@yiti/contracts';
import pg from 'pg';
import { createDatabase, createServiceRoles, databaseEnv, dropDatabase, uniqueName } from './databases.js';
import { createCountyNetns, netnsUnavailable, type CountyNetns } from './netns.js';
import { startCountyLeafNats } from './nats.js';
import { freePort } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';
import { forwardTcp, type TcpForward } from './tcp-forward.js';
import { REPO_ROOT, startTestStack, type TestStack } from './test-stack.js';
import { waitFor } from './wait.js';

/** How long the county's link to the city is cut. */
const PARTITION_MS = 60_000;
/** Every call a county user makes must end within this: with a result or a typed error. */
const CALL_BOUND_MS = 10_000;
/** The county's outbox must be empty again within this of the heal. */
const DRAIN_BOUND_MS = 10_000;
/** The error codes a county user may get for what needs the city while the link is down. */
const TYPED_WHILE_CUT = new Set(['TIMEOUT', 'SERVICE_UNAVAILABLE']);

const LOG = `mutation($input: LogConsultationInput!) { logConsultation(input: $input) { id state } }`;
const INBOX = `query { transferInbox { items { id } } }`;
const LOGGED = MeetingEvents.policeConsultationLogged.subject;

type Outcome = { ok: true; data: Record<string, { id?: string } | null> } | { ok: false; code: string };

/**
 * The county partition drill (docs/deploy.md, "Durability tested here"). The city runs the whole stack on this
 * machine, its NATS with a leafnodes listener. A county office is a network namespace the test makes, joined by
 * a WAN link (the county's link to the city) and a LAN (its own database server and its users): in it run the
 * county's leaf node, a meetings instance with the county's own database (MEETINGS_SITE=county) and a gateway.
 * The WAN link is cut for 60 s and healed. While it is down, the county's police go on logging consultations
 * (written locally, their events held in the outbox) and what needs the city answers with a typed error within
 * 10 s; after the heal the outbox drains, and every consultation's event is in the city's stream exactly once.
 */
describe('a county office behind a leaf node, cut off for 60 s', { skip: netnsUnavailable() }, () => {
  let stack: TestStack;
  let county: CountyNetns;
  let scratch: string;
  let countyDb: string;
  let db: pg.Client;
  let nc: NatsConnection;
  const forwards: TcpForward[] = [];
  const processes: ManagedProcess[] = [];
  let leaf: { stop(): Promise<void> } | undefined;
  let countyGraphql: string;
  const token: Record<string, string> = {};

  before(async () => {
    const booting = Date.now();
    scratch = mkdtempSync(join(tmpdir(), 'yiti-partition-'));
    county = await createCountyNetns();
    stack = await startTestStack({ natsLeafnodes: { host: county.wan.host } });
    const leafnodes = stack.natsLeafnodes!;
    const admin = new URL(stack.adminUrl);

    // The county's own database server, on its LAN: the city's PostgreSQL, reached through a forward on the
    // LAN's host end (it listens on loopback only), with a database of the county's.
    const pgForward = await forwardTcp({
      listenHost: county.lan.host,
      targetHost: admin.hostname,
      targetPort: Number(admin.port || 5432),
    });
    forwards.push(pgForward);
    countyDb = uniqueName('yiti_county');
    await createDatabase(stack.adminUrl, countyDb);
    const viaLan = (url: string) => {
      const u = new URL(url);
      u.hostname = county.lan.host;
      u.port = String(pgForward.port);
      return u.toString();
    };
    const roles = (await createServiceRoles(stack.adminUrl, countyDb)).meetings;
    db = new pg.Client({ connectionString: roles.migrationUrl });

    // The identity provider stays in the city: its keys cross the WAN (a forward at each end of it), and the
    // county's gateway knows it by the same address as the city's, so the tokens' issuer matches.
    const idp = new URL(stack.idpUrl);
    const idpForward = await forwardTcp({
      listenHost: county.wan.host,
      targetHost: idp.hostname,
      targetPort: Number(idp.port),
    });
    forwards.push(idpForward);
    const inCounty = (name: string, args: string[], env: Record<string, string>) =>
      startProcess({
        name,
        command: county.prefix[0]!,
        args: [...county.prefix.slice(1), process.execPath, '--enable-source-maps', ...args],
        env,
        cwd: REPO_ROOT,
        output: 'capture',
      }).then((p) => (processes.push(p), p));
    await inCounty(
      'county-idp-forward',
      [
        join(REPO_ROOT, 'libs/devstack/dist/tcp-forward.js'),
        idp.hostname,
        idp.port,
        county.wan.host,
        String(idpForward.port),
      ],
      { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    );

    // The county's leaf node: its processes connect to it on the county's side, it connects to the hub's
    // leafnodes listener over the WAN as the county-leaf identity.
    const leafPort = 4222;
    leaf = await startCountyLeafNats({
      dataDir: join(scratch, 'leaf'),
      layout: {
        subjectPrefix: stack.subjectPrefix,
        eventsStream: stack.eventsStream,
        auditStream: stack.auditStream,
        jetstreamDomain: CITY_JETSTREAM_DOMAIN,
      },
      credentials: stack.natsCredentials,
      hubUrl: leafnodes.url,
      port: leafPort,
      probeUrl: `nats://${county.lan.inside}:${leafPort}`,
      probeStream: stack.eventsStream,
      prefix: county.prefix,
    });
    const localNats = {
      NATS_URL: `nats://127.0.0.1:${leafPort}`,
      NATS_JETSTREAM_DOMAIN: CITY_JETSTREAM_DOMAIN,
    };
    await inCounty('county-meetings', [join(REPO_ROOT, 'apps/meetings/dist/src/main.js')], {
      ...stack.envOf('meetings'),
      ...localNats,
      ...databaseEnv({ url: viaLan(roles.url), migrationUrl: viaLan(roles.migrationUrl) }),
      MEETINGS_SITE: 'county',
      // The organizations a county logs against change rarely: known ones are answered while the link is down.
      DIRECTORY_CACHE_SECONDS: '600',
    });
    const gatewayPort = await freePort();
    await inCounty('county-gateway', [join(REPO_ROOT, 'apps/gateway/dist/src/main.js')], {
      ...stack.envOf('gateway'),
      ...localNats,
      HOST: '0.0.0.0',
      PORT: String(gatewayPort),
      METRICS_PORT: String(await freePort()),
    });
    countyGraphql = `http://${county.lan.inside}:${gatewayPort}/graphql`;
    await db.connect();
    nc = await stack.connectNats();
    for (const user of ['gongga-police', 'gongga-prosecutor']) token[user] = await stack.login(user);
    console.log(
      `partition drill: city stack, county namespace, leaf and county apps ready in ${Date.now() - booting} ms`,
    );
  });

  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await leaf?.stop();
    await Promise.all(forwards.map((f) => f.close()));
    county?.remove();
    await db?.end().catch(() => undefined);
    await nc?.close();
    if (stack && countyDb) await dropDatabase(stack.adminUrl, countyDb);
    await stack?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** One call of a county user to the county's gateway, never longer than the bound. */
  const call = async (user: string, query: string, variables: Record<string, unknown> = {}) => {
    const started = performance.now();
    let outcome: Outcome;
    try {
      const res = await fetch(countyGraphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token[user]}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(CALL_BOUND_MS),
      });
      const body = (await res.json()) as {
        data?: Record<string, { id?: string } | null> | null;
        errors?: Array<{ extensions?: { code?: string } }>;
      };
      outcome = body.errors?.length
        ? { ok: false, code: body.errors[0]!.extensions?.code ?? `UNTYPED_HTTP_${res.status}` }
        : { ok: true, data: body.data ?? {} };
    } catch (err) {
      const name = (err as { name?: string }).name;
      outcome = {
        ok: false,
        code: name === 'TimeoutError' ? 'NO_ANSWER_WITHIN_10S' : `FETCH_${String(err)}`,
      };
    }
    return { outcome, ms: performance.now() - started };
  };
  const tag = randomUUID().slice(0, 8);
  let n = 0;
  const logOne = () =>
    call('gongga-police', LOG, {
      input: {
        iscoOrg: 'isco-540522',
        policeCaseNumber: `贡公刑〔2026〕${++n}号`,
        category: 'illegal-mining',
        type: 'FILING_SUPERVISION',
        question: `分区演练 ${tag} 第 ${n} 件：群众举报夜间非法采砂，公安机关拟不立案，是否符合立案条件？`,
        materials: ['举报材料'],
        idempotencyKey: randomUUID(),
      },
    });
  const pending = async () =>
    Number(
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM meetings.outbox WHERE published_at IS NULL'))
        .rows[0]!.n,
    );

  it('keeps logging consultations while cut off, answers what needs the city with typed errors, and drains after the heal', async () => {
    const logged: string[] = [];
    // Through the link: a consultation logged at the county reaches the city's stream, and the city answers.
    const first = await logOne();
    assert.ok(first.outcome.ok, `logged before the cut: ${JSON.stringify(first.outcome)}`);
    logged.push(first.outcome.data['logConsultation']!.id!);
    const inbox = await call('gongga-prosecutor', INBOX);
    assert.ok(inbox.outcome.ok, `the city's transfers answer the county: ${JSON.stringify(inbox.outcome)}`);
    await waitFor(async () => (await pending()) === 0, {
      timeoutMs: 10_000,
      what: 'the county outbox relayed',
    });

    county.cut();
    const cutAt = Date.now();
    const whileCut = { logs: 0, logged: 0, cityCalls: 0, errors: new Map<string, number>(), maxMs: 0 };
    const count = (code: string) => whileCut.errors.set(code, (whileCut.errors.get(code) ?? 0) + 1);
    const loop = async (once: () => Promise<void>) => {
      while (Date.now() - cutAt < PARTITION_MS) {
        const started = Date.now();
        await once();
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
      }
    };
    let pendingAtHeal = 0;
    await Promise.all([
      loop(async () => {
        const { outcome, ms } = await logOne();
        whileCut.logs++;
        whileCut.maxMs = Math.max(whileCut.maxMs, ms);
        if (outcome.ok) {
          whileCut.logged++;
          logged.push(outcome.data['logConsultation']!.id!);
        } else count(`log ${outcome.code}`);
      }),
      loop(async () => {
        const { outcome, ms } = await call('gongga-prosecutor', INBOX);
        whileCut.cityCalls++;
        whileCut.maxMs = Math.max(whileCut.maxMs, ms);
        assert.ok(!outcome.ok, 'the city cannot answer while the link is down');
        count(`city ${outcome.code}`);
      }),
    ]);
    pendingAtHeal = await pending();
    county.heal();
    const healedAt = Date.now();
    await waitFor(async () => (await pending()) === 0, {
      timeoutMs: DRAIN_BOUND_MS,
      intervalMs: 100,
      what: 'the county outbox drained after the heal',
    }).catch((err: unknown) => {
      // What the county saw, for whoever reads the failure: its apps' last lines and the leaf's log.
      for (const p of processes) console.log(`--- ${p.name}\n${p.lines().slice(-25).join('\n')}`);
      console.log(
        `--- leaf\n${readFileSync(join(scratch, 'leaf/nats.log'), 'utf8').split('\n').slice(-25).join('\n')}`,
      );
      throw err;
    });
    const drainMs = Date.now() - healedAt;
    await waitFor(async () => (await call('gongga-prosecutor', INBOX)).outcome.ok, {
      timeoutMs: DRAIN_BOUND_MS,
      what: 'the city answering the county again',
    });
    const cityAgain = Date.now() - healedAt;

    // Every consultation the county logged is in its database once, its event published, and in the city's
    // stream exactly once (the relay's retries carry the outbox id as Nats-Msg-Id; the stream drops repeats).
    const rows = await db.query<{ id: string }>(
      `SELECT o.id FROM meetings.outbox o WHERE o.subject = $1 AND o.published_at IS NOT NULL`,
      [stack.subjectPrefix + LOGGED],
    );
    const outboxIds = new Set(rows.rows.map((r) => r.id));
    const stored = await db.query<{ id: string }>(
      'SELECT id FROM meetings.police_consultation WHERE id = ANY($1::uuid[])',
      [logged],
    );
    const inStream = new Map<string, number>();
    const consumer = await jetstream(nc).consumers.get(stack.eventsStream, {
      filter_subjects: stack.subjectPrefix + LOGGED,
    });
    const info = await consumer.info(true);
    const messages = await consumer.fetch({ max_messages: info.num_pending, expires: 5000 });
    for await (const m of messages as AsyncIterable<JsMsg>) {
      const id = m.headers?.get('Nats-Msg-Id') ?? '';
      inStream.set(id, (inStream.get(id) ?? 0) + 1);
      if (inStream.size >= info.num_pending) break;
    }
    const missing = [...outboxIds].filter((id) => !inStream.has(id));
    const doubled = [...inStream.values()].filter((c) => c > 1).length;

    console.log(
      [
        `partition drill: link cut ${PARTITION_MS / 1000} s`,
        `  while cut: ${whileCut.logs} consultations logged at the county, ${whileCut.logged} accepted, ` +
          `${whileCut.cityCalls} calls needing the city`,
        `  errors: ${[...whileCut.errors].map(([c, k]) => `${c} ×${k}`).join(', ') || 'none'}; ` +
          `slowest call ${Math.round(whileCut.maxMs)} ms (bound ${CALL_BOUND_MS})`,
        `  outbox held ${pendingAtHeal} events at the heal; drained ${drainMs} ms after it; ` +
          `the city answered again after ${cityAgain} ms`,
        `  ${logged.length} consultations: ${stored.rowCount} stored, ${outboxIds.size} events published, ` +
          `${inStream.size} in the stream, ${missing.length} missing, ${doubled} doubled`,
      ].join('\n'),
    );

    assert.ok(whileCut.maxMs < CALL_BOUND_MS, 'every call ended within 10 s');
    for (const [code] of whileCut.errors) {
      const [what, reason] = code.split(' ') as [string, string];
      assert.ok(
        what === 'city' && TYPED_WHILE_CUT.has(reason),
        `a typed error for what needs the city: ${code}`,
      );
    }
    assert.equal(whileCut.logged, whileCut.logs, 'every consultation logged while cut off was accepted');
    assert.ok(whileCut.logged >= 30, `the police kept working (${whileCut.logged} consultations)`);
    assert.equal(pendingAtHeal, whileCut.logged, 'their events waited in the county outbox');
    assert.equal(stored.rowCount, logged.length, 'every accepted consultation is stored at the county');
    assert.equal(outboxIds.size, logged.length, 'one event each, published');
    assert.deepEqual(missing, [], 'none lost');
    assert.equal(doubled, 0, 'none doubled');
  });
});
