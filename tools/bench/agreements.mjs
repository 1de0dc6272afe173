// `npm run bench -- agreements [--n1 2000] [--n16 6000] [--warmup 300] [--segments 2] [--pacts 200]
//                              [--events 5000] [--latency-events 1000] [--interval-ms 5] [--phase all|query|events]`
//
// Two parts, in one run against one stack (started with the demonstration pacts):
//  1. agreementsCovering through the gateway, for two setups measured in the same run, interleaved (A B B A):
//       distributed  HTTP → gateway process → NATS → agreements process → PostgreSQL (the real stack)
//       baseline     HTTP → one process with the same gateway and agreements code, calls in-process (no NATS)
//     at concurrency 1 and 16, over the demo pacts plus --pacts in-force pacts between other organizations
//     (inserted with SQL, as the demo seed does). Ratios distributed/baseline (target: p50 ratio ≤ 2.0).
//  2. The event pipeline: (a) the stack's outbox relay draining --events events committed at once (in
//     transactions of 100, 4 at a time); (b) outbox-to-consumer latency: --latency-events single-event transactions, one
//     every --interval-ms, consumed by an EventConsumer (with its inbox) in this process.
// Writes bench-results/agreements-<timestamp>.json. Figures only: the exit code is non-zero only on errors.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { AgreementEvents, AgreementEventSchema, AgreementStatus } from '@yiti/contracts';
import { appendEvent, EventConsumer, outboxTablesUp } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { createCleanup, log, login, startBenchStack } from './lib/harness.mjs';
import { parseBenchOptions, runQueryBench, startBaseline } from './lib/query-bench.mjs';
import { fixed, formatTable, machineInfo, machineLine, percentile, writeResults } from './lib/report.mjs';

export const description =
  'agreementsCovering: distributed vs in-process baseline; outbox relay throughput and outbox-to-consumer latency';

const QUERY =
  '{ agreementsCovering(from: "proc-540522", to: "proc-540124", businessLine: "criminal", ' +
  'category: "ecology-resources", divisionCode: "540522") ' +
  '{ code version settings { acknowledgeWithinDays decideWithinDays } } }';
const USER = 'gongga-prosecutor';
const COVERED_PAIR = ['proc-540522', 'proc-540124'];
const P50_TARGET = 2.0;
const TX_SIZE = 100;
const INSERT_WORKERS = 4;
const CONSUMER_SCHEMA = 'bench_consumer';
const COMMITTED_AT = 'Bench-Committed-At';

