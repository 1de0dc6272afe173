import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { ATTACHMENT_MAX_BYTES, TransfersRpc } from '@yiti/contracts';
import { startTestStack, type GraphQLResult, type TestStack } from '@yiti/devstack';
import { codeOf, countRequests, ok, reasonOf, refusal, zhOf } from './helpers.js';
const PACT = 'gw-transfer-pact';
const PACT_TITLE = '贡嘎 曲水 雅鲁藏布江流域协作（网关移送测试）';

const LEAD = {
  receiverOrg: 'proc-540124',
  kind: 'LEAD',
  businessLine: 'criminal',
  category: 'illegal-mining',
  divisionCode: '540124',
  summary: '雅鲁藏布江曲水段夜间非法采砂线索（网关测试）',
  senderCaseNumber: '贡检移〔2026〕3号',
};

const FIELDS = `id state senderOrg receiverOrg kind summary senderCaseNumber citedPactCode handlingOrg decisionText
  sentAt receivedAt closedAt sender { code nameZh } receiver { code nameZh }
  legalBasis { pactCode pactVersion pactTitle acknowledgeWithinDays decideWithinDays }
  deadlines { deadline dueAt metAt overdueSince localDate provisional }
  attachments { id filename mediaType size sha256 uploadedBy uploadedByOrg downloadPath }
  timeline { action actor actorOrg fromState toState note }`;

const PACT_INPUT = {
  code: PACT,
  kind: 'RIVER_BASIN_PACT',
  partyCodes: ['proc-540522', 'proc-540124'],
  content: {
    titleZh: PACT_TITLE,
    scope: { businessLines: ['criminal'], caseCategories: ['illegal-mining'], basinCode: 'yarlung-tsangpo' },
    clauses: [{ number: 1, text: 'Each refers leads to the other.' }],
    effectiveFrom: '2025-01-01',
    settings: { acknowledgeWithinDays: 2, decideWithinDays: 5, shareRecordsLookup: false },
  },
};
const CREATE_PACT = 'mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { code } }';

type Row = Record<string, unknown>;
type Deadline = {
  deadline: string;
  dueAt: string;
  metAt: string | null;
  overdueSince: string | null;
  localDate: string;
  provisional: boolean;
};
type Attachment = { id: string; size: number; sha256: string; filename: string; downloadPath: string };
type Step = Record<'action' | 'actor' | 'actorOrg', string> & Record<'fromState' | 'toState', string | null>;
type TransferView = Record<'id' | 'state', string> &
  Record<'citedPactCode' | 'handlingOrg' | 'decisionText' | 'receivedAt' | 'closedAt', string | null> &
  Record<'sender' | 'receiver' | 'legalBasis', Row | null> & {
    deadlines: Deadline[];
    attachments: Attachment[];
    timeline: Step[];
  };
type Page = { items: { id: string }[]; nextCursor: string | null };

const SEND = `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { transfer(id: $id) { ${FIELDS} } }`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const key = () => randomUUID();
const actions = (t: TransferView) => t.timeline.map((s) => s.action);

