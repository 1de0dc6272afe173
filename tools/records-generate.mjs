#!/usr/bin/env node
// npm run records:generate -- --count 1000000 [--database-url postgres://…] [--seed N] [--batch-size N]
//                            [--divisions FILE] [--truncate]
// Creates SYNTHETIC persons (never real data) in schema `records`: builds apps/records (tsc -b), runs the
// records migrations, refuses databases whose LC_CTYPE is C (pg_trgm would find no trigrams in Chinese), then
// bulk-loads in batches with multi-row INSERT … SELECT FROM unnest(…) and reports rows/s.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    'database-url': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '10000' },
    divisions: { type: 'string' },
    truncate: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const batchSize = Number(values['batch-size']);
for (const [name, n] of [
  ['--count', count],
  ['--seed', seed],
  ['--batch-size', batchSize],
]) {
  if (!Number.isSafeInteger(n) || n < (name === '--batch-size' ? 1 : 0)) {
    console.error(`records:generate: ${name} must be a non-negative integer`);
    process.exit(2);
  }
}
const url = values['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/yiti';
const shownUrl = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

console.log('records:generate: building apps/records (tsc -b) …');
const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'apps/records'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('records:generate: build failed (run `npm run build` and fix the errors first)');
  process.exit(1);
}

const load = (path) => import(pathToFileURL(join(root, path)).href);
const { divisionsFromReference, loadSyntheticPeople, assertTrigramCapableDatabase, UnsuitableDatabaseError } =
  await load('apps/records/dist/src/people/index.js');
const { RECORDS_MIGRATIONS } = await load('apps/records/dist/src/migrations/index.js');
const { openServiceDataSource } = await import('@yiti/persistence');
const { JsonLogger } = await import('@yiti/logging');
const { default: pg } = await import('pg');

// Shannan's verified reference data (@yiti/reference) unless another division file is given.
const divisions = divisionsFromReference(
  values.divisions
    ? JSON.parse(readFileSync(values.divisions, 'utf8'))
    : (await import('@yiti/reference')).SHANNAN_REFERENCE,
);

const client = new pg.Client({ connectionString: url, application_name: 'records-generate' });
try {
  await client.connect();
} catch (err) {
  console.error(`records:generate: cannot connect to ${shownUrl}: ${err.message}`);
  process.exit(1);
}
try {
  await assertTrigramCapableDatabase(client);
  const dataSource = await openServiceDataSource({
    service: 'records-generate',
    url,
    schema: 'records',
    entities: [],
    migrations: RECORDS_MIGRATIONS,
    poolSize: 2, // the migration lock holds one connection, the migrations need another
    logger: new JsonLogger('records-generate', 'warn'),
  });
  await dataSource.destroy();

  const existing = Number((await client.query('SELECT count(*) AS n FROM "records"."person"')).rows[0].n);
  if (existing > 0) {
    if (!values.truncate) {
      console.error(
        `records:generate: records.person already holds ${existing} rows in ${shownUrl}; ` +
          'use a fresh database or pass --truncate to delete persons, names and convictions first',
      );
      process.exit(1);
    }
    const synthetic = Number(
      (await client.query('SELECT count(*) AS n FROM "records"."person" WHERE NOT "synthetic"')).rows[0].n,
    );
    if (synthetic > 0) {
      console.error(`records:generate: refusing --truncate: ${synthetic} persons are not synthetic`);
      process.exit(1);
    }
    await client.query('TRUNCATE "records"."conviction", "records"."person_name", "records"."person"');
  }

  console.log(
    `records:generate: ${count} synthetic persons into ${shownUrl} (seed ${seed}, batches of ${batchSize})`,
  );
  let batches = 0;
  const rate = (p) => {
    const rows = p.persons + p.names + p.convictions;
    const s = p.elapsedMs / 1000;
    return (
      `${p.persons} persons, ${p.names} name keys, ${p.convictions} convictions in ${s.toFixed(1)} s — ` +
      `${Math.round(rows / s)} rows/s (${Math.round(p.persons / s)} persons/s)`
    );
  };
  const result = await loadSyntheticPeople(client, {
    count,
    seed,
    divisions,
    batchSize,
    onBatch: (p) => {
      batches++;
      if (batches % 5 === 0) console.log(`  … ${rate(p)}`);
    },
  });
  console.log(`records:generate: done (incl. ANALYZE): ${rate(result)}`);
} catch (err) {
  if (err instanceof UnsuitableDatabaseError) {
    console.error(`records:generate: ${err.message}`);
  } else {
    console.error('records:generate: failed:', err);
  }
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}
