import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import type { DataSource, EntityManager } from 'typeorm';
import { loadConfig } from '@yiti/config';
import { createDatabase, deleteStreams, dropDatabase, REPO_ROOT, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import {
  GENESIS_HASH,
  hashEntry,
  verifyAuditChain,
  type AuditAnchor,
  type AuditBreakReason,
  type AuditEntryInput,
  type AuditRecord,
  type AuditVerification,
} from '../src/audit/audit-chain.js';
import {
  auditKeyId,
  checkCheckpoints,
  checkpointsFromLines,
  checkpointsToLines,
  signCheckpoint,
  type CheckpointBreakReason,
  type NumberedCheckpoint,
} from '../src/audit/audit-checkpoint.js';
import { checkpointSubject, readCheckpoints } from '../src/audit/audit-checkpoint-stream.js';
import { AuditCheckpointer } from '../src/audit/audit-checkpointer.js';
import { loadAuditSigningKey, publicKeyFile, type AuditSigningKey } from '../src/audit/audit-signing-key.js';
import { AuditWriter } from '../src/audit/audit-writer.js';
import { CreateRecordsAudit1764100000000 } from '../src/migrations/1764100000000-create-records-audit.js';
import { RecordsAuditCaller1764100000020 } from '../src/migrations/1764100000020-audit-caller.js';
import { RecordsConfig } from '../src/records.config.js';
import {
  insertAuditRow,
  liveRows,
  shiftSeq,
  snapshotAudit,
  snapshotRows,
  tamperAudit,
} from './audit-tamper.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env['YITI_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
const N = 200;
const EVERY = 20;
const ISS = 'http://127.0.0.1:8080/realms/yiti';

function entry(i: number): AuditEntryInput {
  const actor = `prosecutor-${i % 13}`;
  const actorOrg = i % 3 === 0 ? 'proc-540522' : 'proc-540124';
  const now = Math.floor(Date.now() / 1000);
  return {
    actor,
    actorOrg,
    action: i % 5 === 0 ? 'detail' : 'lookup',
    purposeCode: 'PROSECUTION_REVIEW',
    caseNumber: `贡检刑诉〔2026〕${i}号`,
    justification: `审查起诉需要 ${i}`,
    query: { kind: 'name', name: i % 2 ? '扎西次仁' : 'བཀྲ་ཤིས་' },
    resultIds: [randomUUID()],
    outcome: 'ok',
    caller: {
      iss: ISS,
      sub: `sub-${actor}`,
      jti: randomUUID(),
      azp: 'yiti-portal',
      username: actor,
      org: actorOrg,
      iat: now - 5,
      exp: now + 300,
    },
  };
}

type Expected =
  | { entry: number; reasons: AuditBreakReason[]; checkpoint?: number; intactBefore?: number }
  | { checkpoint: number; reasons: CheckpointBreakReason[] };

describe('records audit checkpoints: signed, on JetStream, and what they catch', () => {
  const dbName = uniqueName('yiti_test_rckpt');
  const stream = uniqueName('YITI_AUDIT_T').toUpperCase();
  const prefix = `${uniqueName('t')}.`;
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-ckpt-'));
  const keyFile = join(scratch, 'records-audit-signing-key.pem');
  let ds: DataSource;
  let dbUrl: string;
  let nc: NatsConnection;
  let key: AuditSigningKey;
  let published: NumberedCheckpoint[] = [];
  let anchors: AuditAnchor[] = [];

  const verify = (withAnchors: AuditAnchor[] | undefined) =>
    verifyAuditChain(ds, { batchSize: 37, ...(withAnchors ? { anchors: withAnchors } : {}) });
  const snapshotRow = async (seq: number): Promise<AuditRecord> => {
    const [r] = await snapshotRows(ds, seq, seq);
    assert.ok(r, `row ${seq}`);
    return r;
  };
  /** What a forger who knows the algorithm does: recompute every hash from `from` on and move the head. */
  const rehashFrom = async (m: EntityManager, from: number) => {
    const [before] = from > 1 ? await liveRows(m, from - 1) : [];
    let prevHash = before && before.seq === from - 1 ? before.hash : GENESIS_HASH;
    let last: AuditRecord | undefined = before;
    for (const r of await liveRows(m, from)) {
      const changed = { ...r, prevHash };
      changed.hash = hashEntry(prevHash, changed);
      await m.query(`UPDATE records.audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1`, [
        r.seq,
        changed.prevHash,
        changed.hash,
      ]);
      prevHash = changed.hash;
      last = changed;
    }
    await moveHead(m, last);
  };
  const moveHead = (m: EntityManager, last: AuditRecord | undefined) =>
    m.query(`UPDATE records.audit_head SET seq = $1, id = $2, hash = $3, at = $4`, [
      last?.seq ?? 0,
      last?.id ?? null,
      last?.hash ?? GENESIS_HASH,
      last?.at ?? null,
    ]);
  const tamper = (change: (m: EntityManager) => Promise<unknown>) => tamperAudit(ds, change);
  /** The break a rewrite starting at entry `from` must show, the log then ending at `newLast`. */
  const rewriteBreak = (from: number, newLast: number): Expected => {
    const i = anchors.findIndex((a) => a.seq >= from);
    const a = anchors[i]!;
    return a.seq <= newLast
      ? { entry: a.seq, reasons: ['checkpoint mismatch'], checkpoint: a.number, intactBefore: from }
      : { entry: newLast + 1, reasons: ['checkpoint beyond log'], checkpoint: a.number };
  };

  let trials = 0;
  let chainOnlyDetected = 0;
  /**
   * Verifies the (tampered) log against the checkpoints (`checkpoints`, default the published ones) and checks
   * the first break named; also counts whether the chain alone, with today's checks (no checkpoints, no callers),
   * would have seen it.
   */
  const expectBreak = async (label: string, expected: Expected, checkpoints = published) => {
    trials += 1;
    const chainOnly = await verify(undefined);
    if (!chainOnly.ok && !['caller mismatch', 'caller missing'].includes(chainOnly.firstBroken.reason)) {
      chainOnlyDetected += 1;
    }
    const checked = checkCheckpoints(checkpoints, [key.publicKey]);
    if ('reasons' in expected && 'entry' in expected) {
      assert.ok(checked.ok, `${label}: checkpoints ${JSON.stringify(checked)}`);
      const r: AuditVerification = await verify(checked.anchors);
      assert.equal(r.ok, false, `${label}: not detected`);
      if (r.ok) return;
      const b = r.firstBroken;
      assert.equal(b.seq, expected.entry, `${label}: ${JSON.stringify(b)}`);
      assert.ok(expected.reasons.includes(b.reason), `${label}: ${b.reason}`);
      if (expected.checkpoint !== undefined) assert.equal(b.checkpoint, expected.checkpoint, label);
      if (expected.intactBefore !== undefined) {
        // The first rewritten entry lies in (intactThrough, seq]: the report names where to look.
        assert.ok(b.intactThrough! < expected.intactBefore && expected.intactBefore <= b.seq, label);
      }
    } else {
      assert.equal(checked.ok, false, `${label}: forged checkpoints accepted`);
      if (checked.ok) return;
      assert.equal(checked.broken.number, expected.checkpoint, `${label}: ${JSON.stringify(checked.broken)}`);
      assert.ok(expected.reasons.includes(checked.broken.reason), `${label}: ${checked.broken.reason}`);
    }
  };

  before(async () => {
    dbUrl = await createDatabase(ADMIN_URL, dbName);
    ds = await openServiceDataSource({
      service: 'records-checkpoint-test',
      url: dbUrl,
      schema: 'records',
      entities: [],
      migrations: [CreateRecordsAudit1764100000000, RecordsAuditCaller1764100000020],
      poolSize: 4,
      logger: new JsonLogger('test', 'error', () => undefined),
    });
    nc = await connect({ servers: NATS_URL });
  });

  after(async () => {
    await ds?.destroy();
    await dropDatabase(ADMIN_URL, dbName);
    await deleteStreams(NATS_URL, stream).catch(() => undefined);
    await nc?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('generates a 0600 key, signs a checkpoint every 20 entries and at shutdown, in its own stream', async () => {
    const config = loadConfig('records', RecordsConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      KEYCLOAK_URL: 'http://127.0.0.1:8080',
      NATS_SUBJECT_PREFIX: prefix,
      AUDIT_CHECKPOINT_STREAM: stream,
      RECORDS_AUDIT_SIGNING_KEY_FILE: keyFile,
      RECORDS_AUDIT_CHECKPOINT_ENTRIES: String(EVERY),
      RECORDS_AUDIT_CHECKPOINT_SECONDS: '3600',
      RECORDS_LOOKUPS_PER_MINUTE: '1000000',
    });
    const logger = new JsonLogger('test', 'error', () => undefined);
    const checkpointer = new AuditCheckpointer(ds, config, nc, logger);
    await checkpointer.onApplicationBootstrap();
    key = loadAuditSigningKey(keyFile, false);
    const { statSync, readFileSync } = await import('node:fs');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.match(readFileSync(publicKeyFile(keyFile), 'utf8'), /BEGIN PUBLIC KEY/);
    const writer = new AuditWriter(ds, config, logger, checkpointer);
    for (let i = 1; i <= N; i += 1) await writer.write({ entry: entry(i) });
    await checkpointer.beforeApplicationShutdown();

    published = await readCheckpoints(nc, { stream, subjectPrefix: prefix });
    const checked = checkCheckpoints(published, [key.publicKey]);
    assert.ok(checked.ok, JSON.stringify(checked));
    anchors = checked.anchors;
    assert.ok(anchors.length >= N / EVERY - 1, `only ${anchors.length} checkpoints`);
    assert.equal(anchors[anchors.length - 1]!.seq, N, 'the shutdown checkpoint names the last entry');
    assert.ok(anchors.every((a, i) => i === 0 || a.seq - anchors[i - 1]!.seq <= EVERY + 5));
    assert.ok(anchors.every((a) => a.seq >= 1 && a.seq <= N));

    const info = await (
      await import('@nats-io/jetstream')
    )
      .jetstreamManager(nc)
      .then((j) => j.streams.info(stream));
    assert.deepEqual(info.config.subjects, [checkpointSubject(prefix)]);
    assert.equal(info.config.deny_delete, true);
    assert.equal(info.config.deny_purge, true);
    assert.equal(info.config.max_age, 0);
    // A re-publish of the same checkpoint is dropped (Nats-Msg-Id), and stream messages cannot be deleted.
    const js = jetstream(nc);
    const again = await js.publish(checkpointSubject(prefix), JSON.stringify(published[0]!.value), {
      msgID: `${key.keyId}:${anchors[0]!.seq}`,
    });
    assert.equal(again.duplicate, true);
    const jsm = await (await import('@nats-io/jetstream')).jetstreamManager(nc);
    await assert.rejects(jsm.streams.deleteMessage(stream, published[0]!.number));
    await assert.rejects(jsm.streams.purge(stream));

    assert.deepEqual(await verify(anchors), { ok: true, entries: N });
    await snapshotAudit(ds);
  });

  it('detects 30+ systematic tamperings, naming the first broken entry or checkpoint; today’s checks miss most', async () => {
    const cp = (k: number) => anchors[k]!;
    const mid = Math.floor(anchors.length / 2);
    const between = (k: number) => cp(k).seq + Math.max(1, Math.floor((cp(k + 1).seq - cp(k).seq) / 2));

    // 1. Tail cut off and the head moved back to the new last entry: a checkpoint names a seq the log lost.
    for (const t of [0, 1, 57, cp(2).seq, cp(mid).seq - 1, N - 1]) {
      await tamper(async (m) => {
        await m.query(`DELETE FROM records.audit_log WHERE seq > $1`, [t]);
        await moveHead(m, t === 0 ? undefined : (await liveRows(m, t))[0]);
      });
      await expectBreak(`truncate to ${t}, head moved back`, rewriteBreak(t + 1, t));
    }
    // 2. Re-chained from a point on (an entry changed, every later hash recomputed, head moved).
    for (const from of [1, 2, 77, cp(1).seq, cp(mid).seq + 1, N]) {
      await tamper(async (m) => {
        await m.query(`UPDATE records.audit_log SET outcome = 'no-match', result_ids = '{}' WHERE seq = $1`, [
          from,
        ]);
        await rehashFrom(m, from);
      });
      await expectBreak(`re-chain from ${from}`, rewriteBreak(from, N));
    }
    // 3. One field of one entry edited and the chain rehashed. Moving an entry to another user's name by its
    //    actor or organization alone contradicts its recorded caller; the rest contradicts a checkpoint.
    const edits: Array<[string, string, AuditBreakReason | null]> = [
      ['actor', `actor = 'someone-else'`, 'caller mismatch'],
      ['actor_org', `actor_org = 'proc-540000'`, 'caller mismatch'],
      ['caller', `caller = caller || '{"username": "x"}'`, 'caller mismatch'],
      [
        'actor and caller',
        `actor = 'framed', caller = caller || '{"username": "framed", "sub": "sub-framed"}'`,
        null,
      ],
      ['justification', `justification = justification || ' (amended)'`, null],
      ['result_ids', `result_ids = '{}'`, null],
      ['at', `at = at + interval '1 second'`, null],
      ['purpose_code', `purpose_code = 'QUALIFICATION_CHECK'`, null],
    ];
    for (const [k, [field, set, reason]] of edits.entries()) {
      const seq = between(k % (anchors.length - 1));
      await tamper(async (m) => {
        await m.query(`UPDATE records.audit_log SET ${set} WHERE seq = $1`, [seq]);
        await rehashFrom(m, seq);
      });
      await expectBreak(
        `edit ${field} @${seq} and rehash`,
        reason ? { entry: seq, reasons: [reason] } : rewriteBreak(seq, N),
      );
    }
    // 4. A fabricated entry inserted between checkpoints (later entries renumbered, chain rehashed).
    for (const at of [1, between(0), between(mid), between(anchors.length - 2)]) {
      await tamper(async (m) => {
        await shiftSeq(m, at, N, 1);
        const forged = { ...(await snapshotRow(at)), ...entry(9000 + at), seq: at, id: randomUUID() };
        await insertAuditRow(m, { ...forged, prevHash: '0'.repeat(64), hash: '0'.repeat(64) });
        await rehashFrom(m, at);
      });
      await expectBreak(`fabricated entry at ${at}`, rewriteBreak(at, N + 1));
    }
    // 5. A middle entry deleted: left as a gap, or closed up and rehashed.
    await tamper((m) => m.query(`DELETE FROM records.audit_log WHERE seq = $1`, [between(1)]));
    await expectBreak(`delete ${between(1)}, gap left`, { entry: between(1) + 1, reasons: ['sequence gap'] });
    for (const seq of [1, between(mid), cp(mid + 1).seq]) {
      await tamper(async (m) => {
        await m.query(`DELETE FROM records.audit_log WHERE seq = $1`, [seq]);
        await shiftSeq(m, seq + 1, N, -1);
        await rehashFrom(m, seq);
      });
      await expectBreak(`delete ${seq}, closed up and rehashed`, rewriteBreak(seq, N - 1));
    }
    // 6. Appended at the end through the insert trigger, correctly chained (what the records role can do), in
    //    another user's name: with someone else's caller, or none.
    for (const variant of ['borrowed caller', 'no caller'] as const) {
      await tamper(async (m) => {
        await m.query(`ALTER TABLE records.audit_log ENABLE TRIGGER USER`);
        await m.query(`ALTER TABLE records.audit_head ENABLE TRIGGER USER`);
        const last = await snapshotRow(N);
        const forged: AuditRecord = {
          ...entry(1),
          actor: 'framed-prosecutor',
          caller: variant === 'no caller' ? null : last.caller,
          seq: N + 1,
          id: randomUUID(),
          at: new Date(),
          prevHash: last.hash,
          hash: '',
        };
        forged.hash = hashEntry(forged.prevHash, forged);
        await insertAuditRow(m, forged);
      });
      await expectBreak(`framing append, ${variant}`, {
        entry: N + 1,
        reasons: [variant === 'no caller' ? 'caller missing' : 'caller mismatch'],
      });
    }

    // 7. The checkpoints themselves, as an auditor's exported file edited: a field changed (signature broken),
    //    the signature removed, a checkpoint for a re-chained log signed with another key, two swapped, an old
    //    one replayed at the end.
    await tamper(async () => undefined);
    const file = (edit: (lines: Array<Record<string, unknown>>) => void): NumberedCheckpoint[] => {
      const lines = checkpointsToLines(published)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      edit(lines);
      return checkpointsFromLines(lines.map((l) => JSON.stringify(l)).join('\n'));
    };
    const value = (l: Record<string, unknown>) => l['checkpoint'] as Record<string, unknown>;
    for (const k of [0, mid]) {
      await expectBreak(
        `checkpoint ${cp(k).number} hash altered`,
        { checkpoint: cp(k).number, reasons: ['bad signature'] },
        file((lines) => (value(lines[k]!)['hash'] = 'f'.repeat(64))),
      );
    }
    await expectBreak(
      `checkpoint ${cp(1).number} seq altered`,
      { checkpoint: cp(1).number, reasons: ['bad signature'] },
      file((lines) => (value(lines[1]!)['seq'] = Number(value(lines[1]!)['seq']) - 1)),
    );
    await expectBreak(
      'unsigned checkpoint',
      { checkpoint: cp(mid).number, reasons: ['malformed'] },
      file((lines) => delete value(lines[mid]!)['sig']),
    );
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const rogue = signCheckpoint(
      { seq: cp(mid).seq, hash: 'e'.repeat(64) },
      { privateKey, keyId: auditKeyId(publicKey) },
    );
    await expectBreak(
      'checkpoint signed with a key not given to the verifier',
      { checkpoint: cp(mid).number, reasons: ['unknown key'] },
      file((lines) => (lines[mid]!['checkpoint'] = rogue)),
    );
    for (const k of [0, mid]) {
      await expectBreak(
        `checkpoints ${cp(k).number} and ${cp(k + 1).number} swapped`,
        { checkpoint: cp(k).number, reasons: ['out of order'] },
        file((lines) => ([lines[k], lines[k + 1]] = [lines[k + 1]!, lines[k]!])),
      );
    }
    await expectBreak(
      'old checkpoint replayed at the end',
      { checkpoint: 9999, reasons: ['out of order'] },
      file((lines) => lines.push({ number: 9999, checkpoint: value(lines[1]!) })),
    );

    assert.ok(trials >= 30, `only ${trials} trials`);
    // Today's verification (the chain and its head, no checkpoints, no callers) sees only the few that leave
    // the chain itself inconsistent.
    console.log(`# checkpoint trials: ${trials}, all detected; the chain alone detects ${chainOnlyDetected}`);
    assert.ok(chainOnlyDetected <= 2, `the chain alone detected ${chainOnlyDetected}`);

    // Untampered, the log verifies against every checkpoint, from the stream and from an exported file.
    await tamper(async () => undefined);
    assert.deepEqual(await verify(anchors), { ok: true, entries: N });
  });

  it('npm run records:audit-verify checks the stream or an exported file, and names a forged checkpoint', async () => {
    const pub = join(scratch, 'public.pem');
    writeFileSync(pub, key.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    const exported = join(scratch, 'checkpoints.jsonl');
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          join(REPO_ROOT, 'tools/records-audit-verify.mjs'),
          '--database-url',
          dbUrl,
          '--nats-url',
          NATS_URL,
          '--stream',
          stream,
          '--subject-prefix',
          prefix,
          '--public-key',
          pub,
          ...args,
        ],
        { encoding: 'utf8', env: { ...process.env, RECORDS_AUDIT_HMAC_KEY: '' } },
      );
    const ok = cli('--export-checkpoints', exported);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, new RegExp(`OK — ${N} entries intact .*${published.length} signed checkpoints`));

    // Truncated with the head moved back: only the checkpoints see it.
    await tamper(async (m) => {
      await m.query(`DELETE FROM records.audit_log WHERE seq > 150`);
      await moveHead(m, (await liveRows(m, 150))[0]);
    });
    const chainOnly = cli('--no-checkpoints');
    assert.equal(chainOnly.status, 0, chainOnly.stdout + chainOnly.stderr);
    const cut = cli('--checkpoints-file', exported);
    assert.equal(cut.status, 1, cut.stdout + cut.stderr);
    const after150 = anchors.find((a) => a.seq > 150)!;
    assert.match(
      cut.stdout,
      new RegExp(`first broken entry: seq 151: checkpoint beyond log .*checkpoint number ${after150.number}`),
    );
    await tamper(async () => undefined);

    // A forged checkpoint published to the stream itself (anyone who may publish there could): named by number.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const forged = signCheckpoint(
      { seq: N, hash: 'd'.repeat(64) },
      { privateKey, keyId: auditKeyId(publicKey) },
    );
    const ack = await jetstream(nc).publish(checkpointSubject(prefix), JSON.stringify(forged));
    const bad = cli();
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(
      bad.stdout,
      new RegExp(`first broken checkpoint: number ${ack.seq} \\(seq ${N}\\): unknown key`),
    );
  });
});
