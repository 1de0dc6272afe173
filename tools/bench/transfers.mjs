// `npm run bench -- transfers [--n1 1000] [--n16 3000] [--warmup 200] [--ops1 400] [--ops16 1500]
//                             [--ops-warmup 100] [--segments 2] [--transfers 100000] [--quick]`
//
// Two measurements against one stack (started with the demonstration data, so the demo pact between 贡嘎 and
// 曲水 is in force), each for two setups measured in the same run, interleaved (A B B A):
//   distributed  HTTP → gateway process → NATS → transfers process (→ NATS → directory, agreements) → PostgreSQL
//   baseline     HTTP → one process with the same gateway, transfers, directory and agreements code, every call
//                in-process (no NATS; tools/bench/in-process-baseline.mjs)
//  1. send + accept: gongga-prosecutor sends a lead to 曲水 (sendTransfer: the transfers service asks the
//     directory for the route and the agreements service for the legal basis — the demo pact covers it), then
//     qushui-prosecutor accepts it (acceptTransfer). One operation = both mutations; ops/s and p50/p99 of the
//     pair at concurrency 1 and 16 (--ops1/--ops16 operations per setup after --ops-warmup), and the CPU time
//     each process spent per operation (Linux /proc), to show where the time goes.
//  2. inbox: transferInbox(first: 50) for qushui-prosecutor with --transfers transfers in the database,
//     bulk-inserted with SQL (INSERT … SELECT generate_series) over several organization pairs, with a mix of
//     states, kinds and dates (--n1/--n16 requests per setup after --warmup). Measured first; the sends of
//     part 1 then add to the same tables.
// --quick: 10,000 transfers and few operations, for a smoke test. The load average at the start and end is
// printed: figures from a busy machine are slower, though the interleaving keeps the ratios fair. Writes
// bench-results/transfers-<timestamp>.json. Figures only: the exit code is non-zero only on errors.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchProcesses, cpuReport } from './lib/cpu.mjs';
import {
  assertGatewayHas,
  connectDatabase,
  createCleanup,
  graphql,
  log,
  login,
  startBenchStack,
} from './lib/harness.mjs';
import { measureOperations } from './lib/operation-bench.mjs';
import { parseBenchOptions, quickOptions, runQueryBench, startBaseline } from './lib/query-bench.mjs';
import {
  errorLines,
  fixed,
  loadLine,
  machineInfo,
  machineLine,
  ratio,
  ratiosOf,
  ratiosTable,
  resultsTable,
  writeResults,
} from './lib/report.mjs';

export const description =
  'transfers: send + accept and the inbox at 100,000 transfers, distributed vs in-process baseline';

const SENDER = 'gongga-prosecutor';
const RECEIVER = 'qushui-prosecutor';
const RECEIVER_ORG = 'proc-540124';
const DEMO_PACT = 'demo-yarlung-gongga-qushui';
const P50_TARGET = 2.0;
/** The stack's processes on the measured path (CPU accounting); the baseline is one process. */
const SERVICE_APPS = ['gateway', 'transfers', 'directory', 'agreements'];

const TRANSFER_FIELDS = 'id state legalBasis { pactCode acknowledgeWithinDays decideWithinDays }';
const SEND = `mutation Send($input: SendTransferInput!) { sendTransfer(input: $input) { ${TRANSFER_FIELDS} } }`;
const ACCEPT = `mutation Accept($id: ID!, $note: String) { acceptTransfer(id: $id, note: $note) { id state } }`;
const INBOX =
  '{ transferInbox(first: 50) { items { id state kind senderOrg receiverOrg businessLine category ' +
  'summary sentAt overdue } nextCursor } }';
/** Like the demo lead (apps/transfers demo-seed.ts: 贡嘎 → 曲水, illegal sand mining on the Yarlung Tsangpo). */
const LEAD = {
  receiverOrg: RECEIVER_ORG,
  kind: 'LEAD',
  businessLine: 'criminal',
  category: 'illegal-mining',
  divisionCode: '540124',
  summary: '（基准测试）巡查发现雅鲁藏布江曲水段江心洲有夜间非法采砂作业，砂石经贡嘎境内道路外运。',
};

/**
 * Sender → receiver pairs of the seeded transfers with their weights; `prefix` starts the sender's document
 * numbers. 曲水 (proc-540124) receives about a fifth of them.
 */
