import { parseArgs } from 'node:util';
// The query benchmark both directory and agreements run: one GraphQL query against two setups —
//   distributed  HTTP → gateway process → NATS → service process(es) → PostgreSQL (the real stack)
//   baseline     HTTP → tools/bench/in-process-baseline.mjs: the same gateway and service code in one process
// — checked to give the same answer, then measured at concurrency 1 and 16, interleaved (A B B A), with a
// results table and the ratios distributed/baseline against a p50 target.
import { join } from 'node:path';
import { uniqueName } from '@yiti/devstack';
import { graphql, log, startHelper } from './harness.mjs';
import { measureInterleaved } from './load.mjs';
import { errorLines, ratiosOf, ratiosTable, resultsTable, summarize } from './report.mjs';

/**
 * Starts the in-process baseline (gateway + the named services in one process) against the stack; stopped
 * by cleanup, or earlier with `.stop()`. `env` adds the services' own settings. With the stack's
 * `eventsStream`, the baseline gets its own subject prefix and stream (`<eventsStream>_base`): its relays and
 * consumers must not meet the stack's.
 */
export function startBaseline(cleanup, { root, stack, services, env = {}, eventsStream }) {
  return startHelper(cleanup, {
    name: 'baseline',
    script: join(root, 'tools/bench/in-process-baseline.mjs'),
    cwd: root,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: '0',
      KEYCLOAK_URL: stack.idpUrl,
      ...stack.natsEnv('operator'),
      DATABASE_URL: stack.databaseUrl,
      BASELINE_SERVICES: services.join(','),
      ...(eventsStream
        ? { NATS_SUBJECT_PREFIX: `${uniqueName('benchbase')}.`, EVENTS_STREAM: `${eventsStream}_base` }
        : {}),
      ...env,
    },
  });
}

/**
 * Measures `query` against the distributed and the baseline URL. `field` is the query's top-level field:
 * both setups must answer with the same, non-empty list there before anything is timed. `token()` gives a
 * fresh token (asked before every run, so it stays far from its lifetime however long the run takes).
 * `describe(list)` words the answer for the log; `listOf(data)` finds the list in the answer when it is not
 * `data[field]` itself (e.g. a page's items). Returns the answer (the list), the per-setup results, the
 * ratios, the target ({ p50RatioMax, met }) and `report`: the two tables and any error samples, printable.
 */
export async function runQueryBench({
  distributedUrl,
  baselineUrl,
  query,
  field,
  token,
  n1,
  n16,
  warmup,
  segments,
  p50Target,
  describe = (list) => `answer: ${JSON.stringify(list)}`,
  listOf = (data) => data?.[field],
}) {
  const setups = [
    { name: 'distributed', url: distributedUrl },
    { name: 'baseline', url: baselineUrl },
  ];

  // Both setups must give the same answer before we time them.
  const first = await token();
  const answers = await Promise.all(setups.map((s) => graphql(s.url, query, first)));
  const lists = answers.map((a) => {
    const list = listOf(a);
    return Array.isArray(list) ? list : [];
  });
  if (lists[0].length === 0 || JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) {
    throw new Error(
      `the setups disagree or return nothing (${field}: ${lists.map((l) => l.length).join(' vs ')}): ` +
        `${JSON.stringify(answers[0]).slice(0, 500)} vs ${JSON.stringify(answers[1]).slice(0, 500)}`,
    );
  }
  log(`both setups return the same ${describe(lists[0])}`);

  const headers = async () => ({ authorization: `Bearer ${await token()}` });
  const results = [];
  for (const [concurrency, requests] of [
    [1, n1],
    [16, n16],
  ]) {
    if (requests === 0) continue;
    const merged = await measureInterleaved({
      setups,
      body: { query },
      headers,
      concurrency,
      requests,
      warmup,
      segments,
      log,
    });
    for (const s of setups) results.push({ setup: s.name, ...summarize(merged[s.name]) });
  }

  const ratios = ratiosOf(results, p50Target);
  const report = [
    resultsTable(results, { count: 'requests', rate: 'req/s' }),
    '',
    ratiosTable(ratios, { rate: 'req/s', p50Target }),
    ...errorLines(results),
  ].join('\n');

  return {
    answer: lists[0],
    results,
    ratios,
    target: { p50RatioMax: p50Target, met: ratios.every((r) => r.p50TargetMet) },
    report,
  };
}

/**
 * parseArgs string options whose default depends on --quick, { name: [quick, full] } (or one default for
 * both), and the boolean --quick itself: the `extra` of parseBenchOptions.
 */
export function quickOptions(args, defaults) {
  const quick = args.includes('--quick');
  return {
    ...Object.fromEntries(
      Object.entries(defaults).map(([name, d]) => [
        name,
        { type: 'string', default: Array.isArray(d) ? d[quick ? 0 : 1] : d },
      ]),
    ),
    quick: { type: 'boolean', default: false },
  };
}

/**
 * Parses the options every query benchmark takes (--n1 --n16 --warmup --segments) plus `extra` string
 * options; returns the four as integers and `int(name)` / `values` for the extra ones.
 */
export function parseBenchOptions(args, extra = {}) {
  const { values } = parseArgs({
    args,
    options: {
      n1: { type: 'string', default: '2000' },
      n16: { type: 'string', default: '6000' },
      warmup: { type: 'string', default: '300' },
      segments: { type: 'string', default: '2' },
      ...extra,
    },
  });
  const int = (name) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
    return v;
  };
  return {
    query: { n1: int('n1'), n16: int('n16'), warmup: int('warmup'), segments: Math.max(1, int('segments')) },
    int,
    values,
  };
}
