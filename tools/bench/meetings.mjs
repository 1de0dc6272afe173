// `npm run bench -- meetings [--cycles1 150] [--cycles16 480] [--cycles-warmup 32] [--concurrency 16]
//                            [--n1 600] [--n16 2400] [--warmup 100] [--segments 2]
//                            [--consultations 10000] [--meetings-held 300] [--quick]`
//
// Two measurements against one stack (no demonstration data), each for two setups measured in the same run,
// interleaved (A B B A):
//   distributed  HTTP → gateway process → NATS → meetings process (→ NATS → directory) → PostgreSQL
//   baseline     HTTP → one process with the same gateway, meetings and directory code, every call in-process
//                (no NATS; tools/bench/in-process-baseline.mjs)
//  1. a secretary's full cycle: city-secretary (meeting secretary of 山南市人民检察院, proc-540500) creates a
//     prosecutors' joint meeting (检察官联席会议) inviting 贡嘎 (proc-540522), starts it, records the attendance
//     (three prosecutors present: the quorum of the kind), records five agenda items (each with a decision and
//     a majority opinion held by attendees present; one with a minority opinion, one referred to the
//     procuratorial committee, one giving 贡嘎 an action item) and concludes it — nine mutations, each naming
//     the version the previous one returned. One operation = the whole cycle; cycles/s and p50/p99 of the
//     cycle at concurrency 1 and --concurrency (16; 8 on a small machine if 16 is too slow), p50 of each
//     mutation, and the CPU time each process spent per cycle (Linux /proc), to show where the time goes.
//  2. consultationStatistics over the past year as city-chief (proc-540500, which sees every Shannan ISCO)
//     with --consultations police consultations bulk-inserted with SQL (INSERT … SELECT generate_series) at
//     every ISCO the directory has, all five types, open/answered/closed, follow-up clocks running, met and
//     missed, over the past 400 days), and --meetings-held concluded ISCO consultation meetings (plus some
//     scheduled and cancelled ones that do not count); the seeding rate, an EXPLAIN ANALYZE of the service's
//     own statistics SQL, and p50/p99 and req/s at concurrency 1 and 16. Measured first: the cycles of part 1
//     then add prosecutors' joint meetings, which the statistics do not count.
// --quick: few operations, for a smoke test (under two minutes). The load average at the start and end is
// printed: figures from a busy machine are slower, though the interleaving keeps the ratios fair. Writes
// bench-results/meetings-<timestamp>.json. Figures only: the exit code is non-zero only on errors.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { benchProcesses, cpuReport, cpuTotal } from './lib/cpu.mjs';
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
  formatTable,
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
  "meetings: a secretary's full meeting cycle and consultationStatistics at 10,000 consultations, distributed vs in-process baseline";

const SECRETARY = 'city-secretary';
const HOST_ORG = 'proc-540500';
/** Sees every Shannan ISCO: consultations and ISCO meetings are visible to the procuratorates above them. */
const STATISTICS_USER = 'city-chief';
const STATISTICS_ORG = 'proc-540500';
/** Logs one consultation through the real service, to check the seed's visibility rule against the service's. */
const POLICE_USER = 'gongga-police';
const CHECK_ISCO = 'isco-540522';
const P50_TARGET = 2.0;
/** The stack's processes on the measured path (CPU accounting); the baseline is one process. */
const SERVICE_APPS = ['gateway', 'meetings', 'directory'];
const SEED_USER = 'bench-seed';

// ── Part 1: the secretary's cycle ────────────────────────────────────────────────────────────────────────

const FIELDS = 'id state version';
const CREATE = `mutation Create($input: CreateMeetingInput!) { createMeeting(input: $input) { ${FIELDS} } }`;
const START = `mutation Start($id: ID!, $v: Int!) { startMeeting(id: $id, expectedVersion: $v) { ${FIELDS} } }`;
const ATTENDANCE =
  'mutation Attendance($id: ID!, $v: Int!, $attendees: [AttendeeInput!]!) ' +
  `{ recordAttendance(id: $id, expectedVersion: $v, attendees: $attendees) { ${FIELDS} } }`;
const ITEM =
  'mutation Item($id: ID!, $v: Int!, $item: AgendaItemInput!) ' +
  `{ recordAgendaItem(id: $id, expectedVersion: $v, item: $item) { ${FIELDS} } }`;
const CONCLUDE =
  'mutation Conclude($id: ID!, $v: Int!) { concludeMeeting(id: $id, expectedVersion: $v) ' +
  `{ ${FIELDS} concludedAt agenda { number actions { ownerOrg dueDate status } } } }`;

