import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromBinary } from '@bufbuild/protobuf';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, rejectsWithCode } from '@yiti/devstack';
import { RpcError } from '@yiti/messaging';
import {
  ErrorCode,
  LookupKind,
  LookupPurpose,
  RecordLookupEventSchema,
  RecordsRpc,
  Sex,
} from '@yiti/contracts';
import { purpose, recordsHarness, TASHI, TSERING_DROLMA, WANG, type RecordsHarness } from './fixtures.js';

/** Lookups per user per minute for this file's stack: above what one demo user makes here, well below a flood. */
const LIMIT = 60;

describe('records service: purpose-bound, audited lookups over NATS', () => {
  let h: RecordsHarness;
  let tashiId: string;

  before(async () => {
    h = await recordsHarness({
      RECORDS_LOOKUPS_PER_MINUTE: String(LIMIT),
      RECORDS_AUDIT_CHECKPOINT_ENTRIES: '5',
    });
    tashiId = await h.citizenIdOf(TASHI);
  });
  after(async () => h?.close());
  /** npm run records:audit-verify on this stack: its database and its checkpoint stream (the service's key). */
  const verifyCli = () =>
    spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'tools/records-audit-verify.mjs'),
        '--database-url',
        h.stack.databaseUrl,
        '--nats-url',
        h.stack.natsUrl,
        '--stream',
        h.stack.auditStream,
        '--subject-prefix',
        h.stack.subjectPrefix,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, ...h.stack.natsEnv('auditor'), RECORDS_AUDIT_HMAC_KEY: '' },
      },
    );

  it('finds a person by exact citizen ID (legacy 542223 prefix), masks the ID, and audits before answering', async () => {
    assert.match(tashiId, /^542223/);
    const before = await h.auditCount();
    const res = await h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
      citizenId: tashiId.toLowerCase(),
      purpose: purpose(),
    });
    assert.equal(res.persons.length, 1);
    const p = res.persons[0]!;
    assert.equal(p.personId, TASHI);
    assert.equal(p.maskedCitizenId, `${tashiId.slice(0, 6)}************`);
    assert.ok(!JSON.stringify(res).includes(tashiId), 'the full ID is not in a result list');
    assert.equal(p.householdDivision, '540522');
    assert.equal(p.convictionCount, 1);
    assert.deepEqual([...p.names].sort(), ['Tashi Tsering', 'བཀྲ་ཤིས་ཚེ་རིང་', '扎西次仁'].sort());
    assert.equal(await h.auditCount(), before + 1);
    const audit = await h.lastAudit();
    assert.equal(audit.actor, 'gongga-prosecutor');
    assert.equal(audit.actor_org, 'proc-540522');
    assert.equal(audit.action, 'lookup');
    assert.equal(audit.outcome, 'ok');
    assert.equal(audit.purpose_code, 'PROSECUTION_REVIEW');
    assert.equal(audit.case_number, '贡检刑诉〔2026〕12号');
    assert.deepEqual(audit.result_ids, [TASHI]);
    assert.deepEqual(audit.query, { kind: 'citizen-id', citizenId: tashiId });
    // Bound to the caller the service's own token check verified: the token's issuer, subject and id.
    assert.equal(audit.caller?.username, 'gongga-prosecutor');
    assert.equal(audit.caller?.org, 'proc-540522');
    assert.equal(audit.caller?.iss, `${h.stack.idpUrl}/realms/yiti`);
    assert.match(String(audit.caller?.jti), /^[0-9a-f-]{36}$/);
    assert.ok(audit.caller?.sub);
    const { rows } = await h.db.query(`SELECT id FROM records.audit_log WHERE seq = $1`, [audit.seq]);
    assert.equal(rows[0].id, res.auditId);
    const events = await h.db.query(`SELECT 1 FROM records.outbox`);
    assert.equal(events.rowCount, 0, 'a lookup of its own records notifies nobody');
  });

  it('lets a pact partner that shares record lookup read, and notifies the holder', async () => {
    const res = await h.as('qushui-prosecutor', RecordsRpc.lookupByCitizenId, {
      citizenId: tashiId,
      purpose: purpose({ caseNumber: '曲检刑诉〔2026〕3号' }),
    });
    assert.deepEqual(
      res.persons.map((p) => p.personId),
      [TASHI],
    );
    const { rows } = await h.db.query(`SELECT subject, payload FROM records.outbox ORDER BY seq`);
    assert.equal(rows.length, 1);
    assert.match(rows[0].subject, /yiti\.evt\.records\.lookup\.performed\.v1$/);
    const event = fromBinary(RecordLookupEventSchema, rows[0].payload);
    assert.equal(event.auditId, res.auditId);
    assert.equal(event.kind, LookupKind.CITIZEN_ID);
    assert.equal(event.holderOrg, 'proc-540522');
    assert.deepEqual(event.visibleTo, ['proc-540522']);
    assert.deepEqual(event.personIds, [TASHI]);
    assert.equal(event.actorOrg, 'proc-540124');
    assert.equal(event.caseNumber, '曲检刑诉〔2026〕3号');
  });

  it('does not let a sibling county read, nor tell it the person exists; the superior city reads', async () => {
    const wangId = await h.citizenIdOf(WANG);
    const res = await h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
      citizenId: wangId,
      purpose: purpose(),
    });
    assert.deepEqual(res.persons, []);
    // The caller sees the answer for nobody; the auditor sees a lookup of someone else's record.
    const byId = await h.lastAudit();
    assert.deepEqual([byId.action, byId.outcome], ['denied', 'denied:holder']);
    const nobody = await h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
      citizenId: '540522190001019995', // born 1900: no generated person is
      purpose: purpose(),
    });
    assert.deepEqual(nobody.persons, []);
    assert.equal((await h.lastAudit()).outcome, 'no-match');
    await rejectsWithCode(
      h.as('gongga-prosecutor', RecordsRpc.getPersonDetail, { personId: WANG, purpose: purpose() }),
      ErrorCode.NOT_FOUND,
    );
    const denied = await h.lastAudit();
    assert.equal(denied.action, 'denied');
    assert.equal(denied.outcome, 'denied:holder');
    const city = await h.as('city-chief', RecordsRpc.lookupByCitizenId, {
      citizenId: wangId,
      purpose: purpose(),
    });
    assert.deepEqual(
      city.persons.map((p) => p.personId),
      [WANG],
    );
  });

  it('matches a name across Chinese spellings, Tibetan script, Latin and a typo, saying why', async () => {
    for (const name of ['扎西次仁', '扎喜才仁', 'བཀྲ་ཤིས་ཚེ་རིང་', 'Tashi Tsering', 'tashi tserinng']) {
      const res = await h.as('gongga-prosecutor', RecordsRpc.searchByName, {
        name,
        birthDate: '1988-04-12',
        sex: Sex.MALE,
        purpose: purpose(),
      });
      const hit = res.persons.find((p) => p.personId === TASHI);
      assert.ok(hit, `${name} finds 扎西次仁`);
      assert.ok(hit.matchReason.length > 0);
      assert.ok(hit.score > 0 && hit.score <= 1);
      assert.equal(hit.maskedCitizenId, '542223************');
      if (name === 'tashi tserinng') assert.match(hit.matchReason, /similar spelling/);
      if (name === '扎喜才仁') assert.ok(hit.score >= 0.95);
      const audit = await h.lastAudit();
      assert.equal(audit.query.name, name);
      assert.ok(audit.result_ids.includes(TASHI));
    }
  });

  it('filters by legacy division code and ranks exact spellings first', async () => {
    const res = await h.as('city-chief', RecordsRpc.searchByName, {
      name: '扎西次仁',
      divisionCode: '542223',
      limit: 50,
      purpose: purpose(),
    });
    assert.ok(res.persons.length > 0);
    assert.ok(res.persons.every((p) => p.householdDivision === '540522'));
    const scores = res.persons.map((p) => p.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  it('shows a sealed juvenile record only for a judicial-use purpose', async () => {
    const judicial = await h.as('gongga-prosecutor', RecordsRpc.getPersonDetail, {
      personId: TSERING_DROLMA,
      purpose: purpose({ code: LookupPurpose.ARREST_REVIEW }),
    });
    assert.equal(judicial.person!.convictions.length, 1);
    assert.equal(judicial.person!.convictions[0]!.sealed, true);
    assert.match(judicial.person!.citizenId, /^540522/);
    assert.equal((await h.lastAudit()).action, 'detail');
    const check = await h.as('gongga-prosecutor', RecordsRpc.getPersonDetail, {
      personId: TSERING_DROLMA,
      purpose: purpose({ code: LookupPurpose.QUALIFICATION_CHECK }),
    });
    assert.deepEqual(check.person!.convictions, []);
    const list = await h.as('gongga-prosecutor', RecordsRpc.searchByName, {
      name: 'Tsering Drolma',
      birthDate: '2004-09-03',
      purpose: purpose({ code: LookupPurpose.SUPERVISION_ANALYSIS }),
    });
    assert.equal(list.persons.find((p) => p.personId === TSERING_DROLMA)?.convictionCount, 0);
  });

  it('refuses a lookup without a purpose with BAD_USER_INPUT, and audits the refusal', async () => {
    for (const [what, stated] of [
      ['no purpose', undefined],
      ['no code', purpose({ code: LookupPurpose.UNSPECIFIED })],
      ['no case number', purpose({ caseNumber: ' ' })],
      ['a malformed case number', purpose({ caseNumber: "x' OR 1=1 --" })],
      ['no justification', purpose({ justification: '' })],
    ] as const) {
      const before = await h.auditCount();
      await rejectsWithCode(
        h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId, purpose: stated }),
        ErrorCode.BAD_USER_INPUT,
        what,
      );
      assert.equal(await h.auditCount(), before + 1, what);
      const audit = await h.lastAudit();
      assert.equal(audit.action, 'denied', what);
      assert.equal(audit.outcome, 'rejected:purpose', what);
      assert.deepEqual(audit.result_ids, [], what);
    }
  });

  it('refuses police, ISCO staff and non-prosecutors with FORBIDDEN, and audits each', async () => {
    await h.mint('isco-clerk', 'isco-540522', ['prosecutor']);
    await h.mint('secretary-only', 'proc-540522', ['meeting-secretary']);
    for (const [user, outcome] of [
      ['gongga-police', 'denied:role'],
      ['city-auditor', 'denied:role'],
      ['secretary-only', 'denied:role'],
      ['isco-clerk', 'denied:organization'],
    ] as const) {
      await rejectsWithCode(
        h.as(user, RecordsRpc.searchByName, { name: '扎西', purpose: purpose() }),
        ErrorCode.FORBIDDEN,
        user,
      );
      const audit = await h.lastAudit();
      assert.equal(audit.actor, user);
      assert.equal(audit.action, 'denied');
      assert.equal(audit.outcome, outcome);
      assert.deepEqual(audit.result_ids, []);
    }
  });

  it('answers bad input with typed errors, leaks nothing and audits it', async () => {
    const wrongCheck = tashiId.slice(0, 17) + (tashiId[17] === '0' ? '1' : '0');
    const cases: Array<[string, () => Promise<unknown>]> = [
      [
        'wrong check digit',
        () =>
          h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
            citizenId: wrongCheck,
            purpose: purpose(),
          }),
      ],
      [
        'impossible birth date in the ID',
        () =>
          h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
            citizenId: '54052219990230001X',
            purpose: purpose(),
          }),
      ],
      [
        'empty name',
        () => h.as('gongga-prosecutor', RecordsRpc.searchByName, { name: '   ', purpose: purpose() }),
      ],
      [
        '10,000-character name',
        () =>
          h.as('gongga-prosecutor', RecordsRpc.searchByName, {
            name: '扎'.repeat(10_000),
            purpose: purpose(),
          }),
      ],
      [
        'only SQL/LIKE metacharacters',
        () => h.as('gongga-prosecutor', RecordsRpc.searchByName, { name: "%_\\'--;", purpose: purpose() }),
      ],
      [
        'impossible birth date filter',
        () =>
          h.as('gongga-prosecutor', RecordsRpc.searchByName, {
            name: '扎西',
            birthDate: '2001-02-29',
            purpose: purpose(),
          }),
      ],
      [
        'unknown division',
        () =>
          h.as('gongga-prosecutor', RecordsRpc.searchByName, {
            name: '扎西',
            divisionCode: '999999',
            purpose: purpose(),
          }),
      ],
      [
        'too large a limit',
        () =>
          h.as('gongga-prosecutor', RecordsRpc.searchByName, { name: '扎西', limit: 51, purpose: purpose() }),
      ],
      [
        'person id not a UUID',
        () =>
          h.as('gongga-prosecutor', RecordsRpc.getPersonDetail, {
            personId: "1' OR '1'='1",
            purpose: purpose(),
          }),
      ],
    ];
    for (const [what, call] of cases) {
      const before = await h.auditCount();
      await assert.rejects(call(), (err: Error & { code?: ErrorCode }) => {
        assert.equal(err.code, ErrorCode.BAD_USER_INPUT, `${what}: ${err.message}`);
        assert.ok(!/select|postgres|stack|at .*\.js/i.test(err.message), `${what} leaks: ${err.message}`);
        return true;
      });
      assert.equal(await h.auditCount(), before + 1, what);
      assert.equal((await h.lastAudit()).outcome, 'rejected:input', what);
    }
    const audit = await h.lastAudit();
    assert.equal(audit.query.personId, "1' OR '1'='1");
  });

  it('does not take a repeated syllable for a typo of unrelated names', async () => {
    const res = await h.as('city-chief', RecordsRpc.searchByName, {
      name: '扎'.repeat(100),
      purpose: purpose(),
    });
    assert.deepEqual(res.persons, []);
  });

  it('refuses U+0000 in any text as BAD_USER_INPUT naming the field, audited with the text as U+FFFD', async () => {
    const before = await h.auditCount();
    await assert.rejects(
      h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
        citizenId: tashiId,
        purpose: purpose({ justification: '核实\u0000前科' }),
      }),
      (err: unknown) =>
        err instanceof RpcError &&
        err.code === ErrorCode.BAD_USER_INPUT &&
        err.reason.reason === 'TEXT_CONTROL_CHARACTER' &&
        err.violations.map((v) => v.field).join() === 'purpose.justification',
    );
    const audit = await h.lastAudit();
    assert.equal(await h.auditCount(), before + 1);
    assert.equal(audit.outcome, 'rejected:input');
    const { rows } = await h.db.query(`SELECT justification FROM records.audit_log WHERE seq = $1`, [
      audit.seq,
    ]);
    assert.equal(rows[0].justification, '核实\uFFFD前科');
    await assert.rejects(
      h.as('gongga-prosecutor', RecordsRpc.searchByName, { name: '扎西\u0000', purpose: purpose() }),
      (err: unknown) => err instanceof RpcError && err.violations.map((v) => v.field).join() === 'name',
    );
    assert.equal((await h.lastAudit()).outcome, 'rejected:input');
    await rejectsWithCode(
      h.as('gongga-police', RecordsRpc.searchByName, {
        name: '扎西\u0000',
        purpose: purpose({ caseNumber: '\u0000' }),
      }),
      ErrorCode.FORBIDDEN,
    );
    assert.equal((await h.lastAudit()).outcome, 'denied:role');
  });

  it('treats SQL and LIKE metacharacters in a name as plain separators', async () => {
    const res = await h.as('gongga-prosecutor', RecordsRpc.searchByName, {
      name: "扎西%次仁' OR '1'='1",
      birthDate: '1988-04-12',
      purpose: purpose(),
    });
    assert.ok(res.persons.length <= 20);
    const all = await h
      .as('gongga-prosecutor', RecordsRpc.searchByName, { name: '%', purpose: purpose() })
      .catch((e: Error) => e);
    assert.ok(all instanceof Error, 'a lone % matches nothing: it is refused');
  });

  it('limits lookups per user per minute with RATE_LIMITED, audited, without touching other users', async () => {
    await h.mint('busy-prosecutor', 'proc-540522', ['prosecutor']);
    for (let i = 0; i < LIMIT; i++) {
      await h.as('busy-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId, purpose: purpose() });
    }
    await rejectsWithCode(
      h.as('busy-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId, purpose: purpose() }),
      ErrorCode.RATE_LIMITED,
    );
    const audit = await h.lastAudit();
    assert.equal(audit.outcome, 'rate-limited');
    assert.deepEqual(audit.result_ids, []);
    const other = await h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
      citizenId: tashiId,
      purpose: purpose(),
    });
    assert.equal(other.persons.length, 1);
  });

  it('holds the limit exactly under concurrency, refusals included, and keeps one linear chain', async () => {
    await h.mint('racing-prosecutor', 'proc-540522', ['prosecutor']);
    const before = await h.auditCount();
    const results = await Promise.allSettled(
      Array.from({ length: LIMIT + 15 }, (_, i) =>
        h.as('racing-prosecutor', RecordsRpc.lookupByCitizenId, {
          citizenId: tashiId,
          // Every fifth request has no purpose: a refusal, which counts against the limit too.
          purpose: i % 5 === 4 ? undefined : purpose(),
        }),
      ),
    );
    const codes = results.map((r) =>
      r.status === 'fulfilled' ? 'OK' : ErrorCode[(r.reason as RpcError).code],
    );
    const count = (code: string) => codes.filter((c) => c === code).length;
    assert.equal(count('OK') + count('BAD_USER_INPUT'), LIMIT, codes.join());
    assert.equal(count('RATE_LIMITED'), 15, codes.join());
    assert.equal(await h.auditCount(), before + LIMIT + 15);
    const { rows } = await h.db.query(
      `SELECT outcome, count(*)::int AS n FROM records.audit_log WHERE actor = 'racing-prosecutor' GROUP BY outcome`,
    );
    const byOutcome = Object.fromEntries(rows.map((r: { outcome: string; n: number }) => [r.outcome, r.n]));
    assert.equal(byOutcome['rate-limited'], 15);
    assert.equal((byOutcome['ok'] ?? 0) + (byOutcome['rejected:purpose'] ?? 0), LIMIT);
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.auditId] : []));
    assert.equal(new Set(ids).size, ids.length, 'each lookup has its own audit entry');
    const verified = await h.as('city-auditor', RecordsRpc.verifyAuditChain, {});
    assert.equal(verified.ok, true);
  });

  it('fails the lookup, returning nothing, when the audit entry cannot be written', async () => {
    await h.db.query(`ALTER TABLE records.audit_log ADD CONSTRAINT test_refuse_all CHECK (false) NOT VALID`);
    try {
      const before = await h.auditCount();
      const outbox = Number((await h.db.query(`SELECT count(*) AS n FROM records.outbox`)).rows[0].n);
      await rejectsWithCode(
        h.as('qushui-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId, purpose: purpose() }),
        ErrorCode.SERVICE_UNAVAILABLE,
      );
      await rejectsWithCode(
        h.as('qushui-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId }),
        ErrorCode.SERVICE_UNAVAILABLE,
        'a refusal that cannot be audited',
      );
      assert.equal(await h.auditCount(), before);
      assert.equal(Number((await h.db.query(`SELECT count(*) AS n FROM records.outbox`)).rows[0].n), outbox);
    } finally {
      await h.db.query(`ALTER TABLE records.audit_log DROP CONSTRAINT test_refuse_all`);
    }
  });

  it('runs as a role that cannot change or delete audit rows, nor change records', async () => {
    const client = h.db;
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL ROLE records_writer');
      for (const sql of [
        `UPDATE records.audit_log SET outcome = 'ok'`,
        `DELETE FROM records.audit_log`,
        `TRUNCATE records.audit_log`,
        `UPDATE records.audit_head SET seq = seq + 1`,
        `UPDATE records.person SET holder_org = 'proc-540124'`,
        `DELETE FROM records.conviction`,
      ]) {
        await client.query('SAVEPOINT s');
        await assert.rejects(client.query(sql), (err: Error & { code?: string }) => {
          assert.equal(err.code, '42501', `${sql}: ${err.message}`);
          return true;
        });
        await client.query('ROLLBACK TO SAVEPOINT s');
      }
    } finally {
      await client.query('ROLLBACK');
    }
    // The service's own connections run as records_writer: without its INSERT grant, lookups fail.
    await h.db.query(`REVOKE INSERT ON records.audit_log FROM records_writer`);
    try {
      await rejectsWithCode(
        h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId, purpose: purpose() }),
        ErrorCode.SERVICE_UNAVAILABLE,
      );
    } finally {
      await h.db.query(`GRANT INSERT ON records.audit_log TO records_writer`);
    }
    const res = await h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, {
      citizenId: tashiId,
      purpose: purpose(),
    });
    assert.equal(res.persons.length, 1);
  });

  it('verifies the chain for records-auditor only, and names the first entry broken in SQL', async () => {
    await rejectsWithCode(h.as('gongga-prosecutor', RecordsRpc.verifyAuditChain, {}), ErrorCode.FORBIDDEN);
    const cli = verifyCli();
    assert.equal(cli.status, 0, cli.stdout + cli.stderr);
    assert.match(cli.stdout, /OK — \d+ entries intact .*; \d+ signed checkpoints, the last at seq \d+/);
    const ok = await h.as('city-auditor', RecordsRpc.verifyAuditChain, {});
    assert.equal(ok.ok, true);
    assert.equal(Number(ok.entries), await h.auditCount());
    assert.equal(Number(ok.headSeq), await h.auditCount());
    const { rows } = await h.db.query(
      `SELECT seq::int AS seq, id FROM records.audit_log ORDER BY seq LIMIT 1 OFFSET 2`,
    );
    await h.db.query(`ALTER TABLE records.audit_log DISABLE TRIGGER USER`);
    await h.db.query(`UPDATE records.audit_log SET outcome = outcome || '-edited' WHERE seq = $1`, [
      rows[0].seq,
    ]);
    await h.db.query(`ALTER TABLE records.audit_log ENABLE TRIGGER USER`);
    const broken = await h.as('city-auditor', RecordsRpc.verifyAuditChain, {});
    assert.equal(broken.ok, false);
    assert.equal(Number(broken.firstBroken!.seq), rows[0].seq);
    assert.equal(broken.firstBroken!.id, rows[0].id);
    assert.equal(broken.firstBroken!.reason, 'hash mismatch');
  });

  it('npm run records:audit-verify names the same first broken entry, with exit code 1', () => {
    const run = verifyCli();
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /BROKEN — first broken entry: seq 3 \(id [0-9a-f-]{36}\): hash mismatch/);
  });
});
