import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { LookupKind, LookupPurpose, RecordEvents, RecordLookupEventSchema } from '@yiti/contracts';
import { startTestStack, type GraphQLResult, type TestStack } from '@yiti/devstack';
import { shanghaiDateTime } from '../src/graphql/date-time.js';
import { CODES, countRequests, INTERNALS, ok } from './helpers.js';

/** The demonstration persons (apps/records/src/people/demo-seed.ts); their citizen IDs come from the database. */
const TASHI = '00000000-0000-4000-8000-0000000de001';
const TSERING_DROLMA = '00000000-0000-4000-8000-0000000de002';
const WANG = '00000000-0000-4000-8000-0000000de003';

const GONGGA_CASE = '贡检刑诉〔2026〕12号';
const QUSHUI_CASE = '曲检刑诉〔2026〕3号';
const purpose = (code = 'PROSECUTION_REVIEW', caseNumber = GONGGA_CASE) => ({
  code,
  caseNumber,
  justification: '审查起诉中核实犯罪嫌疑人有无前科',
});

const SUMMARY = `personId maskedCitizenId names sex birthDate householdDivision holderOrg convictionCount score
  matchReason matchedName`;
const RESULT = `auditId more persons { ${SUMMARY} }`;
const BY_ID = `query($citizenId: String!, $purpose: RecordPurposeInput) {
  recordLookupByCitizenId(citizenId: $citizenId, purpose: $purpose) { ${RESULT} } }`;
const BY_NAME = `query($input: RecordNameSearchInput!) { recordSearchByName(input: $input) { ${RESULT} } }`;
const DETAIL = `query($personId: ID!, $purpose: RecordPurposeInput) {
  recordPersonDetail(personId: $personId, purpose: $purpose) { auditId person {
    personId citizenId sex birthDate householdDivision holderOrg names { name script alias }
    convictions { id court judgmentNumber judgmentDate offence sentence sealed holderOrg } } } }`;
const VERIFY = `{ recordsAuditVerification { ok entries headSeq headHash firstBroken { seq } } }`;
const NOTIFICATION_FIELDS = 'auditId kind holderOrg personIds actor actorOrg purpose caseNumber occurredAt';
const SUBSCRIBE = `subscription { recordLookupNotifications { ${NOTIFICATION_FIELDS} } }`;

interface Summary {
  personId: string;
  maskedCitizenId: string;
  names: string[];
  holderOrg: string;
  householdDivision: string;
  birthDate: string;
  convictionCount: number;
  score: number;
  matchReason: string;
  matchedName: string | null;
}
interface LookupResult {
  auditId: string;
  more: boolean;
  persons: Summary[];
}
interface Conviction {
  judgmentNumber: string;
  sealed: boolean;
  holderOrg: string;
}
interface Detail {
  auditId: string;
  person: { personId: string; citizenId: string; holderOrg: string; convictions: Conviction[] };
}
interface Notification {
  auditId: string;
  kind: string;
  holderOrg: string;
  personIds: string[];
  actor: string;
  actorOrg: string;
  purpose: string;
  caseNumber: string;
  occurredAt: string;
}
interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  actor_org: string;
  action: string;
  purpose_code: string | null;
  case_number: string | null;
  query: Record<string, unknown>;
  result_ids: string[];
  outcome: string;
}
interface Listener {
  readonly notifications: Notification[];
  readonly errors: unknown[];
}