const INVITEES = [
  { org: 'proc-540522' },
  { org: 'proc-540522', username: 'gongga-chief' },
  { org: 'proc-540522', username: 'gongga-prosecutor' },
];
/** Three prosecutors present (the quorum of a prosecutors' joint meeting), the secretary, one excused. */
const ATTENDEES = [
  { username: 'city-chief', org: 'proc-540500', role: 'CHIEF_PROSECUTOR', present: true },
  { username: 'gongga-chief', org: 'proc-540522', role: 'CHIEF_PROSECUTOR', present: true },
  { username: 'gongga-prosecutor', org: 'proc-540522', role: 'PROSECUTOR', present: true },
  { username: 'city-secretary', org: 'proc-540500', role: 'SECRETARY', present: true },
  { username: 'city-auditor', org: 'proc-540500', role: 'OTHER', present: false },
];
const YEAR = new Date().getFullYear();
/** The five agenda items: a decision and a majority opinion each (held by prosecutors present). */
const ITEMS = [
  {
    number: 1,
    title: '（基准测试）雅鲁藏布江贡嘎段非法采砂案的定性与管辖',
    caseNumber: `贡检刑诉〔${YEAR}〕12号`,
    decision: '认定构成非法采矿罪，由贡嘎县人民检察院继续办理。',
    majority: {
      text: '砂石量已达情节严重标准，应以非法采矿罪起诉。',
      holders: ['city-chief', 'gongga-chief'],
    },
    minorities: [{ text: '鉴定意见尚需补强，建议退回补充侦查。', holders: ['gongga-prosecutor'] }],
  },
  {
    number: 2,
    title: '（基准测试）生态环境损害赔偿的证据标准',
    decision: '统一采用具备资质机构的鉴定意见作为损失依据。',
    majority: {
      text: '以鉴定意见为主、专家意见为辅。',
      holders: ['city-chief', 'gongga-chief', 'gongga-prosecutor'],
    },
  },
  {
    number: 3,
    title: '（基准测试）禁渔期电鱼案件的刑事与公益诉讼衔接',
    caseNumber: `贡检公益〔${YEAR}〕3号`,
    decision: '刑事附带民事公益诉讼一并提起。',
    majority: { text: '一并提起可节约司法资源。', holders: ['city-chief', 'gongga-prosecutor'] },
    referToCommittee: true,
  },
  {
    number: 4,
    title: '（基准测试）跨区域移送线索的办理时限',
    decision: '贡嘎县人民检察院十个工作日内报送线索核查情况。',
    majority: {
      text: '应明确时限并跟踪落实。',
      holders: ['city-chief', 'gongga-chief', 'gongga-prosecutor'],
    },
    actions: [
      {
        ownerOrg: 'proc-540522',
        description: '（基准测试）报送雅鲁藏布江沿线非法采砂线索核查情况。',
        dueWithinDays: 10,
      },
    ],
  },
  {
    number: 5,
    title: '（基准测试）下一季度联席会议议题',
    decision: '下一季度重点研究饮用水水源地保护案件。',
    majority: { text: '同意。', holders: ['city-chief', 'gongga-chief', 'gongga-prosecutor'] },
  },
];
/**
 * The cycle's mutations in order, all as the secretary (lib/operation-bench.mjs steps); `group` names them
 * in the report (the five items are one group). Each must leave the meeting in `state` at the next version.
 */
const STEPS = [
  { group: 'create', query: CREATE, field: 'createMeeting', state: 'SCHEDULED' },
  { group: 'start', query: START, field: 'startMeeting', state: 'IN_SESSION' },
  { group: 'attendance', query: ATTENDANCE, field: 'recordAttendance', state: 'IN_SESSION', attendees: true },
  ...ITEMS.map((item) => ({
    group: 'item',
    query: ITEM,
    field: 'recordAgendaItem',
    state: 'IN_SESSION',
    item,
  })),
  { group: 'conclude', query: CONCLUDE, field: 'concludeMeeting', state: 'CONCLUDED' },
].map((step) => ({
  ...step,
  user: 'secretary',
  body: ({ n, key, prev }) => ({
    query: step.query,
    variables: variablesOf(step, n, key, prev?.id, prev?.version),
  }),
  check: (m, { prev }) =>
    m.state !== step.state || (prev !== undefined && m.version !== prev.version + 1)
      ? `${step.field} left it ${m.state} v${m.version} (expected ${step.state} v${(prev?.version ?? 0) + 1})`
      : undefined,
}));
const GROUPS = ['create', 'start', 'attendance', 'item', 'conclude'];

/**
 * The meeting the cycle creates: 30–49 minutes ahead (a start must be in the future, and a meeting is started from
 * 60 minutes before it), two hours long.
 */
function meetingInput(n, key) {
  const startsAt = new Date(Date.now() + 31 * 60_000 + (n % 19) * 60_000);
  startsAt.setUTCSeconds(0, 0);
  return {
    kind: 'PROSECUTORS_JOINT',
    title: `（基准测试）检察官联席会议：雅鲁藏布江流域非法采砂系列案（第 ${n + 1} 次）`,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    location: '山南市人民检察院第三会议室',
    invitees: INVITEES,
    idempotencyKey: key,
  };
}

/** The variables of step `i` of a cycle, given the meeting id and version the previous step returned. */
function variablesOf(step, n, key, id, version) {
  if (step.query === CREATE) return { input: meetingInput(n, key) };
  if (step.attendees) return { id, v: version, attendees: ATTENDEES };
  if (step.item) return { id, v: version, item: step.item };
  return { id, v: version };
}

/** One cycle through `url` with the helper's parsed requests, for checking a setup before measuring it. */
async function checkCycle(url, token, key) {
  let id;
  let version;
  let last;
  for (const step of STEPS) {
    const data = await graphql(url, step.query, token, variablesOf(step, 0, key, id, version));
    last = data[step.field];
    if (last.state !== step.state) throw new Error(`${url}: ${step.field} left the meeting ${last.state}`);
    id = last.id;
    version = last.version;
  }
  const actions = last.agenda.flatMap((a) => a.actions);
  if (actions.length !== 1 || !actions[0].dueDate) {
    throw new Error(`${url}: the concluded meeting's action item has no due date: ${JSON.stringify(last)}`);
  }
  return { id, version, state: last.state, agendaItems: last.agenda.length, action: actions[0] };
}

