// `npm run bench -- records [--persons 1000000] [--samples 2000] [--seed 1] [--batch-size 10000]
//                           [--n1 400] [--n16 3000] [--warmup 100] [--segments 2] [--wait-sample-ms 25] [--quick]`
//
// Offender-record lookups over --persons synthetic persons, for two setups measured in the same run,
// interleaved (A B B A):
//   distributed  HTTP → gateway process → NATS → records process (→ NATS → directory, agreements: who may
//                read whose records, cached for RECORDS_ACCESS_CACHE_SECONDS) → PostgreSQL
//   baseline     HTTP → one process with the same gateway, records, directory and agreements code, every call
//                in-process (no NATS; tools/bench/in-process-baseline.mjs)
// The stack starts without demonstration data; once the records service has migrated its schema, the
// benchmark loads the persons with the generator library (loadSyntheticPeople, the code of
// `npm run records:generate`; the generator's rows/s are printed), VACUUM ANALYZEs the tables, then samples
// --samples persons with SQL (TABLESAMPLE … REPEATABLE): their citizen IDs, and one name each — Han script,
// Tibetan script, a Latin transliteration, or a Latin one with a one-character typo — with their birth date.
// As city-chief (chief prosecutor of proc-540500, who may read every Shannan county's records), for a stated
// purpose (PROSECUTION_REVIEW), three queries, each at concurrency 1 and 16:
//  A. recordLookupByCitizenId with the sampled IDs — each answer must be exactly that person (else an error);
//  B. recordSearchByName with the sampled name and birth date (the realistic query) — the sampled person
//     should be among the results: misses are counted and printed as recall, not failed;
//  C. recordSearchByName with only a typo'd Latin name (no filters): the typo-tolerant path on common names.
// Every lookup writes its audit entry (serialised by the audit chain's advisory lock) and, as city-chief reads
// the counties' records, a holder notification to the outbox: that is part of what is measured. The per-user
// rate limit is set to RECORDS_LOOKUPS_PER_MINUTE=100000 (far above what the bench makes) for both setups: the
// benchmark measures lookups, not the limiter (though the service still counts the caller's entries of the last
// minute on every lookup; the cost of that count is printed too).
// Printed: p50/p90/p95/p99 and req/s per setup and concurrency, the ratios distributed/baseline, the targets
// (through the gateway at c16: exact ID p95 ≤ 10 ms, name search p95 ≤ 50 ms), CPU per lookup per process
// (Linux /proc), what the records service's PostgreSQL connections were doing (pg_stat_activity sampled every
// --wait-sample-ms; 0 = off), and EXPLAIN (ANALYZE, BUFFERS) of the name search's SQL for one sampled name.
// --quick: 50,000 persons and few requests, for a smoke test. Writes bench-results/records-<timestamp>.json.
// Figures only: the exit code is non-zero only on errors.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
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
import { parseBenchOptions, quickOptions, startBaseline } from './lib/query-bench.mjs';
import {
  errorLines,
  fixed,
  formatTable,
  loadLine,
  machineInfo,
  machineLine,
  ratiosOf,
  ratiosTable,
  writeResults,
  resultsTable,
} from './lib/report.mjs';

export const description =
  'records: exact-ID lookup and name-variant search over 1,000,000 synthetic persons, distributed vs in-process baseline';

/** Chief prosecutor of 山南市人民检察院: may read the records of every Shannan county (the persons' holders). */
const USER = 'city-chief';
const USER_ORG = 'proc-540500';
const PURPOSE = {
  code: 'PROSECUTION_REVIEW',
  caseNumber: '贡检刑诉〔2026〕12号',
  justification: '（基准测试）审查起诉中核实犯罪嫌疑人有无前科',
};
/** Far above what the bench's one user makes in a minute; the stack and the baseline both get it. */
const LOOKUPS_PER_MINUTE = '100000';
const P50_TARGET = 2.0;
/** The issue's targets, through the gateway (distributed) at concurrency 16. */
const TARGETS = { byId: 10, byName: 50, typo: 50 };
/** The stack's processes on the measured path (CPU accounting); the baseline is one process. */
const SERVICE_APPS = ['gateway', 'records', 'directory', 'agreements'];
/** The name search's limit (the GraphQL default). */
const LIMIT = 20;
/** Mix of the sampled names, repeated: 40% Han script, 20% Tibetan script, 20% Latin, 20% Latin with a typo. */
const NAME_KINDS = ['han', 'tibetan', 'latin', 'han', 'latin-typo'];

const SUMMARY =
  'personId maskedCitizenId names sex birthDate householdDivision holderOrg convictionCount score matchReason matchedName';
const BY_ID =
  'query ById($citizenId: String!, $purpose: RecordPurposeInput) ' +
  `{ recordLookupByCitizenId(citizenId: $citizenId, purpose: $purpose) { auditId more persons { ${SUMMARY} } } }`;
const BY_NAME =
  'query ByName($input: RecordNameSearchInput!) ' +
  `{ recordSearchByName(input: $input) { auditId more persons { ${SUMMARY} } } }`;

