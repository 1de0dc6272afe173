import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { AgreementsRpc, DirectoryRpc } from '@yiti/contracts';
import { codeOf, countRequests, ok } from './helpers.js';

const CONTENT = {
  titleZh: '贡嘎县 曲水县 雅鲁藏布江流域检察协作意见（网关测试）',
  titleEn: 'Gateway test pact',
  scope: { businessLines: ['criminal'], caseCategories: ['ecology-resources'], basinCode: 'yarlung-tsangpo' },
  clauses: [
    { number: 1, text: '互相移送案件线索。' },
    { number: 2, text: '三个工作日内确认收到。' },
  ],
  effectiveFrom: '2025-01-01',
  effectiveTo: '2030-12-31',
  settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: true },
};

const AGREEMENT_FIELDS = `code kind status partyCodes public fullView titleZh inForceVersion latestVersion
  terminatedReason parties { code nameZh }
  versions { number titleZh digest effectiveTo fullySigned clauses { number text }
    scope { divisionCodes basinCode } settings { acknowledgeWithinDays decideWithinDays }
    signatures { orgCode signer valid digest } }`;

const CREATE = `mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const SIGN = `mutation($input: SignAgreementInput!) { signAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`;
const GET = `query($code: String!) { agreement(code: $code) { ${AGREEMENT_FIELDS} } }`;

interface AgreementView {
  code: string;
  kind: string;
  status: string;
  partyCodes: string[];
  public: boolean;
  fullView: boolean;
  titleZh: string;
  inForceVersion: number | null;
  latestVersion: number;
  terminatedReason: string | null;
  parties: { code: string; nameZh: string }[];
  versions: {
    number: number;
    titleZh: string;
    digest: string | null;
    effectiveTo: string | null;
    fullySigned: boolean | null;
    clauses: { number: number; text: string }[];
    scope: { divisionCodes: string[]; basinCode: string | null } | null;
    settings: { acknowledgeWithinDays: number; decideWithinDays: number } | null;
    signatures: { orgCode: string; signer: string; valid: boolean; digest: string }[];
  }[];
}

/** Agreements through the gateway over the real stack: identity provider, NATS, directory, agreements. */
describe('gateway agreements', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  const token: Record<string, string> = {};

  /** Runs `action` and counts the NATS requests published on `subject` meanwhile. */
  const counting = <T>(subject: string, action: () => Promise<T>) =>
    countRequests(nc, stack.subjectPrefix + subject, action);
  const create = (input: Record<string, unknown>, user = 'gongga-prosecutor') =>
    stack.graphql<{ createAgreement: AgreementView }>(CREATE, { token: token[user], variables: { input } });
  const sign = (user: string, input: { code: string; version: number; digest: string }) =>
    stack.graphql<{ signAgreement: AgreementView }>(SIGN, { token: token[user], variables: { input } });
  const get = (user: string, code: string) =>
    stack.graphql<{ agreement: AgreementView | null }>(GET, { token: token[user], variables: { code } });

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    for (const user of ['gongga-prosecutor', 'gongga-chief', 'qushui-chief', 'directory-admin']) {
      token[user] = await stack.login(user);
    }
    token['stranger'] = await stack.tokens.valid({
      org: 'proc-540581',
      preferred_username: 'cona-chief',
      realm_access: { roles: ['chief-prosecutor'] },
    });
  });

  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('refuses bad nested input with BAD_USER_INPUT before anything reaches NATS', async () => {
    const base = {
      code: 'gw-invalid',
      kind: 'RIVER_BASIN_PACT',
      partyCodes: ['proc-540522', 'proc-540124'],
      content: CONTENT,
    };
    const cases: Array<[string, Record<string, unknown>, RegExp[]]> = [
      [
        'bad clauses',
        {
          content: {
            ...CONTENT,
            clauses: [
              { number: 0, text: '有效条款。' },
              { number: 2, text: '' },
            ],
          },
        },
        [/content\.clauses\.0\.number/, /content\.clauses\.1\.text/],
      ],
      [
        'bad settings',
        { content: { ...CONTENT, settings: { ...CONTENT.settings, acknowledgeWithinDays: 61 } } },
        [/content\.settings\.acknowledgeWithinDays/],
      ],
      [
        'bad scope and dates',
        {
          content: {
            ...CONTENT,
            scope: { ...CONTENT.scope, caseCategories: ['Ecology Resources'], divisionCodes: ['5405'] },
            effectiveFrom: '1 May 2026',
          },
        },
        [/content\.scope\.caseCategories/, /content\.scope\.divisionCodes/, /content\.effectiveFrom/],
      ],
      ['no clauses', { content: { ...CONTENT, clauses: [] } }, [/content\.clauses/]],
      ['one party, bad code', { partyCodes: ['proc-540522'], code: 'X' }, [/partyCodes/, /code/]],
    ];
    const [results, sent] = await counting(AgreementsRpc.create.subject, () =>
      Promise.all(cases.map(([, change]) => create({ ...base, ...change }))),
    );
    results.forEach((r, i) => {
      const [what, , fields] = cases[i]!;
      assert.equal(codeOf(r), 'BAD_USER_INPUT', what);
      for (const field of fields) assert.match(r.errors![0]!.message, field, what);
      assert.ok(Array.isArray(r.errors![0]!.extensions?.['violations']), what);
    });
    assert.equal(sent, 0, 'nothing was sent to the agreements service');
  });

  it('drafts, circulates and collects both chiefs’ signatures into force', async () => {
    const draft = ok(
      await create({
        code: 'gw-yarlung',
        kind: 'RIVER_BASIN_PACT',
        partyCodes: ['proc-540522', 'proc-540124'],
        content: CONTENT,
      }),
    ).createAgreement;
    assert.equal(draft.status, 'DRAFT');
    assert.equal(draft.fullView, true);
    assert.equal(draft.inForceVersion, null);
    assert.deepEqual(draft.partyCodes, ['proc-540124', 'proc-540522']);
    assert.deepEqual(draft.versions[0]!.scope, {
      divisionCodes: ['540124', '540502', '540521', '540522', '540523', '540528'],
      basinCode: 'yarlung-tsangpo',
    });

    const circulated = ok(
      await stack.graphql<{ circulateAgreement: AgreementView }>(
        `mutation { circulateAgreement(code: "gw-yarlung") { ${AGREEMENT_FIELDS} } }`,
        { token: token['gongga-prosecutor'] },
      ),
    ).circulateAgreement;
    assert.equal(circulated.status, 'CIRCULATING');
    const digest = circulated.versions[0]!.digest!;
    assert.match(digest, /^[0-9a-f]{64}$/);

    const [refused, sent] = await counting(AgreementsRpc.sign.subject, () =>
      sign('gongga-prosecutor', { code: 'gw-yarlung', version: 1, digest }),
    );
    assert.equal(codeOf(refused), 'FORBIDDEN', 'a prosecutor signing');
    assert.equal(sent, 0, 'refused at the gateway');

    const half = ok(await sign('gongga-chief', { code: 'gw-yarlung', version: 1, digest })).signAgreement;
    assert.equal(half.status, 'CIRCULATING');
    const inForce = ok(await sign('qushui-chief', { code: 'gw-yarlung', version: 1, digest })).signAgreement;
    assert.equal(inForce.status, 'IN_FORCE');
    assert.equal(inForce.inForceVersion, 1);
    assert.equal(inForce.versions[0]!.fullySigned, true);
    assert.deepEqual(
      inForce.versions[0]!.signatures.map((s) => [s.orgCode, s.signer, s.valid, s.digest === digest]).sort(),
      [
        ['proc-540124', 'qushui-chief', true, true],
        ['proc-540522', 'gongga-chief', true, true],
      ],
    );
  });

  it('answers which agreements cover a transfer, with their settings', async () => {
    const covering = `query($division: String, $onDate: String) {
      agreementsCovering(from: "proc-540522", to: "proc-540124", businessLine: "criminal",
        category: "ecology-resources", divisionCode: $division, onDate: $onDate) {
        code titleZh version effectiveFrom effectiveTo
        settings { acknowledgeWithinDays decideWithinDays shareRecordsLookup } } }`;
    const hit = ok(
      await stack.graphql<{ agreementsCovering: unknown[] }>(covering, {
        token: token['gongga-prosecutor'],
        variables: { division: '540522' },
      }),
    );
    assert.deepEqual(hit.agreementsCovering, [
      {
        code: 'gw-yarlung',
        titleZh: CONTENT.titleZh,
        version: 1,
        effectiveFrom: '2025-01-01',
        effectiveTo: '2030-12-31',
        settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: true },
      },
    ]);
    const before = ok(
      await stack.graphql<{ agreementsCovering: unknown[] }>(covering, {
        token: token['gongga-prosecutor'],
        variables: { onDate: '2024-12-31' },
      }),
    );
    assert.deepEqual(before.agreementsCovering, []);
    const bad = await stack.graphql(covering, {
      token: token['gongga-prosecutor'],
      variables: { onDate: 'tomorrow' },
    });
    assert.equal(codeOf(bad), 'BAD_USER_INPUT');
  });

  it('resolves the parties of a list of agreements in one directory request (DataLoader)', async () => {
    const second = ok(
      await create({
        code: 'gw-nedong',
        kind: 'COOPERATION_MECHANISM',
        partyCodes: ['proc-540522', 'proc-540502'],
        content: { ...CONTENT, effectiveTo: null, scope: { businessLines: ['criminal'] } },
      }),
    ).createAgreement;
    assert.equal(second.versions[0]!.effectiveTo, null);
    assert.equal(second.versions[0]!.scope!.basinCode, null);
    const revised = ok(
      await stack.graphql<{ reviseAgreementDraft: AgreementView }>(
        `mutation($input: ReviseDraftInput!) { reviseAgreementDraft(input: $input) { ${AGREEMENT_FIELDS} } }`,
        {
          token: token['gongga-prosecutor'],
          variables: {
            input: { code: 'gw-nedong', content: { ...CONTENT, titleZh: '贡嘎县 乃东区 协作机制' } },
          },
        },
      ),
    ).reviseAgreementDraft;
    assert.equal(revised.titleZh, '贡嘎县 乃东区 协作机制');
    assert.equal(revised.latestVersion, 1);

    const [result, requests] = await counting(DirectoryRpc.getOrganizations.subject, () =>
      stack.graphql<{ agreements: { code: string; parties: { nameZh: string }[] }[] }>(
        '{ agreements(filter: { partyCode: "proc-540522" }) { code parties { nameZh } } }',
        { token: token['gongga-prosecutor'] },
      ),
    );
    assert.deepEqual(ok(result).agreements, [
      { code: 'gw-nedong', parties: [{ nameZh: '山南市乃东区人民检察院' }, { nameZh: '贡嘎县人民检察院' }] },
      { code: 'gw-yarlung', parties: [{ nameZh: '曲水县人民检察院' }, { nameZh: '贡嘎县人民检察院' }] },
    ]);
    assert.equal(requests, 1);

    const drafts = ok(
      await stack.graphql<{ agreements: { code: string }[] }>(
        '{ agreements(filter: { status: DRAFT, kind: COOPERATION_MECHANISM }) { code } }',
        { token: token['gongga-prosecutor'] },
      ),
    );
    assert.deepEqual(drafts.agreements, [{ code: 'gw-nedong' }]);
  });

  it('hides an agreement from unrelated organizations until a directory admin makes it public', async () => {
    const hidden = await get('stranger', 'gw-yarlung');
    assert.deepEqual(ok(hidden), { agreement: null });

    const setPublic = `mutation { setAgreementPublic(input: { code: "gw-yarlung", public: true }) { public } }`;
    assert.equal(codeOf(await stack.graphql(setPublic, { token: token['gongga-chief'] })), 'FORBIDDEN');
    assert.deepEqual(ok(await stack.graphql(setPublic, { token: token['directory-admin'] })), {
      setAgreementPublic: { public: true },
    });

    const summary = ok(await get('stranger', 'gw-yarlung')).agreement!;
    assert.equal(summary.fullView, false);
    assert.equal(summary.status, null);
    assert.equal(summary.latestVersion, null);
    assert.equal(summary.inForceVersion, null);
    assert.equal(summary.titleZh, CONTENT.titleZh);
    assert.deepEqual(
      summary.parties.map((p) => p.nameZh),
      ['曲水县人民检察院', '贡嘎县人民检察院'],
    );
    assert.equal(summary.versions.length, 1);
    assert.deepEqual(summary.versions[0], {
      number: 1,
      titleZh: CONTENT.titleZh,
      digest: null,
      effectiveTo: '2030-12-31',
      fullySigned: null,
      clauses: [],
      scope: null,
      settings: null,
      signatures: [],
    });

    const diff = await stack.graphql(
      '{ agreementDiff(code: "gw-yarlung", fromVersion: 1, toVersion: 1) { fields { field } } }',
      { token: token['stranger'] },
    );
    assert.equal(codeOf(diff), 'NOT_FOUND');
  });

  it('amends into a new version, diffs the versions and terminates', async () => {
    const amended = ok(
      await stack.graphql<{ amendAgreement: AgreementView }>(
        `mutation($input: AmendAgreementInput!) { amendAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`,
        {
          token: token['gongga-prosecutor'],
          variables: {
            input: {
              code: 'gw-yarlung',
              content: {
                ...CONTENT,
                effectiveTo: '2032-12-31',
                clauses: [...CONTENT.clauses, { number: 3, text: '共享犯罪记录查询。' }],
              },
            },
          },
        },
      ),
    ).amendAgreement;
    assert.equal(amended.latestVersion, 2);
    assert.equal(amended.inForceVersion, 1);
    assert.deepEqual(
      amended.versions.map((v) => v.number),
      [2, 1],
    );

    const diff = ok(
      await stack.graphql<{ agreementDiff: unknown }>(
        `{ agreementDiff(code: "gw-yarlung", fromVersion: 1, toVersion: 2) {
            clauses { number change before after } fields { field before after } } }`,
        { token: token['qushui-chief'] },
      ),
    );
    assert.deepEqual(diff.agreementDiff, {
      clauses: [{ number: 3, change: 'added', before: null, after: '共享犯罪记录查询。' }],
      fields: [{ field: 'effectiveTo', before: '2030-12-31', after: '2032-12-31' }],
    });

    const terminate = (user: string, reason: string) =>
      stack.graphql<{ terminateAgreement: AgreementView }>(
        `mutation($input: TerminateAgreementInput!) { terminateAgreement(input: $input) { ${AGREEMENT_FIELDS} } }`,
        { token: token[user], variables: { input: { code: 'gw-yarlung', reason } } },
      );
    assert.equal(codeOf(await terminate('gongga-prosecutor', '机构调整')), 'FORBIDDEN');
    const [blank, sent] = await counting(AgreementsRpc.terminate.subject, () =>
      terminate('gongga-chief', '   '),
    );
    assert.equal(codeOf(blank), 'BAD_USER_INPUT');
    assert.equal(sent, 0);
    const ended = ok(await terminate('gongga-chief', '机构调整')).terminateAgreement;
    assert.equal(ended.status, 'TERMINATED');
    assert.equal(ended.terminatedReason, '机构调整');
    const notFound = await stack.graphql(
      '{ agreementDiff(code: "gw-yarlung", fromVersion: 1, toVersion: 9) { fields { field } } }',
      { token: token['gongga-chief'] },
    );
    assert.equal(codeOf(notFound), 'NOT_FOUND');
    assert.deepEqual(ok(await get('gongga-chief', 'gw-missing')), { agreement: null });
  });
});