function options(args) {
  const { query, int, values } = parseBenchOptions(args, {
    pacts: { type: 'string', default: '200' },
    events: { type: 'string', default: '5000' },
    'latency-events': { type: 'string', default: '1000' },
    'interval-ms': { type: 'string', default: '5' },
    phase: { type: 'string', default: 'all' },
  });
  if (!['all', 'query', 'events'].includes(values.phase))
    throw new Error('--phase must be all, query or events');
  return {
    ...query,
    pacts: int('pacts'),
    events: int('events'),
    latencyEvents: int('latency-events'),
    intervalMs: int('interval-ms'),
    phase: values.phase,
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds with sub-millisecond resolution (comparable across this process only). */
const nowMs = () => performance.timeOrigin + performance.now();

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same table. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` in-force pacts (version 1 fully signed by every party, in force announced) between procuratorates
 * other than the benchmarked pair, inserted with SQL the way apps/agreements' demo seed does: 2–4 parties,
 * visible to the parties and their superior procuratorates, a mix of scopes. Many involve one of the two
 * benchmarked organizations, so the party filter has real work to do.
 */
async function seedPacts(db, root, count) {
  const { versionDigest } = await import(
    new URL('apps/agreements/dist/src/agreements/canonical.js', `file://${root}/`).href
  );
  const divisions = new Map(
    (await db.query(`SELECT code, parent_code FROM directory.division`)).map((d) => [
      d.code.trim(),
      d.parent_code?.trim() ?? null,
    ]),
  );
  const procs = (
    await db.query(`SELECT code FROM directory.organization WHERE kind = 'proc' ORDER BY code`)
  ).map((o) => o.code);
  const superiorsOf = (org) => {
    const out = [];
    for (let d = divisions.get(org.slice('proc-'.length)); d; d = divisions.get(d)) out.push(`proc-${d}`);
    return out;
  };
  const rnd = random(540522);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  /** One to several distinct items of xs (about `k` besides the one always picked). */
  const several = (xs, k) => [...new Set([pick(xs), ...xs.filter(() => rnd() < k / xs.length)])];
  const lines = ['criminal', 'public-interest', 'civil', 'administrative'];
  const categories = [
    'ecology-resources',
    'environmental-pollution',
    'illegal-fishing',
    'illegal-mining',
    'food-drug-safety',
    'cultural-heritage',
  ];
  const kinds = ['river-basin-pact', 'cooperation-mechanism'];
  let inserted = 0;
  await db.transaction(async (m) => {
    for (let i = 0; inserted < count; i++) {
      const parties = new Set();
      if (rnd() < 0.3) parties.add(pick(COVERED_PAIR));
      const size = 2 + Math.floor(rnd() * 3);
      while (parties.size < size) parties.add(pick(procs));
      const partyCodes = [...parties].sort();
      if (COVERED_PAIR.every((c) => parties.has(c))) continue;
      const code = `bench-pact-${String(i).padStart(4, '0')}`;
      const kind = pick(kinds);
      const visibleTo = [...new Set([...partyCodes, ...partyCodes.flatMap(superiorsOf)])].sort();
      const from = `202${4 + Math.floor(rnd() * 2)}-0${1 + Math.floor(rnd() * 9)}-01`;
      const content = {
        titleZh: `（基准测试）协作意见 ${i}`,
        titleEn: `(Benchmark) cooperation ${i}`,
        scope: {
          businessLines: rnd() < 0.2 ? [] : several(lines, 1),
          caseCategories: rnd() < 0.3 ? [] : several(categories, 1.5),
          divisionCodes: rnd() < 0.3 ? [] : partyCodes.map((p) => p.slice('proc-'.length)),
          basinCode: '',
        },
        clauses: [
          { number: 1, text: '双方及时互相移送属于对方管辖的案件线索。' },
          { number: 2, text: '接收方应在五个工作日内确认收到。' },
        ],
        effectiveFrom: from,
        effectiveTo: rnd() < 0.5 ? '' : `202${7 + Math.floor(rnd() * 3)}-12-31`,
        settings: {
          acknowledgeWithinDays: 1 + Math.floor(rnd() * 7),
          decideWithinDays: 10 + Math.floor(rnd() * 20),
          shareRecordsLookup: rnd() < 0.5,
        },
      };
      await m.query(
        `INSERT INTO agreements.agreement (code, kind, state, party_codes, visible_to, demo, created_by)
         VALUES ($1, $2, 'active', $3, $4, false, 'bench-seed')`,
        [code, kind, partyCodes, visibleTo],
      );
      await m.query(
        `INSERT INTO agreements.agreement_version (agreement_code, number, content, effective_from, effective_to,
           business_lines, case_categories, division_codes, fully_signed_at, in_force_announced_at, created_by)
         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, now(), now(), 'bench-seed')`,
        [
          code,
          content,
          content.effectiveFrom,
          content.effectiveTo || null,
          content.scope.businessLines,
          content.scope.caseCategories,
          content.scope.divisionCodes,
        ],
      );
      const digest = versionDigest({ code, kind, partyCodes, number: 1 }, content);
      for (const org of partyCodes) {
        await m.query(
          `INSERT INTO agreements.signature (agreement_code, version, org_code, signer, signed_at, digest)
           VALUES ($1, 1, $2, 'bench-chief', now(), $3)`,
          [code, org, digest],
        );
      }
      inserted++;
    }
  });
  await db.query('ANALYZE agreements.agreement, agreements.agreement_version, agreements.signature');
  const [{ n }] = await db.query(
    `SELECT count(*)::int AS n FROM agreements.agreement WHERE state = 'active'`,
  );
  return { inserted, activeTotal: n };
}