/** What the audit writer counts per actor under the chain's lock (apps/records/src/audit/audit-writer.ts). */
const RATE_LIMIT_SQL = `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM "records"."audit_log"
          WHERE "actor" = $1 AND "at" > $2 AND "outcome" <> 'rate-limited' LIMIT $3) recent`;

function shuffle(items, rand) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const load = (root, path) => import(pathToFileURL(join(root, path)).href);

function options(args) {
  const { query, int, values } = parseBenchOptions(
    args,
    quickOptions(args, {
      n1: ['40', '400'],
      n16: ['200', '3000'],
      warmup: ['20', '100'],
      persons: ['50000', '1000000'],
      samples: ['400', '2000'],
      seed: '1',
      'batch-size': '10000',
      'wait-sample-ms': '25',
    }),
  );
  const opts = {
    ...query,
    persons: int('persons'),
    samples: int('samples'),
    seed: int('seed'),
    batchSize: int('batch-size'),
    waitSampleMs: int('wait-sample-ms'),
    quick: values.quick,
  };
  if (opts.persons < 1000) throw new Error('--persons must be at least 1000');
  if (opts.samples < NAME_KINDS.length) throw new Error(`--samples must be at least ${NAME_KINDS.length}`);
  if (opts.batchSize < 1) throw new Error('--batch-size must be at least 1');
  return opts;
}

// ── Data ────────────────────────────────────────────────────────────────────────────────────────────────