/** Part 1: full cycles, distributed vs baseline, at concurrency 1 and `opts.concurrency`, interleaved (A B B A). */
async function measureCycles({ setups, idpUrl, opts, pidsOf }) {
  const runId = randomBytes(4).toString('hex');
  const token = () => login(idpUrl, SECRETARY);

  // Both setups must run the whole cycle, with the same outcome, before anything is timed.
  const first = await token();
  const checks = {};
  for (const setup of setups) {
    checks[setup.name] = await checkCycle(setup.url, first, `bench-${runId}-${setup.name}-check`);
  }
  const outcome = (c) => JSON.stringify({ ...c, id: undefined });
  if (outcome(checks.distributed) !== outcome(checks.baseline)) {
    throw new Error(`the setups end the cycle differently: ${JSON.stringify(checks)}`);
  }
  const check = checks.distributed;
  log(
    `both setups run the cycle: ${STEPS.length} mutations → ${check.state} v${check.version}, ` +
      `${check.agendaItems} agenda items, action item for ${check.action.ownerOrg} due ${check.action.dueDate}`,
  );

  const results = await measureOperations({
    setups,
    levels: [
      [1, opts.cycles1],
      [opts.concurrency, opts.cyclesHigh],
    ],
    warmup: opts.cyclesWarmup,
    segments: opts.segments,
    steps: STEPS,
    tokens: async () => ({ secretary: await token() }),
    pidsOf,
    unit: 'cycles',
    abortLabel: 'meeting cycles against',
    runId,
    shape: ({ setup, figures, steps, cpuPerOp }) => ({
      setup,
      ...figures,
      mutationsPerSecond: figures.throughput * STEPS.length,
      mutations: steps,
      cpuPerOp,
    }),
  });
  const ratios = ratiosOf(results, P50_TARGET, (d, b) => ({
    mutationsP50: Object.fromEntries(GROUPS.map((g) => [g, ratio(d.mutations[g].p50, b.mutations[g].p50)])),
  }));
  return { results, ratios, check };
}

function cyclesReport({ results, ratios }) {
  return [
    resultsTable(results, {
      count: 'cycles',
      rate: 'cycles/s',
      msDigits: 1,
      rateDigits: 2,
      extra: [{ title: 'mutations/s', value: (r) => fixed(1)(r.mutationsPerSecond) }],
    }),
    '',
    'p50 of each mutation (ms; agenda item = the five pooled):',
    formatTable(results, [
      { title: 'setup', value: (r) => r.setup, align: 'left' },
      { title: 'conc', value: (r) => r.concurrency },
      ...GROUPS.map((g) => ({ title: g, value: (r) => fixed(2)(r.mutations[g].p50) })),
      { title: 'item p99', value: (r) => fixed(2)(r.mutations.item.p99) },
    ]),
    '',
    ratiosTable(ratios, {
      rate: 'cycles/s',
      p50Target: P50_TARGET,
      extra: GROUPS.map((g) => ({ title: `${g} p50`, value: (r) => fixed(2)(r.mutationsP50[g]) })),
    }),
    ...cpuReport(results, {
      unit: 'cycle',
      extra: [{ title: 'per mutation', value: (r) => fixed(1)(cpuTotal(r) / STEPS.length) }],
    }),
    ...errorLines(results),
  ].join('\n');
}

// ── Part 2: the statistics ──────────────────────────────────────────────────────────────────────────────

const CATEGORIES = [
  'illegal-mining',
  'illegal-fishing',
  'ecology-resources',
  'environmental-pollution',
  'food-drug-safety',
  'theft',
  'fraud',
  'intentional-injury',
  'drug-trafficking',
  'dangerous-driving',
];

/** YYYY-MM-DD in Asia/Shanghai. */
const shanghaiDate = (d) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);

/**
 * Every ISCO the directory has, with what the seed needs: its division's name and pinyin (case numbers and
 * usernames), who may see what it logs (the ISCO, the county's police bureau and procuratorate, and every
 * procuratorate above — the rule of ConsultationRouting / DirectoryClient.withSuperiors) and a weight
 * (the city's and the Yarlung Tsangpo counties' offices are busier).
 */
async function loadOffices(db) {
  const divisions = new Map(
    (
      await db.query(
        `SELECT code, parent_code, name_zh, pinyin, type, on_yarlung_tsangpo FROM directory.division`,
      )
    ).rows.map((d) => [d.code.trim(), { ...d, parent: d.parent_code?.trim() ?? null }]),
  );
  const iscos = (
    await db.query(
      `SELECT code, division_code FROM directory.organization WHERE kind = 'isco' AND active ORDER BY code`,
    )
  ).rows;
  if (iscos.length === 0) throw new Error('the directory has no ISCO: was it seeded?');
  return iscos.map(({ code, division_code: div }) => {
    const division = divisions.get(div.trim());
    const superiors = [];
    for (let d = division.parent; d; d = divisions.get(d)?.parent) superiors.push(`proc-${d}`);
    const weight =
      division.type === 'city'
        ? 3
        : division.type === 'district'
          ? 4
          : division.on_yarlung_tsangpo === true
            ? 3
            : 1;
    return {
      isco: code,
      division: division.code.trim(),
      prefix: division.name_zh.slice(0, 1),
      slug: division.pinyin.split(' ')[0].toLowerCase(),
      location: `${division.name_zh}侦查监督与协作配合办公室`,
      visibleTo: [
        ...new Set([code, `police-${division.code.trim()}`, `proc-${division.code.trim()}`, ...superiors]),
      ].sort(),
      weight,
    };
  });
}

/** Each office repeated by its weight (the seed picks one uniformly), with its number of police cases. */
function weightedOffices(offices, count) {
  const total = offices.reduce((s, o) => s + o.weight, 0);
  return offices.flatMap((o) => {
    // About 1.5 consultations per police case, within a year.
    const cases = Math.max(5, Math.round((count * o.weight) / total / 1.5));
    return Array.from({ length: o.weight }, () => ({ ...o, cases }));
  });
}