/** The gateway must offer the query: its emitted schema lists every query the code defines. */
function assertGatewayHasQuery(root) {
  const text = readFileSync(join(root, 'apps/gateway/schema.gql'), 'utf8');
  if (!/\bagreementsCovering\s*\(/.test(text)) {
    throw new Error(
      'apps/gateway/schema.gql has no agreementsCovering query: the gateway cannot answer it ' +
        '(use --phase events to measure only the event pipeline)',
    );
  }
}

async function unpublished(db) {
  const [{ n }] = await db.query(
    'SELECT count(*)::int AS n FROM agreements.outbox WHERE published_at IS NULL',
  );
  return n;
}

async function waitUntilDrained(db, timeoutMs, pollMs = 5) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await unpublished(db)) === 0) return nowMs();
    if (Date.now() > deadline) throw new Error(`the outbox relay did not drain within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

function eventPayloadFor(i) {
  return toBinary(
    AgreementEventSchema,
    create(AgreementEventSchema, {
      code: `bench-pact-${String(i % 200).padStart(4, '0')}`,
      version: 2,
      status: AgreementStatus.IN_FORCE,
      partyCodes: ['proc-540124', 'proc-540522'],
      actorOrg: 'proc-540522',
      actor: USER,
      occurredAt: new Date().toISOString(),
    }),
  );
}

/** Part 1: agreementsCovering, distributed vs baseline. */
async function measureQuery({ root, stack, cleanup, opts, eventsStream }) {
  log('starting the in-process baseline (gateway + agreements + directory in one process)…');
  const baseline = await startBaseline(cleanup, {
    root,
    stack,
    services: ['directory', 'agreements'],
    // Its own prefix and stream: the agreements module's relay and stream must not meet the stack's (the
    // baseline itself turns the demo seed off and the scheduler down).
    eventsStream,
  });
  try {
    return await runQueryBench({
      distributedUrl: stack.graphqlUrl,
      baselineUrl: String(baseline.readyLine.url),
      query: QUERY,
      field: 'agreementsCovering',
      token: () => login(stack.idpUrl, USER),
      n1: opts.n1,
      n16: opts.n16,
      warmup: opts.warmup,
      segments: opts.segments,
      p50Target: P50_TARGET,
    });
  } finally {
    // The baseline's agreements module runs an outbox relay on the same table: it must be gone before the
    // event pipeline is measured (cleanup would stop it too; stopping twice is harmless).
    await baseline.stop();
  }
}

/** Part 2a: the stack's relay draining `n` events committed in transactions of TX_SIZE. */
async function measureRelay({ db, jsm, stack, n }) {
  await waitUntilDrained(db, 30_000, 20);
  const before = (await jsm.streams.info(stack.eventsStream)).state.messages;
  const subject = stack.subjectPrefix + AgreementEvents.amended.subject;
  const payloads = Array.from({ length: n }, (_, i) => eventPayloadFor(i));
  // INSERT_WORKERS transactions at a time, so the events are committed faster than one relay publishes them.
  let next = 0;
  const worker = async () => {
    for (let from = next; from < n; from = next) {
      next += TX_SIZE;
      await db.transaction(async (m) => {
        for (let i = from; i < Math.min(n, from + TX_SIZE); i++) {
          await appendEvent(m, 'agreements', {
            subject,
            payload: payloads[i],
            headers: { 'Bench-Phase': 'relay' },
          });
        }
      });
    }
  };
  const started = nowMs();
  await Promise.all(Array.from({ length: INSERT_WORKERS }, worker));
  const inserted = nowMs();
  const backlog = await unpublished(db);
  const drained = await waitUntilDrained(db, 60_000);
  const [spread] = await db.query(
    `SELECT count(DISTINCT published_at)::int AS batches,
            extract(epoch FROM max(published_at) - min(published_at)) * 1000 AS ms
       FROM agreements.outbox WHERE headers->>'Bench-Phase' = 'relay'`,
  );
  const after = (await jsm.streams.info(stack.eventsStream)).state.messages;
  if (after - before < n) {
    throw new Error(`the stream gained ${after - before} messages, expected ${n}`);
  }
  const totalMs = drained - started;
  return {
    events: n,
    transactionSize: TX_SIZE,
    insertMs: inserted - started,
    totalMs,
    afterInsertMs: drained - inserted,
    eventsPerSecond: (n * 1000) / totalMs,
    // Unpublished when the last insert committed, and how fast the relay (alone by then) worked it off.
    backlogAtLastCommit: backlog,
    backlogEventsPerSecond: backlog > 0 ? (backlog * 1000) / (drained - inserted) : NaN,
    relayBatches: spread.batches,
    // published_at is now() of each relay batch transaction, i.e. its start: first to last batch start.
    relayBatchSpanMs: Number(spread.ms),
    streamMessagesAdded: after - before,
  };
}

/** Part 2b: single-event commits, one every intervalMs, to an EventConsumer in this process. */
async function measureLatency({ db, nc, jsm, stack, cleanup, m, intervalMs }) {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${CONSUMER_SCHEMA}`);
  const runner = db.createQueryRunner();
  try {
    await outboxTablesUp(runner, CONSUMER_SCHEMA);
  } finally {
    await runner.release();
  }
  // A new durable consumer would start at the beginning of the stream and first work through the relay
  // phase's events: create it here starting after them; EventConsumer.start() then only updates it.
  const durableName = 'bench-latency';
  const filterSubject = `${stack.subjectPrefix}yiti.evt.agreements.>`;
  const lastSeq = (await jsm.streams.info(stack.eventsStream)).state.last_seq;
  await jsm.consumers.add(stack.eventsStream, {
    durable_name: durableName,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: lastSeq + 1,
    ack_wait: nanos(30_000),
    max_deliver: 15,
    filter_subject: filterSubject,
    max_ack_pending: 1000,
  });

  const handledAt = new Map();
  const stampOf = new Map();
  let foreign = 0;
  const consumer = new EventConsumer({
    nc,
    stream: stack.eventsStream,
    durableName,
    filterSubject,
    dataSource: db,
    schema: CONSUMER_SCHEMA,
    logger: new JsonLogger('bench-consumer', 'error'),
    handle: async (event) => {
      const t = nowMs();
      const stamp = event.headers[COMMITTED_AT];
      if (stamp === undefined) {
        foreign++;
        return;
      }
      handledAt.set(event.id, t);
      stampOf.set(event.id, Number(stamp));
    },
  });
  cleanup.add('event consumer', () => consumer.stop());
  await consumer.start();

  const subject = stack.subjectPrefix + AgreementEvents.amended.subject;
  const payload = eventPayloadFor(0);
  const committedAt = new Map();
  let late = 0;
  const started = performance.now();
  for (let i = 0; i < m; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    else if (wait < -intervalMs) late++;
    const id = await db.transaction((tx) =>
      appendEvent(tx, 'agreements', {
        subject,
        payload,
        headers: { [COMMITTED_AT]: nowMs().toFixed(3) },
      }),
    );
    committedAt.set(id, nowMs());
  }
  const sent = performance.now() - started;
  const deadline = Date.now() + 30_000;
  while (handledAt.size < m) {
    if (Date.now() > deadline) {
      throw new Error(`the consumer handled ${handledAt.size} of ${m} events within 30 s`);
    }
    await sleep(20);
  }
  await consumer.stop();

  const fromCommit = Float64Array.from([...committedAt].map(([id, t]) => handledAt.get(id) - t)).sort();
  const fromStamp = Float64Array.from([...stampOf].map(([id, s]) => handledAt.get(id) - s)).sort();
  const stats = (xs) => ({
    p50: percentile(xs, 50),
    p90: percentile(xs, 90),
    p99: percentile(xs, 99),
    max: xs[xs.length - 1],
  });
  return {
    events: m,
    intervalMs,
    sendMs: sent,
    commitsLate: late,
    otherEventsSeen: foreign,
    consumer: { ...consumer.stats },
    // From the moment the COMMIT returned to this process until the handler ran.
    commitToHandler: stats(fromCommit),
    // From the timestamp written into the event's header (just before its INSERT) until the handler ran.
    headerToHandler: stats(fromStamp),
  };
}