/** The records service has migrated the stack's database (it is ready): every records migration is applied. */
async function assertMigrated(db, root) {
  const { RECORDS_MIGRATIONS } = await load(root, 'apps/records/dist/src/migrations/index.js');
  const expected = RECORDS_MIGRATIONS.map((M) => new M().name);
  const applied = new Set(
    (await db.query(`SELECT name FROM "records"."migrations"`).catch(() => ({ rows: [] }))).rows.map(
      (r) => r.name,
    ),
  );
  const missing = expected.filter((name) => !applied.has(name));
  if (missing.length > 0) throw new Error(`the records schema lacks migrations ${missing.join(', ')}`);
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM "records"."person"`)).rows;
  if (n !== 0)
    throw new Error(`records.person already holds ${n} persons: the benchmark needs a fresh database`);
}

/**
 * Loads `persons` synthetic persons with loadSyntheticPeople (apps/records people/bulk-load: the code of
 * `npm run records:generate`) over its own connection as the database owner, then VACUUM ANALYZE (so the
 * autovacuum the load would trigger does not run during the measurements). Returns counts and rates.
 */
async function loadPersons(root, databaseUrl, { persons, seed, batchSize }) {
  const { divisionsFromReference, loadSyntheticPeople } = await load(
    root,
    'apps/records/dist/src/people/index.js',
  );
  const divisions = divisionsFromReference((await import('@yiti/reference')).SHANNAN_REFERENCE);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-generate' });
  await client.connect();
  try {
    const rate = (p) => {
      const s = p.elapsedMs / 1000;
      return {
        rowsPerSecond: (p.persons + p.names + p.convictions) / s,
        personsPerSecond: p.persons / s,
      };
    };
    let batches = 0;
    const loaded = await loadSyntheticPeople(client, {
      count: persons,
      seed,
      divisions,
      batchSize,
      onBatch: (p) => {
        batches++;
        if (batches % 10 === 0) {
          const r = rate(p);
          log(
            `  … ${p.persons} persons, ${p.names} name keys, ${p.convictions} convictions in ` +
              `${fixed(1)(p.elapsedMs / 1000)} s — ${fixed(0)(r.rowsPerSecond)} rows/s (${fixed(0)(r.personsPerSecond)} persons/s)`,
          );
        }
      },
    });
    const vacuumStarted = performance.now();
    await client.query(
      'VACUUM (ANALYZE) "records"."person", "records"."person_name", "records"."name_key", "records"."conviction"',
    );
    const vacuumMs = performance.now() - vacuumStarted;
    const [sizes] = (
      await client.query(
        `SELECT (SELECT count(*)::int FROM "records"."name_key") AS "nameKeys",
                pg_total_relation_size('"records"."person"') AS person,
                pg_total_relation_size('"records"."person_name"') AS "personName",
                pg_total_relation_size('"records"."name_key"') AS "nameKey",
                pg_total_relation_size('"records"."conviction"') AS conviction`,
      )
    ).rows;
    return {
      ...loaded,
      rows: loaded.persons + loaded.names + loaded.convictions,
      ...rate(loaded),
      divisions: divisions.length,
      batchSize,
      seed,
      vacuumMs,
      nameKeys: sizes.nameKeys,
      sizesMiB: Object.fromEntries(
        ['person', 'personName', 'nameKey', 'conviction'].map((k) => [k, Number(sizes[k]) / 2 ** 20]),
      ),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A one-character typo in a Latin name (a letter after a word's first replaced, doubled or dropped) that no
 * longer gives the name's primary key; undefined if none was found.
 */
function typoOf(name, rand, primaryKey) {
  const letters = 'aeiouylnrstkgmhp';
  for (let attempt = 0; attempt < 12; attempt++) {
    const words = name.split(' ');
    const long = words.map((w, i) => [w, i]).filter(([w]) => w.length >= 4);
    const [word, at] = long.length > 0 ? long[Math.floor(rand() * long.length)] : [words[0], 0];
    if (word.length < 2) return undefined;
    const pos = 1 + Math.floor(rand() * (word.length - 1));
    const how = rand();
    let typo;
    if (how < 0.5) {
      let c;
      do c = letters[Math.floor(rand() * letters.length)];
      while (c === word[pos].toLowerCase());
      typo = word.slice(0, pos) + c + word.slice(pos + 1);
    } else if (how < 0.75) {
      typo = word.slice(0, pos) + word[pos] + word.slice(pos);
    } else {
      typo = word.slice(0, pos) + word.slice(pos + 1);
    }
    words[at] = typo;
    const out = words.join(' ');
    if (out !== name && primaryKey(out) !== primaryKey(name)) return out;
  }
  return undefined;
}

/**
 * `count` persons sampled with TABLESAMPLE BERNOULLI … REPEATABLE (the same for a seed and data), each with
 * one of their names by NAME_KINDS: a Han-script name (for a Tibetan person its Chinese spelling), a
 * Tibetan-script alias, a Latin alias, or a Latin alias with a one-character typo. Persons without a name of
 * the kind are drawn from a wider pool.
 */
async function sampleInputs(db, root, { count, total, seed }) {
  const { nameKeys } = await load(root, 'apps/records/dist/src/names/name-keys.js');
  const primaryKey = (name) => nameKeys(name).keys[0] ?? '';
  // Latin and Tibetan-script aliases are ~8% of persons each: draw 12 persons per sample.
  const percent = Math.min(100, (100 * count * 12) / total);
  const started = performance.now();
  const { rows } = await db.query(
    `SELECT p."id", p."citizen_id", p."birth_date"::text AS birth_date, p."holder_org",
            (SELECT json_agg(json_build_object('name', x."name", 'script', x."script", 'alias', x."is_alias")
                             ORDER BY x."is_alias", x."name")
               FROM (SELECT DISTINCT n."name", n."script", n."is_alias" FROM "records"."person_name" n
                      WHERE n."person_id" = p."id") x) AS names
       FROM "records"."person" p TABLESAMPLE BERNOULLI (${percent.toFixed(4)}) REPEATABLE (${seed})
      ORDER BY p."id"`,
  );
  const sampleMs = performance.now() - started;
  // The generator's seeded PRNG: the sample and the typos are the same in every run.
  const { mulberry32 } = await load(root, 'apps/records/dist/src/people/index.js');
  const rand = mulberry32(seed * 7919 + 540500);
  const people = shuffle(rows, rand);
  const pools = {
    han: people.filter((p) => p.names.some((n) => n.script === 'han')),
    tibetan: people.filter((p) => p.names.some((n) => n.script === 'tibetan')),
    latin: people.filter((p) => p.names.some((n) => n.script === 'latin')),
  };
  const used = new Set();
  const cursor = { han: 0, tibetan: 0, latin: 0 };
  const samples = [];
  for (let i = 0; samples.length < count && i < count * 4; i++) {
    const kind = NAME_KINDS[i % NAME_KINDS.length];
    const script = kind === 'latin-typo' ? 'latin' : kind;
    const pool = pools[script];
    let person;
    while (cursor[script] < pool.length && (!person || used.has(person.id))) person = pool[cursor[script]++];
    if (!person || used.has(person.id)) continue;
    const names = person.names.filter((n) => n.script === script);
    const original = names[Math.floor(rand() * names.length)].name;
    const name = kind === 'latin-typo' ? typoOf(original, rand, primaryKey) : original;
    if (!name) continue;
    used.add(person.id);
    samples.push({
      id: person.id,
      citizenId: person.citizen_id,
      birthDate: person.birth_date,
      holderOrg: person.holder_org,
      kind,
      name,
      ...(kind === 'latin-typo' ? { original } : {}),
    });
  }
  if (samples.length < count) {
    throw new Error(`only ${samples.length} of ${count} samples found in ${rows.length} sampled persons`);
  }
  const byKind = Object.fromEntries(NAME_KINDS.map((k) => [k, samples.filter((s) => s.kind === k).length]));
  return { samples, drawn: rows.length, percent, sampleMs, byKind };
}

// ── PostgreSQL alone ────────────────────────────────────────────────────────────────────────────────────

/** The SQL (and parameters) the service's record-queries.js run, recorded instead of run. */
async function capture(fn) {
  const captured = [];
  const recorder = {
    query: async (sql, params) => {
      captured.push({ sql, params });
      return [];
    },
  };
  await fn(recorder);
  return captured;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a query, fastest of three, in a transaction after `setup` statements. */
async function explain(db, { sql, params }, setup = []) {
  let best;
  for (let i = 0; i < 3; i++) {
    await db.query('BEGIN');
    try {
      for (const s of setup) await db.query(s);
      const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      const lines = rows.map((r) => r['QUERY PLAN']);
      const executionMs = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? '')?.[1]);
      if (!best || executionMs < best.executionMs) best = { executionMs, lines };
    } finally {
      await db.query('ROLLBACK');
    }
  }
  const planningMs = Number(
    /Planning Time: ([\d.]+)/.exec(best.lines.find((l) => l.startsWith('Planning Time')) ?? '')?.[1],
  );
  return { executionMs: best.executionMs, planningMs, plan: best.lines, sql: sql.trim(), params };
}

/**
 * What PostgreSQL does for one sampled name + birth date search, step by step as LookupsService.searchNames
 * runs it: the exact keys (personsByNameKeys), the typo-tolerant dictionary keys (similarKeys, run because one
 * person with that birth date does not fill the list of LIMIT), the persons under those keys, and the result
 * rows (personsByIds); plus the name alone, the exact citizen-ID lookup, for comparison.
 */
async function explainQueries(db, root, sample, holders) {
  const [{ nameKeys }, q, service] = await Promise.all([
    load(root, 'apps/records/dist/src/names/name-keys.js'),
    load(root, 'apps/records/dist/src/lookups/record-queries.js'),
    load(root, 'apps/records/dist/src/lookups/lookups.service.js'),
  ]);
  // The service's own filter of the dictionary's similar keys, where it has one.
  const typoLength = typeof service.typoLength === 'function' ? service.typoLength : () => true;
  const keys = nameKeys(sample.name).keys;
  const filters = { birthDate: sample.birthDate, sex: null, divisionCode: null };
  const noFilters = { birthDate: null, sex: null, divisionCode: null };
  const [exactSql] = await capture((m) => q.personsByNameKeys(m, keys, filters, holders, LIMIT + 1));
  const exact = await explain(db, exactSql);
  const [similarSql] = await capture((m) => q.similarKeys(m, keys[0]));
  // As the service's connections run it: they start with this threshold (apps/records/src/app.module.ts).
  const threshold = `SET LOCAL pg_trgm.similarity_threshold = ${q.FUZZY_THRESHOLD}`;
  const similar = await explain(db, similarSql, [threshold]);
  await db.query('BEGIN');
  let similarKeys;
  try {
    await db.query(threshold);
    similarKeys = (await db.query(similarSql.sql, similarSql.params)).rows
      .map((r) => r.key)
      .filter((k) => !keys.includes(k) && typoLength(keys[0], k));
  } finally {
    await db.query('ROLLBACK');
  }
  const [fuzzySql] = await capture((m) => q.personsByNameKeys(m, similarKeys, filters, holders, LIMIT + 1));
  const fuzzy = fuzzySql ? await explain(db, fuzzySql) : undefined;
  const [byIdsSql] = await capture((m) => q.personsByIds(m, [sample.id], holders, true));
  const byIds = await explain(db, byIdsSql);
  const [nameOnlySql] = await capture((m) => q.personsByNameKeys(m, keys, noFilters, holders, LIMIT + 1));
  const nameOnly = await explain(db, nameOnlySql);
  const [citizenSql] = await capture((m) => q.personByCitizenId(m, sample.citizenId, holders, true));
  const citizen = await explain(db, citizenSql);
  return {
    name: sample.name,
    birthDate: sample.birthDate,
    keys,
    similarKeys,
    exact,
    similar,
    fuzzy,
    byIds,
    nameOnly,
    citizen,
  };
}

/** EXPLAIN ANALYZE of the rate limit's count for USER now: how many entries it counts and how long it takes. */
async function explainRateLimit(db) {
  const params = [USER, new Date(Date.now() - 60_000), Number(LOOKUPS_PER_MINUTE)];
  const [{ n }] = (await db.query(RATE_LIMIT_SQL, params)).rows;
  const plan = await explain(db, { sql: RATE_LIMIT_SQL, params });
  return { entriesInWindow: n, executionMs: plan.executionMs, plan: plan.plan };
}

// ── What the records service's connections do ───────────────────────────────────────────────────────────

const WAIT_CATEGORIES = ['audit lock', 'WAL / commit', 'other wait', 'running', 'idle in tx'];
/** What the connection holding the audit lock can be doing. */
const HOLDER_CATEGORIES = ['idle in tx', 'running', 'WAL / commit', 'other wait'];

function categoryOf(row) {
  if (row.state === 'idle in transaction' || row.state === 'idle in transaction (aborted)')
    return 'idle in tx';
  if (row.state !== 'active') return undefined;
  if (!row.type) return 'running';
  if (row.type === 'Lock' && row.event === 'advisory') return 'audit lock';
  if ((row.type === 'IO' || row.type === 'LWLock') && /^WAL/.test(row.event ?? '')) return 'WAL / commit';
  return 'other wait';
}

/**
 * Samples pg_stat_activity every `intervalMs` while a measured segment runs (`label()` names it, undefined
 * outside): the records service's connections (application_name records; only one setup runs at a time) by
 * what they do. Runs on the bench's own connection (whose backend the CPU accounting leaves out).
 */
function sampleActivity(db, intervalMs, label) {
  const tallies = new Map();
  let stopped = intervalMs <= 0;
  const loop = (async () => {
    while (!stopped) {
      const at = label();
      if (at) {
        let rows;
        try {
          ({ rows } = await db.query(
            `SELECT a.state, a.wait_event_type AS type, a.wait_event AS event, h.pid IS NOT NULL AS holder
               FROM pg_stat_activity a
               LEFT JOIN (SELECT DISTINCT pid FROM pg_locks WHERE locktype = 'advisory' AND granted) h
                 ON h.pid = a.pid
              WHERE a.datname = current_database() AND a.application_name = 'records'
                AND a.pid <> pg_backend_pid()`,
          ));
        } catch (err) {
          log(`activity sampling stopped: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        if (label() === at) {
          const t = tallies.get(at) ?? { samples: 0, counts: {}, holder: {} };
          t.samples++;
          let held = false;
          for (const row of rows) {
            const c = categoryOf(row);
            if (c) t.counts[c] = (t.counts[c] ?? 0) + 1;
            if (row.holder && c && c !== 'audit lock') {
              held = true;
              t.holder[c] = (t.holder[c] ?? 0) + 1;
            }
          }
          if (!held) t.holder.free = (t.holder.free ?? 0) + 1;
          tallies.set(at, t);
        }
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
    /**
     * Mean number of connections per category during the segments labelled `at`, and `holder`: the share of
     * samples in which the audit lock's holder was in each category (`free`: nobody held it).
     */
    of(at) {
      const t = tallies.get(at);
      if (!t || t.samples === 0) return undefined;
      return {
        samples: t.samples,
        ...Object.fromEntries(WAIT_CATEGORIES.map((c) => [c, (t.counts[c] ?? 0) / t.samples])),
        holder: Object.fromEntries(
          [...HOLDER_CATEGORIES, 'free'].map((c) => [c, (t.holder[c] ?? 0) / t.samples]),
        ),
      };
    },
  };
}

