import { parseArgs } from 'node:util';
// The query benchmark both directory and agreements run: one GraphQL query against two setups —
//   distributed  HTTP → gateway process → NATS → service process(es) → PostgreSQL (the real stack)
//   baseline     HTTP → tools/bench/in-process-baseline.mjs: the same gateway and service code in one process
// — checked to give the same answer, then measured at concurrency 1 and 16, interleaved (A B B A), with a
// results table and the ratios distributed/baseline against a p50 target.
import { join } from 'node:path';
import { graphql, log, startHelper } from './harness.mjs';
import { measureInterleaved } from './load.mjs';
import { fixed, formatTable, ratio, summarize } from './report.mjs';

/**
 * Starts the in-process baseline (gateway + the named services in one process) against the stack; stopped
 * by cleanup, or earlier with `.stop()`. `env` adds the services' own settings.
 */
export function startBaseline(cleanup, { root, stack, services, env = {} }) {
  return startHelper(cleanup, {
    name: 'baseline',
    script: join(root, 'tools/bench/in-process-baseline.mjs'),
    cwd: root,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: '0',
      KEYCLOAK_URL: stack.idpUrl,
      NATS_URL: stack.natsUrl,
      DATABASE_URL: stack.databaseUrl,
      BASELINE_SERVICES: services.join(','),
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

  const ratios = [...new Set(results.map((r) => r.concurrency))].map((concurrency) => {
    const d = results.find((r) => r.setup === 'distributed' && r.concurrency === concurrency);
    const b = results.find((r) => r.setup === 'baseline' && r.concurrency === concurrency);
    const p50 = ratio(d.p50, b.p50);
    return {
      concurrency,
      p50,
      p99: ratio(d.p99, b.p99),
      throughput: ratio(d.throughput, b.throughput),
      p50TargetMet: p50 <= p50Target,
    };
  });

  const ms = fixed(3);
  const report = [
    formatTable(results, [
      { title: 'setup', value: (r) => r.setup, align: 'left' },
      { title: 'conc', value: (r) => r.concurrency },
      { title: 'requests', value: (r) => r.requests },
      { title: 'errors', value: (r) => r.errors },
      { title: 'p50 ms', value: (r) => ms(r.p50) },
      { title: 'p90 ms', value: (r) => ms(r.p90) },
      { title: 'p99 ms', value: (r) => ms(r.p99) },
      { title: 'max ms', value: (r) => ms(r.max) },
      { title: 'req/s', value: (r) => fixed(1)(r.throughput) },
    ]),
    '',
    formatTable(ratios, [
      { title: 'distributed/baseline', value: (r) => `c${r.concurrency}`, align: 'left' },
      { title: 'p50', value: (r) => fixed(2)(r.p50) },
      { title: 'p99', value: (r) => fixed(2)(r.p99) },
      { title: 'req/s', value: (r) => fixed(2)(r.throughput) },
      { title: `p50 ≤ ${p50Target.toFixed(1)}`, value: (r) => (r.p50TargetMet ? 'met' : 'NOT met') },
    ]),
    ...results
      .filter((r) => r.errors > 0)
      .map((r) => `errors (${r.setup} c${r.concurrency}): ${r.errorSamples.join(' | ')}`),
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
