// Closed-loop HTTP load generator shared by the benchmarks. Only Node built-ins.
//
//   const agent = createAgent(16);
//   const r = await runLoad({ url, body, headers, concurrency: 16, requests: 6000, agent });
//   // r.latencies (ms, successful requests only), r.errors, r.elapsedMs …
//
// `interleave` runs several setups at one concurrency in A B … B A order (warm-up first), so slow drift of
// the machine hits every setup alike; `measureInterleaved` does so with runLoad (one request per operation).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** A keep-alive agent with one socket per concurrent worker. */
export function createAgent(concurrency) {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/**
 * The default response check for GraphQL: HTTP 200 and a `data` body without `errors`. Returns undefined
 * when fine, otherwise a short description. Cheap (no JSON parse) so the load generator stays light.
 */
export function graphqlOk(status, body) {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  if (!body.startsWith('{"data"')) return `unexpected body: ${body.slice(0, 200)}`;
  if (body.includes('"errors":')) return `GraphQL errors: ${body.slice(0, 300)}`;
  return undefined;
}

/** One POST; resolves (never rejects) with { status, body } or { error }. */
export function post(agent, target, payload, headers, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => {
      if (!done) {
        done = true;
        resolve(value);
      }
    };
    const req = http.request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        headers: { ...headers, 'content-length': payload.length },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => finish({ error }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', (error) => finish({ error }));
    req.end(payload);
  });
}

export class LoadAbortedError extends Error {
  constructor(message, result) {
    super(message);
    this.name = 'LoadAbortedError';
    this.result = result;
  }
}

/**
 * Closed loop: `concurrency` workers each send the next request as soon as their previous one is answered,
 * until `requests` have been sent. Throws LoadAbortedError when more than `maxErrorRate` of the planned
 * requests failed (it stops early once that is certain).
 *
 * @param {object} o
 * @param {string} o.url
 * @param {string|object} o.body  JSON body (objects are stringified once)
 * @param {Record<string,string>} [o.headers]  extra headers (content-type is set)
 * @param {number} o.concurrency
 * @param {number} o.requests
 * @param {http.Agent} [o.agent]  default: a fresh keep-alive agent (destroyed afterwards)
 * @param {(status:number, body:string)=>string|undefined} [o.validate]  default graphqlOk
 * @param {number} [o.maxErrorRate]  default 0.01
 * @param {number} [o.timeoutMs]  per request, default 10000
 * @returns {Promise<{latencies: Float64Array, requests: number, errors: number, errorSamples: string[], elapsedMs: number, concurrency: number}>}
 */
export async function runLoad(o) {
  const target = new URL(o.url);
  const payload = Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
  const headers = { 'content-type': 'application/json', ...o.headers };
  const validate = o.validate ?? graphqlOk;
  const ownAgent = !o.agent;
  const agent = o.agent ?? createAgent(o.concurrency);
  const maxErrors = Math.floor(o.requests * (o.maxErrorRate ?? 0.01));
  const latencies = new Float64Array(o.requests);
  const errorSamples = [];
  let issued = 0;
  let ok = 0;
  let errors = 0;
  let aborted = false;

  const worker = async () => {
    while (!aborted && issued < o.requests) {
      issued++;
      const started = performance.now();
      const r = await post(agent, target, payload, headers, o.timeoutMs);
      const ms = performance.now() - started;
      const problem = r.error ? `request failed: ${r.error.message}` : validate(r.status, r.body);
      if (problem === undefined) {
        latencies[ok++] = ms;
      } else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(problem);
        if (errors > maxErrors) aborted = true;
      }
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: o.concurrency }, worker));
  } finally {
    if (ownAgent) agent.destroy();
  }
  const result = {
    latencies: latencies.subarray(0, ok),
    requests: issued,
    errors,
    errorSamples,
    elapsedMs: performance.now() - started,
    concurrency: o.concurrency,
  };
  if (aborted) {
    throw new LoadAbortedError(
      `${errors} of ${issued} requests to ${o.url} failed (> ${((o.maxErrorRate ?? 0.01) * 100).toFixed(1)}%): ` +
        errorSamples.join(' | '),
      result,
    );
  }
  return result;
}