/** The extension keys docs/errors.md documents. */
const DOCUMENTED_EXTENSIONS = new Set(['code', 'reason', 'messages', 'violations']);
/** SQL or database internals, beyond what helpers.ts's INTERNALS already catches. */
const SQL =
  /\b(insert into|delete from|update \S+ set|where \S+ =)|records\.\w+|violates|relation "|syntax error at/i;

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Offender-record lookups through the gateway over the real stack (demo data: persons, the 贡嘎–曲水 pact). */
describe('gateway offender-record lookups', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let db: pg.Client;
  const token: Record<string, string> = {};
  const clients: Client[] = [];
  let tashiId: string;
  let drolmaId: string;

  const gql = <T>(user: string, query: string, variables: Record<string, unknown> = {}) =>
    stack.graphql<T>(query, { token: token[user], variables });
  const byId = (user: string, citizenId: string, stated?: Record<string, unknown>) =>
    gql<{ recordLookupByCitizenId: LookupResult }>(user, BY_ID, {
      citizenId,
      ...(stated ? { purpose: stated } : {}),
    });
  const byName = (user: string, input: Record<string, unknown>) =>
    gql<{ recordSearchByName: LookupResult }>(user, BY_NAME, { input });
  const detail = (user: string, personId: string, stated?: Record<string, unknown>) =>
    gql<{ recordPersonDetail: Detail }>(user, DETAIL, { personId, ...(stated ? { purpose: stated } : {}) });

  const auditCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM records.audit_log`)).rows[0].n);
  const lastAudit = async () =>
    (await db.query(`SELECT * FROM records.audit_log ORDER BY seq DESC LIMIT 1`)).rows[0] as AuditRow;
  const citizenIdOf = async (personId: string) =>
    (await db.query(`SELECT citizen_id FROM records.person WHERE id = $1`, [personId])).rows[0]
      .citizen_id as string;

  /**
   * A refusal, checked to be safe (every error in this file goes through here): one error with the expected
   * code, no data, a message without stack traces or SQL, and only the documented extension keys (`violations` as
   * `{ field, message }`). Returns the violations' fields.
   */
  const refused = (result: GraphQLResult<unknown>, code: string, what = code) => {
    const errors = result.errors ?? [];
    assert.equal(errors.length, 1, `${what}: ${JSON.stringify(result)}`);
    assert.equal(result.data ?? null, null, what);
    const [error] = errors;
    assert.ok(CODES.has(code));
    assert.equal(error!.extensions?.code, code, `${what}: ${JSON.stringify(errors)}`);
    assert.doesNotMatch(error!.message, INTERNALS, what);
    assert.doesNotMatch(error!.message, SQL, what);
    assert.doesNotMatch(JSON.stringify(result), INTERNALS, what);
    assert.deepEqual(
      Object.keys(error!.extensions!).filter((k) => !DOCUMENTED_EXTENSIONS.has(k)),
      [],
      `${what}: undocumented extensions`,
    );
    const violations = (error!.extensions!['violations'] ?? []) as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(violations), what);
    for (const v of violations) {
      assert.deepEqual(Object.keys(v).sort(), ['field', 'message'], what);
      assert.equal(typeof v['field'], 'string', what);
      assert.equal(typeof v['message'], 'string', what);
      assert.doesNotMatch(v['message'] as string, SQL, what);
    }
    return violations.map((v) => v['field'] as string);
  };

  /** Runs `action` and counts the lookup requests (by ID, by name, detail) to the records service meanwhile. */
  const recordsRequests = <T>(action: () => Promise<T>) =>
    countRequests(nc, `${stack.subjectPrefix}yiti.records.person.>`, action);

  /** A graphql-ws subscription to record-lookup notifications as `user`, once the socket is acknowledged. */
  const listen = async (user: string): Promise<Listener> => {
    let connected!: () => void;
    const acknowledged = new Promise<void>((r) => (connected = r));
    const client = createClient({
      url: stack.graphqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      connectionParams: { authorization: `Bearer ${token[user]}` },
      on: { connected: () => connected() },
    });
    clients.push(client);
    await acknowledged;
    const listener: Listener = { notifications: [], errors: [] };
    client.subscribe<{ recordLookupNotifications: Notification }>(
      { query: SUBSCRIBE },
      {
        next: (result: FormattedExecutionResult<{ recordLookupNotifications: Notification }>) => {
          if (result.errors) listener.errors.push(...result.errors);
          if (result.data) listener.notifications.push(result.data.recordLookupNotifications);
        },
        error: (err: unknown) => void listener.errors.push(err),
        complete: () => undefined,
      },
    );
    return listener;
  };

  /** Publishes a lookup event straight to the stream, visible to 贡嘎 and the city: a marker. */
  const marker = async () => {
    const auditId = randomUUID();
    const event = create(RecordLookupEventSchema, {
      auditId,
      kind: LookupKind.NAME,
      holderOrg: 'proc-540522',
      personIds: [],
      actor: 'marker',
      actorOrg: 'proc-540124',
      purpose: LookupPurpose.SUPERVISION_ANALYSIS,
      caseNumber: QUSHUI_CASE,
      occurredAt: new Date().toISOString(),
      visibleTo: ['proc-540522', 'proc-540500'],
    });
    await js.publish(
      stack.subjectPrefix + RecordEvents.lookupPerformed.subject,
      toBinary(RecordLookupEventSchema, event),
    );
    return auditId;
  };
  const got = (l: Listener, auditId: string) => l.notifications.some((n) => n.auditId === auditId);

  /**
   * A subscription listens some time after it was sent: publishes markers until every listener got one, then
   * waits for the last (so nothing published before it is still coming) and clears what they received.
   */
  const live = async (listeners: Listener[]) => {
    const markers = new Set<string>();
    const deadline = Date.now() + 15_000;
    let last = '';
    while (!listeners.every((l) => l.notifications.some((n) => markers.has(n.auditId)))) {
      if (Date.now() > deadline) throw new Error('subscriptions never started receiving');
      last = await marker();
      markers.add(last);
      await new Promise((r) => setTimeout(r, 200));
    }
    await until('the last marker', () => listeners.every((l) => got(l, last)));
    for (const l of listeners) l.notifications.length = 0;
  };

  before(async () => {
    stack = await startTestStack({ seedDemoData: true });
    nc = await stack.connectNats();
    js = jetstream(nc);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of [
      'gongga-prosecutor',
      'qushui-prosecutor',
      'city-chief',
      'gongga-police',
      'city-auditor',
    ]) {
      token[user] = await stack.login(user);
    }
    tashiId = await citizenIdOf(TASHI);
    drolmaId = await citizenIdOf(TSERING_DROLMA);
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('looks a person up by citizen ID: one person, the ID masked, the audit entry named', async () => {
    const before = await auditCount();
    const result = await byId('gongga-prosecutor', tashiId, purpose());
    const body = JSON.stringify(result);
    assert.ok(!body.includes(tashiId) && !body.includes(tashiId.toLowerCase()), 'the full ID is not sent');
    const found = ok(result).recordLookupByCitizenId;
    assert.equal(found.more, false);
    assert.equal(found.persons.length, 1);
    const [person] = found.persons;
    assert.equal(person!.personId, TASHI);
    assert.equal(person!.maskedCitizenId, `${tashiId.slice(0, 6)}************`);
    assert.equal(person!.holderOrg, 'proc-540522');
    assert.equal(person!.convictionCount, 1);
    assert.equal(person!.score, 1);
    assert.equal(person!.matchedName, null);
    assert.ok(person!.names.includes('扎西次仁'));

    assert.equal(await auditCount(), before + 1);
    const audit = await lastAudit();
    assert.equal(found.auditId, audit.id);
    assert.equal(audit.actor, 'gongga-prosecutor');
    assert.equal(audit.actor_org, 'proc-540522');
    assert.equal(audit.action, 'lookup');
    assert.equal(audit.outcome, 'ok');
    assert.equal(audit.purpose_code, 'PROSECUTION_REVIEW');
    assert.equal(audit.case_number, GONGGA_CASE);
    assert.deepEqual(audit.result_ids, [TASHI]);
  });

  it('searches by name in Tibetan script, Latin and a variant Chinese spelling, saying why; more for 扎西', async () => {
    for (const name of ['བཀྲ་ཤིས་ཚེ་རིང་', 'Tashi Tsering', '扎喜才仁']) {
      const result = await byName('gongga-prosecutor', {
        name,
        birthDate: '1988-04-12',
        purpose: purpose(),
      });
      assert.ok(!JSON.stringify(result).includes(tashiId), `${name}: the full ID is not sent`);
      const found = ok(result).recordSearchByName;
      const hit = found.persons.find((p) => p.personId === TASHI);
      assert.ok(hit, `${name} finds 扎西次仁: ${JSON.stringify(found)}`);
      assert.ok(hit.matchReason.trim().length > 0, name);
      assert.equal(hit.maskedCitizenId, '542223************', name);
      assert.ok(hit.score > 0 && hit.score <= 1, name);
      const audit = await lastAudit();
      assert.equal(audit.id, found.auditId, name);
      assert.equal(audit.query['name'], name);
      assert.ok(audit.result_ids.includes(TASHI), name);
    }
    const common = ok(await byName('gongga-prosecutor', { name: '扎西', limit: 1, purpose: purpose() }));
    assert.equal(common.recordSearchByName.persons.length, 1);
    assert.equal(common.recordSearchByName.more, true, 'a bare common name has more than one match');
  });

  it('shows the full ID and a sealed conviction for a judicial purpose only', async () => {
    const judicial = ok(await detail('gongga-prosecutor', TSERING_DROLMA, purpose('ARREST_REVIEW')));
    const { person } = judicial.recordPersonDetail;
    assert.equal(person.citizenId, drolmaId);
    assert.deepEqual(
      person.convictions.map((c) => [c.judgmentNumber, c.sealed]),
      [['（2020）藏0522刑初41号', true]],
    );
    let audit = await lastAudit();
    assert.equal(audit.id, judicial.recordPersonDetail.auditId);
    assert.deepEqual(
      [audit.action, audit.purpose_code, audit.result_ids],
      ['detail', 'ARREST_REVIEW', [TSERING_DROLMA]],
    );

    const check = await detail('gongga-prosecutor', TSERING_DROLMA, purpose('QUALIFICATION_CHECK'));
    assert.ok(
      !JSON.stringify(check).includes('（2020）藏0522刑初41号'),
      'nothing of the sealed record is sent',
    );
    const withheld = ok(check).recordPersonDetail;
    assert.equal(withheld.person.citizenId, drolmaId);
    assert.deepEqual(withheld.person.convictions, []);
    audit = await lastAudit();
    assert.equal(audit.id, withheld.auditId);
    assert.equal(audit.purpose_code, 'QUALIFICATION_CHECK');
  });

  it('passes a lookup without a purpose to the service, which refuses it (BAD_USER_INPUT) and audits it', async () => {
    for (const [what, stated, fields] of [
      ['purpose omitted', undefined, ['purpose.code', 'purpose.caseNumber', 'purpose.justification']],
      ['only a code', { code: 'ARREST_REVIEW' }, ['purpose.caseNumber', 'purpose.justification']],
    ] as const) {
      const before = await auditCount();
      const violations = refused(await byId('gongga-prosecutor', tashiId, stated), 'BAD_USER_INPUT', what);
      assert.deepEqual([...new Set(violations)].sort(), [...fields].sort(), what);
      assert.equal(await auditCount(), before + 1, what);
      const audit = await lastAudit();
      assert.equal(audit.actor, 'gongga-prosecutor', what);
      assert.equal(audit.action, 'denied', what);
      assert.equal(audit.outcome, 'rejected:purpose', what);
      assert.deepEqual(audit.result_ids, [], what);
    }
  });

  it('refuses a police liaison officer (FORBIDDEN) after auditing the attempt', async () => {
    const before = await auditCount();
    refused(await byId('gongga-police', tashiId, purpose()), 'FORBIDDEN');
    assert.equal(await auditCount(), before + 1);
    const audit = await lastAudit();
    assert.equal(audit.actor, 'gongga-police');
    assert.equal(audit.actor_org, 'police-540522');
    assert.equal(audit.action, 'denied');
    assert.equal(audit.outcome, 'denied:role');
    assert.deepEqual(audit.result_ids, []);
  });

  it('refuses malformed input at the gateway unaudited; a wrong check digit reaches the service and is audited', async () => {
    const before = await auditCount();
    const [results, requests] = await recordsRequests(() =>
      Promise.all([
        byName('gongga-prosecutor', { name: '扎'.repeat(10_000), purpose: purpose() }),
        byId('gongga-prosecutor', tashiId.slice(0, 17), purpose()),
        byId('gongga-prosecutor', `${tashiId.slice(0, 16)}A${tashiId.slice(17)}`, purpose()),
      ]),
    );
    assert.deepEqual(refused(results[0], 'BAD_USER_INPUT', '10,000-character name'), ['name']);
    assert.deepEqual(refused(results[1], 'BAD_USER_INPUT', '17-character ID'), ['citizenId']);
    assert.deepEqual(refused(results[2], 'BAD_USER_INPUT', 'a letter in the ID'), ['citizenId']);
    assert.equal(requests, 0, 'nothing reached the records service');
    assert.equal(await auditCount(), before, 'no audit entry for what the gateway refused');

    const last = tashiId.at(-1);
    const wrongCheck = tashiId.slice(0, 17) + (last === '0' ? '1' : '0');
    const violations = refused(await byId('gongga-prosecutor', wrongCheck, purpose()), 'BAD_USER_INPUT');
    assert.ok(violations.length > 0 && violations.every((f) => f === 'citizenId'), String(violations));
    assert.equal(await auditCount(), before + 1);
    const audit = await lastAudit();
    assert.deepEqual(
      [audit.actor, audit.action, audit.outcome, audit.query['citizenId']],
      ['gongga-prosecutor', 'denied', 'rejected:input', wrongCheck],
    );
  });

  it('answers every refusal with a documented code, a safe message and documented extensions only', async () => {
    const cases: Array<[string, () => Promise<GraphQLResult<unknown>>, string]> = [
      ['a person the caller may not see', () => detail('gongga-prosecutor', WANG, purpose()), 'NOT_FOUND'],
      [
        'a person id that is not a UUID',
        () => detail('gongga-prosecutor', "1' OR '1'='1", purpose()),
        'BAD_USER_INPUT',
      ],
      [
        'an unknown purpose code',
        () => byId('gongga-prosecutor', tashiId, purpose('CURIOSITY')),
        'BAD_USER_INPUT',
      ],
      [
        'an unknown field',
        () => gql('gongga-prosecutor', `{ recordsAuditVerification { ok secret } }`),
        'BAD_USER_INPUT',
      ],
      [
        'no token',
        () => stack.graphql(BY_ID, { variables: { citizenId: tashiId, purpose: purpose() } }),
        'UNAUTHENTICATED',
      ],
      [
        'only SQL/LIKE metacharacters as a name',
        () => byName('gongga-prosecutor', { name: "%_\\'--;", purpose: purpose() }),
        'BAD_USER_INPUT',
      ],
    ];
    for (const [what, request, code] of cases) refused(await request(), code, what);
    const audit = await lastAudit();
    assert.deepEqual(
      [audit.actor, audit.outcome],
      ['gongga-prosecutor', 'rejected:input'],
      'the service refused the name, audited',
    );
  });

  it('notifies the holder, and only the holder, over graphql-ws when another organization looks its records up', async () => {
    const gongga = await listen('gongga-prosecutor');
    const city = await listen('city-chief');
    await live([gongga, city]);

    const looked = ok(await byId('qushui-prosecutor', tashiId, purpose('ARREST_REVIEW', QUSHUI_CASE)));
    const { auditId } = looked.recordLookupByCitizenId;
    assert.deepEqual(
      looked.recordLookupByCitizenId.persons.map((p) => p.personId),
      [TASHI],
      'the pact shares record lookup',
    );
    await until('the notification to 贡嘎', () => got(gongga, auditId));
    // Published after it: once both have the marker, both have seen everything before it.
    const after = await marker();
    await until('the marker', () => got(gongga, after) && got(city, after));
    const at = (await db.query(`SELECT at FROM records.audit_log WHERE id = $1`, [auditId])).rows[0]
      .at as Date;
    assert.deepEqual(
      gongga.notifications.map((n) => n.auditId),
      [auditId, after],
      'exactly one notification for the lookup',
    );
    assert.deepEqual(gongga.notifications[0], {
      auditId,
      kind: 'CITIZEN_ID',
      holderOrg: 'proc-540522',
      personIds: [TASHI],
      actor: 'qushui-prosecutor',
      actorOrg: 'proc-540124',
      purpose: 'ARREST_REVIEW',
      caseNumber: QUSHUI_CASE,
      occurredAt: shanghaiDateTime(at),
    });
    assert.deepEqual(
      city.notifications.map((n) => n.auditId),
      [after],
      'the city, a superior of the holder, is not notified',
    );

    gongga.notifications.length = 0;
    city.notifications.length = 0;
    const own = ok(await byId('gongga-prosecutor', tashiId, purpose()));
    assert.equal(own.recordLookupByCitizenId.persons.length, 1);
    // A later lookup by 曲水, through the same outbox: once it arrived, anything 贡嘎's own lookup sent would have.
    const again = ok(await byId('qushui-prosecutor', tashiId, purpose('PROSECUTION_REVIEW', QUSHUI_CASE)));
    await until('the second notification', () => got(gongga, again.recordLookupByCitizenId.auditId));
    const last = await marker();
    await until('the last marker', () => got(gongga, last) && got(city, last));
    assert.deepEqual(
      gongga.notifications.map((n) => n.auditId),
      [again.recordLookupByCitizenId.auditId, last],
      'a lookup of its own records notifies nobody',
    );
    assert.deepEqual(
      city.notifications.map((n) => n.auditId),
      [last],
    );
    assert.deepEqual([...gongga.errors, ...city.errors], []);
  });

  it('limits lookups per user per minute with RATE_LIMITED through GraphQL', async () => {
    token['gw-busy'] = await stack.tokens.valid({
      sub: randomUUID(),
      preferred_username: 'gw-busy',
      org: 'proc-540522',
      realm_access: { roles: ['prosecutor'] },
    });
    for (let i = 0; i < 30; i++) {
      const found = ok(await byId('gw-busy', tashiId, purpose()));
      assert.equal(found.recordLookupByCitizenId.persons.length, 1, `lookup ${i + 1}`);
    }
    const limited = await byId('gw-busy', tashiId, purpose());
    refused(limited, 'RATE_LIMITED');
    assert.match(limited.errors![0]!.message, /try again/i, 'the message says when to retry');
    const audit = await lastAudit();
    assert.deepEqual([audit.actor, audit.outcome, audit.result_ids], ['gw-busy', 'rate-limited', []]);
  });

  it('lets a records auditor, and only them, verify the audit chain', async () => {
    refused(await gql('gongga-prosecutor', VERIFY), 'FORBIDDEN');
    const verified = ok(
      await gql<{
        recordsAuditVerification: { ok: boolean; entries: number; headSeq: number; firstBroken: null };
      }>('city-auditor', VERIFY),
    ).recordsAuditVerification;
    const entries = await auditCount();
    assert.ok(entries > 40, `the lookups above were audited (${entries})`);
    assert.equal(verified.ok, true);
    assert.equal(verified.entries, entries);
    assert.equal(verified.headSeq, entries);
    assert.equal(verified.firstBroken, null);
  });
});
