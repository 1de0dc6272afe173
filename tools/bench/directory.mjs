// `npm run bench -- directory [--n1 2000] [--n16 6000] [--warmup 300] [--segments 2]`
//
// Latency and throughput of one GraphQL query listing every organization, for two setups measured in the
// same run:
//   distributed  HTTP → gateway process → NATS → directory process → PostgreSQL (the real stack)
//   baseline     HTTP → one process with the same gateway and directory code, calls in-process (no NATS)
// at concurrency 1 and 16, interleaved (A B B A) to even out drift. Prints a table and the ratios
// distributed/baseline (target: p50 ratio ≤ 2.0), writes bench-results/directory-<timestamp>.json.
// Figures only: nothing here fails on a slow result; the exit code is non-zero only on errors.
import { createCleanup, log, login, startBenchStack } from './lib/harness.mjs';
import { parseBenchOptions, runQueryBench, startBaseline } from './lib/query-bench.mjs';
import { machineInfo, machineLine, writeResults } from './lib/report.mjs';

export const description =
  'organizations list: distributed (gateway → NATS → directory) vs in-process baseline';

const QUERY = '{ organizations { code nameZh kind divisionCode superiorCode } }';
const USER = 'gongga-prosecutor';
const P50_TARGET = 2.0;

function options(args) {
  return parseBenchOptions(args).query;
}

export async function run({ root, args }) {
  const opts = options(args);
  const machine = machineInfo();
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    log('starting the stack (NATS, PostgreSQL, dev-idp, directory, gateway)…');
    const { stack } = await startBenchStack(cleanup, { root });
    log('starting the in-process baseline…');
    const baseline = await startBaseline(cleanup, { root, stack, services: ['directory'] });
    const query = await runQueryBench({
      distributedUrl: stack.graphqlUrl,
      baselineUrl: String(baseline.readyLine.url),
      query: QUERY,
      field: 'organizations',
      token: () => login(stack.idpUrl, USER),
      n1: opts.n1,
      n16: opts.n16,
      warmup: opts.warmup,
      segments: opts.segments,
      p50Target: P50_TARGET,
      describe: (organizations) => `${organizations.length} organizations`,
    });
    const organizations = query.answer.length;

    console.log(`
Directory benchmark — ${QUERY}  (${organizations} organizations, user ${USER})
${machineLine(machine)}
Requests per setup: c1 ${opts.n1}, c16 ${opts.n16} (after ${opts.warmup} warm-up each; ${opts.segments} interleaved segments)

${query.report}`);

    const file = writeResults(root, 'directory', {
      bench: 'directory',
      finishedAt: new Date().toISOString(),
      query: QUERY,
      user: USER,
      organizations,
      machine,
      options: opts,
      setups: {
        distributed: 'HTTP → gateway process → NATS → directory process → PostgreSQL',
        baseline: 'HTTP → one process: gateway + directory, InProcessRpcCaller (no NATS) → PostgreSQL',
      },
      results: query.results,
      ratios: query.ratios,
      target: query.target,
    });
    console.log(`\nResults written to ${file}`);
  });
}