/** The arrays one after the other, in one Float64Array. */
export function concat(arrays) {
  const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Concatenates several runLoad results of one setup (latencies, counts, elapsed time). */
export function mergeResults(results) {
  return {
    latencies: concat(results.map((r) => r.latencies)),
    requests: results.reduce((s, r) => s + r.requests, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
    elapsedMs: results.reduce((s, r) => s + r.elapsedMs, 0),
    concurrency: results[0]?.concurrency ?? 0,
  };
}

/**
 * Runs every setup at one concurrency, interleaved: each setup is warmed up with `warmup` operations, then
 * `total` operations are split into `segments` segments run in mirrored order (A B B A for two setups and two
 * segments), so slow drift of the machine hits every setup alike. `run(setup, { agent, size, segment })` runs
 * `size` operations through the setup's keep-alive agent (one socket per worker); `segment` is undefined for
 * the warm-up. `unit` names the operations in the log lines. Returns the measured segments' results (what
 * `run` returned) per setup name, as a Map.
 */
export async function interleave({ setups, concurrency, total, warmup, segments, unit, log, run }) {
  const agents = new Map(setups.map((s) => [s.name, createAgent(concurrency)]));
  const parts = new Map(setups.map((s) => [s.name, []]));
  try {
    for (const setup of setups) {
      if (warmup > 0) {
        log?.(`warm-up ${setup.name} c=${concurrency} (${warmup} ${unit})`);
        await run(setup, { agent: agents.get(setup.name), size: warmup });
      }
    }
    for (let seg = 0; seg < segments; seg++) {
      const order = seg % 2 === 0 ? setups : [...setups].reverse();
      const size = Math.floor(total / segments) + (seg < total % segments ? 1 : 0);
      for (const setup of order) {
        log?.(`measure ${setup.name} c=${concurrency} segment ${seg + 1}/${segments} (${size} ${unit})`);
        parts.get(setup.name).push(await run(setup, { agent: agents.get(setup.name), size, segment: seg }));
      }
    }
  } finally {
    for (const agent of agents.values()) agent.destroy();
  }
  return parts;
}

/**
 * Measures every setup at one concurrency, interleaved: each setup is warmed up, then `requests` are split
 * into `segments` segments run in mirrored order (A B B A for two setups and two segments).
 *
 * @param {object} o
 * @param {Array<{name: string, url: string}>} o.setups
 * @param {string|object} o.body
 * @param {() => Promise<Record<string,string>>|Record<string,string>} o.headers  called before every run (e.g. to refresh a token)
 * @param {number} o.concurrency
 * @param {number} o.requests  per setup
 * @param {number} [o.warmup]  requests per setup before measuring (default 300)
 * @param {number} [o.segments]  default 2
 * @param {(message: string) => void} [o.log]
 * @returns {Promise<Record<string, ReturnType<typeof mergeResults>>>} merged result per setup name
 */
export async function measureInterleaved(o) {
  const common = {
    body: o.body,
    concurrency: o.concurrency,
    validate: o.validate,
    maxErrorRate: o.maxErrorRate,
  };
  const parts = await interleave({
    setups: o.setups,
    concurrency: o.concurrency,
    total: o.requests,
    warmup: o.warmup ?? 300,
    segments: Math.max(1, o.segments ?? 2),
    unit: 'requests',
    log: o.log,
    run: async (setup, { agent, size }) =>
      runLoad({ ...common, url: setup.url, headers: await o.headers(), requests: size, agent }),
  });
  return Object.fromEntries(o.setups.map((s) => [s.name, mergeResults(parts.get(s.name))]));
}