// ── Measuring ───────────────────────────────────────────────────────────────────────────────────────────

/** The three queries: label, GraphQL field, the variables for a sample, whether to check recall. */
function queriesOf(samples) {
  const typos = samples.filter((s) => s.kind === 'latin-typo');
  return [
    {
      id: 'byId',
      title: 'A. recordLookupByCitizenId(citizenId, purpose) — exact ID',
      field: 'recordLookupByCitizenId',
      query: BY_ID,
      samples,
      variables: (s) => ({ citizenId: s.citizenId, purpose: PURPOSE }),
      target: TARGETS.byId,
    },
    {
      id: 'byName',
      title: 'B. recordSearchByName({ name, birthDate, purpose }) — name variant + birth date',
      field: 'recordSearchByName',
      query: BY_NAME,
      samples,
      variables: (s) => ({ input: { name: s.name, birthDate: s.birthDate, limit: LIMIT, purpose: PURPOSE } }),
      recall: true,
      target: TARGETS.byName,
    },
    {
      id: 'typo',
      title: "C. recordSearchByName({ name, purpose }) — a typo'd Latin name alone, no filters",
      field: 'recordSearchByName',
      query: BY_NAME,
      samples: typos,
      variables: (s) => ({ input: { name: s.name, limit: LIMIT, purpose: PURPOSE } }),
      recall: true,
      target: TARGETS.typo,
    },
  ];
}

