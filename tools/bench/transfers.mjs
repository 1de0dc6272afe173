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
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { uniqueName } from '@yiti/devstack';
import { withCpu } from './lib/cpu.mjs';
import { createCleanup, log, login, startBenchStack } from './lib/harness.mjs';
import { createAgent, LoadAbortedError, post } from './lib/load.mjs';
import { parseBenchOptions, runQueryBench, startBaseline } from './lib/query-bench.mjs';
import { fixed, formatTable, machineInfo, ratio, summarize, writeResults } from './lib/report.mjs';

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
  const quick = args.includes('--quick');
  const { query, int, values } = parseBenchOptions(args, {
    n1: { type: 'string', default: quick ? '100' : '1000' },
    n16: { type: 'string', default: quick ? '400' : '3000' },
    warmup: { type: 'string', default: quick ? '30' : '200' },
    ops1: { type: 'string', default: quick ? '40' : '400' },
    ops16: { type: 'string', default: quick ? '160' : '1500' },
    'ops-warmup': { type: 'string', default: quick ? '20' : '100' },
    transfers: { type: 'string', default: quick ? '10000' : '100000' },
    quick: { type: 'boolean', default: false },
  });
  return {
    ...query,
    ops1: int('ops1'),
    ops16: int('ops16'),
    opsWarmup: int('ops-warmup'),
    transfers: int('transfers'),
    quick: values.quick,
  };
}

