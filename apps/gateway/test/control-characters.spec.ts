import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import {
  AgreementKind,
  AgreementsRpc,
  ConsultationType,
  DirectoryRpc,
  MeetingKind,
  MeetingsRpc,
  OrganizationKind,
  TransferKind,
  TransfersRpc,
} from '@yiti/contracts';
import { startTestStack, type GraphQLResult, type TestStack } from '@yiti/devstack';
import { RpcClient, RpcError } from '@yiti/messaging';
import { codeOf, ok, reasonOf } from './helpers.js';

const NUL = '\u0000';
const key = () => randomUUID();
const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

const LEAD = {
  receiverOrg: 'proc-540124',
  kind: 'LEAD',
  businessLine: 'criminal',
  category: 'illegal-mining',
  divisionCode: '540124',
  summary: '雅鲁藏布江曲水段夜间非法采砂线索',
  senderCaseNumber: '贡检移〔2026〕9号',
};
const PACT = {
  kind: 'RIVER_BASIN_PACT',
  partyCodes: ['proc-540522', 'proc-540124'],
  content: {
    titleZh: '贡嘎县 曲水县 雅鲁藏布江流域检察协作意见（U+0000 测试）',
    scope: { businessLines: ['criminal'], caseCategories: ['illegal-mining'], basinCode: 'yarlung-tsangpo' },
    clauses: [{ number: 1, text: '互相移送案件线索。' }],
    effectiveFrom: '2025-01-01',
    settings: { acknowledgeWithinDays: 2, decideWithinDays: 5, shareRecordsLookup: false },
  },
};
const MEETING = {
  kind: 'PROSECUTORS_JOINT',
  title: '检察官联席会议（U+0000 测试）',
  startsAt: inDays(3),
  endsAt: inDays(3, 2),
  location: '山南市人民检察院第三会议室',
  invitees: [{ org: 'proc-540522' }],
};
const CONSULTATION = {
  iscoOrg: 'isco-540522',
  policeCaseNumber: '贡公刑〔2026〕99号',
  category: 'illegal-mining',
  type: 'FILING_SUPERVISION',
  question: '拟不立案，是否符合立案条件？',
  materials: ['举报材料'],
};

/**
 * U+0000 in free text, the one rule everywhere (docs/errors.md): refused as BAD_USER_INPUT
 * (TEXT_CONTROL_CHARACTER) naming the field, at the gateway and — sent straight over NATS, past the gateway —
 * by each service, and nothing is stored.
 */
