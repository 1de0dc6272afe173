import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import {
  AgreementKind,
  AgreementsRpc,
  ConsultationType,
  ErrorCode,
  MeetingsRpc,
  TransferKind,
  TransfersRpc,
} from '@yiti/contracts';
import { startTestStack, type GraphQLResult, type TestStack } from '@yiti/devstack';
import { RpcClient, RpcError } from '@yiti/messaging';
import { BUSINESS_LINES } from '@yiti/reference';
import { codeOf, countRequests, ok } from './helpers.js';

const LINE_CODES = BUSINESS_LINES.map((l) => l.code);
const CRIMINAL_CATEGORIES = BUSINESS_LINES.find((l) => l.code === 'criminal')!.categories;
const CIVIL_CATEGORIES = BUSINESS_LINES.find((l) => l.code === 'civil')!.categories;

const LEAD = {
  receiverOrg: 'proc-540124',
  kind: 'LEAD',
  businessLine: 'criminal',
  category: 'illegal-mining',
  divisionCode: '540124',
  summary: '雅鲁藏布江曲水段夜间非法采砂线索（代码表测试）',
};
const CONTENT = {
  titleZh: '贡嘎县 曲水县 协作意见（代码表测试）',
  scope: { businessLines: ['criminal'], caseCategories: ['ecology-resources'] },
  clauses: [{ number: 1, text: '互相移送案件线索。' }],
  effectiveFrom: '2025-01-01',
  settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: false },
};
const CONSULTATION = {
  iscoOrg: 'isco-540522',
  policeCaseNumber: '贡公（刑）立字〔2026〕301号',
  category: 'illegal-mining',
  type: 'EARLY_INVOLVEMENT',
  question: '非法采砂案，请就取证方向提出意见（代码表测试）。',
};

const SEND =
  'mutation($input: SendTransferInput!) { sendTransfer(input: $input) { id receiverOrg receiver { nameZh } } }';
const CREATE_PACT =
  'mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { code parties { code nameZh } } }';
const COVERING = `query($line: String!, $category: String!) {
  agreementsCovering(from: "proc-540522", to: "proc-540124", businessLine: $line, category: $category) { code } }`;
const LOG = 'mutation($input: LogConsultationInput!) { logConsultation(input: $input) { id category } }';
const CREATE_DIVISION =
  'mutation($input: CreateDivisionInput!) { createDivision(input: $input) { code nameZh nameBo nameEn type parent { code } } }';
const CREATE_ORG =
  'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { code kind superiorCode city { code } } }';
const CREATE_BASIN =
  'mutation($input: CreateBasinInput!) { createRiverBasin(input: $input) { code members { code } } }';
const AUDIT = `query($target: String) { directoryAudit(target: $target, first: 20) {
  id at actor actorOrg action target before after } }`;

const CHENGGUAN = {
  code: '540102',
  type: 'DISTRICT',
  parentCode: '540100',
  nameZh: '城关区',
  nameBo: 'ཁྲིན་ཀོན་ཆུས།',
  nameEn: 'Chengguan District',
  pinyin: 'Chengguan Qu',
};

type Violation = { field: string; message: string };
const violationsOf = (r: GraphQLResult<unknown>) =>
  (r.errors?.[0]?.extensions as { violations?: Violation[] } | undefined)?.violations ?? [];

/** Asserts a BAD_USER_INPUT whose violation on `field` lists every code of `valid`. */
function listsValidCodes(r: GraphQLResult<unknown>, field: string, valid: readonly string[], what: string) {
  assert.equal(codeOf(r), 'BAD_USER_INPUT', what);
  const violation = violationsOf(r).find((v) => v.field === field);
  assert.ok(violation, `${what}: no violation on ${field}: ${JSON.stringify(r.errors)}`);
  for (const code of valid)
    assert.ok(violation.message.includes(code), `${what}: ${violation.message} lacks ${code}`);
}