/**
 * Logs one consultation through the real service (distributed) and compares who may see it with the seed's
 * rule: the seed must look like what the service writes.
 */
async function checkVisibility(db, url, idpUrl, offices) {
  const token = await login(idpUrl, POLICE_USER);
  const logged = await graphql(
    url,
    'mutation Log($input: LogConsultationInput!) { logConsultation(input: $input) { id state } }',
    token,
    {
      input: {
        iscoOrg: CHECK_ISCO,
        policeCaseNumber: `贡公（刑）立字〔${YEAR}〕901号`,
        category: 'illegal-mining',
        type: 'EARLY_INVOLVEMENT',
        question: '（基准测试）核对可见范围：请就非法采砂案取证方向提出意见。',
        idempotencyKey: `bench-visibility-${randomBytes(4).toString('hex')}`,
      },
    },
  );
  const { rows } = await db.query(`SELECT visible_to FROM meetings.police_consultation WHERE id = $1`, [
    logged.logConsultation.id,
  ]);
  const actual = [...rows[0].visible_to].sort();
  const expected = offices.find((o) => o.isco === CHECK_ISCO)?.visibleTo;
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `the service makes ${CHECK_ISCO}'s consultations visible to ${actual.join(', ')}, the seed would use ` +
        `${expected?.join(', ')}: fix loadOffices`,
    );
  }
  return actual;
}

/**
 * Bulk-inserts `count` police consultations with SQL the way the service would have left them: logged over
 * the past `days` days at every ISCO (weighted), all five types; opinions 0.2-5 days after logging (3% never
 * answered); follow-up clocks (filing supervision only: explain non-filing 7, file after notice 15 working
 * days ≈ ×1.4 calendar days) met, running or missed — a missed clock already marked (as the stack's follow-up
 * pass would have, so it finds nothing to do during the measurement); police responses (closed) for 94% of the
 * opinions, about a tenth of those with a clock after it ran out.
 */
async function seedConsultations(db, count, offices, days) {
  const weighted = weightedOffices(offices, count);
  await db.query('SELECT setseed(0.540500)');
  const started = performance.now();
  const inserted = await db.query(
    `WITH office AS (
       SELECT (x.ord - 1)::int AS n, x.o->>'isco' AS isco, x.o->>'division' AS division,
              x.o->>'prefix' AS prefix, x.o->>'slug' AS slug, (x.o->>'cases')::int AS cases,
              ARRAY(SELECT jsonb_array_elements_text(x.o->'visibleTo')) AS visible_to
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(o, ord)),
     pick AS (
       SELECT i, floor(random() * $3)::int AS office_no, random() AS rt, random() AS rc, random() AS rn,
              random() AS rq, random() AS rd, random() AS ro, random() AS rx, random() AS rf, random() AS rr,
              random() AS rm, random() AS rj
         FROM generate_series(1, $1::int) AS i),
     drawn AS (
       SELECT pick.*, office.*,
              CASE WHEN rt < 0.30 THEN 'early-involvement' WHEN rt < 0.45 THEN 'major-case-opinion'
                   WHEN rt < 0.65 THEN 'filing-supervision' WHEN rt < 0.85 THEN 'compulsory-measure-review'
                   ELSE 'evidence-guidance' END AS type,
              ($5::text[])[1 + floor(rc * cardinality($5::text[]))::int] AS category,
              date_trunc('milliseconds', now() - interval '1 day' * rd * $4) AS logged_ts
         FROM pick JOIN office ON office.n = pick.office_no),
     answered AS (
       SELECT drawn.*,
              CASE WHEN rx >= 0.03 AND logged_ts + interval '1 day' * (0.2 + ro * 4.8) < now()
                THEN date_trunc('milliseconds', logged_ts + interval '1 day' * (0.2 + ro * 4.8)) END AS opinion_ts,
              CASE WHEN type <> 'filing-supervision' OR rf >= 0.7 THEN 'none'
                   WHEN rf < 0.45 THEN 'explain-non-filing' ELSE 'file-after-notice' END AS clock
         FROM drawn),
     clocked AS (
       SELECT answered.*,
              CASE WHEN opinion_ts IS NOT NULL AND clock <> 'none'
                THEN date_trunc('milliseconds', opinion_ts + interval '1 day' * 1.4 *
                  CASE clock WHEN 'explain-non-filing' THEN 7 ELSE 15 END) END AS due_ts
         FROM answered),
     responded AS (
       SELECT clocked.*,
              CASE WHEN opinion_ts IS NOT NULL AND rm >= 0.06 THEN
                CASE WHEN due_ts IS NOT NULL THEN opinion_ts + (due_ts - opinion_ts) * (0.1 + rr * 1.0)
                     ELSE opinion_ts + interval '1 day' * (0.5 + rr * 20) END END AS response_candidate
         FROM clocked),
     settled AS (
       SELECT responded.*,
              CASE WHEN response_candidate <= now() THEN date_trunc('milliseconds', response_candidate) END
                AS response_ts
         FROM responded),
     marked AS (
       SELECT settled.*,
              CASE WHEN due_ts IS NOT NULL AND due_ts < coalesce(response_ts, now())
                THEN date_trunc('milliseconds',
                       least(now(), coalesce(response_ts, now()), due_ts + interval '1 second' * (1 + rj * 59)))
                END AS overdue_ts
         FROM settled)
     INSERT INTO meetings.police_consultation (
       id, isco_org, police_org, procuratorate_org, police_case_number, category, type, question, materials,
       state, visible_to, logged_by, logged_at, opinion, opinion_by, opinion_at, follow_up, follow_up_due_at,
       follow_up_overdue_at, police_response, response_by, response_at, demo, updated_at)
     SELECT gen_random_uuid(), isco, 'police-' || division, 'proc-' || division,
            prefix || '公（刑）' || CASE WHEN type = 'filing-supervision' AND rq < 0.6 THEN '不立字' ELSE '立字' END ||
              '〔' || extract(year FROM logged_ts AT TIME ZONE 'Asia/Shanghai')::int || '〕' ||
              (1 + floor(rn * cases))::int || '号',
            category, type,
            '（基准测试）' || CASE type
              WHEN 'early-involvement' THEN '请检察机关提前介入，就取证方向提出意见：'
              WHEN 'major-case-opinion' THEN '重大案件，听取检察机关意见：'
              WHEN 'filing-supervision' THEN '就公安机关不予立案决定开展立案监督：'
              WHEN 'compulsory-measure-review' THEN '拟变更强制措施，请就适用条件提出意见：'
              ELSE '请就证据收集和固定提出引导意见：' END || category || '，第 ' || i || ' 号。',
            CASE WHEN rm < 0.75 THEN ARRAY['（基准测试）立案决定书', '（基准测试）现场勘验笔录']
                 WHEN rm < 0.9 THEN ARRAY['（基准测试）询问笔录'] ELSE '{}'::text[] END,
            CASE WHEN response_ts IS NOT NULL THEN 'closed' WHEN opinion_ts IS NOT NULL THEN 'answered'
                 ELSE 'open' END,
            visible_to, slug || '-police', logged_ts,
            CASE WHEN opinion_ts IS NOT NULL THEN '（基准测试）' || CASE clock
              WHEN 'explain-non-filing' THEN '请公安机关七日内书面说明不立案理由。'
              WHEN 'file-after-notice' THEN '不立案理由不能成立，通知公安机关立案。'
              ELSE '建议补充鉴定意见，依法固定证据。' END END,
            CASE WHEN opinion_ts IS NOT NULL THEN slug || '-prosecutor' END,
            opinion_ts,
            CASE WHEN opinion_ts IS NOT NULL THEN clock END,
            due_ts, overdue_ts,
            CASE WHEN response_ts IS NOT NULL THEN '（基准测试）已按检察机关意见办理。' END,
            CASE WHEN response_ts IS NOT NULL THEN slug || '-police' END,
            response_ts, false,
            greatest(logged_ts, opinion_ts, response_ts, overdue_ts)
       FROM marked`,
    [count, JSON.stringify(weighted), weighted.length, days, CATEGORIES],
  );
  return { rows: inserted.rowCount, ms: performance.now() - started };
}

