import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsWithCode, waitFor } from '@yiti/devstack';
import { RpcError } from '@yiti/messaging';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  ErrorCode,
  LookupPurpose,
  RecordReason,
  RecordsRpc,
  type ListLookupAuditEntriesRequestSchema,
} from '@yiti/contracts';
import { purpose, recordsHarness, TASHI, WANG, type RecordsHarness } from './fixtures.js';

/** The auditor's trail (ListAuditEntries) and the last signed checkpoint beside the chain's verification. */
describe('records service: the audit trail for records-auditor', () => {
  let h: RecordsHarness;
  let tashiId: string;
  let wangId: string;
  let startedAt: Date;

  before(async () => {
    h = await recordsHarness({
      RECORDS_AUDIT_CHECKPOINT_ENTRIES: '3',
      RECORDS_AUDIT_CHECKPOINT_SECONDS: '1',
    });
    tashiId = await h.citizenIdOf(TASHI);
    wangId = await h.citizenIdOf(WANG);
    startedAt = new Date();
    // One of each: an answer, a refusal for a missing purpose, another county's person, a non-judicial detail.
    await h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId, purpose: purpose() });
    await rejectsWithCode(
      h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: tashiId }),
      ErrorCode.BAD_USER_INPUT,
    );
    await h.as('gongga-prosecutor', RecordsRpc.lookupByCitizenId, { citizenId: wangId, purpose: purpose() });
    await h.as('city-chief', RecordsRpc.getPersonDetail, {
      personId: WANG,
      purpose: purpose({ code: LookupPurpose.QUALIFICATION_CHECK }),
    });
    // Past ten entries, so that an order by text ("10" < "9") would show.
    for (let i = 0; i < 8; i++)
      await h.as('qushui-prosecutor', RecordsRpc.lookupByCitizenId, {
        citizenId: tashiId,
        purpose: purpose(),
      });
  });
  after(async () => h?.close());

  const list = (request: MessageInitShape<typeof ListLookupAuditEntriesRequestSchema> = {}) =>
    h.as('city-auditor', RecordsRpc.listAuditEntries, request);

  it('is for records-auditor only', async () => {
    await rejectsWithCode(h.as('gongga-prosecutor', RecordsRpc.listAuditEntries, {}), ErrorCode.FORBIDDEN);
    await rejectsWithCode(h.as('city-chief', RecordsRpc.listAuditEntries, {}), ErrorCode.FORBIDDEN);
  });

  it('lists every entry newest first, exactly as the log holds it', async () => {
    const page = await list({ limit: 200 });
    const seqs = page.entries.map((e) => Number(e.seq));
    assert.ok(seqs.length > 10);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => b - a),
      'newest first, by number',
    );
    const { rows } = await h.db.query(
      `SELECT seq::int AS seq, id, at, actor, actor_org, action, purpose_code, case_number, justification,
              result_ids, outcome, query
         FROM records.audit_log ORDER BY seq DESC LIMIT 200`,
    );
    assert.equal(page.entries.length, rows.length);
    page.entries.forEach((e, i) => {
      const r = rows[i];
      assert.equal(Number(e.seq), r.seq);
      assert.equal(e.id, r.id);
      assert.equal(e.at, r.at.toISOString());
      assert.equal(e.actor, r.actor);
      assert.equal(e.actorOrg, r.actor_org);
      assert.equal(e.action, r.action);
      assert.equal(e.purposeCode, r.purpose_code ?? '');
      assert.equal(e.caseNumber, r.case_number ?? '');
      assert.equal(e.justification, r.justification ?? '');
      assert.deepEqual([...e.resultIds], r.result_ids);
      assert.equal(e.outcome, r.outcome);
      assert.deepEqual(JSON.parse(e.query), r.query);
    });
  });

  it("filters by user, organization, outcome (one or a group) and period; another county's person is denied:holder", async () => {
    const mine = await list({ actor: 'gongga-prosecutor', from: startedAt.toISOString() });
    assert.deepEqual(
      mine.entries.map((e) => e.outcome),
      ['denied:holder', 'rejected:purpose', 'ok'],
    );
    const refused = mine.entries[1]!;
    assert.equal(refused.purposeCode, '');
    assert.equal(JSON.parse(refused.query).citizenId, tashiId);
    const holder = await list({ outcome: 'denied:holder', from: startedAt.toISOString() });
    assert.equal(holder.entries.length, 1);
    assert.equal(JSON.parse(holder.entries[0]!.query).citizenId, wangId);
    const anyDenied = await list({ outcome: 'denied', from: startedAt.toISOString() });
    assert.ok(anyDenied.entries.every((e) => e.outcome.startsWith('denied:')));
    assert.equal(anyDenied.entries.length, 1);
    const rejected = await list({
      outcome: 'rejected',
      actorOrg: 'proc-540522',
      from: startedAt.toISOString(),
    });
    assert.deepEqual(
      rejected.entries.map((e) => e.outcome),
      ['rejected:purpose'],
    );
    const city = await list({ actorOrg: 'proc-540500', from: startedAt.toISOString() });
    assert.deepEqual(
      city.entries.map((e) => [e.actor, e.action, e.purposeCode, e.outcome]),
      [['city-chief', 'detail', 'QUALIFICATION_CHECK', 'ok']],
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await list({ from: future })).entries.length, 0);
    const before = await list({ to: startedAt.toISOString(), actor: 'gongga-prosecutor' });
    assert.ok(before.entries.every((e) => Date.parse(e.at) < startedAt.getTime()));
  });

  it('pages by seq: every entry once, in order, and more only while there are more', async () => {
    const all = (await list({ limit: 200 })).entries.map((e) => Number(e.seq));
    const seen: number[] = [];
    let beforeSeq = 0n;
    for (;;) {
      const page = await list({ limit: 3, beforeSeq });
      seen.push(...page.entries.map((e) => Number(e.seq)));
      if (!page.more) break;
      assert.equal(page.entries.length, 3);
      beforeSeq = page.nextBeforeSeq;
    }
    assert.deepEqual(seen, all);
  });

  it('refuses invalid filters with the typed reason, naming each field', async () => {
    const cases: Array<[MessageInitShape<typeof ListLookupAuditEntriesRequestSchema>, string]> = [
      [{ from: 'yesterday' }, 'from'],
      [{ from: '2026-12-01T00:00:00' }, 'from'],
      [{ to: '2026-13-01T00:00:00Z' }, 'to'],
      [{ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }, 'to'],
      [{ actor: "x' OR '1'='1" }, 'actor'],
      [{ actorOrg: 'proc 540522' }, 'actorOrg'],
      [{ outcome: 'ok; DROP TABLE' }, 'outcome'],
      [{ outcome: 'denied:' }, 'outcome'],
      [{ limit: 201 }, 'limit'],
    ];
    for (const [request, field] of cases) {
      await assert.rejects(list(request), (err: unknown) => {
        assert.ok(err instanceof RpcError, String(err));
        assert.equal(err.code, ErrorCode.BAD_USER_INPUT, JSON.stringify(request));
        assert.equal(err.reason.reason, RecordReason.INVALID_AUDIT_FILTER.reason);
        assert.deepEqual(
          err.violations.map((v) => v.field),
          [field],
          JSON.stringify(request),
        );
        return true;
      });
    }
  });

  it("reports the last signed checkpoint beside the chain's verification, and whether the log agrees", async () => {
    const verify = () => h.as('city-auditor', RecordsRpc.verifyAuditChain, {});
    await waitFor(async () => Number((await verify()).lastCheckpoint?.seq ?? 0) >= 3);
    const verified = await verify();
    assert.equal(verified.ok, true);
    const c = verified.lastCheckpoint!;
    assert.equal(c.signatureValid, true);
    assert.equal(c.matchesChain, true);
    assert.match(c.keyId, /^ed25519:[0-9a-f]{16}$/);
    assert.ok(Number(c.seq) <= Number(verified.headSeq));
    const { rows } = await h.db.query(`SELECT hash FROM records.audit_log WHERE seq = $1`, [Number(c.seq)]);
    assert.equal(c.hash, rows[0].hash);
    assert.ok(!Number.isNaN(Date.parse(c.signedAt)));
    // An entry edited under a checkpoint: the chain breaks there, and the checkpoint no longer matches the log.
    await h.db.query(`ALTER TABLE records.audit_log DISABLE TRIGGER USER`);
    await h.db.query(`UPDATE records.audit_log SET hash = repeat('a', 64) WHERE seq = $1`, [Number(c.seq)]);
    await h.db.query(`ALTER TABLE records.audit_log ENABLE TRIGGER USER`);
    const broken = await h.as('city-auditor', RecordsRpc.verifyAuditChain, {});
    assert.equal(broken.ok, false);
    assert.equal(broken.lastCheckpoint?.matchesChain, false);
  });
});