/** Checks a query on both setups for a few samples: the same persons, and the exact ID gives that person. */
async function checkSetups(setups, token, q) {
  const picks = q.samples
    .filter((_, i) => i % Math.max(1, Math.floor(q.samples.length / 10)) === 0)
    .slice(0, 10);
  let disagreements = 0;
  for (const s of picks) {
    const answers = [];
    for (const setup of setups) {
      const data = (await graphql(setup.url, q.query, token, q.variables(s)))[q.field];
      if (!data.auditId) throw new Error(`${setup.name}: ${q.field} answered without an audit id`);
      if (q.id === 'byId' && (data.persons.length !== 1 || data.persons[0].personId !== s.id)) {
        throw new Error(
          `${setup.name}: ${q.field}(${s.citizenId}) answered ${JSON.stringify(data).slice(0, 300)}`,
        );
      }
      answers.push(JSON.stringify(data.persons.map((p) => [p.personId, p.score]).sort()));
    }
    if (answers[0] !== answers[1]) disagreements++;
  }
  // Name search without filters returns a sample of a common name's persons in no particular order.
  if (disagreements > 0 && q.id !== 'typo') {
    throw new Error(`${q.field}: the setups answered ${disagreements} of ${picks.length} checks differently`);
  }
  log(
    `${q.id}: both setups answer ${picks.length} checks` +
      (disagreements > 0
        ? ` (${disagreements} with different persons: a sample of a common name)`
        : ' alike'),
  );
}

/**
 * Measures one query on both setups at c1 and c16 (lib/operation-bench: one request per operation, each with
 * the next sample; A B B A). Recall — whether the sampled person is in the answer — is tallied per setup and
 * concurrency over the measured segments; the exact-ID check fails the request instead.
 */