const PAIRS = [
  ['proc-540522', 'proc-540124', 8],
  ['proc-540124', 'proc-540522', 6],
  ['proc-540502', 'proc-540124', 3],
  ['proc-540100', 'proc-540124', 3],
  ['proc-540521', 'proc-540124', 2],
  ['proc-540124', 'proc-540100', 2],
  ['proc-540502', 'proc-540522', 6],
  ['proc-540522', 'proc-540502', 6],
  ['proc-540521', 'proc-540522', 5],
  ['proc-540522', 'proc-540521', 4],
  ['proc-540523', 'proc-540502', 5],
  ['proc-540502', 'proc-540523', 4],
  ['proc-540528', 'proc-540523', 4],
  ['proc-540523', 'proc-540528', 3],
  ['proc-540521', 'proc-540528', 3],
  ['proc-540528', 'proc-540521', 3],
  ['proc-540500', 'proc-540522', 3],
  ['proc-540522', 'proc-540500', 2],
  ['proc-540500', 'proc-540502', 3],
  ['proc-540100', 'proc-540500', 2],
  ['proc-540500', 'proc-540100', 2],
];
const PREFIX = {
  'proc-540522': '贡检移',
  'proc-540124': '曲检移',
  'proc-540502': '乃检移',
  'proc-540521': '扎检移',
  'proc-540523': '桑检移',
  'proc-540528': '加检移',
  'proc-540500': '山检移',
  'proc-540100': '拉检移',
};
const PACT_PAIR = ['proc-540124', 'proc-540522'];

function options(args) {
  const { query, int, values } = parseBenchOptions(
    args,
    quickOptions(args, {
      n1: ['100', '1000'],
      n16: ['400', '3000'],
      warmup: ['30', '200'],
      ops1: ['40', '400'],
      ops16: ['160', '1500'],
      'ops-warmup': ['20', '100'],
      transfers: ['10000', '100000'],
    }),
  );
  return {
    ...query,
    ops1: int('ops1'),
    ops16: int('ops16'),
    opsWarmup: int('ops-warmup'),
    transfers: int('transfers'),
    quick: values.quick,
  };
}

/**
 * Bulk-inserts `count` transfers (and their timelines) with SQL the way the service would have left them:
 * both parties and their superiors in visible_to, the demo pact as legal basis where it covers the pair,
 * deadlines, and the deadline clock's overdue marks already set (so the stack's scheduler finds nothing to do
 * during the measurement). Returns counts and rates.
 */