/** The gateway must offer the API: its emitted schema lists every operation the code defines. */
function assertGatewayHasApi(root) {
  const text = readFileSync(join(root, 'apps/gateway/schema.gql'), 'utf8');
  const missing = ['sendTransfer', 'acceptTransfer', 'transferInbox'].filter(
    (op) => !new RegExp(`\\b${op}\\s*\\(`).test(text),
  );
  if (missing.length > 0) {
    throw new Error(`apps/gateway/schema.gql has no ${missing.join(', ')}: the gateway cannot answer them`);
  }
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
            decision_text, coalesce(return_reason, objection_grounds)
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

/** Parses a GraphQL answer; returns { data } or { problem }. */
function parseAnswer(r, field) {
  if (r.error) return { problem: `request failed: ${r.error.message}` };
  if (r.status !== 200) return { problem: `HTTP ${r.status}: ${r.body.slice(0, 200)}` };
  let body;
  try {
    body = JSON.parse(r.body);
  } catch {
    return { problem: `non-JSON answer: ${r.body.slice(0, 200)}` };
  }
  if (body.errors) return { problem: `GraphQL errors: ${JSON.stringify(body.errors).slice(0, 300)}` };
  const data = body.data?.[field];
  if (!data) return { problem: `no ${field} in ${r.body.slice(0, 200)}` };
  return { data };
}

/**
 * Closed loop of send + accept pairs: `concurrency` workers each send a lead and accept it, then start the
 * next, until `operations` pairs have started. Latencies in ms of the pair and of each mutation (successful
 * pairs only). Throws LoadAbortedError when more than 1% of the pairs failed.
 */
async function runPairs({ url, tokens, concurrency, operations, agent, keyPrefix, timeoutMs = 10_000 }) {
  const target = new URL(url);
  const headersOf = (token) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  const senderHeaders = headersOf(tokens.sender);
  const receiverHeaders = headersOf(tokens.receiver);
  const maxErrors = Math.floor(operations * 0.01);
  const pairs = new Float64Array(operations);
  const sends = new Float64Array(operations);
  const accepts = new Float64Array(operations);
  const errorSamples = [];
  let issued = 0;
  let ok = 0;
  let errors = 0;
  let aborted = false;
  const fail = (problem) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(problem);
    if (errors > maxErrors) aborted = true;
  };

  const worker = async () => {
    while (!aborted && issued < operations) {
      const n = issued++;
      const send = Buffer.from(
        JSON.stringify({
          query: SEND,
          variables: { input: { ...LEAD, idempotencyKey: `${keyPrefix}-${n}` } },
        }),
      );
      const t0 = performance.now();
      const sent = parseAnswer(await post(agent, target, send, senderHeaders, timeoutMs), 'sendTransfer');
      const t1 = performance.now();
      if (sent.problem) {
        fail(`sendTransfer: ${sent.problem}`);
        continue;
      }
      const accept = Buffer.from(JSON.stringify({ query: ACCEPT, variables: { id: sent.data.id } }));
      const accepted = parseAnswer(
        await post(agent, target, accept, receiverHeaders, timeoutMs),
        'acceptTransfer',
      );
      const t2 = performance.now();
      if (accepted.problem) {
        fail(`acceptTransfer: ${accepted.problem}`);
        continue;
      }
      if (accepted.data.state !== 'ACCEPTED') {
        fail(`acceptTransfer left it ${accepted.data.state}`);
        continue;
      }
      pairs[ok] = t2 - t0;
      sends[ok] = t1 - t0;
      accepts[ok] = t2 - t1;
      ok++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const result = {
    latencies: pairs.subarray(0, ok),
    sends: sends.subarray(0, ok),
    accepts: accepts.subarray(0, ok),
    requests: issued,
    errors,
    errorSamples,
    elapsedMs: performance.now() - started,
    concurrency,
  };
  if (aborted) {
    throw new LoadAbortedError(
      `${errors} of ${issued} send + accept pairs to ${url} failed (> 1%): ${errorSamples.join(' | ')}`,
      result,
    );
  }
  return result;
}

function mergePairs(parts) {
  const cat = (key) => {
    const out = new Float64Array(parts.reduce((s, p) => s + p[key].length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p[key], at);
      at += p[key].length;
    }
    return out;
  };
  return {
    latencies: cat('latencies'),
    sends: cat('sends'),
    accepts: cat('accepts'),
    requests: parts.reduce((s, p) => s + p.requests, 0),
    errors: parts.reduce((s, p) => s + p.errors, 0),
    errorSamples: parts.flatMap((p) => p.errorSamples).slice(0, 5),
    elapsedMs: parts.reduce((s, p) => s + p.elapsedMs, 0),
    concurrency: parts[0]?.concurrency ?? 0,
  };
}

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
    const sent = await gql(
      setup.url,
      SEND,
      { input: { ...LEAD, idempotencyKey: `bench-${runId}-${setup.name}-check` } },
      check.sender,
    );
    const accepted = await gql(setup.url, ACCEPT, { id: sent.sendTransfer.id }, check.receiver);
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

  const results = [];
  const segments = opts.segments;
  for (const [concurrency, operations] of [
    [1, opts.ops1],
    [16, opts.ops16],
  ]) {
    if (operations === 0) continue;
    const agents = new Map(setups.map((s) => [s.name, createAgent(concurrency)]));
    const parts = new Map(setups.map((s) => [s.name, []]));
    try {
      for (const setup of setups) {
        if (opts.opsWarmup === 0) continue;
        log(`warm-up ${setup.name} c=${concurrency} (${opts.opsWarmup} send + accept)`);
        await runPairs({
          url: setup.url,
          tokens: await tokens(),
          concurrency,
          operations: opts.opsWarmup,
          agent: agents.get(setup.name),
          keyPrefix: `bench-${runId}-${setup.name}-c${concurrency}-w`,
        });
      }
      for (let seg = 0; seg < segments; seg++) {
        const order = seg % 2 === 0 ? setups : [...setups].reverse();
        const size = Math.floor(operations / segments) + (seg < operations % segments ? 1 : 0);
        for (const setup of order) {
          log(
            `measure ${setup.name} c=${concurrency} segment ${seg + 1}/${segments} (${size} send + accept)`,
          );
          const tokensNow = await tokens();
          const { result, used } = await withCpu(
            () => pidsOf(setup.name),
            () =>
              runPairs({
                url: setup.url,
                tokens: tokensNow,
                concurrency,
                operations: size,
                agent: agents.get(setup.name),
                keyPrefix: `bench-${runId}-${setup.name}-c${concurrency}-s${seg}`,
              }),
          );
          parts.get(setup.name).push({ ...result, cpu: used });
        }
      }
    } finally {
      for (const agent of agents.values()) agent.destroy();
    }
    for (const setup of setups) {
      const merged = mergePairs(parts.get(setup.name));
      const send = summarize({ ...merged, latencies: merged.sends });
      const accept = summarize({ ...merged, latencies: merged.accepts });
      // CPU ms per successful operation, per process, over the measured segments.
      const cpuPerOp = {};
      for (const part of parts.get(setup.name)) {
        for (const [name, ms] of Object.entries(part.cpu)) cpuPerOp[name] = (cpuPerOp[name] ?? 0) + ms;
      }
      for (const name of Object.keys(cpuPerOp)) cpuPerOp[name] /= Math.max(1, merged.latencies.length);
      results.push({
        setup: setup.name,
        ...summarize(merged),
        send: { p50: send.p50, p99: send.p99, mean: send.mean },
        accept: { p50: accept.p50, p99: accept.p99, mean: accept.mean },
        cpuPerOp,
      });
    }
  }
  return { results, ratios: ratiosOf(results), basis: basis.distributed };
}

/** One GraphQL request with variables, parsed (for checking a setup before measuring it). */
async function gql(url, query, variables, token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered HTTP ${res.status} with non-JSON: ${text.slice(0, 200)}`);
  }
  if (res.status !== 200 || body.errors) {
    throw new Error(`${url} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  }
  return body.data;
}

function ratiosOf(results) {
  return [...new Set(results.map((r) => r.concurrency))].map((concurrency) => {
    const d = results.find((r) => r.setup === 'distributed' && r.concurrency === concurrency);
    const b = results.find((r) => r.setup === 'baseline' && r.concurrency === concurrency);
    const p50 = ratio(d.p50, b.p50);
    return {
      concurrency,
      p50,
      p99: ratio(d.p99, b.p99),
      throughput: ratio(d.throughput, b.throughput),
      sendP50: ratio(d.send.p50, b.send.p50),
      acceptP50: ratio(d.accept.p50, b.accept.p50),
      p50TargetMet: p50 <= P50_TARGET,
    };
  });
}