async function measureQuery({ setups, q, opts, token, pidsOf, activity, setLabel }) {
  let next = 0;
  const recall = new Map();
  const tally = (ctx, found, data) => {
    const key = `${ctx.setup} c${ctx.concurrency}`;
    const r = recall.get(key) ?? { asked: 0, found: 0, byKind: {}, misses: [] };
    r.asked++;
    const k = (r.byKind[ctx.sample.kind] ??= { asked: 0, found: 0 });
    k.asked++;
    if (found) {
      r.found++;
      k.found++;
    } else if (r.misses.length < 5) {
      r.misses.push(
        `${ctx.sample.kind} "${ctx.sample.name}"${ctx.sample.original ? ` (of "${ctx.sample.original}")` : ''} ` +
          `${q.id === 'byName' ? ctx.sample.birthDate : ''} → ${data.persons.length} persons` +
          (data.persons[0]
            ? `, first "${data.persons[0].matchedName}" (${data.persons[0].matchReason})`
            : ''),
      );
    }
    recall.set(key, r);
  };
  const step = {
    group: q.id,
    field: q.field,
    user: 'chief',
    body: (ctx) => {
      ctx.sample = q.samples[next++ % q.samples.length];
      if (ctx.segment !== undefined) setLabel(`${q.id} ${ctx.setup} c${ctx.concurrency}`);
      return { query: q.query, variables: q.variables(ctx.sample) };
    },
    check: (data, ctx) => {
      if (!data.auditId) return `${q.field} answered without an audit id`;
      if (q.id === 'byId') {
        return data.persons.length === 1 && data.persons[0].personId === ctx.sample.id
          ? undefined
          : `${q.field}(${ctx.sample.citizenId}) answered ${data.persons.length} persons ` +
              `(${data.persons.map((p) => p.personId).join(', ')}), not ${ctx.sample.id}`;
      }
      if (q.recall && ctx.segment !== undefined) {
        tally(
          ctx,
          data.persons.some((p) => p.personId === ctx.sample.id),
          data,
        );
      }
      return undefined;
    },
  };
  const results = await measureOperations({
    setups,
    levels: [
      [1, opts.n1],
      [16, opts.n16],
    ],
    warmup: opts.warmup,
    segments: opts.segments,
    steps: [step],
    tokens: async () => {
      setLabel(undefined);
      return { chief: await token() };
    },
    pidsOf,
    unit: 'requests',
    abortLabel: `${q.field} requests to`,
    shape: ({ setup, figures, cpuPerOp }) => ({ setup, ...figures, cpuPerOp }),
  });
  setLabel(undefined);
  for (const r of results) {
    const key = `${r.setup} c${r.concurrency}`;
    r.db = activity.of(`${q.id} ${key}`);
    if (q.recall) r.recall = recall.get(key);
  }
  const ratios = ratiosOf(results, P50_TARGET);
  return { results, ratios };
}

const pct = (found, asked) => (asked > 0 ? `${fixed(1)((100 * found) / asked)}%` : '—');

function queryReport(q, { results, ratios }, rateLimit) {
  const lines = [
    resultsTable(results, { count: 'requests', rate: 'req/s', msDigits: 2, p95: true }),
    '',
    ratiosTable(ratios, { rate: 'req/s', p50Target: P50_TARGET, p95: true }),
    ...cpuReport(results, { unit: 'lookup' }),
  ];
  if (results.some((r) => r.db)) {
    lines.push(
      '',
      "The records service's PostgreSQL connections (pool of 10), mean number by state over the measured " +
        'segments (pg_stat_activity samples):',
      formatTable(
        results.filter((r) => r.db),
        [
          { title: 'setup', value: (r) => r.setup, align: 'left' },
          { title: 'conc', value: (r) => r.concurrency },
          { title: 'samples', value: (r) => r.db.samples },
          ...WAIT_CATEGORIES.map((c) => ({ title: c, value: (r) => fixed(2)(r.db[c]) })),
        ],
      ),
      '  audit lock = waiting for pg_advisory_xact_lock (the audit chain); WAL / commit = WAL write/flush;' +
        ' running = executing; idle in tx = inside the lookup transaction, waiting for the service to send the' +
        ' next statement.',
      '',
      'The audit lock (held by one lookup at a time): share of the samples in which its holder was …',
      formatTable(
        results.filter((r) => r.db),
        [
          { title: 'setup', value: (r) => r.setup, align: 'left' },
          { title: 'conc', value: (r) => r.concurrency },
          ...HOLDER_CATEGORIES.map((c) => ({
            title: c === 'idle in tx' ? 'waiting for the service' : c,
            value: (r) => pct(r.db.holder[c], 1),
          })),
          { title: 'not held', value: (r) => pct(r.db.holder.free, 1) },
          {
            title: 'held ms per lookup ≈',
            value: (r) => fixed(2)(((1 - r.db.holder.free) * 1000) / r.throughput),
          },
        ],
      ),
    );
  }
  if (q.recall) {
    const label =
      q.id === 'byName' ? 'sampled person among the results' : `sampled person among the first ${LIMIT}`;
    lines.push('', `Recall (${label}, measured segments):`);
    for (const r of results) {
      if (!r.recall) continue;
      const kinds = Object.entries(r.recall.byKind)
        .map(([k, v]) => `${k} ${pct(v.found, v.asked)}`)
        .join(', ');
      lines.push(
        `  ${r.setup} c${r.concurrency}: ${r.recall.found}/${r.recall.asked} (${pct(r.recall.found, r.recall.asked)}) — ${kinds}`,
      );
      if (q.id === 'byName') {
        for (const miss of r.recall.misses) lines.push(`    miss: ${miss}`);
      }
    }
  }
  if (rateLimit) {
    lines.push(
      '',
      `Rate-limit count right after (${USER}'s entries of the last minute, counted under the audit lock on every` +
        ` lookup): ${rateLimit.entriesInWindow} entries, ${fixed(2)(rateLimit.executionMs)} ms in PostgreSQL alone`,
    );
  }
  lines.push(...errorLines(results));
  return lines.join('\n');
}