/**
 * Bulk-inserts ISCO consultation meetings hosted by the ISCOs over the same days: `held` concluded ones
 * (two in three with approved minutes), each with two agenda items, plus a tenth more scheduled or cancelled
 * ones, which the statistics must not count.
 */
async function seedIscoMeetings(db, held, offices, days) {
  const weighted = weightedOffices(offices, held);
  const total = Math.round(held / 0.9);
  await db.query('SELECT setseed(0.540522)');
  const started = performance.now();
  const inserted = await db.query(
    `WITH office AS (
       SELECT (x.ord - 1)::int AS n, x.o->>'isco' AS isco, x.o->>'division' AS division, x.o->>'slug' AS slug,
              x.o->>'location' AS location, ARRAY(SELECT jsonb_array_elements_text(x.o->'visibleTo')) AS visible_to
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(o, ord)),
     pick AS (
       SELECT i, floor(random() * $3)::int AS office_no, random() AS rs, random() AS rd, random() AS rh,
              random() AS ra
         FROM generate_series(1, $1::int) AS i),
     drawn AS (
       SELECT pick.*, office.*,
              CASE WHEN i <= $5 THEN CASE WHEN rh < 0.65 THEN 'minutes-approved' ELSE 'concluded' END
                   WHEN rs < 0.5 THEN 'cancelled' ELSE 'scheduled' END AS state
         FROM pick JOIN office ON office.n = pick.office_no),
     timed AS (
       SELECT drawn.*,
              CASE WHEN state = 'scheduled' THEN date_trunc('hour', now() + interval '1 day' * (1 + rd * 20))
                   ELSE date_trunc('hour', now() - interval '1 day' * (0.5 + rd * $4)) END AS starts_ts
         FROM drawn)
     INSERT INTO meetings.meeting (
       kind, state, host_org, title, starts_at, ends_at, location, invitees, attendees, visible_to, minutes,
       version, cancelled_reason, demo, created_by, created_at, listed_at, updated_at, concluded_at, approved_at)
     SELECT 'isco-consultation', state, isco,
            '（基准测试）侦查监督与协作配合办公室会商会议 第 ' || i || ' 次', starts_ts,
            starts_ts + interval '2 hours', location,
            jsonb_build_array(jsonb_build_object('org', 'police-' || division, 'username', ''),
                              jsonb_build_object('org', 'proc-' || division, 'username', '')),
            CASE WHEN state IN ('concluded', 'minutes-approved') THEN jsonb_build_array(
              jsonb_build_object('username', slug || '-prosecutor', 'org', 'proc-' || division,
                                 'role', 'prosecutor', 'present', true),
              jsonb_build_object('username', slug || '-police', 'org', 'police-' || division,
                                 'role', 'police', 'present', true),
              jsonb_build_object('username', slug || '-isco-secretary', 'org', isco,
                                 'role', 'secretary', 'present', true)) ELSE '[]'::jsonb END,
            visible_to,
            CASE WHEN state = 'minutes-approved' OR (state = 'concluded' AND ra < 0.5)
              THEN '（基准测试）会商纪要：与会检察官、侦查人员就两起案件的取证方向达成一致意见。' ELSE '' END,
            CASE state WHEN 'scheduled' THEN 1 WHEN 'cancelled' THEN 2 WHEN 'concluded' THEN 7 ELSE 11 END,
            CASE WHEN state = 'cancelled' THEN '（基准测试）案件已移送审查起诉，会商取消。' END,
            false, '${SEED_USER}', starts_ts - interval '3 days', starts_ts,
            CASE WHEN state = 'minutes-approved' THEN least(now(), starts_ts + interval '1 day' * (1 + ra * 3))
                 WHEN state = 'scheduled' THEN starts_ts - interval '3 days'
                 ELSE least(now(), starts_ts + interval '2 hours') END,
            CASE WHEN state IN ('concluded', 'minutes-approved') THEN starts_ts + interval '2 hours' END,
            CASE WHEN state = 'minutes-approved' THEN least(now(), starts_ts + interval '1 day' * (1 + ra * 3)) END
       FROM timed`,
    [total, JSON.stringify(weighted), weighted.length, days, held],
  );
  const items = await db.query(
    `INSERT INTO meetings.agenda_item (meeting_id, number, title, decision, majority)
     SELECT m.id, k, '（基准测试）议题 ' || k || '：案件取证方向',
            '（基准测试）补充调取相关书证并委托鉴定。',
            jsonb_build_object('text', '（基准测试）同意补充取证。',
                               'holders', jsonb_build_array(m.attendees->0->>'username', m.attendees->1->>'username'))
       FROM meetings.meeting m CROSS JOIN generate_series(1, 2) AS k
      WHERE m.created_by = '${SEED_USER}' AND m.state IN ('concluded', 'minutes-approved')`,
  );
  return { rows: inserted.rowCount, agendaItems: items.rowCount, ms: performance.now() - started };
}