export async function run({ root, args }) {
  const opts = options(args);
  const machine = machineInfo();
  if (opts.phase !== 'events') assertGatewayHasQuery(root);
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    log('starting the stack (NATS, PostgreSQL, dev-idp, directory, agreements with demo pacts, gateway)…');
    const { stack, eventsStream } = await startBenchStack(cleanup, {
      root,
      isolate: true,
      options: { seedDemoData: true },
    });
    const db = await new DataSource({
      type: 'postgres',
      url: stack.databaseUrl,
      poolSize: INSERT_WORKERS + 2,
      applicationName: 'bench',
    }).initialize();
    cleanup.add('database connection', () => db.destroy());

    let query;
    let seed;
    if (opts.phase !== 'events') {
      seed = await seedPacts(db, root, opts.pacts);
      log(`inserted ${seed.inserted} in-force pacts with SQL (${seed.activeTotal} active agreements in all)`);
      query = await measureQuery({ root, stack, cleanup, opts, eventsStream });
    }

    let relay;
    let latency;
    if (opts.phase !== 'query') {
      const nc = await stack.connectNats();
      cleanup.add('NATS connection', () => nc.close());
      const jsm = await jetstreamManager(nc);
      log(`relay throughput: ${opts.events} events committed in transactions of ${TX_SIZE}…`);
      relay = await measureRelay({ db, jsm, stack, n: opts.events });
      log(
        `outbox-to-consumer latency: ${opts.latencyEvents} single-event commits every ${opts.intervalMs} ms…`,
      );
      latency = await measureLatency({
        db,
        nc,
        jsm,
        stack,
        cleanup,
        m: opts.latencyEvents,
        intervalMs: opts.intervalMs,
      });
    }

    const ms = fixed(3);
    console.log(`
Agreements benchmark
${machineLine(machine)}`);
    if (query) {
      console.log(`
1. ${QUERY}
   user ${USER}; ${seed.activeTotal} active agreements (demo pacts + ${seed.inserted} in-force pacts between other
   organizations, inserted directly with SQL like the demo seed); answer ${JSON.stringify(query.answer)}
   Requests per setup: c1 ${opts.n1}, c16 ${opts.n16} (after ${opts.warmup} warm-up each; ${opts.segments} interleaved segments)

${query.report}`);
    }
    if (relay) {
      console.log(`
2a. Outbox relay throughput (the stack's agreements relay → JetStream, PubAck per event)
   ${relay.events} events appended with appendEvent in transactions of ${relay.transactionSize} (${INSERT_WORKERS} at a time), committed in ${fixed(0)(relay.insertMs)} ms;
   all published ${fixed(0)(relay.totalMs)} ms after the first insert → ${fixed(0)(relay.eventsPerSecond)} events/s end to end
   backlog at the last commit: ${relay.backlogAtLastCommit} events, published in ${fixed(0)(relay.afterInsertMs)} ms → ${fixed(0)(relay.backlogEventsPerSecond)} events/s (relay alone)
   ${relay.relayBatches} relay batches of ≤ ${TX_SIZE}; stream gained ${relay.streamMessagesAdded} messages`);
    }
    if (latency) {
      console.log(`
2b. Outbox-to-consumer latency (commit → relay → JetStream → EventConsumer handler, inbox transaction)
   ${latency.events} single-event transactions, one every ${latency.intervalMs} ms (${latency.commitsLate} late); handled ${latency.consumer.handled}, duplicates ${latency.consumer.duplicates}, failures ${latency.consumer.failures}

${formatTable(
  [
    { from: 'COMMIT returned', ...latency.commitToHandler },
    { from: 'header stamp (before INSERT)', ...latency.headerToHandler },
  ],
  [
    { title: 'from → handler', value: (r) => r.from, align: 'left' },
    { title: 'p50 ms', value: (r) => ms(r.p50) },
    { title: 'p90 ms', value: (r) => ms(r.p90) },
    { title: 'p99 ms', value: (r) => ms(r.p99) },
    { title: 'max ms', value: (r) => ms(r.max) },
  ],
)}`);
    }

    const file = writeResults(root, 'agreements', {
      bench: 'agreements',
      finishedAt: new Date().toISOString(),
      machine,
      options: opts,
      ...(query && {
        query: {
          query: QUERY,
          user: USER,
          seed: { ...seed, method: 'SQL inserts into agreements.agreement/agreement_version/signature' },
          answer: query.answer,
          setups: {
            distributed: 'HTTP → gateway process → NATS → agreements process → PostgreSQL',
            baseline:
              'HTTP → one process: gateway + agreements (+ directory), InProcessRpcCaller (no NATS) → PostgreSQL',
          },
          results: query.results,
          ratios: query.ratios,
          target: query.target,
        },
      }),
      ...(relay && { relay }),
      ...(latency && { latency }),
    });
    console.log(`\nResults written to ${file}`);
  });
}