function pairsReport({ results, ratios }) {
  const ms = fixed(3);
  return [
    formatTable(results, [
      { title: 'setup', value: (r) => r.setup, align: 'left' },
      { title: 'conc', value: (r) => r.concurrency },
      { title: 'ops', value: (r) => r.requests },
      { title: 'errors', value: (r) => r.errors },
      { title: 'p50 ms', value: (r) => ms(r.p50) },
      { title: 'p90 ms', value: (r) => ms(r.p90) },
      { title: 'p99 ms', value: (r) => ms(r.p99) },
      { title: 'max ms', value: (r) => ms(r.max) },
      { title: 'ops/s', value: (r) => fixed(1)(r.throughput) },
      { title: 'send p50', value: (r) => ms(r.send.p50) },
      { title: 'accept p50', value: (r) => ms(r.accept.p50) },
    ]),
    '',
    formatTable(ratios, [
      { title: 'distributed/baseline', value: (r) => `c${r.concurrency}`, align: 'left' },
      { title: 'p50', value: (r) => fixed(2)(r.p50) },
      { title: 'p99', value: (r) => fixed(2)(r.p99) },
      { title: 'ops/s', value: (r) => fixed(2)(r.throughput) },
      { title: 'send p50', value: (r) => fixed(2)(r.sendP50) },
      { title: 'accept p50', value: (r) => fixed(2)(r.acceptP50) },
      { title: `p50 ≤ ${P50_TARGET.toFixed(1)}`, value: (r) => (r.p50TargetMet ? 'met' : 'NOT met') },
    ]),
    ...cpuReport(results),
    ...results
      .filter((r) => r.errors > 0)
      .map((r) => `errors (${r.setup} c${r.concurrency}): ${r.errorSamples.join(' | ')}`),
  ].join('\n');
}

/** CPU ms per operation by process (Linux only; empty when /proc told nothing). */
function cpuReport(results) {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.cpuPerOp)))];
  const total = (r) => Object.values(r.cpuPerOp).reduce((s, v) => s + v, 0);
  if (names.length === 0 || results.every((r) => total(r) === 0)) return [];
  return [
    '',
    'CPU per operation (ms, user + system, over the measured segments; 10 ms clock ticks):',
    formatTable(results, [
      { title: 'setup', value: (r) => r.setup, align: 'left' },
      { title: 'conc', value: (r) => r.concurrency },
      ...names.map((name) => ({
        title: name,
        value: (r) => (name in r.cpuPerOp ? fixed(1)(r.cpuPerOp[name]) : ''),
      })),
      { title: 'total', value: (r) => fixed(1)(total(r)) },
    ]),
  ];
}

export async function run({ root, args }) {
  const opts = options(args);
  const machine = machineInfo();
  assertGatewayHasApi(root);
  // Others may share the machine: the load average before and after says how quiet it was.
  const loadBefore = os.loadavg();
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    const eventsStream = uniqueName('yiti_events_bench');
    log(
      'starting the stack (NATS, PostgreSQL, dev-idp, directory, agreements, transfers, gateway; demo data)…',
    );
    const { stack } = await startBenchStack(cleanup, {
      root,
      options: { seedDemoData: true, subjectPrefix: `${uniqueName('bench')}.`, eventsStream },
    });
    const db = new pg.Client({ connectionString: stack.databaseUrl, application_name: 'bench' });
    await db.connect();
    cleanup.add('database connection', () => db.end());

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
      // Its own prefix and stream: the baseline's relays and consumers must not meet the stack's.
      env: {
        NATS_SUBJECT_PREFIX: `${uniqueName('benchbase')}.`,
        EVENTS_STREAM: `${eventsStream}_base`,
      },
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
    // PostgreSQL's backends serving this database (both setups' pools), asked afresh before every segment.
    const postgresPids = async () =>
      (
        await db.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
      ).rows.map((r) => r.pid);
    const pidsOf = async (setup) => ({
      ...(setup === 'distributed'
        ? Object.fromEntries(SERVICE_APPS.map((app) => [app, stack.processes[app]?.pid ?? -1]))
        : { baseline: baseline.pid }),
      postgres: await postgresPids(),
    });
    const pairs = await measurePairs({ setups, idpUrl: stack.idpUrl, opts, pidsOf });
    const [{ n: sentDuringBench }] = (
      await db.query(`SELECT count(*)::int AS n FROM transfers.transfer WHERE created_by = $1`, [SENDER])
    ).rows;

    const loadAfter = os.loadavg();
    const ms = fixed(3);
    console.log(`
Transfers benchmark${opts.quick ? ' (--quick)' : ''}
Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}
Load average (1, 5, 15 min) at the start ${loadBefore.map(fixed(2)).join(' ')}, at the end ${loadAfter.map(fixed(2)).join(' ')}

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