/**
 * The SQL and parameters the service's statistics run for this request: ConsultationStatisticsService
 * (apps/meetings, compiled) is given a data source that records the query instead of running it.
 */
async function statisticsSql(root, request, org) {
  const { ConsultationStatisticsService } = await import(
    pathToFileURL(join(root, 'apps/meetings/dist/src/consultations/consultation-statistics.service.js')).href
  );
  let captured;
  const recorder = {
    query: async (sql, params) => {
      captured = { sql, params };
      return [];
    },
  };
  await new ConsultationStatisticsService(recorder).statistics(request, { principal: { org } });
  if (!captured) throw new Error('ConsultationStatisticsService ran no query');
  return captured;
}

/** What PostgreSQL does for it: the fastest of three EXPLAIN ANALYZE runs, as text. */
async function explainStatistics(db, root, request, org) {
  let captured;
  try {
    captured = await statisticsSql(root, request, org);
  } catch (err) {
    return { error: `could not extract the service's SQL: ${err instanceof Error ? err.message : err}` };
  }
  let best;
  for (let i = 0; i < 3; i++) {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured.sql}`, captured.params);
    const lines = rows.map((r) => r['QUERY PLAN']);
    const executionMs = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? '')?.[1]);
    if (!best || executionMs < best.executionMs) best = { executionMs, lines };
  }
  const planningMs = Number(
    /Planning Time: ([\d.]+)/.exec(best.lines.find((l) => l.startsWith('Planning Time')) ?? '')?.[1],
  );
  return { executionMs: best.executionMs, planningMs, plan: best.lines, sql: captured.sql.trim() };
}

async function seedStatistics(db, { offices, consultations, meetingsHeld, days }) {
  log(`inserting ${consultations} police consultations at ${offices.length} ISCOs with SQL…`);
  const consult = await seedConsultations(db, consultations, offices, days);
  log(
    `inserted ${consult.rows} consultations in ${fixed(0)(consult.ms)} ms ` +
      `(${fixed(0)((consult.rows * 1000) / consult.ms)} rows/s)`,
  );
  const meet = await seedIscoMeetings(db, meetingsHeld, offices, days);
  log(
    `inserted ${meet.rows} ISCO consultation meetings (${meetingsHeld} held) and ${meet.agendaItems} agenda ` +
      `items in ${fixed(0)(meet.ms)} ms`,
  );
  const analyzeStarted = performance.now();
  await db.query('ANALYZE meetings.police_consultation, meetings.meeting, meetings.agenda_item');
  const analyzeMs = performance.now() - analyzeStarted;
  const count = async (sql) => (await db.query(sql)).rows;
  const states = Object.fromEntries(
    (
      await count(`SELECT state, count(*)::int AS n FROM meetings.police_consultation GROUP BY 1 ORDER BY 1`)
    ).map((r) => [r.state, r.n]),
  );
  const types = Object.fromEntries(
    (
      await count(`SELECT type, count(*)::int AS n FROM meetings.police_consultation GROUP BY 1 ORDER BY 1`)
    ).map((r) => [r.type, r.n]),
  );
  const [clocks] = await count(
    `SELECT count(*) FILTER (WHERE follow_up_due_at IS NOT NULL)::int AS clocks,
            count(*) FILTER (WHERE follow_up_overdue_at IS NOT NULL)::int AS missed,
            count(*) FILTER (WHERE state = 'answered' AND follow_up_due_at >= now())::int AS running
       FROM meetings.police_consultation`,
  );
  const meetingStates = Object.fromEntries(
    (
      await count(
        `SELECT state, count(*)::int AS n FROM meetings.meeting WHERE kind = 'isco-consultation'
          GROUP BY 1 ORDER BY 1`,
      )
    ).map((r) => [r.state, r.n]),
  );
  return {
    offices: offices.map((o) => ({ isco: o.isco, weight: o.weight, visibleTo: o.visibleTo })),
    consultations: consult.rows,
    consultationsMs: consult.ms,
    consultationsPerSecond: (consult.rows * 1000) / consult.ms,
    meetings: meet.rows,
    meetingsHeld,
    agendaItems: meet.agendaItems,
    meetingsMs: meet.ms,
    meetingsPerSecond: (meet.rows * 1000) / meet.ms,
    analyzeMs,
    states,
    types,
    clocks,
    meetingStates,
  };
}

/** What the statistics must count for STATISTICS_ORG in the period, straight from the tables. */
async function expectedTotals(db, period) {
  const [row] = (
    await db.query(
      `WITH bounds AS (
         SELECT ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AS "from",
                ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS "to")
       SELECT (SELECT count(*) FROM meetings.police_consultation c, bounds b
                WHERE c.visible_to @> ARRAY[$1]::text[] AND c.logged_at >= b."from" AND c.logged_at < b."to"
              )::int AS consultations,
              (SELECT count(*) FROM meetings.meeting m, bounds b
                WHERE m.kind = 'isco-consultation' AND m.state IN ('concluded', 'minutes-approved')
                  AND m.visible_to @> ARRAY[$1]::text[] AND m.concluded_at >= b."from" AND m.concluded_at < b."to"
              )::int AS "meetingsHeld"`,
      [STATISTICS_ORG, period.fromDate, period.toDate],
    )
  ).rows;
  return row;
}

/** The sums over the offices of a consultationStatistics answer. */
function totalsOf(offices) {
  const sum = (f) => offices.reduce((s, o) => s + o[f], 0);
  return {
    offices: offices.length,
    consultations: sum('consultations'),
    casesConsulted: sum('casesConsulted'),
    meetingsHeld: sum('meetingsHeld'),
    overdueFollowUps: sum('overdueFollowUps'),
  };
}

// ── The run ─────────────────────────────────────────────────────────────────────────────────────────────

function options(args) {
  const { query, int, values } = parseBenchOptions(
    args,
    quickOptions(args, {
      n1: ['60', '600'],
      n16: ['240', '2400'],
      warmup: ['20', '100'],
      cycles1: ['12', '150'],
      cycles16: ['48', '480'],
      'cycles-warmup': ['8', '32'],
      concurrency: '16',
      consultations: '10000',
      'meetings-held': '300',
    }),
  );
  const concurrency = int('concurrency');
  if (concurrency < 2) throw new Error('--concurrency must be at least 2 (concurrency 1 is always measured)');
  return {
    ...query,
    cycles1: int('cycles1'),
    cyclesHigh: int('cycles16'),
    cyclesWarmup: int('cycles-warmup'),
    concurrency,
    consultations: int('consultations'),
    meetingsHeld: int('meetings-held'),
    quick: values.quick,
  };
}

export async function run({ root, args }) {
  const opts = options(args);
  const machine = machineInfo();
  assertGatewayHas(root, [
    'createMeeting',
    'startMeeting',
    'recordAttendance',
    'recordAgendaItem',
    'concludeMeeting',
    'consultationStatistics',
    'logConsultation',
  ]);
  // Others may share the machine: the load average before and after says how quiet it was.
  const loadBefore = os.loadavg();
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    log(
      'starting the stack (NATS, PostgreSQL, dev-idp, directory, agreements, transfers, meetings, gateway)…',
    );
    const { stack, eventsStream } = await startBenchStack(cleanup, { root, isolate: true });
    const db = await connectDatabase(cleanup, stack);

    const days = 400;
    const now = new Date();
    const period = {
      fromDate: shanghaiDate(new Date(now.getTime() - 365 * 86_400_000)),
      toDate: shanghaiDate(now),
    };
    const offices = await loadOffices(db);
    const visibleTo = await checkVisibility(db, stack.graphqlUrl, stack.idpUrl, offices);
    log(
      `the service makes ${CHECK_ISCO}'s consultations visible to ${visibleTo.join(', ')}, as the seed does`,
    );
    const seed = await seedStatistics(db, {
      offices,
      consultations: opts.consultations,
      meetingsHeld: opts.meetingsHeld,
      days,
    });
    const request = { iscoOrg: '', ...period };
    const plan = await explainStatistics(db, root, request, STATISTICS_ORG);
    const expected = await expectedTotals(db, period);
    log('starting the in-process baseline (gateway + directory + meetings in one process)…');
    const baseline = await startBaseline(cleanup, {
      root,
      stack,
      services: ['directory', 'meetings'],
      eventsStream,
    });
    const setups = [
      { name: 'distributed', url: stack.graphqlUrl },
      { name: 'baseline', url: String(baseline.readyLine.url) },
    ];

    const statisticsQuery =
      `{ consultationStatistics(fromDate: "${period.fromDate}", toDate: "${period.toDate}") ` +
      '{ iscoOrg consultations byType { type count } casesConsulted meetingsHeld overdueFollowUps } }';
    log(`statistics: ${statisticsQuery} as ${STATISTICS_USER}`);
    // The answer must count what the tables hold (both setups must then agree, runQueryBench checks).
    const totals = totalsOf(
      (await graphql(setups[0].url, statisticsQuery, await login(stack.idpUrl, STATISTICS_USER)))
        .consultationStatistics,
    );
    if (totals.consultations !== expected.consultations || totals.meetingsHeld !== expected.meetingsHeld) {
      throw new Error(
        `the statistics count ${totals.consultations} consultations and ${totals.meetingsHeld} meetings held in ` +
          `the period; the tables have ${expected.consultations} and ${expected.meetingsHeld}`,
      );
    }
    const statistics = await runQueryBench({
      distributedUrl: setups[0].url,
      baselineUrl: setups[1].url,
      query: statisticsQuery,
      field: 'consultationStatistics',
      token: () => login(stack.idpUrl, STATISTICS_USER),
      n1: opts.n1,
      n16: opts.n16,
      warmup: opts.warmup,
      segments: opts.segments,
      p50Target: P50_TARGET,
      describe: (offices) => {
        const t = totalsOf(offices);
        return (
          `${t.offices} offices: ${t.consultations} consultations, ${t.casesConsulted} cases, ` +
          `${t.meetingsHeld} meetings held, ${t.overdueFollowUps} overdue follow-ups`
        );
      },
    });
    log(`cycle: ${SECRETARY} runs a prosecutors' joint meeting from creation to conclusion`);
    const pidsOf = benchProcesses({ db, stack, apps: SERVICE_APPS, baseline });
    const cycles = await measureCycles({ setups, idpUrl: stack.idpUrl, opts, pidsOf });
    const [{ n: concludedDuringRun }] = (
      await db.query(
        `SELECT count(*)::int AS n FROM meetings.meeting WHERE created_by = $1 AND state = 'concluded'`,
        [SECRETARY],
      )
    ).rows;

    const loadAfter = os.loadavg();
    const ms = fixed(3);
    const planText = plan.error
      ? `   ${plan.error}`
      : [
          `   PostgreSQL alone (EXPLAIN ANALYZE of the service's statistics SQL, fastest of 3): ` +
            `${ms(plan.executionMs)} ms execution, ${ms(plan.planningMs)} ms planning`,
          ...plan.plan.map((l) => `     ${l}`),
        ].join('\n');
    const c = opts.concurrency;
    console.log(`
Meetings benchmark${opts.quick ? ' (--quick)' : ''}
${machineLine(machine)}
${loadLine(loadBefore, loadAfter)}

1. A secretary's full cycle as ${SECRETARY} (${HOST_ORG}): createMeeting (PROSECUTORS_JOINT, inviting proc-540522)
   → startMeeting → recordAttendance (3 prosecutors present) → recordAgendaItem ×${ITEMS.length} (decision + majority;
   one minority, one referral, one action item for proc-540522) → concludeMeeting: ${STEPS.length} mutations, each with the
   version the previous one returned. One operation = the whole cycle.
   Cycles per setup: c1 ${opts.cycles1}, c${c} ${opts.cyclesHigh} (after ${opts.cyclesWarmup} warm-up each; ${opts.segments} interleaved segments)

${cyclesReport(cycles)}

2. ${statisticsQuery}
   as ${STATISTICS_USER} (${STATISTICS_ORG}: every ISCO's consultations are visible to it), ${period.fromDate} – ${period.toDate}
   seeded ${seed.consultations} consultations with INSERT … SELECT generate_series in ${fixed(0)(seed.consultationsMs)} ms → ${fixed(0)(seed.consultationsPerSecond)} rows/s
   (+ ${seed.meetings} ISCO consultation meetings and ${seed.agendaItems} agenda items in ${fixed(0)(seed.meetingsMs)} ms; ANALYZE ${fixed(0)(seed.analyzeMs)} ms)
   ${seed.offices.length} ISCOs; states: ${Object.entries(seed.states)
     .map(([s, n]) => `${s} ${n}`)
     .join(
       ', ',
     )}; follow-up clocks ${seed.clocks.clocks} (${seed.clocks.running} running, ${seed.clocks.missed} missed)
   ISCO meetings: ${Object.entries(seed.meetingStates)
     .map(([s, n]) => `${s} ${n}`)
     .join(', ')}
   answer: ${totals.offices} offices, ${totals.consultations} consultations in the period, ${totals.casesConsulted} cases, ${totals.meetingsHeld} meetings held, ${totals.overdueFollowUps} overdue follow-ups
${planText}
   Requests per setup: c1 ${opts.n1}, c16 ${opts.n16} (after ${opts.warmup} warm-up each; ${opts.segments} interleaved segments)

${statistics.report}

${concludedDuringRun} meetings run from creation to conclusion during the run.`);

    const file = writeResults(root, 'meetings', {
      bench: 'meetings',
      finishedAt: new Date().toISOString(),
      machine,
      loadAverage: { start: loadBefore, end: loadAfter },
      options: opts,
      setups: {
        distributed:
          'HTTP → gateway process → NATS → meetings process (→ NATS → directory process) → PostgreSQL',
        baseline:
          'HTTP → one process: gateway + meetings + directory, InProcessRpcCaller (no NATS) → PostgreSQL',
      },
      cycle: {
        secretary: SECRETARY,
        hostOrg: HOST_ORG,
        mutations: STEPS.map((s) => s.field),
        invitees: INVITEES,
        attendees: ATTENDEES,
        agenda: ITEMS,
        check: cycles.check,
        results: cycles.results,
        ratios: cycles.ratios,
        target: { p50RatioMax: P50_TARGET, met: cycles.ratios.every((r) => r.p50TargetMet) },
        meetingsConcludedDuringRun: concludedDuringRun,
      },
      statistics: {
        query: statisticsQuery,
        user: STATISTICS_USER,
        org: STATISTICS_ORG,
        period,
        seed: {
          ...seed,
          method: 'INSERT … SELECT generate_series into meetings.police_consultation / meeting',
        },
        postgresPlan: plan,
        answer: totals,
        results: statistics.results,
        ratios: statistics.ratios,
        target: statistics.target,
      },
    });
    console.log(`\nResults written to ${file}`);
  });
}