/** The same over NATS: an RpcError BAD_USER_INPUT whose violation on `field` lists every code of `valid`. */
async function refusedOverNats(
  call: Promise<unknown>,
  field: string,
  valid: readonly string[],
  what: string,
) {
  await assert.rejects(call, (err: unknown) => {
    assert.ok(err instanceof RpcError, what);
    assert.equal(ErrorCode[err.code], 'BAD_USER_INPUT', `${what}: ${err.message}`);
    const violation = err.violations.find((v) => v.field === field);
    assert.ok(violation, `${what}: no violation on ${field}: ${JSON.stringify(err.violations)}`);
    for (const code of valid)
      assert.ok(violation.message.includes(code), `${what}: ${violation.message} lacks ${code}`);
    for (const code of valid) assert.ok(err.message.includes(code), `${what}: the message lists ${code}`);
    return true;
  });
}

/**
 * Code lists and directory administration through the gateway and straight over NATS, on the real stack. The
 * services reuse the directory's answers for 2 s here (DIRECTORY_CACHE_SECONDS), so the test can see a new
 * organization reach the transfers service once that window has passed.
 */
describe('gateway code lists and directory administration', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const token: Record<string, string> = {};

  const gql = <T>(user: string, query: string, variables: Record<string, unknown> = {}) =>
    stack.graphql<T>(query, { token: token[user], variables });
  const counting = <T>(subject: string, action: () => Promise<T>) =>
    countRequests(nc, stack.subjectPrefix + subject, action);
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  before(async () => {
    stack = await startTestStack({ env: { DIRECTORY_CACHE_SECONDS: '2' } });
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of ['gongga-prosecutor', 'gongga-police', 'directory-admin', 'qushui-prosecutor'])
      token[user] = await stack.login(user);
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('answers the business lines with their categories', async () => {
    type Lines = {
      businessLines: { code: string; nameZh: string; categories: { code: string; nameZh: string }[] }[];
    };
    const { businessLines } = ok(
      await gql<Lines>(
        'gongga-prosecutor',
        '{ businessLines { code nameZh nameEn categories { code nameZh nameEn } } }',
      ),
    );
    assert.deepEqual(
      businessLines.map((l) => l.code),
      LINE_CODES,
    );
    assert.deepEqual(
      businessLines.find((l) => l.code === 'criminal')!.categories.map((c) => c.code),
      CRIMINAL_CATEGORIES,
    );
  });

  it('refuses unknown business lines and categories at the gateway, listing the valid codes, before NATS', async () => {
    const [results, requests] = await counting('yiti.>', async () => [
      await gql('gongga-prosecutor', SEND, {
        input: { ...LEAD, businessLine: 'banana', idempotencyKey: randomUUID() },
      }),
      await gql('gongga-prosecutor', SEND, {
        input: { ...LEAD, businessLine: 'civil', idempotencyKey: randomUUID() },
      }),
      await gql('gongga-prosecutor', CREATE_PACT, {
        input: {
          code: 'gw-codes-bad',
          kind: 'COOPERATION_MECHANISM',
          partyCodes: ['proc-540522', 'proc-540124'],
          content: { ...CONTENT, scope: { businessLines: [], caseCategories: ['ecology'] } },
        },
      }),
      await gql('gongga-prosecutor', CREATE_PACT, {
        input: {
          code: 'gw-codes-bad',
          kind: 'COOPERATION_MECHANISM',
          partyCodes: ['proc-540522', 'proc-540124'],
          content: { ...CONTENT, scope: { businessLines: ['criminal', 'banana'], caseCategories: [] } },
        },
      }),
      await gql('gongga-prosecutor', COVERING, { line: 'criminal', category: 'banana' }),
      await gql('gongga-police', LOG, {
        input: { ...CONSULTATION, category: 'banana', idempotencyKey: randomUUID() },
      }),
      await gql('gongga-police', LOG, {
        input: { ...CONSULTATION, category: 'civil-judgment', idempotencyKey: randomUUID() },
      }),
    ]);
    const [line, categoryOfLine, pactCategory, pactLine, covering, consultation, civilConsultation] = results;
    listsValidCodes(line!, 'businessLine', LINE_CODES, 'sendTransfer businessLine banana');
    listsValidCodes(categoryOfLine!, 'category', CIVIL_CATEGORIES, 'illegal-mining is no civil category');
    listsValidCodes(
      pactCategory!,
      'content.scope.caseCategories',
      CRIMINAL_CATEGORIES,
      'scope category ecology',
    );
    listsValidCodes(pactLine!, 'content.scope.businessLines', LINE_CODES, 'scope business line banana');
    listsValidCodes(covering!, 'category', CRIMINAL_CATEGORIES, 'agreementsCovering category banana');
    listsValidCodes(consultation!, 'category', CRIMINAL_CATEGORIES, 'logConsultation category banana');
    listsValidCodes(
      civilConsultation!,
      'category',
      CRIMINAL_CATEGORIES,
      'a consultation is about a criminal case',
    );
    assert.equal(requests, 0, 'nothing reached NATS');
  });

  it('refuses them in the services too, straight over NATS, and stores nothing', async () => {
    const before = {
      transfers: await count('SELECT count(*) AS n FROM transfers.transfer'),
      agreements: await count('SELECT count(*) AS n FROM agreements.agreement'),
      consultations: await count('SELECT count(*) AS n FROM meetings.police_consultation'),
    };
    const content = {
      ...LEAD,
      kind: TransferKind.LEAD,
      senderCaseNumber: '',
      pactCode: '',
    };
    const asProsecutor = { token: token['gongga-prosecutor']! };
    await refusedOverNats(
      rpc.call(
        TransfersRpc.send,
        { content: { ...content, businessLine: 'banana' }, idempotencyKey: randomUUID() },
        asProsecutor,
      ),
      'content.businessLine',
      LINE_CODES,
      'send',
    );
    await refusedOverNats(
      rpc.call(
        TransfersRpc.createDraft,
        { content: { ...content, category: 'banana' }, idempotencyKey: randomUUID() },
        asProsecutor,
      ),
      'content.category',
      CRIMINAL_CATEGORIES,
      'create draft',
    );
    const pact = {
      code: 'nats-codes-bad',
      kind: AgreementKind.COOPERATION_MECHANISM,
      partyCodes: ['proc-540522', 'proc-540124'],
      content: {
        ...CONTENT,
        titleEn: '',
        effectiveTo: '',
        scope: { businessLines: [], caseCategories: ['ecology'], divisionCodes: [], basinCode: '' },
      },
    };
    await refusedOverNats(
      rpc.call(AgreementsRpc.create, pact, asProsecutor),
      'content.scope.caseCategories',
      [...new Set(BUSINESS_LINES.flatMap((l) => l.categories))],
      'agreement scope',
    );
    await refusedOverNats(
      rpc.call(
        AgreementsRpc.covering,
        {
          fromOrg: 'proc-540522',
          toOrg: 'proc-540124',
          businessLine: 'banana',
          category: 'illegal-mining',
          divisionCode: '',
          onDate: '',
        },
        asProsecutor,
      ),
      'businessLine',
      LINE_CODES,
      'agreementsCovering',
    );
    await refusedOverNats(
      rpc.call(
        MeetingsRpc.logConsultation,
        {
          ...CONSULTATION,
          type: ConsultationType.EARLY_INVOLVEMENT,
          category: 'banana',
          materials: [],
          idempotencyKey: randomUUID(),
        },
        { token: token['gongga-police']! },
      ),
      'category',
      CRIMINAL_CATEGORIES,
      'logConsultation',
    );
    assert.deepEqual(
      {
        transfers: await count('SELECT count(*) AS n FROM transfers.transfer'),
        agreements: await count('SELECT count(*) AS n FROM agreements.agreement'),
        consultations: await count('SELECT count(*) AS n FROM meetings.police_consultation'),
      },
      before,
    );
    // Real codes still pass.
    ok(await gql('gongga-police', LOG, { input: { ...CONSULTATION, idempotencyKey: randomUUID() } }));
  });

  it('lets a directory admin add a Lhasa district, a court and a procuratorate there, which pacts and transfers then use', async () => {
    // The transfers service asks about the unknown receiver now (and remembers the answer for its cache window).
    const early = await gql('gongga-prosecutor', SEND, {
      input: { ...LEAD, receiverOrg: 'proc-540102', divisionCode: '540102', idempotencyKey: randomUUID() },
    });
    assert.equal(codeOf(early), 'BAD_USER_INPUT');

    assert.equal(codeOf(await gql('gongga-prosecutor', CREATE_DIVISION, { input: CHENGGUAN })), 'FORBIDDEN');
    type Division = { createDivision: { code: string; nameBo: string; parent: { code: string } } };
    const { createDivision } = ok(
      await gql<Division>('directory-admin', CREATE_DIVISION, { input: CHENGGUAN }),
    );
    assert.deepEqual(createDivision, {
      ...createDivision,
      code: '540102',
      nameBo: CHENGGUAN.nameBo,
      parent: { code: '540100' },
    });
    assert.equal(
      codeOf(await gql('directory-admin', CREATE_DIVISION, { input: { ...CHENGGUAN, nameZh: '另一个区' } })),
      'CONFLICT',
    );
    const badCode = await gql('directory-admin', CREATE_DIVISION, {
      input: { ...CHENGGUAN, code: '5401O2' },
    });
    assert.equal(codeOf(badCode), 'BAD_USER_INPUT');
    assert.deepEqual(
      violationsOf(badCode).map((v) => v.field),
      ['code'],
    );
    const wrongLevel = await gql('directory-admin', CREATE_DIVISION, {
      input: { ...CHENGGUAN, code: '540103', type: 'CITY' },
    });
    assert.equal(codeOf(wrongLevel), 'BAD_USER_INPUT');

    type Org = {
      createOrganization: { code: string; kind: string; superiorCode: string | null; city: { code: string } };
    };
    const court = {
      kind: 'COURT',
      divisionCode: '540102',
      nameZh: '拉萨市城关区人民法院',
      nameEn: 'Chengguan District Court',
    };
    assert.equal(codeOf(await gql('qushui-prosecutor', CREATE_ORG, { input: court })), 'FORBIDDEN');
    const created = ok(await gql<Org>('directory-admin', CREATE_ORG, { input: court })).createOrganization;
    assert.deepEqual(created, {
      code: 'court-540102',
      kind: 'COURT',
      superiorCode: null,
      city: { code: '540100' },
    });
    assert.equal(
      codeOf(await gql('directory-admin', CREATE_ORG, { input: { ...court, nameZh: '别的法院' } })),
      'CONFLICT',
    );
    assert.equal(
      codeOf(await gql('directory-admin', CREATE_ORG, { input: { ...court, divisionCode: '540199' } })),
      'NOT_FOUND',
    );
    const proc = {
      kind: 'PROCURATORATE',
      divisionCode: '540102',
      nameZh: '拉萨市城关区人民检察院',
      nameEn: '',
    };
    const newProc = ok(await gql<Org>('directory-admin', CREATE_ORG, { input: proc })).createOrganization;
    assert.equal(newProc.superiorCode, 'proc-540100');

    // A pact with the court as a party (the agreements service asks the directory afresh).
    type Pact = { createAgreement: { code: string; parties: { code: string; nameZh: string }[] } };
    const pact = ok(
      await gql<Pact>('gongga-prosecutor', CREATE_PACT, {
        input: {
          code: 'gw-court-pact',
          kind: 'INTER_AGENCY',
          partyCodes: ['proc-540522', 'court-540102'],
          content: CONTENT,
        },
      }),
    ).createAgreement;
    assert.deepEqual(pact.parties.map((p) => p.code).sort(), ['court-540102', 'proc-540522']);

    // The transfers service sees the new procuratorate once its cache window (2 s here) has passed.
    const deadline = Date.now() + 20_000;
    let sent: GraphQLResult<{ sendTransfer: { receiverOrg: string; receiver: { nameZh: string } } }>;
    for (;;) {
      sent = await gql('gongga-prosecutor', SEND, {
        input: { ...LEAD, receiverOrg: 'proc-540102', divisionCode: '540102', idempotencyKey: randomUUID() },
      });
      if (!sent.errors || Date.now() > deadline) break;
      assert.equal(codeOf(sent), 'BAD_USER_INPUT', 'unknown until the cache window has passed');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(ok(sent).sendTransfer.receiver.nameZh, '拉萨市城关区人民检察院');
    // A lead for the court there: no common superior procuratorate, but a receiver like any other.
    type ToCourt = { sendTransfer: { receiverOrg: string; commonSuperiorOrg: string | null } };
    const toCourt = await gql<ToCourt>(
      'gongga-prosecutor',
      'mutation($input: SendTransferInput!) { sendTransfer(input: $input) { receiverOrg commonSuperiorOrg } }',
      {
        input: { ...LEAD, receiverOrg: 'court-540102', divisionCode: '540102', idempotencyKey: randomUUID() },
      },
    );
    assert.deepEqual(ok(toCourt).sendTransfer, { receiverOrg: 'court-540102', commonSuperiorOrg: null });

    type Basin = { createRiverBasin: { code: string; members: { code: string }[] } };
    const basin = ok(
      await gql<Basin>('directory-admin', CREATE_BASIN, {
        input: {
          code: 'lhasa-river',
          nameZh: '拉萨河流域',
          nameEn: 'Lhasa River basin',
          memberDivisionCodes: ['540102', '540124'],
        },
      }),
    ).createRiverBasin;
    assert.deepEqual(
      basin.members.map((m) => m.code),
      ['540102', '540124'],
    );
    assert.equal(
      codeOf(
        await gql('directory-admin', CREATE_BASIN, {
          input: { code: 'nyang-river', nameZh: '尼洋河流域', memberDivisionCodes: ['549999'] },
        }),
      ),
      'NOT_FOUND',
    );
  });

  it('shows directory admins the audit of every change, and nobody else', async () => {
    type Audit = {
      directoryAudit: {
        actor: string;
        actorOrg: string;
        action: string;
        target: string;
        before: string;
        after: string;
      }[];
    };
    const { directoryAudit } = ok(await gql<Audit>('directory-admin', AUDIT));
    assert.deepEqual(
      directoryAudit.map((e) => [e.action, e.target]),
      [
        ['basin.create', 'lhasa-river'],
        ['organization.create', 'proc-540102'],
        ['organization.create', 'court-540102'],
        ['division.create', '540102'],
      ],
      'refused, conflicting and retried changes write no entry',
    );
    assert.ok(directoryAudit.every((e) => e.actor === 'directory-admin'));
    assert.equal(JSON.parse(directoryAudit[3]!.before), null);
    assert.equal(JSON.parse(directoryAudit[3]!.after).nameZh, '城关区');
    const court = ok(await gql<Audit>('directory-admin', AUDIT, { target: 'court-540102' })).directoryAudit;
    assert.deepEqual(
      court.map((e) => e.action),
      ['organization.create'],
    );
    assert.equal(codeOf(await gql('gongga-prosecutor', AUDIT)), 'FORBIDDEN');
    assert.equal(codeOf(await gql('directory-admin', AUDIT, { target: 'DROP TABLE' })), 'BAD_USER_INPUT');
    assert.equal(
      await count('SELECT count(*) AS n FROM directory.audit_entry'),
      4,
      'the rows are in the directory database',
    );
  });
});
