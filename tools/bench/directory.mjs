// `npm run bench -- directory [--n1 2000] [--n16 6000] [--warmup 300] [--segments 2]`
//
// Latency and throughput of one GraphQL query listing every organization, for two setups measured in the
// same run:
//   distributed  HTTP → gateway process → NATS → directory process → PostgreSQL (the real stack)
//   baseline     HTTP → one process with the same gateway and directory code, calls in-process (no NATS)
// at concurrency 1 and 16, interleaved (A B B A) to even out drift. Prints a table and the ratios
// distributed/baseline (target: p50 ratio ≤ 2.0), writes bench-results/directory-<timestamp>.json.
// Figures only: nothing here fails on a slow result; the exit code is non-zero only on errors.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { graphql, createCleanup, log, login, startBenchStack, startHelper } from './lib/harness.mjs';
import { measureInterleaved } from './lib/load.mjs';
import { fixed, formatTable, machineInfo, ratio, summarize, writeResults } from './lib/report.mjs';

export const description =
  'organizations list: distributed (gateway → NATS → directory) vs in-process baseline';

const QUERY = '{ organizations { code nameZh kind divisionCode superiorCode } }';
const USER = 'gongga-prosecutor';
const P50_TARGET = 2.0;

function options(args) {
  const { values } = parseArgs({
    args,
    options: {
      n1: { type: 'string', default: '2000' },
      n16: { type: 'string', default: '6000' },
      warmup: { type: 'string', default: '300' },
      segments: { type: 'string', default: '2' },
    },
  });
  const int = (name) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
    return v;
  };
  return { n1: int('n1'), n16: int('n16'), warmup: int('warmup'), segments: Math.max(1, int('segments')) };
}

export async function run({ root, args }) {
  const opts = options(args);
  const machine = machineInfo();
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    log('starting the stack (NATS, PostgreSQL, dev-idp, directory, gateway)…');
    const { stack } = await startBenchStack(cleanup, { root });
    log('starting the in-process baseline…');
    const baseline = await startHelper(cleanup, {
      name: 'baseline',
      script: join(root, 'tools/bench/directory-baseline.mjs'),
      cwd: root,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        PORT: '0',
        KEYCLOAK_URL: stack.idpUrl,
        NATS_URL: stack.natsUrl,
        DATABASE_URL: stack.databaseUrl,
      },
    });
    const setups = [
      { name: 'distributed', url: stack.graphqlUrl },
      { name: 'baseline', url: String(baseline.readyLine.url) },
    ];

    // Both setups must give the same answer before we time them.
    const token = await login(stack.idpUrl, USER);
    const answers = await Promise.all(setups.map((s) => graphql(s.url, QUERY, token)));
    const counts = answers.map((a) => a.organizations?.length ?? 0);
    if (counts[0] === 0 || JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) {
      throw new Error(`the setups disagree or return nothing (organizations: ${counts.join(' vs ')})`);
    }
    log(`both setups return the same ${counts[0]} organizations`);

    // A fresh token before every run keeps it far from its 300 s lifetime however long the run takes.
    const headers = async () => ({ authorization: `Bearer ${await login(stack.idpUrl, USER)}` });
    const body = { query: QUERY };
    const results = [];
    for (const [concurrency, requests] of [
      [1, opts.n1],
      [16, opts.n16],
    ]) {
      if (requests === 0) continue;
      const merged = await measureInterleaved({
        setups,
        body,
        headers,
        concurrency,
        requests,
        warmup: opts.warmup,
        segments: opts.segments,
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
        p50TargetMet: p50 <= P50_TARGET,
      };
    });

    const ms = fixed(3);
    console.log(`
Directory benchmark — ${QUERY}  (${counts[0]} organizations, user ${USER})
Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}
Requests per setup: c1 ${opts.n1}, c16 ${opts.n16} (after ${opts.warmup} warm-up each; ${opts.segments} interleaved segments)

${formatTable(results, [
  { title: 'setup', value: (r) => r.setup, align: 'left' },
  { title: 'conc', value: (r) => r.concurrency },
  { title: 'requests', value: (r) => r.requests },
  { title: 'errors', value: (r) => r.errors },
  { title: 'p50 ms', value: (r) => ms(r.p50) },
  { title: 'p90 ms', value: (r) => ms(r.p90) },
  { title: 'p99 ms', value: (r) => ms(r.p99) },
  { title: 'max ms', value: (r) => ms(r.max) },
  { title: 'req/s', value: (r) => fixed(1)(r.throughput) },
])}

${formatTable(ratios, [
  { title: 'distributed/baseline', value: (r) => `c${r.concurrency}`, align: 'left' },
  { title: 'p50', value: (r) => fixed(2)(r.p50) },
  { title: 'p99', value: (r) => fixed(2)(r.p99) },
  { title: 'req/s', value: (r) => fixed(2)(r.throughput) },
  { title: `p50 ≤ ${P50_TARGET.toFixed(1)}`, value: (r) => (r.p50TargetMet ? 'met' : 'NOT met') },
])}`);
    for (const r of results.filter((x) => x.errors > 0)) {
      console.log(`errors (${r.setup} c${r.concurrency}): ${r.errorSamples.join(' | ')}`);
    }

    const file = writeResults(root, 'directory', {
      bench: 'directory',
      finishedAt: new Date().toISOString(),
      query: QUERY,
      user: USER,
      organizations: counts[0],
      machine,
      options: opts,
      setups: {
        distributed: 'HTTP → gateway process → NATS → directory process → PostgreSQL',
        baseline: 'HTTP → one process: gateway + directory, InProcessRpcCaller (no NATS) → PostgreSQL',
      },
      results,
      ratios,
      target: { p50RatioMax: P50_TARGET, met: ratios.every((r) => r.p50TargetMet) },
    });
    console.log(`\nResults written to ${file}`);
  });
}
