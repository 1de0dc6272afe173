import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { rejectsWithCode, startTestStack, type TestStack } from '@yiti/devstack';
import { AgreementKind, AgreementsRpc, AgreementStatus, ErrorCode } from '@yiti/contracts';
import { RpcClient, RpcError } from '@yiti/messaging';
import type { VersionContentJson } from '../src/agreements/agreement-version.entity.js';

const CONTENT = {
  titleZh: '贡嘎县 曲水县 雅鲁藏布江流域检察协作意见（测试）',
  titleEn: 'Test pact',
  scope: {
    businessLines: ['criminal'],
    caseCategories: ['ecology-resources'],
    divisionCodes: [],
    basinCode: 'yarlung-tsangpo',
  },
  clauses: [
    { number: 1, text: '互相移送案件线索。' },
    { number: 2, text: '三个工作日内确认收到。' },
  ],
  effectiveFrom: '2025-01-01',
  effectiveTo: '2030-12-31',
  settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: true },
} satisfies VersionContentJson;

/** The agreements service over real NATS, JetStream and PostgreSQL, with the real directory. */
describe('agreements service', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const token: Record<string, string> = {};

  const rejects = rejectsWithCode;
  const rows = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  const eventsBySubject = async () => {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stack.eventsStream, { subjects_filter: '>' });
    const counts: Record<string, number> = {};
    for (const [subject, n] of Object.entries(info.state.subjects ?? {})) {
      counts[subject.replace(stack.subjectPrefix + 'yiti.evt.agreements.agreement.', '')] = n;
    }
    return counts;
  };

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of [
      'gongga-prosecutor',
      'gongga-chief',
      'qushui-chief',
      'qushui-prosecutor',
      'city-chief',
      'region-chief',
      'directory-admin',
    ]) {
      token[user] = await stack.login(user);
    }
    token['stranger'] = await stack.tokens.valid({
      org: 'proc-540581',
      preferred_username: 'cona-chief',
      realm_access: { roles: ['chief-prosecutor', 'prosecutor'] },
    });
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('refuses invalid drafts with a typed error and writes nothing', async () => {
    const base = {
      code: 'bad-pact',
      kind: AgreementKind.RIVER_BASIN_PACT,
      partyCodes: ['proc-540522', 'proc-540124'],
      content: CONTENT,
    };
    const cases: Array<[string, object, ErrorCode]> = [
      ['unknown party', { partyCodes: ['proc-540522', 'proc-549999'] }, ErrorCode.BAD_USER_INPUT],
      ['one party', { partyCodes: ['proc-540522'] }, ErrorCode.BAD_USER_INPUT],
      ['caller not a party', { partyCodes: ['proc-540523', 'proc-540124'] }, ErrorCode.BAD_USER_INPUT],
      [
        'end before start',
        { content: { ...CONTENT, effectiveFrom: '2026-05-01', effectiveTo: '2026-04-30' } },
        ErrorCode.BAD_USER_INPUT,
      ],
      ['impossible date', { content: { ...CONTENT, effectiveFrom: '2026-02-30' } }, ErrorCode.BAD_USER_INPUT],
      [
        'clause gap',
        {
          content: {
            ...CONTENT,
            clauses: [
              { number: 1, text: 'a' },
              { number: 3, text: 'b' },
            ],
          },
        },
        ErrorCode.BAD_USER_INPUT,
      ],
      ['no clauses', { content: { ...CONTENT, clauses: [] } }, ErrorCode.BAD_USER_INPUT],
      [
        'unknown basin',
        { content: { ...CONTENT, scope: { ...CONTENT.scope, basinCode: 'nile' } } },
        ErrorCode.BAD_USER_INPUT,
      ],
      ['bad code', { code: 'X; DROP TABLE' }, ErrorCode.BAD_USER_INPUT],
      ['no kind', { kind: AgreementKind.UNSPECIFIED }, ErrorCode.BAD_USER_INPUT],
    ];
    for (const [what, change, code] of cases) {
      await rejects(
        rpc.call(AgreementsRpc.create, { ...base, ...change }, { token: token['gongga-prosecutor'] }),
        code,
        what,
      );
    }
    await rejects(
      rpc.call(AgreementsRpc.create, base, { token: token['directory-admin'] }),
      ErrorCode.FORBIDDEN,
      'admin drafting',
    );
    assert.equal(await rows('SELECT count(*) AS n FROM agreements.agreement'), 0);
    assert.equal(await rows('SELECT count(*) AS n FROM agreements.outbox'), 0);
  });

  it('drafts, circulates, collects both signatures and enters into force', async () => {
    const created = await rpc.call(
      AgreementsRpc.create,
      {
        code: 'test-yarlung',
        kind: AgreementKind.RIVER_BASIN_PACT,
        partyCodes: ['proc-540522', 'proc-540124'],
        content: CONTENT,
      },
      { token: token['gongga-prosecutor'] },
    );
    const draft = created.agreement!;
    assert.equal(draft.status, AgreementStatus.DRAFT);
    assert.deepEqual(draft.versions[0]!.content!.scope!.divisionCodes, [
      '540124',
      '540502',
      '540521',
      '540522',
      '540523',
      '540528',
    ]);
    await rejects(
      rpc.call(
        AgreementsRpc.create,
        {
          code: 'test-yarlung',
          kind: AgreementKind.RIVER_BASIN_PACT,
          partyCodes: ['proc-540522', 'proc-540124'],
          content: CONTENT,
        },
        { token: token['gongga-prosecutor'] },
      ),
      ErrorCode.CONFLICT,
      'same code again',
    );

    await rejects(
      rpc.call(
        AgreementsRpc.sign,
        { code: 'test-yarlung', version: 1, digest: draft.versions[0]!.digest },
        { token: token['gongga-chief'] },
      ),
      ErrorCode.CONFLICT,
      'signing a draft',
    );
    const circulating = (
      await rpc.call(AgreementsRpc.circulate, { code: 'test-yarlung' }, { token: token['gongga-prosecutor'] })
    ).agreement!;
    assert.equal(circulating.status, AgreementStatus.CIRCULATING);
    const digest = circulating.versions[0]!.digest;
    assert.match(digest, /^[0-9a-f]{64}$/);

    const sign = (user: string, d = digest) =>
      rpc.call(AgreementsRpc.sign, { code: 'test-yarlung', version: 1, digest: d }, { token: token[user] });
    await rejects(sign('gongga-prosecutor'), ErrorCode.FORBIDDEN, 'a prosecutor signing');
    await rejects(sign('city-chief'), ErrorCode.FORBIDDEN, 'a superior, not a party, signing');
    await rejects(sign('stranger'), ErrorCode.NOT_FOUND, 'an unrelated organization signing');
    await rejects(sign('gongga-chief', 'a'.repeat(64)), ErrorCode.CONFLICT, 'another digest');
    const half = (await sign('gongga-chief')).agreement!;
    assert.equal(half.status, AgreementStatus.CIRCULATING);
    await rejects(sign('gongga-chief'), ErrorCode.CONFLICT, 'signing twice');
    assert.equal(
      await rows(`SELECT count(*) AS n FROM agreements.signature WHERE agreement_code = 'test-yarlung'`),
      1,
    );

    const inForce = (await sign('qushui-chief')).agreement!;
    assert.equal(inForce.status, AgreementStatus.IN_FORCE);
    assert.equal(inForce.inForceVersion, 1);
    assert.ok(inForce.versions[0]!.signatures.every((s) => s.valid && s.digest === digest));
  });

  it('answers which pacts cover a transfer, with their deadlines', async () => {
    const covering = (request: object, user = 'gongga-prosecutor') =>
      rpc.call(
        AgreementsRpc.covering,
        {
          fromOrg: 'proc-540522',
          toOrg: 'proc-540124',
          businessLine: 'criminal',
          category: 'ecology-resources',
          divisionCode: '540522',
          ...request,
        },
        { token: token[user] },
      );
    const hit = await covering({});
    assert.deepEqual(
      hit.agreements.map((a) => [
        a.code,
        a.version,
        a.settings?.acknowledgeWithinDays,
        a.settings?.decideWithinDays,
      ]),
      [['test-yarlung', 1, 3, 10]],
    );
    assert.equal((await covering({ fromOrg: 'proc-540124', toOrg: 'proc-540522' })).agreements.length, 1);
    assert.equal((await covering({ category: 'duty-crime' })).agreements.length, 0);
    assert.equal((await covering({ divisionCode: '540581' })).agreements.length, 0);
    assert.equal((await covering({ onDate: '2024-12-31' })).agreements.length, 0);
    assert.equal((await covering({ onDate: '2031-01-01' })).agreements.length, 0);
    assert.equal((await covering({}, 'stranger')).agreements.length, 0, 'invisible to others');
    await rejects(covering({ fromOrg: 'nobody' }), ErrorCode.BAD_USER_INPUT);
  });

  it('shows everything to parties and superiors, the public summary to others only when public', async () => {
    for (const user of ['qushui-prosecutor', 'city-chief', 'region-chief']) {
      const seen = (await rpc.call(AgreementsRpc.get, { code: 'test-yarlung' }, { token: token[user] }))
        .agreement!;
      assert.equal(seen.fullView, true, user);
      assert.equal(seen.versions[0]!.content!.clauses.length, 2, user);
    }
    await rejects(
      rpc.call(AgreementsRpc.get, { code: 'test-yarlung' }, { token: token['stranger'] }),
      ErrorCode.NOT_FOUND,
    );
    const list = await rpc.call(AgreementsRpc.list, {}, { token: token['stranger'] });
    assert.equal(list.agreements.length, 0);

    await rejects(
      rpc.call(
        AgreementsRpc.setPublic,
        { code: 'test-yarlung', public: true },
        { token: token['gongga-chief'] },
      ),
      ErrorCode.FORBIDDEN,
    );
    await rpc.call(
      AgreementsRpc.setPublic,
      { code: 'test-yarlung', public: true },
      { token: token['directory-admin'] },
    );
    const summary = (
      await rpc.call(AgreementsRpc.get, { code: 'test-yarlung' }, { token: token['stranger'] })
    ).agreement!;
    assert.equal(summary.fullView, false);
    assert.deepEqual(summary.partyCodes, ['proc-540124', 'proc-540522']);
    assert.equal(summary.versions[0]!.content!.clauses.length, 0);
    assert.equal(summary.versions[0]!.signatures.length, 0);
    assert.equal(summary.versions[0]!.content!.effectiveTo, '2030-12-31');
    // Title, parties and term only: no status or version numbers that would reveal unsigned proposals.
    assert.equal(summary.status, AgreementStatus.UNSPECIFIED);
    assert.equal(summary.inForceVersion, 0);
    assert.equal(summary.latestVersion, 0);
    const listed = await rpc.call(AgreementsRpc.list, {}, { token: token['stranger'] });
    assert.deepEqual(
      listed.agreements.map((a) => a.code),
      ['test-yarlung'],
    );
    for (const probe of [
      { status: AgreementStatus.IN_FORCE },
      { basinCode: 'yarlung-tsangpo' },
      { divisionCode: '540522' },
    ]) {
      const probed = await rpc.call(AgreementsRpc.list, probe, { token: token['stranger'] });
      assert.equal(
        probed.agreements.length,
        0,
        `an outsider cannot filter public pacts by ${Object.keys(probe)[0]}`,
      );
    }
    await rejects(
      rpc.call(
        AgreementsRpc.covering,
        {
          fromOrg: 'proc-540522',
          toOrg: 'proc-540124',
          businessLine: 'criminal',
          category: 'ecology-resources',
          onDate: '2026-02-30',
        },
        { token: token['gongga-chief'] },
      ),
      ErrorCode.BAD_USER_INPUT,
      'an impossible date',
    );
    await rejects(
      rpc.call(
        AgreementsRpc.diff,
        { code: 'test-yarlung', fromVersion: 1, toVersion: 1 },
        { token: token['stranger'] },
      ),
      ErrorCode.NOT_FOUND,
    );
  });

  it('amends into a new version signed again, keeps the old one readable, and diffs them', async () => {
    const amended = (
      await rpc.call(
        AgreementsRpc.amend,
        {
          code: 'test-yarlung',
          content: {
            ...CONTENT,
            effectiveTo: '2032-12-31',
            clauses: [...CONTENT.clauses, { number: 3, text: '共享犯罪记录查询。' }],
          },
        },
        { token: token['qushui-prosecutor'] },
      )
    ).agreement!;
    assert.equal(amended.latestVersion, 2);
    assert.equal(amended.inForceVersion, 1, 'version 1 stays in force until every party signs version 2');
    assert.equal(amended.status, AgreementStatus.IN_FORCE);
    assert.equal(amended.versions.length, 2);
    const diff = await rpc.call(
      AgreementsRpc.diff,
      { code: 'test-yarlung', fromVersion: 1, toVersion: 2 },
      { token: token['city-chief'] },
    );
    assert.deepEqual(
      diff.clauses.map((c) => [c.number, c.change]),
      [[3, 'added']],
    );
    assert.deepEqual(
      diff.fields.map((f) => [f.field, f.before, f.after]),
      [['effectiveTo', '2030-12-31', '2032-12-31']],
    );
    await assert.rejects(
      rpc.call(
        AgreementsRpc.sign,
        { code: 'test-yarlung', version: 1, digest: amended.versions[1]!.digest },
        { token: token['qushui-chief'] },
      ),
      (err: unknown) =>
        err instanceof RpcError && err.code === ErrorCode.CONFLICT && /newest version/.test(err.message),
      'only the newest version can be signed',
    );
  });

  it('reports a signature invalid when the signed text was changed afterwards', async () => {
    await db.query(
      `UPDATE agreements.agreement_version SET content = jsonb_set(content, '{clauses,0,text}', '"篡改"') WHERE agreement_code = 'test-yarlung' AND number = 1`,
    );
    const seen = (
      await rpc.call(AgreementsRpc.get, { code: 'test-yarlung' }, { token: token['gongga-chief'] })
    ).agreement!;
    const v1 = seen.versions.find((v) => v.number === 1)!;
    assert.ok(v1.signatures.length === 2 && v1.signatures.every((s) => !s.valid));
  });

  it('renews: the text every party signed (not the circulating amendment) with a new end date', async () => {
    await rejects(
      rpc.call(
        AgreementsRpc.renew,
        { code: 'test-yarlung', effectiveTo: '2020-01-01' },
        { token: token['gongga-prosecutor'] },
      ),
      ErrorCode.BAD_USER_INPUT,
      'a renewal ending before the term starts',
    );
    const renewed = (
      await rpc.call(
        AgreementsRpc.renew,
        { code: 'test-yarlung', effectiveTo: '2035-12-31' },
        { token: token['gongga-prosecutor'] },
      )
    ).agreement!;
    assert.equal(renewed.latestVersion, 3);
    const diff = await rpc.call(
      AgreementsRpc.diff,
      { code: 'test-yarlung', fromVersion: 1, toVersion: 3 },
      { token: token['gongga-chief'] },
    );
    assert.deepEqual(diff.clauses, []);
    assert.deepEqual(
      diff.fields.map((f) => [f.field, f.after]),
      [['effectiveTo', '2035-12-31']],
    );
  });

  it('replays a retried amendment with the same idempotency key instead of amending twice', async () => {
    const before = (
      await rpc.call(AgreementsRpc.get, { code: 'test-yarlung' }, { token: token['gongga-prosecutor'] })
    ).agreement!.latestVersion;
    const request = { code: 'test-yarlung', content: CONTENT, idempotencyKey: 'amend-0f2c9a41-retry' };
    const [a, b] = await Promise.all([
      rpc.call(AgreementsRpc.amend, request, { token: token['gongga-prosecutor'] }),
      rpc.call(AgreementsRpc.amend, request, { token: token['gongga-prosecutor'] }),
    ]);
    const again = await rpc.call(AgreementsRpc.amend, request, { token: token['gongga-prosecutor'] });
    for (const reply of [a, b, again]) assert.equal(reply.agreement!.latestVersion, before + 1);
    await rejects(
      rpc.call(
        AgreementsRpc.amend,
        { ...request, content: { ...CONTENT, titleEn: 'other' } },
        { token: token['gongga-prosecutor'] },
      ),
      ErrorCode.CONFLICT,
      'the same key for a different request',
    );
    await rejects(
      rpc.call(
        AgreementsRpc.amend,
        { ...request, idempotencyKey: 'short' },
        { token: token['gongga-prosecutor'] },
      ),
      ErrorCode.BAD_USER_INPUT,
      'a malformed key',
    );
    assert.equal(
      await rows(
        `SELECT count(*) AS n FROM agreements.agreement_version WHERE agreement_code = 'test-yarlung'`,
      ),
      before + 1,
    );
  });

  it('terminates, after which nothing can be amended or signed', async () => {
    await rejects(
      rpc.call(
        AgreementsRpc.terminate,
        { code: 'test-yarlung', reason: '' },
        { token: token['gongga-chief'] },
      ),
      ErrorCode.BAD_USER_INPUT,
    );
    const ended = (
      await rpc.call(
        AgreementsRpc.terminate,
        { code: 'test-yarlung', reason: '机构调整' },
        { token: token['gongga-chief'] },
      )
    ).agreement!;
    assert.equal(ended.status, AgreementStatus.TERMINATED);
    await rejects(
      rpc.call(
        AgreementsRpc.amend,
        { code: 'test-yarlung', content: CONTENT },
        { token: token['gongga-prosecutor'] },
      ),
      ErrorCode.CONFLICT,
      'amending a terminated pact',
    );
    await rejects(
      rpc.call(
        AgreementsRpc.terminate,
        { code: 'test-yarlung', reason: 'again' },
        { token: token['gongga-chief'] },
      ),
      ErrorCode.CONFLICT,
    );
    const covering = await rpc.call(
      AgreementsRpc.covering,
      {
        fromOrg: 'proc-540522',
        toOrg: 'proc-540124',
        businessLine: 'criminal',
        category: 'ecology-resources',
      },
      { token: token['gongga-chief'] },
    );
    assert.equal(covering.agreements.length, 0);
  });

  it('expires a pact whose term has ended without anyone acting', async () => {
    const past = {
      ...CONTENT,
      effectiveFrom: '2020-01-01',
      effectiveTo: '2021-12-31',
    };
    await rpc.call(
      AgreementsRpc.create,
      {
        code: 'test-old',
        kind: AgreementKind.COOPERATION_MECHANISM,
        partyCodes: ['proc-540522', 'proc-540124'],
        content: past,
      },
      { token: token['gongga-prosecutor'] },
    );
    const c = (
      await rpc.call(AgreementsRpc.circulate, { code: 'test-old' }, { token: token['gongga-prosecutor'] })
    ).agreement!;
    await rpc.call(
      AgreementsRpc.sign,
      { code: 'test-old', version: 1, digest: c.versions[0]!.digest },
      { token: token['gongga-chief'] },
    );
    const done = (
      await rpc.call(
        AgreementsRpc.sign,
        { code: 'test-old', version: 1, digest: c.versions[0]!.digest },
        { token: token['qushui-chief'] },
      )
    ).agreement!;
    assert.equal(done.status, AgreementStatus.EXPIRED);
  });

  it('published every state change once, through the outbox and JetStream', async () => {
    const deadline = Date.now() + 10_000;
    const expected = { circulated: 2, signed: 4, 'in-force': 1, amended: 3, terminated: 1, expired: 1 };
    let counts: Record<string, number> = {};
    while (Date.now() < deadline) {
      counts = Object.fromEntries(
        Object.entries(await eventsBySubject()).map(([k, v]) => [k.replace(/\.v1$/, ''), v]),
      );
      if (JSON.stringify(Object.entries(counts).sort()) === JSON.stringify(Object.entries(expected).sort()))
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(counts, expected);
    // The relay marks rows after JetStream acknowledged them: wait for the marks too.
    while (
      Date.now() < deadline &&
      (await rows('SELECT count(*) AS n FROM agreements.outbox WHERE published_at IS NULL')) > 0
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await rows('SELECT count(*) AS n FROM agreements.outbox WHERE published_at IS NULL'), 0);
  });
});