describe('U+0000 in free text', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let db: pg.Client;
  let rpc: RpcClient;
  const token: Record<string, string> = {};
  let meeting: { id: string; version: number };
  const pactCode = 'nul-test-pact';

  const gql = <T>(user: string, query: string, variables: Record<string, unknown> = {}) =>
    stack.graphql<T>(query, { token: token[user], variables });

  /** Rows per table of a service's schema. */
  const rows = async (schema: string) => {
    const tables = await db.query<{ t: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t FROM information_schema.tables
        WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      [schema],
    );
    const counts: Record<string, number> = {};
    for (const { t } of tables.rows) {
      const r = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
      counts[t] = Number(r.rows[0]!.n);
    }
    return counts;
  };
  /** Fails when any table of `schema` has more rows after `action` than before. */
  const storesNothing = async (schema: string, action: () => Promise<void>) => {
    const before = await rows(schema);
    await action();
    const after = await rows(schema);
    for (const [table, n] of Object.entries(after))
      assert.ok(n <= (before[table] ?? 0), `${table} gained rows: ${before[table]} → ${n}`);
  };
  const refusedAtGateway = (result: GraphQLResult<unknown>, field: string, what: string) => {
    assert.equal(codeOf(result), 'BAD_USER_INPUT', what);
    assert.equal(reasonOf(result), 'TEXT_CONTROL_CHARACTER', what);
    const violations = result.errors![0]!.extensions!['violations'] as { field: string }[];
    assert.deepEqual(
      violations.map((v) => v.field),
      [field],
      what,
    );
    assert.ok(
      Object.values(result.data ?? {}).every((v) => v === null),
      what,
    );
  };
  const refusedByService = async (call: Promise<unknown>, field: string, what: string) => {
    await assert.rejects(call, (err: unknown) => {
      assert.ok(err instanceof RpcError, `${what}: ${String(err)}`);
      assert.equal(err.codeName, 'BAD_USER_INPUT', `${what}: ${err.message}`);
      assert.equal(err.reason.reason, 'TEXT_CONTROL_CHARACTER', what);
      assert.deepEqual(
        err.violations.map((v) => v.field),
        [field],
        what,
      );
      return true;
    });
  };
  const as = (user: string) => ({ token: token[user]! });

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of ['gongga-prosecutor', 'gongga-police', 'city-secretary', 'directory-admin'])
      token[user] = await stack.login(user);
    ok(
      await gql(
        'gongga-prosecutor',
        'mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { code } }',
        {
          input: { ...PACT, code: pactCode },
        },
      ),
    );
    type Created = { createMeeting: { id: string; version: number } };
    meeting = ok(
      await gql<Created>(
        'city-secretary',
        'mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id version } }',
        { input: { ...MEETING, idempotencyKey: key() } },
      ),
    ).createMeeting;
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('refuses it in a transfer (send and draft) at the gateway and in the service', async () => {
    for (const mutation of ['sendTransfer', 'createTransferDraft']) {
      await storesNothing('transfers', async () => {
        const q = `mutation($input: SendTransferInput!) { ${mutation}(input: $input) { id } }`;
        const input = { ...LEAD, summary: `非法采砂${NUL}线索`, idempotencyKey: key() };
        refusedAtGateway(await gql('gongga-prosecutor', q, { input }), 'summary', mutation);
      });
    }
    const content = {
      receiverOrg: 'proc-540124',
      kind: TransferKind.LEAD,
      businessLine: 'criminal',
      category: 'illegal-mining',
      divisionCode: '540124',
      summary: `非法采砂${NUL}线索`,
    };
    await storesNothing('transfers', async () => {
      await refusedByService(
        rpc.call(TransfersRpc.send, { content, idempotencyKey: key() }, as('gongga-prosecutor')),
        'content.summary',
        'send over NATS',
      );
      await refusedByService(
        rpc.call(TransfersRpc.createDraft, { content, idempotencyKey: key() }, as('gongga-prosecutor')),
        'content.summary',
        'draft over NATS',
      );
    });
  });

  it('refuses it in a meeting and an agenda item at the gateway and in the service', async () => {
    await storesNothing('meetings', async () => {
      const create = 'mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }';
      const input = { ...MEETING, location: `第三会议室${NUL}`, idempotencyKey: key() };
      refusedAtGateway(await gql('city-secretary', create, { input }), 'location', 'createMeeting');
      const item = `mutation($id: ID!, $v: Int!, $item: AgendaItemInput!) {
        recordAgendaItem(id: $id, expectedVersion: $v, item: $item) { id } }`;
      refusedAtGateway(
        await gql('city-secretary', item, {
          id: meeting.id,
          v: meeting.version,
          item: { number: 1, title: `议题${NUL}一` },
        }),
        'item.title',
        'recordAgendaItem',
      );
      await refusedByService(
        rpc.call(
          MeetingsRpc.create,
          {
            details: {
              kind: MeetingKind.PROSECUTORS_JOINT,
              title: `联席会议${NUL}`,
              startsAt: MEETING.startsAt,
              endsAt: MEETING.endsAt,
              location: MEETING.location,
              invitees: [{ org: 'proc-540522' }],
            },
            idempotencyKey: key(),
          },
          as('city-secretary'),
        ),
        'details.title',
        'create over NATS',
      );
      await refusedByService(
        rpc.call(
          MeetingsRpc.recordAgendaItem,
          { id: meeting.id, expectedVersion: meeting.version, item: { number: 1, title: `议题${NUL}一` } },
          as('city-secretary'),
        ),
        'item.title',
        'agenda over NATS',
      );
    });
    const agenda = await db.query('SELECT 1 FROM meetings.agenda_item WHERE meeting_id = $1', [meeting.id]);
    assert.equal(agenda.rowCount, 0);
  });

  it('refuses it in a police consultation at the gateway and in the service', async () => {
    await storesNothing('meetings', async () => {
      const log = 'mutation($input: LogConsultationInput!) { logConsultation(input: $input) { id } }';
      const input = { ...CONSULTATION, materials: ['举报材料', `笔录${NUL}`], idempotencyKey: key() };
      refusedAtGateway(await gql('gongga-police', log, { input }), 'materials[1]', 'logConsultation');
      await refusedByService(
        rpc.call(
          MeetingsRpc.logConsultation,
          {
            ...CONSULTATION,
            type: ConsultationType.FILING_SUPERVISION,
            question: `是否${NUL}立案？`,
            idempotencyKey: key(),
          },
          as('gongga-police'),
        ),
        'question',
        'log over NATS',
      );
    });
  });

  it('refuses it in an agreement (create and amend) at the gateway and in the service', async () => {
    await storesNothing('agreements', async () => {
      const create = 'mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { code } }';
      const input = { ...PACT, code: 'nul-test-2', content: { ...PACT.content, titleZh: `协作意见${NUL}` } };
      refusedAtGateway(
        await gql('gongga-prosecutor', create, { input }),
        'content.titleZh',
        'createAgreement',
      );
      const amend = 'mutation($input: AmendAgreementInput!) { amendAgreement(input: $input) { code } }';
      const clauses = [{ number: 1, text: `互相移送${NUL}` }];
      refusedAtGateway(
        await gql('gongga-prosecutor', amend, {
          input: { code: pactCode, content: { ...PACT.content, clauses } },
        }),
        'content.clauses[0].text',
        'amendAgreement',
      );
      const content = {
        ...PACT.content,
        clauses,
        settings: { acknowledgeWithinDays: 2, decideWithinDays: 5, shareRecordsLookup: false },
      };
      await refusedByService(
        rpc.call(
          AgreementsRpc.create,
          {
            code: 'nul-test-3',
            kind: AgreementKind.RIVER_BASIN_PACT,
            partyCodes: PACT.partyCodes,
            content,
            idempotencyKey: key(),
          },
          as('gongga-prosecutor'),
        ),
        'content.clauses[0].text',
        'create over NATS',
      );
      await refusedByService(
        rpc.call(
          AgreementsRpc.amend,
          { code: pactCode, content, idempotencyKey: key() },
          as('gongga-prosecutor'),
        ),
        'content.clauses[0].text',
        'amend over NATS',
      );
    });
  });

  it('refuses it in a new organization at the gateway and in the directory', async () => {
    await storesNothing('directory', async () => {
      const create = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { code } }`;
      const input = { kind: 'MILITARY', divisionCode: '540100', nameZh: `拉萨${NUL}军分区` };
      refusedAtGateway(await gql('directory-admin', create, { input }), 'nameZh', 'createOrganization');
      await refusedByService(
        rpc.call(
          DirectoryRpc.createOrganization,
          { kind: OrganizationKind.MILITARY, divisionCode: '540100', nameZh: `拉萨${NUL}军分区` },
          as('directory-admin'),
        ),
        'nameZh',
        'create over NATS',
      );
    });
  });

  it('refuses it in a plain argument by the argument name', async () => {
    const r = await gql('gongga-prosecutor', 'query($c: String!) { organization(code: $c) { code } }', {
      c: `proc-540522${NUL}`,
    });
    refusedAtGateway(r, 'code', 'organization(code)');
  });
});
