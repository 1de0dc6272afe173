// The operation benchmark transfers and meetings run: an operation of several GraphQL requests in order (each
// may use what the previous one answered, e.g. send + accept, or a meeting's nine mutations) against two
// setups — distributed (the real stack) and the in-process baseline — at two concurrencies, interleaved
// (A B B A), with the p50/p99 of each step and the CPU time each process spent per operation (Linux /proc).
// The benchmark checks its setups first and words its own tables; this runs the loops and sums them up.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cpuPerOperation, withCpu } from './cpu.mjs';
import { log } from './harness.mjs';
import { concat, interleave, LoadAbortedError, mergeResults, post } from './load.mjs';
import { summarize } from './report.mjs';

/** Parses a GraphQL answer (a post() result); returns { data } (the answer's `field`) or { problem }. */
export function parseAnswer(r, field) {
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
 * Closed loop of operations: `concurrency` workers each run one operation's `steps` in order, then start the
 * next, until `operations` have started. A step is { field, user, body(ctx), check?(data, ctx), group? }:
 * `body` gives the request ({ query, variables }), sent with `tokens[user]`; `field` is the answer's top-level
 * field; `check` returns a problem (a message) when the answer is not what the step must leave; ctx is
 * { …context, n, key: `${keyPrefix}-${n}`, prev: the previous step's answer } (`context`: optional fields
 * every operation's ctx starts with, e.g. measureOperations' setup name). Latencies in ms of the operation and of
 * each step, back to back (successful operations only). Throws LoadAbortedError when more than 1% of the
 * operations failed (`abortLabel` words them: "<errors> of <issued> <abortLabel> <url> failed").
 */
export async function runOperations({
  url,
  steps,
  tokens,
  concurrency,
  operations,
  agent,
  keyPrefix,
  abortLabel,
  timeoutMs = 10_000,
  context = {},
}) {
  const target = new URL(url);
  const headers = Object.fromEntries(
    Object.entries(tokens).map(([user, token]) => [
      user,
      { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ]),
  );
  const maxErrors = Math.floor(operations * 0.01);
  const latencies = new Float64Array(operations);
  const stepLatencies = steps.map(() => new Float64Array(operations));
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
    const times = new Float64Array(steps.length);
    operation: while (!aborted && issued < operations) {
      const n = issued++;
      const ctx = { ...context, n, key: `${keyPrefix}-${n}`, prev: undefined };
      const t0 = performance.now();
      let last = t0;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        const payload = Buffer.from(JSON.stringify(step.body(ctx)));
        const answer = parseAnswer(
          await post(agent, target, payload, headers[step.user], timeoutMs),
          step.field,
        );
        const now = performance.now();
        times[i] = now - last;
        last = now;
        if (answer.problem) {
          fail(`${step.field}: ${answer.problem}`);
          continue operation;
        }
        const problem = step.check?.(answer.data, ctx);
        if (problem) {
          fail(problem);
          continue operation;
        }
        ctx.prev = answer.data;
      }
      latencies[ok] = last - t0;
      for (let i = 0; i < steps.length; i++) stepLatencies[i][ok] = times[i];
      ok++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const result = {
    latencies: latencies.subarray(0, ok),
    steps: stepLatencies.map((s) => s.subarray(0, ok)),
    requests: issued,
    errors,
    errorSamples,
    elapsedMs: performance.now() - started,
    concurrency,
  };
  if (aborted) {
    throw new LoadAbortedError(
      `${errors} of ${issued} ${abortLabel} ${url} failed (> 1%): ${errorSamples.join(' | ')}`,
      result,
    );
  }
  return result;
}

/** p50/p95/p99/mean per step group (a step's `group`, else its `field`; steps of one group pooled). */
function groupFigures(steps, merged) {
  const groups = [...new Set(steps.map((s) => s.group ?? s.field))];
  return Object.fromEntries(
    groups.map((group) => {
      const lat = concat(steps.flatMap((s, i) => ((s.group ?? s.field) === group ? [merged.steps[i]] : [])));
      const f = summarize({ latencies: lat, requests: lat.length, errors: 0, elapsedMs: 0 });
      return [group, { p50: f.p50, p95: f.p95, p99: f.p99, mean: f.mean }];
    }),
  );
}

/**
 * Measures the operation of `steps` (see runOperations) on every setup at each [concurrency, operations] of
 * `levels` (a level of 0 operations is skipped): `warmup` operations per setup, then `segments` interleaved
 * segments, each measured with withCpu over `pidsOf(setup name)`. `tokens()` gives fresh tokens
 * ({ user: token }) before every run. `unit` names the operations in the log. Every operation's ctx (see
 * runOperations) carries { setup: the setup's name, concurrency, segment: undefined in the warm-up }.
 * Returns one result per setup and level: `shape({ setup, figures, steps, cpuPerOp })` — figures: summarize()
 * of the operation; steps: p50/p95/p99/mean per step group; cpuPerOp: CPU ms per successful operation by
 * process — by default
 * { setup, …figures, steps, cpuPerOp }.
 */
export async function measureOperations({
  setups,
  levels,
  warmup,
  segments,
  steps,
  tokens,
  pidsOf,
  unit,
  abortLabel,
  runId = randomBytes(4).toString('hex'),
  shape = ({ setup, figures, steps: groups, cpuPerOp }) => ({ setup, ...figures, steps: groups, cpuPerOp }),
}) {
  const results = [];
  for (const [concurrency, operations] of levels) {
    if (operations === 0) continue;
    const parts = await interleave({
      setups,
      concurrency,
      total: operations,
      warmup,
      segments,
      unit,
      log,
      run: async (setup, { agent, size, segment }) => {
        const phase = segment === undefined ? 'w' : `s${segment}`;
        const loop = (tokensNow) =>
          runOperations({
            url: setup.url,
            steps,
            tokens: tokensNow,
            concurrency,
            operations: size,
            agent,
            keyPrefix: `bench-${runId}-${setup.name}-c${concurrency}-${phase}`,
            abortLabel,
            context: { setup: setup.name, concurrency, segment },
          });
        const tokensNow = await tokens();
        if (segment === undefined) return loop(tokensNow);
        const { result, used } = await withCpu(
          () => pidsOf(setup.name),
          () => loop(tokensNow),
        );
        return { ...result, cpu: used };
      },
    });
    for (const setup of setups) {
      const measured = parts.get(setup.name);
      const merged = {
        ...mergeResults(measured),
        steps: steps.map((_, i) => concat(measured.map((p) => p.steps[i]))),
      };
      results.push(
        shape({
          setup: setup.name,
          figures: summarize(merged),
          steps: groupFigures(steps, merged),
          cpuPerOp: cpuPerOperation(measured, merged.latencies.length),
        }),
      );
    }
  }
  return results;
}