function planReport(p) {
  const ms = fixed(3);
  const one = (label, e) =>
    e
      ? `     ${label}: ${ms(e.executionMs)} ms execution, ${ms(e.planningMs)} ms planning`
      : `     ${label}: —`;
  return [
    `   PostgreSQL alone, the name search's SQL (apps/records record-queries.js) for "${p.name}" born ${p.birthDate}`,
    `   (keys ${JSON.stringify(p.keys)}; EXPLAIN (ANALYZE, BUFFERS), fastest of 3, as the owner):`,
    one('1. personsByNameKeys, exact keys + birth date', p.exact),
    one(
      '2. similarKeys (pg_trgm over records.name_key; runs because 1 person does not fill the list)',
      p.similar,
    ),
    one(`3. personsByNameKeys, ${p.similarKeys.length} similar keys + birth date`, p.fuzzy),
    one('4. personsByIds (the result rows, names and conviction counts)', p.byIds),
    one('   for comparison: personsByNameKeys, exact keys, no filter', p.nameOnly),
    one('   for comparison: personByCitizenId', p.citizen),
    '',
    '   Plan of 1. (the name-key query):',
    ...p.exact.plan.map((l) => `     ${l}`),
    '',
    '   Plan of 2. (the typo-tolerant dictionary lookup):',
    ...p.similar.plan.map((l) => `     ${l}`),
  ].join('\n');
}

/** The one nats-server on this machine (for CPU accounting), if there is exactly one. */
function natsServerPid() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'nats-server') pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids.length === 1 ? pids[0] : undefined;
}

// ── The run ─────────────────────────────────────────────────────────────────────────────────────────────