async function seedTransfers(db, count) {
  const divisions = new Map(
    (await db.query(`SELECT code, parent_code FROM directory.division`)).rows.map((d) => [
      d.code.trim(),
      d.parent_code?.trim() ?? null,
    ]),
  );
  const chainOf = (org) => {
    const out = [org];
    for (let d = divisions.get(org.slice('proc-'.length)); d; d = divisions.get(d)) out.push(`proc-${d}`);
    return out;
  };
  const pairs = PAIRS.flatMap(([sender, receiver, weight]) => {
    const up = chainOf(sender);
    const down = chainOf(receiver);
    const pair = {
      sender,
      receiver,
      visibleTo: [...new Set([...up, ...down])].sort(),
      commonSuperior: up.find((o) => o !== sender && o !== receiver && down.includes(o)) ?? null,
      prefix: PREFIX[sender],
      pact: PACT_PAIR.includes(sender) && PACT_PAIR.includes(receiver),
    };
    return Array.from({ length: weight }, () => pair);
  });
  const [pact] = (
    await db.query(
      `SELECT v.content->>'titleZh' AS title, v.effective_from AS "from",
              (v.content->'settings'->>'acknowledgeWithinDays')::int AS ack,
              (v.content->'settings'->>'decideWithinDays')::int AS dec
         FROM agreements.agreement_version v WHERE v.agreement_code = $1 ORDER BY v.number DESC LIMIT 1`,
      [DEMO_PACT],
    )
  ).rows;
  if (!pact) throw new Error(`the demo pact ${DEMO_PACT} is missing: was the stack started with demo data?`);

  await db.query('SELECT setseed(0.540124)');
  const started = performance.now();
  const inserted = await db.query(
    `WITH pair AS (
       SELECT (x.ord - 1)::int AS n, x.p->>'sender' AS sender, x.p->>'receiver' AS receiver,
              ARRAY(SELECT jsonb_array_elements_text(x.p->'visibleTo')) AS visible_to,
              x.p->>'commonSuperior' AS common_superior, x.p->>'prefix' AS prefix, (x.p->>'pact')::boolean AS pact
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(p, ord)),
     pick AS (
       SELECT i, floor(random() * $3)::int AS pair_no, random() AS rs, random() AS rk, random() AS rl,
              random() AS rc, random() AS ra, random() AS rr, random() AS rd, random() AS rx
         FROM generate_series(1, $1::int) AS i),
     drawn AS (
       SELECT pick.*, pair.*,
              CASE WHEN rs < 0.03 THEN 'draft' WHEN rs < 0.13 THEN 'sent' WHEN rs < 0.23 THEN 'received'
                   WHEN rs < 0.66 THEN 'accepted' WHEN rs < 0.78 THEN 'returned' WHEN rs < 0.82 THEN 'objected'
                   WHEN rs < 0.86 THEN 'in-consultation' WHEN rs < 0.93 THEN 'resolved'
                   WHEN rs < 0.95 THEN 'escalated' ELSE 'designated' END AS state,
              CASE WHEN rk < 0.6 THEN 'lead' ELSE 'case' END AS kind,
              CASE WHEN rl < 0.6 THEN 'criminal' WHEN rl < 0.85 THEN 'public-interest'
                   WHEN rl < 0.93 THEN 'civil' ELSE 'administrative' END AS business_line,
              (ARRAY['ecology-resources', 'environmental-pollution', 'illegal-fishing', 'illegal-mining',
                     'food-drug-safety', 'cultural-heritage'])[1 + floor(rc * 6)::int] AS category
         FROM pick JOIN pair ON pair.n = pick.pair_no),
     dated AS (
       SELECT drawn.*,
              date_trunc('milliseconds', now() - interval '1 day' * CASE state
                WHEN 'draft' THEN ra * 30 WHEN 'sent' THEN ra * 8 WHEN 'received' THEN ra * 20
                WHEN 'objected' THEN 2 + ra * 10 WHEN 'in-consultation' THEN 4 + ra * 10
                ELSE 20 + ra * 710 END) AS sent_ts
         FROM drawn),
     received AS (
       SELECT dated.*,
              pact AND sent_ts >= $6::date AND business_line IN ('criminal', 'public-interest')
                AND category IN ('ecology-resources', 'environmental-pollution', 'illegal-fishing', 'illegal-mining')
                AS covered,
              CASE WHEN state NOT IN ('draft', 'sent')
                THEN date_trunc('milliseconds', least(now(), sent_ts + interval '2 days' * rr)) END AS received_ts
         FROM dated),
     decided AS (
       SELECT received.*,
              CASE WHEN state NOT IN ('draft', 'sent', 'received')
                THEN date_trunc('milliseconds', least(now(), received_ts + interval '8 days' * rd)) END AS decided_ts,
              CASE WHEN covered THEN $7::int ELSE 3 END AS ack_days,
              CASE WHEN covered THEN $8::int ELSE 10 END AS dec_days
         FROM received),
     due AS (
       SELECT decided.*,
              CASE WHEN state <> 'draft'
                THEN date_trunc('milliseconds', sent_ts + interval '1 day' * ack_days * 1.4) END AS ack_due,
              CASE WHEN received_ts IS NOT NULL
                THEN date_trunc('milliseconds', received_ts + interval '1 day' * dec_days * 1.4) END AS dec_due,
              CASE WHEN state IN ('objected', 'in-consultation', 'resolved', 'escalated', 'designated')
                THEN date_trunc('milliseconds', decided_ts + interval '21 days') END AS cons_due,
              CASE WHEN state IN ('accepted', 'returned') THEN decided_ts
                   WHEN state IN ('resolved', 'designated')
                     THEN date_trunc('milliseconds', least(now(), decided_ts + interval '15 days' * rx)) END AS closed_ts
         FROM decided)
     INSERT INTO transfers.transfer (
       sender_org, receiver_org, kind, business_line, category, division_code, summary, sender_case_number,
       pact_code, pact_version, pact_title, acknowledge_days, decide_days, state, receiver_decision, resolution,
       handling_org, common_superior_org, visible_to, return_reason, objection_grounds, decision_text, demo,
       created_by, created_at, listed_at, sent_at, received_at, decided_at, closed_at, acknowledge_due_at,
       decide_due_at, consultation_due_at, acknowledge_overdue_at, decide_overdue_at, consultation_overdue_at,
       updated_at)
     SELECT sender, receiver, kind, business_line, category,
            CASE WHEN rx < 0.7 THEN right(receiver, 6) ELSE right(sender, 6) END,
            '（基准测试）' || CASE kind WHEN 'lead' THEN '线索' ELSE '案件' END || ' 第 ' || i || ' 号：' ||
              category || '，' || business_line || '，涉及 ' || right(receiver, 6) || ' 辖区。',
            CASE WHEN kind = 'case' THEN prefix || '〔' || extract(year FROM sent_ts)::int || '〕' || (1 + i % 999) || '号' END,
            CASE WHEN covered THEN $4 END,
            CASE WHEN covered THEN 1 END,
            CASE WHEN covered THEN $5 END,
            ack_days, dec_days, state,
            CASE WHEN state IN ('accepted', 'returned') THEN state
                 WHEN state IN ('objected', 'in-consultation', 'resolved', 'escalated', 'designated') THEN 'objected' END,
            CASE WHEN state = 'resolved' THEN
              CASE WHEN rr < 0.5 THEN 'accepted-by-receiver' ELSE 'retained-by-sender' END END,
            CASE WHEN state = 'accepted' THEN receiver WHEN state = 'returned' THEN sender
                 WHEN state IN ('resolved', 'designated') THEN CASE WHEN rr < 0.5 THEN receiver ELSE sender END END,
            common_superior, visible_to,
            CASE WHEN state = 'returned' THEN (ARRAY['not-our-jurisdiction', 'incomplete-materials', 'duplicate',
                   'other'])[1 + floor(rd * 4)::int] END,
            CASE WHEN state IN ('objected', 'in-consultation', 'resolved', 'escalated', 'designated') THEN
              (ARRAY['sender-has-jurisdiction', 'third-party-has-jurisdiction', 'outside-pact-scope',
                     'facts-disputed'])[1 + floor(rd * 4)::int] END,
            CASE WHEN state = 'returned' THEN '请补充现场勘验笔录后再移送。'
                 WHEN state IN ('objected', 'in-consultation', 'resolved', 'escalated', 'designated')
                   THEN '主要行为地不在本院辖区，应由移送方管辖。'
                 WHEN state = 'accepted' AND rd < 0.3 THEN '已受理，将依法办理。' END,
            false, 'bench-seed',
            date_trunc('milliseconds', sent_ts - interval '3 hours' * rx),
            CASE WHEN state = 'draft' THEN date_trunc('milliseconds', sent_ts - interval '3 hours' * rx) ELSE sent_ts END,
            CASE WHEN state <> 'draft' THEN sent_ts END,
            received_ts, decided_ts, closed_ts, ack_due, dec_due, cons_due,
            CASE WHEN ack_due < coalesce(received_ts, now()) THEN ack_due END,
            CASE WHEN dec_due < coalesce(decided_ts, now()) THEN dec_due END,
            CASE WHEN state = 'escalated' OR cons_due < now() THEN cons_due END,
            coalesce(closed_ts, decided_ts, received_ts, sent_ts)
       FROM due`,
    [
      count,
      JSON.stringify(pairs),
      pairs.length,
      DEMO_PACT,
      pact.title,
      pact.from,
      pact.ack || 3,
      pact.dec || 10,
    ],
  );
  const transfersMs = performance.now() - started;
  const stepsStarted = performance.now();
  const steps = await db.query(
    `INSERT INTO transfers.transfer_step (transfer_id, at, action, actor, actor_org, from_state, to_state, note, code)
     SELECT id, created_at, 'created', 'bench-seed', sender_org, 'draft', 'draft', NULL, NULL
       FROM transfers.transfer WHERE created_by = 'bench-seed'
     UNION ALL
     SELECT id, sent_at, 'sent', 'bench-seed', sender_org, 'draft', 'sent', NULL, NULL
       FROM transfers.transfer WHERE created_by = 'bench-seed' AND sent_at IS NOT NULL
     UNION ALL
     SELECT id, received_at, 'received', 'bench-seed', receiver_org, 'sent', 'received', NULL, NULL
       FROM transfers.transfer WHERE created_by = 'bench-seed' AND received_at IS NOT NULL
     UNION ALL
     SELECT id, decided_at, receiver_decision, 'bench-seed', receiver_org, 'received', receiver_decision,
            decision_text, upper(replace(coalesce(return_reason, objection_grounds), '-', '_'))
       FROM transfers.transfer WHERE created_by = 'bench-seed' AND decided_at IS NOT NULL`,
  );
  const stepsMs = performance.now() - stepsStarted;
  const analyzeStarted = performance.now();
  await db.query('ANALYZE transfers.transfer, transfers.transfer_step');
  const analyzeMs = performance.now() - analyzeStarted;

  const states = Object.fromEntries(
    (
      await db.query(
        `SELECT state, count(*)::int AS n FROM transfers.transfer WHERE created_by = 'bench-seed'
          GROUP BY state ORDER BY state`,
      )
    ).rows.map((r) => [r.state, r.n]),
  );
  const [{ total, inbox, withPact }] = (
    await db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE receiver_org = $1 AND state <> 'draft')::int AS inbox,
              count(*) FILTER (WHERE pact_code IS NOT NULL)::int AS "withPact"
         FROM transfers.transfer`,
      [RECEIVER_ORG],
    )
  ).rows;
  return {
    transfers: inserted.rowCount,
    steps: steps.rowCount,
    transfersMs,
    stepsMs,
    analyzeMs,
    transfersPerSecond: (inserted.rowCount * 1000) / transfersMs,
    stepsPerSecond: (steps.rowCount * 1000) / stepsMs,
    totalInTable: total,
    withPact,
    receiverInbox: inbox,
    states,
    pairs: PAIRS.map(([sender, receiver, weight]) => ({ sender, receiver, weight })),
  };
}

/**
 * What PostgreSQL does for the service's inbox page (the SQL its query builder generates, all columns): the
 * fastest of three EXPLAIN ANALYZE runs and the plan's nodes.
 */
async function explainInbox(db) {
  let best;
  for (let i = 0; i < 3; i++) {
    const { rows } = await db.query(
      `EXPLAIN (ANALYZE, FORMAT JSON)
       SELECT * FROM transfers.transfer t WHERE t.receiver_org = $1 AND t.state <> 'draft'
        ORDER BY t.listed_at DESC, t.id DESC LIMIT 51`,
      [RECEIVER_ORG],
    );
    const plan = rows[0]['QUERY PLAN'][0];
    if (!best || plan['Execution Time'] < best['Execution Time']) best = plan;
  }
  const nodes = [];
  const walk = (n) => {
    nodes.push(n['Index Name'] ? `${n['Node Type']} using ${n['Index Name']}` : n['Node Type']);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(best.Plan);
  return { executionMs: best['Execution Time'], planningMs: best['Planning Time'], plan: nodes.join(' → ') };
}

/** The operation: sendTransfer as the sender, then acceptTransfer (of what was sent) as the receiver. */
const STEPS = [
  {
    group: 'send',
    field: 'sendTransfer',
    user: 'sender',
    body: ({ key }) => ({ query: SEND, variables: { input: { ...LEAD, idempotencyKey: key } } }),
  },
  {
    group: 'accept',
    field: 'acceptTransfer',
    user: 'receiver',
    body: ({ prev }) => ({ query: ACCEPT, variables: { id: prev.id } }),
    check: (accepted) =>
      accepted.state !== 'ACCEPTED' ? `acceptTransfer left it ${accepted.state}` : undefined,
  },
];

/** Part 1: send + accept, distributed vs baseline, at concurrency 1 and 16, interleaved (A B B A). */
async function measurePairs({ setups, idpUrl, opts, pidsOf }) {
  const runId = randomBytes(4).toString('hex');
  const tokens = async () => ({
    sender: await login(idpUrl, SENDER),
    receiver: await login(idpUrl, RECEIVER),
  });

  // Both setups must send and accept, with the demo pact as the legal basis, before anything is timed.
  const check = await tokens();
  const basis = {};
  for (const setup of setups) {
    const sent = await graphql(setup.url, SEND, check.sender, {
      input: { ...LEAD, idempotencyKey: `bench-${runId}-${setup.name}-check` },
    });
    const accepted = await graphql(setup.url, ACCEPT, check.receiver, { id: sent.sendTransfer.id });
    if (accepted.acceptTransfer.state !== 'ACCEPTED') {
      throw new Error(`${setup.name}: acceptTransfer left it ${accepted.acceptTransfer.state}`);
    }
    basis[setup.name] = sent.sendTransfer.legalBasis;
  }
  if (
    JSON.stringify(basis.distributed) !== JSON.stringify(basis.baseline) ||
    basis.distributed?.pactCode !== DEMO_PACT
  ) {
    throw new Error(`the setups disagree on the legal basis or miss the demo pact: ${JSON.stringify(basis)}`);
  }
  log(`both setups send and accept; legal basis ${JSON.stringify(basis.distributed)}`);

  const results = await measureOperations({
    setups,
    levels: [
      [1, opts.ops1],
      [16, opts.ops16],
    ],
    warmup: opts.opsWarmup,
    segments: opts.segments,
    steps: STEPS,
    tokens,
    pidsOf,
    unit: 'send + accept',
    abortLabel: 'send + accept pairs to',
    runId,
    shape: ({ setup, figures, steps, cpuPerOp }) => ({ setup, ...figures, ...steps, cpuPerOp }),
  });
  const ratios = ratiosOf(results, P50_TARGET, (d, b) => ({
    sendP50: ratio(d.send.p50, b.send.p50),
    acceptP50: ratio(d.accept.p50, b.accept.p50),
  }));
  return { results, ratios, basis: basis.distributed };
}

function pairsReport({ results, ratios }) {
  return [
    resultsTable(results, {
      count: 'ops',
      rate: 'ops/s',
      extra: [
        { title: 'send p50', value: (r) => fixed(3)(r.send.p50) },
        { title: 'accept p50', value: (r) => fixed(3)(r.accept.p50) },
      ],
    }),
    '',
    ratiosTable(ratios, {
      rate: 'ops/s',
      p50Target: P50_TARGET,
      extra: [
        { title: 'send p50', value: (r) => fixed(2)(r.sendP50) },
        { title: 'accept p50', value: (r) => fixed(2)(r.acceptP50) },
      ],
    }),
    ...cpuReport(results),
    ...errorLines(results),
  ].join('\n');
}

export async function run({ root, args }) {
  const opts = options(args);
  const machine = machineInfo();
  assertGatewayHas(root, ['sendTransfer', 'acceptTransfer', 'transferInbox']);
  // Others may share the machine: the load average before and after says how quiet it was.
  const loadBefore = os.loadavg();
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    log(
      'starting the stack (NATS, PostgreSQL, dev-idp, directory, agreements, transfers, gateway; demo data)…',
    );
    const { stack, eventsStream } = await startBenchStack(cleanup, {
      root,
      isolate: true,
      options: { seedDemoData: true },
    });
    const db = await connectDatabase(cleanup, stack);

    log(`inserting ${opts.transfers} transfers with SQL…`);
    const seed = await seedTransfers(db, opts.transfers);
    log(
      `inserted ${seed.transfers} transfers in ${fixed(0)(seed.transfersMs)} ms (${fixed(0)(seed.transfersPerSecond)} rows/s) ` +
        `and ${seed.steps} timeline steps in ${fixed(0)(seed.stepsMs)} ms; ${RECEIVER_ORG}'s inbox has ${seed.receiverInbox}`,
    );
    const plan = await explainInbox(db);

    log('starting the in-process baseline (gateway + directory + agreements + transfers in one process)…');
    const baseline = await startBaseline(cleanup, {
      root,
      stack,
      services: ['directory', 'agreements', 'transfers'],
      eventsStream,
    });
    const setups = [
      { name: 'distributed', url: stack.graphqlUrl },
      { name: 'baseline', url: String(baseline.readyLine.url) },
    ];

    log(`inbox: ${INBOX} as ${RECEIVER}`);
    const inbox = await runQueryBench({
      distributedUrl: setups[0].url,
      baselineUrl: setups[1].url,
      query: INBOX,
      field: 'transferInbox',
      listOf: (data) => data?.transferInbox?.items,
      token: () => login(stack.idpUrl, RECEIVER),
      n1: opts.n1,
      n16: opts.n16,
      warmup: opts.warmup,
      segments: opts.segments,
      p50Target: P50_TARGET,
      describe: (items) => `first page of ${items.length} transfers`,
    });

    log(`send + accept: ${SENDER} → ${RECEIVER_ORG}, accepted by ${RECEIVER}`);
    const pidsOf = benchProcesses({ db, stack, apps: SERVICE_APPS, baseline });
    const pairs = await measurePairs({ setups, idpUrl: stack.idpUrl, opts, pidsOf });
    const [{ n: sentDuringBench }] = (
      await db.query(`SELECT count(*)::int AS n FROM transfers.transfer WHERE created_by = $1`, [SENDER])
    ).rows;

    const loadAfter = os.loadavg();
    const ms = fixed(3);
    console.log(`
Transfers benchmark${opts.quick ? ' (--quick)' : ''}
${machineLine(machine)}
${loadLine(loadBefore, loadAfter)}

1. send + accept — sendTransfer as ${SENDER} (lead to ${RECEIVER_ORG}; route from the directory, legal basis
   from agreements: ${pairs.basis.pactCode}, ${pairs.basis.acknowledgeWithinDays}/${pairs.basis.decideWithinDays} working days), then acceptTransfer as ${RECEIVER}.
   One operation = both mutations; latencies of the pair, and p50 of each mutation.
   Operations per setup: c1 ${opts.ops1}, c16 ${opts.ops16} (after ${opts.opsWarmup} warm-up each; ${opts.segments} interleaved segments)

${pairsReport(pairs)}

2. ${INBOX}
   as ${RECEIVER}: ${RECEIVER_ORG}'s inbox has ${seed.receiverInbox} transfers (${seed.totalInTable} in the table before the sends)
   seeded ${seed.transfers} transfers with INSERT … SELECT generate_series in ${fixed(0)(seed.transfersMs)} ms → ${fixed(0)(seed.transfersPerSecond)} rows/s
   (+ ${seed.steps} timeline steps in ${fixed(0)(seed.stepsMs)} ms → ${fixed(0)(seed.stepsPerSecond)} rows/s; ANALYZE ${fixed(0)(seed.analyzeMs)} ms)
   states: ${Object.entries(seed.states)
     .map(([s, n]) => `${s} ${n}`)
     .join(', ')}
   PostgreSQL alone (EXPLAIN ANALYZE of the page's SQL): ${ms(plan.executionMs)} ms; ${plan.plan}
   Requests per setup: c1 ${opts.n1}, c16 ${opts.n16} (after ${opts.warmup} warm-up each; ${opts.segments} interleaved segments)

${inbox.report}

${sentDuringBench} transfers sent and accepted during the run.`);

    const file = writeResults(root, 'transfers', {
      bench: 'transfers',
      finishedAt: new Date().toISOString(),
      machine,
      loadAverage: { start: loadBefore, end: loadAfter },
      options: opts,
      setups: {
        distributed:
          'HTTP → gateway process → NATS → transfers process (→ NATS → directory, agreements processes) → PostgreSQL',
        baseline:
          'HTTP → one process: gateway + transfers + directory + agreements, InProcessRpcCaller (no NATS) → PostgreSQL',
      },
      sendAccept: {
        sender: SENDER,
        receiver: RECEIVER,
        content: LEAD,
        mutations: { send: SEND, accept: ACCEPT },
        legalBasis: pairs.basis,
        results: pairs.results,
        ratios: pairs.ratios,
        target: { p50RatioMax: P50_TARGET, met: pairs.ratios.every((r) => r.p50TargetMet) },
        transfersSentDuringRun: sentDuringBench,
      },
      inbox: {
        query: INBOX,
        user: RECEIVER,
        org: RECEIVER_ORG,
        seed: { ...seed, method: 'INSERT … SELECT generate_series into transfers.transfer / transfer_step' },
        postgresPlan: plan,
        firstPageSize: inbox.answer.length,
        results: inbox.results,
        ratios: inbox.ratios,
        target: inbox.target,
      },
    });
    console.log(`\nResults written to ${file}`);
  });
}