/** Transfers through the gateway over the real stack: identity provider, NATS, directory, agreements, transfers. */
describe('gateway transfers', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let db: pg.Client;
  const token: Record<string, string> = {};

  const gql = <T>(user: string, query: string, variables: Record<string, unknown> = {}) =>
    stack.graphql<T>(query, { token: token[user], variables });
  /** Runs `action` and counts the NATS requests published on `subject` meanwhile. */
  const counting = <T>(subject: string, action: () => Promise<T>) =>
    countRequests(nc, stack.subjectPrefix + subject, action);
  const send = (input: Record<string, unknown>, user = 'gongga-prosecutor') =>
    gql<{ sendTransfer: TransferView }>(user, SEND, { input });
  const sent = async (overrides: Record<string, unknown> = {}) =>
    ok(await send({ ...LEAD, idempotencyKey: key(), ...overrides })).sendTransfer;
  const open = (user: string, id: string) => gql<{ transfer: TransferView | null }>(user, GET, { id });
  const upload = (user: string, transferId: string, body: Uint8Array, headers: Record<string, string>) =>
    fetch(`${stack.gatewayUrl}/transfers/${transferId}/attachments`, {
      method: 'POST',
      headers: { ...(token[user] ? { authorization: `Bearer ${token[user]}` } : {}), ...headers },
      body,
    });
  const download = (path: string, user: string) =>
    fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${token[user]}` } });
  const pageThrough = async (user: string, box: string) => {
    const pages: string[][] = [];
    let after: string | null = null;
    do {
      const query = `query($after: String) { ${box}(first: 2, after: $after) { items { id } nextCursor } }`;
      const result: GraphQLResult<Record<string, Page>> = await gql(user, query, { after });
      const page: Page = ok(result)[box]!;
      pages.push(page.items.map((t) => t.id));
      after = page.nextCursor;
    } while (after);
    return pages;
  };

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const users = ['gongga-prosecutor', 'gongga-chief', 'gongga-police', 'qushui-prosecutor', 'qushui-chief'];
    for (const user of users) token[user] = await stack.login(user);
    token['stranger'] = await stack.tokens.valid({
      org: 'proc-540581',
      preferred_username: 'cona-prosecutor',
      realm_access: { roles: ['prosecutor'] },
    });
    // A Yarlung Tsangpo pact between 贡嘎 and 曲水 in force: 2 working days to acknowledge, 5 to decide.
    ok(await gql('gongga-prosecutor', CREATE_PACT, { input: PACT_INPUT }));
    const circulate = `mutation { circulateAgreement(code: "${PACT}") { versions { digest } } }`;
    type Circulated = { circulateAgreement: { versions: { digest: string }[] } };
    const [{ digest }] = ok(await gql<Circulated>('gongga-prosecutor', circulate)).circulateAgreement
      .versions;
    const sign = 'mutation($input: SignAgreementInput!) { signAgreement(input: $input) { code } }';
    for (const chief of ['gongga-chief', 'qushui-chief'])
      ok(await gql(chief, sign, { input: { code: PACT, version: 1, digest } }));
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('refuses malformed input at the gateway with violations, and nothing is created', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'bad case number',
        { senderCaseNumber: '贡检移2026第3号' },
        /senderCaseNumber must be a document number/,
      ],
      ['bad organization code', { receiverOrg: 'proc-54012' }, /receiverOrg must be an organization code/],
      ['missing idempotency key', { idempotencyKey: '' }, /idempotencyKey is required/],
      [
        '10,001-character summary',
        { summary: '线'.repeat(10_001) },
        /summary must be shorter than or equal to 4000 characters/,
      ],
    ];
    const [results, requests] = await counting(TransfersRpc.send.subject, () =>
      Promise.all(cases.map(([, change]) => send({ ...LEAD, idempotencyKey: key(), ...change }))),
    );
    results.forEach((r, i) => {
      const [what, , message] = cases[i]!;
      assert.equal(codeOf(r), 'BAD_USER_INPUT', what);
      assert.match(r.errors![0]!.message, message, what);
      assert.ok((r.errors![0]!.extensions?.['violations'] as unknown[]).length > 0, what);
    });
    const omitted = await send({ ...LEAD });
    assert.equal(codeOf(omitted), 'BAD_USER_INPUT', 'the schema requires the key');
    assert.equal(requests, 0, 'nothing reached the transfers service');
    const outbox = await gql('gongga-prosecutor', '{ transferOutbox { items { id } } }');
    assert.deepEqual(ok(outbox), { transferOutbox: { items: [] } });
  });

  let main: TransferView;

  it('sends under the pact with its legal basis and deadlines; a retry with the same key returns the same transfer', async () => {
    const idempotencyKey = key();
    main = ok(await send({ ...LEAD, idempotencyKey })).sendTransfer;
    assert.equal(main.state, 'SENT');
    assert.deepEqual(main.legalBasis, {
      pactCode: PACT,
      pactVersion: 1,
      pactTitle: PACT_TITLE,
      acknowledgeWithinDays: 2,
      decideWithinDays: 5,
    });
    assert.deepEqual(
      main.deadlines.map((d) => [d.deadline, !!d.dueAt, d.metAt, d.overdueSince]),
      [['ACKNOWLEDGE', true, null, null]],
    );
    // Timestamps come back in Asia/Shanghai time; a deadline is 24:00 of its local date, i.e. the next 00:00.
    assert.match(
      (main as unknown as { sentAt: string }).sentAt,
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/,
    );
    const [due] = main.deadlines;
    assert.match(due!.dueAt, /^\d{4}-\d{2}-\d{2}T00:00:00\.000\+08:00$/);
    const dayBefore = new Date(Date.parse(`${due!.dueAt.slice(0, 10)}T00:00:00Z`) - 86_400_000);
    assert.equal(due!.localDate, dayBefore.toISOString().slice(0, 10));
    assert.equal(typeof due!.provisional, 'boolean');
    assert.deepEqual(main.sender, { code: 'proc-540522', nameZh: '贡嘎县人民检察院' });
    assert.deepEqual(main.receiver, { code: 'proc-540124', nameZh: '曲水县人民检察院' });
    assert.deepEqual(actions(main), ['created', 'sent']);

    const retried = ok(await send({ ...LEAD, idempotencyKey })).sendTransfer;
    assert.deepEqual([retried.id, actions(retried)], [main.id, ['created', 'sent']]);
    const reused = await send({ ...LEAD, summary: '另一条线索', idempotencyKey });
    assert.equal(codeOf(reused), 'CONFLICT', 'the same key for a different request');

    const uncovered = await sent({ category: 'fraud', senderCaseNumber: null });
    assert.deepEqual(uncovered.legalBasis, {
      pactCode: null,
      pactVersion: null,
      pactTitle: null,
      acknowledgeWithinDays: 3,
      decideWithinDays: 10,
    });
  });

  it('records the receipt when the receiving organization opens it, not when anyone else does', async () => {
    assert.equal(ok(await open('gongga-prosecutor', main.id)).transfer!.state, 'SENT');
    assert.deepEqual(ok(await open('stranger', main.id)), { transfer: null });
    const received = ok(await open('qushui-prosecutor', main.id)).transfer!;
    assert.deepEqual([received.state, !!received.receivedAt], ['RECEIVED', true]);
    const step = received.timeline.at(-1)!;
    assert.deepEqual(step, {
      action: 'received',
      actor: 'qushui-prosecutor',
      actorOrg: 'proc-540124',
      fromState: 'SENT',
      toState: 'RECEIVED',
      note: null,
    });
    assert.deepEqual(
      received.deadlines.map((d) => [d.deadline, !!d.metAt]),
      [
        ['ACKNOWLEDGE', true],
        ['DECIDE', false],
      ],
    );
    const again = ok(await open('qushui-prosecutor', main.id)).transfer!;
    assert.deepEqual(actions(again), ['created', 'sent', 'received'], 'one receipt');
  });

  it("lets only the receiving organization's prosecutors accept", async () => {
    const accept = `mutation($id: ID!, $note: String) { acceptTransfer(id: $id, note: $note) { ${FIELDS} } }`;
    const bySender = await gql('gongga-prosecutor', accept, { id: main.id });
    assert.equal(codeOf(bySender), 'FORBIDDEN', 'the sender');
    assert.equal(reasonOf(bySender), 'TRANSFER_WRONG_ORGANIZATION');
    const accepted = ok(
      await gql<{ acceptTransfer: TransferView }>('qushui-prosecutor', accept, {
        id: main.id,
        note: '  本院受理。 ',
      }),
    ).acceptTransfer;
    const { state, handlingOrg, decisionText, closedAt } = accepted;
    assert.deepEqual(
      [state, handlingOrg, decisionText, !!closedAt],
      ['ACCEPTED', 'proc-540124', '本院受理。', true],
    );
    const again = await gql('qushui-chief', accept, { id: main.id });
    assert.equal(codeOf(again), 'CONFLICT', 'accepted already');
    assert.equal(reasonOf(again), 'TRANSFER_ILLEGAL_MOVE');
    assert.equal(zhOf(again), '移送当前的状态不允许此操作。');
  });

  it('drafts, edits and sends a draft that only the sender sees until then', async () => {
    const create = `mutation($input: SendTransferInput!) { createTransferDraft(input: $input) { ${FIELDS} } }`;
    const draft = ok(
      await gql<{ createTransferDraft: TransferView }>('gongga-prosecutor', create, {
        input: { ...LEAD, pactCode: PACT, idempotencyKey: key() },
      }),
    ).createTransferDraft;
    assert.deepEqual([draft.state, draft.legalBasis, draft.citedPactCode], ['DRAFT', null, PACT]);
    assert.deepEqual(ok(await open('qushui-prosecutor', draft.id)), { transfer: null });
    const update = `mutation($id: ID!, $content: TransferContentInput!) { updateTransferDraft(id: $id, content: $content) { summary } }`;
    const content = { ...LEAD, summary: '修改后的线索摘要' };
    assert.deepEqual(ok(await gql('gongga-prosecutor', update, { id: draft.id, content })), {
      updateTransferDraft: { summary: '修改后的线索摘要' },
    });
    const sendDraft = `mutation($id: ID!, $key: String!) { sendTransferDraft(id: $id, idempotencyKey: $key) { id state legalBasis { pactCode } } }`;
    const idempotencyKey = key();
    const first = ok(await gql('gongga-prosecutor', sendDraft, { id: draft.id, key: idempotencyKey }));
    assert.deepEqual(first, {
      sendTransferDraft: { id: draft.id, state: 'SENT', legalBasis: { pactCode: PACT } },
    });
    assert.deepEqual(
      ok(await gql('gongga-prosecutor', sendDraft, { id: draft.id, key: idempotencyKey })),
      first,
    );
  });

  it('pages through the outbox and the inbox with first and after', async () => {
    await sent();
    await sent({ kind: 'CASE' });
    const outbox = await pageThrough('gongga-prosecutor', 'transferOutbox');
    const inbox = await pageThrough('qushui-prosecutor', 'transferInbox');
    for (const pages of [outbox, inbox]) {
      assert.deepEqual(
        pages.map((p) => p.length),
        [2, 2, 1],
      );
      assert.equal(new Set(pages.flat()).size, 5);
    }
    assert.deepEqual(new Set(outbox.flat()), new Set(inbox.flat()));
    const accepted = ok(
      await gql<{ transferInbox: { items: { id: string }[] } }>(
        'qushui-prosecutor',
        '{ transferInbox(filter: { states: [ACCEPTED] }) { items { id } } }',
      ),
    );
    assert.deepEqual(accepted.transferInbox.items, [{ id: main.id }]);
    for (const args of ['first: 2, after: "bm90IGEgdG9rZW4"', 'first: 500', 'first: 0']) {
      const refused = await gql('qushui-prosecutor', `{ transferInbox(${args}) { nextCursor } }`);
      assert.equal(codeOf(refused), 'BAD_USER_INPUT', args);
    }
    const cards = ok(
      await gql<{ transferScorecards: { key: string | null; sent: number; accepted: number }[] }>(
        'gongga-prosecutor',
        '{ transferScorecards(groupBy: PACT) { key sent accepted } }',
      ),
    );
    assert.deepEqual(cards.transferScorecards, [
      { key: null, sent: 1, accepted: 0 },
      { key: PACT, sent: 4, accepted: 1 },
    ]);
  });

  const file = randomBytes(1_500_000);
  let attached: { transferId: string; id: string; downloadPath: string };

  it('round-trips a 1.5 MB file byte for byte with its SHA-256', async () => {
    const transfer = await sent();
    const headers = {
      'content-type': 'application/pdf',
      'x-filename': encodeURIComponent('采砂 现场照片(1).pdf'),
      'x-content-sha256': sha256(file),
    };
    const res = await upload('gongga-prosecutor', transfer.id, file, headers);
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as Attachment;
    assert.deepEqual(
      [body.size, body.sha256, body.filename],
      [file.length, sha256(file), '采砂 现场照片(1).pdf'],
    );
    attached = { transferId: transfer.id, id: body.id, downloadPath: body.downloadPath };

    const got = await download(body.downloadPath, 'qushui-prosecutor');
    assert.equal(got.status, 200);
    const bytes = Buffer.from(await got.arrayBuffer());
    assert.ok(bytes.equals(file), 'byte-identical');
    const headersOf = (names: string[]) => names.map((name) => got.headers.get(name));
    assert.deepEqual(headersOf(['x-content-sha256', 'content-type', 'content-length', 'cache-control']), [
      sha256(file),
      'application/pdf',
      String(file.length),
      'no-store',
    ]);
    assert.equal(
      got.headers.get('content-disposition'),
      `attachment; filename*=UTF-8''%E9%87%87%E7%A0%82%20%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%281%29.pdf`,
    );
    const view = ok(await open('gongga-prosecutor', transfer.id)).transfer!;
    assert.deepEqual(
      view.attachments.map((a) => [a.id, a.size, a.sha256, a.downloadPath]),
      [[body.id, file.length, sha256(file), `/transfers/${transfer.id}/attachments/${body.id}`]],
    );
    assert.ok(view.timeline.some((s) => s.action === 'attachment-added'));
  });

  it('refuses a wrong X-Content-SHA256, a body over 20 MB and callers without the right to upload', async () => {
    const transfer = await sent();
    const small = randomBytes(1000);
    const [wrong, begun] = await counting(TransfersRpc.beginAttachment.subject, () =>
      upload('gongga-prosecutor', transfer.id, small, {
        'x-filename': 'a.bin',
        'x-content-sha256': sha256(randomBytes(10)),
      }),
    );
    const [status, code, message] = await refusal(wrong);
    assert.deepEqual([status, code, begun], [400, 'BAD_USER_INPUT', 0]);
    assert.match(message, /corrupted in transit/);
    assert.deepEqual(ok(await open('gongga-prosecutor', transfer.id)).transfer!.attachments, []);

    const huge = await upload('gongga-prosecutor', transfer.id, new Uint8Array(ATTACHMENT_MAX_BYTES + 1), {
      'x-filename': 'big.bin',
    });
    assert.deepEqual((await refusal(huge)).slice(0, 2), [413, 'BAD_USER_INPUT']);

    const cases: Array<[string, number, string, Record<string, string>]> = [
      ['nobody', 401, 'UNAUTHENTICATED', { 'x-filename': 'a.bin' }],
      ['gongga-police', 403, 'FORBIDDEN', { 'x-filename': 'a.bin' }],
      ['gongga-prosecutor', 400, 'BAD_USER_INPUT', {}],
      ['stranger', 404, 'NOT_FOUND', { 'x-filename': 'a.bin' }],
    ];
    for (const [user, status, code, headers] of cases) {
      const res = await upload(user, transfer.id, small, headers);
      assert.deepEqual((await refusal(res)).slice(0, 2), [status, code], user);
    }
    assert.deepEqual(ok(await open('gongga-prosecutor', transfer.id)).transfer!.attachments, []);
  });

  it('answers 404 to another organization and for another transfer', async () => {
    const cases: Array<[string, string, number, string]> = [
      ['stranger', attached.downloadPath, 404, 'NOT_FOUND'],
      ['qushui-prosecutor', `/transfers/${main.id}/attachments/${attached.id}`, 404, 'NOT_FOUND'],
      ['qushui-prosecutor', `/transfers/${main.id}/attachments/not-a-uuid`, 400, 'BAD_USER_INPUT'],
    ];
    for (const [user, path, status, code] of cases) {
      assert.deepEqual((await refusal(await download(path, user))).slice(0, 2), [status, code], path);
    }
  });

  it('serves nothing of an attachment corrupted at rest (DATA_INTEGRITY)', async () => {
    const { rowCount } = await db.query(
      `UPDATE transfers.attachment_chunk SET data = set_byte(data, 10, 255 - get_byte(data, 10))
        WHERE attachment_id = $1 AND index = 2`,
      [attached.id],
    );
    assert.equal(rowCount, 1);
    const res = await download(attached.downloadPath, 'qushui-prosecutor');
    assert.equal(res.headers.get('x-content-sha256'), null);
    assert.deepEqual((await refusal(res)).slice(0, 2), [502, 'DATA_INTEGRITY']);
  });

  it('refuses a police liaison officer listing transfers with FORBIDDEN at the gateway, not an empty list', async () => {
    for (const list of ['transferInbox', 'transferOutbox', 'supervisedTransfers']) {
      const [result, requests] = await counting(TransfersRpc.list.subject, () =>
        gql('gongga-police', `{ ${list} { items { id } nextCursor } }`),
      );
      assert.equal(codeOf(result), 'FORBIDDEN', list);
      assert.equal(requests, 0, `${list}: refused before the transfers service`);
    }
  });
});