export async function run({ root, args }) {
  const opts = options(args);
  const machine = machineInfo();
  assertGatewayHas(root, ['recordLookupByCitizenId', 'recordSearchByName']);
  // Others may share the machine: the load average before and after says how quiet it was.
  const loadBefore = os.loadavg();
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    const env = { RECORDS_LOOKUPS_PER_MINUTE: LOOKUPS_PER_MINUTE };
    log(
      'starting the stack (NATS, PostgreSQL, dev-idp, directory, agreements, transfers, meetings, records, gateway)…',
    );
    const { stack, eventsStream } = await startBenchStack(cleanup, { root, isolate: true, env });
    const db = await connectDatabase(cleanup, stack);
    await assertMigrated(db, root);

    log(`loading ${opts.persons} synthetic persons with loadSyntheticPeople (seed ${opts.seed})…`);
    const data = await loadPersons(root, stack.databaseUrl, opts);
    log(
      `loaded ${data.persons} persons, ${data.names} name keys, ${data.convictions} convictions in ` +
        `${fixed(1)(data.elapsedMs / 1000)} s: ${fixed(0)(data.rowsPerSecond)} rows/s (${fixed(0)(data.personsPerSecond)} persons/s); ` +
        `VACUUM ANALYZE ${fixed(1)(data.vacuumMs / 1000)} s`,
    );
    const sampled = await sampleInputs(db, root, {
      count: opts.samples,
      total: data.persons,
      seed: opts.seed,
    });
    const { samples } = sampled;
    log(
      `sampled ${samples.length} persons (of ${sampled.drawn} drawn in ${fixed(0)(sampled.sampleMs)} ms): ` +
        Object.entries(sampled.byKind)
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
    );
    const holders = [
      USER_ORG,
      ...(await db.query(`SELECT DISTINCT "holder_org" FROM "records"."person" ORDER BY 1`)).rows.map(
        (r) => r.holder_org,
      ),
    ];
    // A Tibetan-script name: the service runs the typo-tolerant step for names not written in Chinese characters.
    const planSample = samples.find((s) => s.kind === 'tibetan');
    const plan = await explainQueries(db, root, planSample, holders);

    log('starting the in-process baseline (gateway + directory + agreements + records in one process)…');
    const baseline = await startBaseline(cleanup, {
      root,
      stack,
      services: ['directory', 'agreements', 'records'],
      eventsStream,
      env,
    });
    const setups = [
      { name: 'distributed', url: stack.graphqlUrl },
      { name: 'baseline', url: String(baseline.readyLine.url) },
    ];
    const token = () => login(stack.idpUrl, USER);
    const queries = queriesOf(samples);
    const first = await token();
    for (const q of queries) await checkSetups(setups, first, q);

    const nats = natsServerPid();
    const basePids = benchProcesses({ db, stack, apps: SERVICE_APPS, baseline });
    const pidsOf = async (setup) => ({
      ...(await basePids(setup)),
      ...(setup === 'distributed' && nats ? { nats } : {}),
    });
    let label;
    const activity = sampleActivity(db, opts.waitSampleMs, () => label);
    cleanup.add('activity sampler', () => activity.stop());
    const measured = {};
    const rateLimits = {};
    for (const q of queries) {
      log(`${q.id}: ${q.title.slice(3)} as ${USER}, ${q.samples.length} distinct inputs`);
      measured[q.id] = await measureQuery({
        setups,
        q,
        opts,
        token,
        pidsOf,
        activity,
        setLabel: (l) => {
          label = l;
        },
      });
      rateLimits[q.id] = await explainRateLimit(db);
    }
    await activity.stop();
    const [{ entries }] = (
      await db.query(`SELECT count(*)::int AS entries FROM "records"."audit_log" WHERE "actor" = $1`, [USER])
    ).rows;

    const loadAfter = os.loadavg();
    const targets = queries.map((q) => {
      const d = measured[q.id].results.find((r) => r.setup === 'distributed' && r.concurrency === 16);
      const b = measured[q.id].results.find((r) => r.setup === 'baseline' && r.concurrency === 16);
      return {
        id: q.id,
        limit: q.target,
        p95: d?.p95,
        baselineP95: b?.p95,
        met: d ? d.p95 <= q.target : false,
      };
    });
    const kinds = Object.entries(sampled.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const mib = (v) => `${fixed(0)(v)} MiB`;
    console.log(`
Records benchmark${opts.quick ? ' (--quick)' : ''}
${machineLine(machine)}
${loadLine(loadBefore, loadAfter)}

Data: ${data.persons} synthetic persons (seed ${data.seed}, ${data.divisions} Shannan divisions), ${data.names} name keys (${data.nameKeys} distinct keys), ${data.convictions} convictions
   generator (loadSyntheticPeople, as npm run records:generate; batches of ${data.batchSize}, incl. ANALYZE): ${data.rows} rows in ${fixed(1)(data.elapsedMs / 1000)} s
   → ${fixed(0)(data.rowsPerSecond)} rows/s, ${fixed(0)(data.personsPerSecond)} persons/s; then VACUUM (ANALYZE) ${fixed(1)(data.vacuumMs / 1000)} s
   sizes: person ${mib(data.sizesMiB.person)}, person_name ${mib(data.sizesMiB.personName)}, name_key ${mib(data.sizesMiB.nameKey)}, conviction ${mib(data.sizesMiB.conviction)}
Inputs: ${samples.length} persons sampled with TABLESAMPLE BERNOULLI REPEATABLE (${kinds}); each request takes the next
   As ${USER} (${USER_ORG}: may read every Shannan county's records), purpose ${PURPOSE.code} ${PURPOSE.caseNumber}
   Every lookup: access (who may read whose records, cached RECORDS_ACCESS_CACHE_SECONDS = 30 s), the query, then under the audit chain's lock the rate-limit
   count, the audit entry and a holder notification (outbox), one transaction, answered after COMMIT.
   RECORDS_LOOKUPS_PER_MINUTE=${LOOKUPS_PER_MINUTE} (far above what the bench makes) for both setups: the bench measures lookups, not the limiter.
   Requests per setup and query: c1 ${opts.n1}, c16 ${opts.n16} (after ${opts.warmup} warm-up each; ${opts.segments} interleaved segments)

${planReport(plan)}
${queries.map((q) => `\n${q.title}\n\n${queryReport(q, measured[q.id], rateLimits[q.id])}`).join('\n')}

Targets (distributed = through the gateway, concurrency 16):
${formatTable(targets, [
  { title: 'query', value: (t) => t.id, align: 'left' },
  { title: 'p95 ms', value: (t) => fixed(2)(t.p95) },
  { title: 'target', value: (t) => `≤ ${t.limit} ms` },
  { title: '', value: (t) => (t.met ? 'met' : 'NOT met'), align: 'left' },
  { title: 'baseline p95 ms', value: (t) => fixed(2)(t.baselineP95) },
])}

${entries} audit entries written by ${USER} during the run.`);

    const file = writeResults(root, 'records', {
      bench: 'records',
      finishedAt: new Date().toISOString(),
      machine,
      loadAverage: { start: loadBefore, end: loadAfter },
      options: opts,
      setups: {
        distributed:
          'HTTP → gateway process → NATS → records process (→ NATS → directory, agreements processes) → PostgreSQL',
        baseline:
          'HTTP → one process: gateway + records + directory + agreements, InProcessRpcCaller (no NATS) → PostgreSQL',
      },
      user: USER,
      org: USER_ORG,
      purpose: PURPOSE,
      lookupsPerMinute: Number(LOOKUPS_PER_MINUTE),
      data,
      samples: {
        count: samples.length,
        byKind: sampled.byKind,
        drawn: sampled.drawn,
        percent: sampled.percent,
      },
      postgresPlans: plan,
      queries: Object.fromEntries(
        queries.map((q) => [
          q.id,
          {
            title: q.title,
            query: q.query,
            distinctInputs: q.samples.length,
            results: measured[q.id].results,
            ratios: measured[q.id].ratios,
            rateLimitAfter: rateLimits[q.id],
            cpuPerLookup: measured[q.id].results.map((r) => ({
              setup: r.setup,
              concurrency: r.concurrency,
              total: cpuTotal(r),
            })),
          },
        ]),
      ),
      targets,
      auditEntries: entries,
    });
    console.log(`\nResults written to ${file}`);
  });
}
