import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { rejectsWithCode, startTestStack, type TestStack } from '@yiti/devstack';
import { DirectoryRpc, ErrorCode, OrganizationKind } from '@yiti/contracts';
import { RpcClient, RpcError } from '@yiti/messaging';

/** The directory over real NATS and PostgreSQL, called the way the gateway calls it. */
describe('directory service over NATS', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  let prosecutor: string;
  let admin: string;

  const rejects = rejectsWithCode;

  before(async () => {
    stack = await startTestStack();
    nc = await connect({ servers: stack.natsUrl });
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    prosecutor = await stack.login('gongga-prosecutor');
    admin = await stack.login('directory-admin');
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('seeds the Shannan reference data: 13 procuratorates, police and ISCOs for the city and all 12 divisions', async () => {
    const { organizations } = await rpc.call(
      DirectoryRpc.listOrganizations,
      { cityCode: '540500' },
      { token: prosecutor },
    );
    const byKind = (k: OrganizationKind) => organizations.filter((o) => o.kind === k).length;
    assert.equal(byKind(OrganizationKind.PROCURATORATE), 13);
    assert.equal(byKind(OrganizationKind.POLICE), 13);
    assert.equal(byKind(OrganizationKind.ISCO), 13);
    const gongga = organizations.find((o) => o.code === 'proc-540522');
    assert.equal(gongga?.nameZh, '贡嘎县人民检察院');
    assert.equal(gongga?.superiorCode, 'proc-540500');
    assert.equal(gongga?.cityCode, '540500');
  });

  it('filters by kind, division and basin', async () => {
    const basin = await rpc.call(
      DirectoryRpc.listOrganizations,
      { basinCode: 'yarlung-tsangpo', kind: OrganizationKind.PROCURATORATE },
      { token: prosecutor },
    );
    assert.deepEqual(
      basin.organizations.map((o) => o.code),
      ['proc-540124', 'proc-540502', 'proc-540521', 'proc-540522', 'proc-540523', 'proc-540528'],
    );
    const gongga = await rpc.call(
      DirectoryRpc.listOrganizations,
      { divisionCode: '540522' },
      { token: prosecutor },
    );
    assert.deepEqual(
      gongga.organizations.map((o) => o.code),
      ['isco-540522', 'police-540522', 'proc-540522'],
    );
  });

  it('resolves divisions by current and legacy codes, keyed by code not by name', async () => {
    const legacy = await rpc.call(DirectoryRpc.getDivision, { code: '542223' }, { token: prosecutor });
    assert.equal(legacy.division?.code, '540522');
    assert.equal(legacy.matchedLegacyCode, true);
    const cona = await rpc.call(DirectoryRpc.getDivision, { code: '540530' }, { token: prosecutor });
    assert.equal(cona.division?.code, '540581');
    assert.equal(cona.division?.nameZh, '错那市');
    const qusong = await rpc.call(DirectoryRpc.getDivision, { code: '540525' }, { token: prosecutor });
    const qushui = await rpc.call(DirectoryRpc.getDivision, { code: '540124' }, { token: prosecutor });
    assert.equal(qusong.division?.nameZh, '曲松县');
    assert.equal(qushui.division?.nameZh, '曲水县');
    assert.equal(qushui.division?.parentCode, '540100');
    await rejects(
      rpc.call(DirectoryRpc.getDivision, { code: '549999' }, { token: prosecutor }),
      ErrorCode.NOT_FOUND,
    );
  });

  it('answers the common superior procuratorate', async () => {
    const cases: Array<[string, string, string]> = [
      ['proc-540522', 'proc-540124', 'proc-540000'], // 贡嘎 + 曲水 (Lhasa) → the region
      ['proc-540522', 'proc-540521', 'proc-540500'], // two Shannan counties → the city
      ['proc-540522', 'proc-540500', 'proc-540000'], // a county and its own city → above both
      ['proc-540124', 'proc-540123', 'proc-540100'], // two Lhasa counties → Lhasa
    ];
    for (const [first, second, expected] of cases) {
      const { organization } = await rpc.call(
        DirectoryRpc.getCommonSuperior,
        { firstCode: first, secondCode: second },
        { token: prosecutor },
      );
      assert.equal(organization?.code, expected, `${first} + ${second}`);
    }
    await rejects(
      rpc.call(
        DirectoryRpc.getCommonSuperior,
        { firstCode: 'proc-540000', secondCode: 'proc-540522' },
        { token: prosecutor },
      ),
      ErrorCode.NOT_FOUND,
    );
    await rejects(
      rpc.call(
        DirectoryRpc.getCommonSuperior,
        { firstCode: 'police-540522', secondCode: 'proc-540522' },
        { token: prosecutor },
      ),
      ErrorCode.BAD_USER_INPUT,
    );
  });

  it('lets only a directory-admin change organizations and basins, and changes nothing on refusal', async () => {
    const create = {
      kind: OrganizationKind.POLICE,
      divisionCode: '540124',
      nameZh: '曲水县公安局',
      nameEn: 'Quxu County PSB',
    };
    const before = await db.query('SELECT count(*)::int AS n FROM directory.organization');
    await rejects(
      rpc.call(DirectoryRpc.createOrganization, create, { token: prosecutor }),
      ErrorCode.FORBIDDEN,
    );
    const afterRefusal = await db.query('SELECT count(*)::int AS n FROM directory.organization');
    assert.equal(afterRefusal.rows[0].n, before.rows[0].n);
    const { organization } = await rpc.call(DirectoryRpc.createOrganization, create, { token: admin });
    assert.equal(organization?.code, 'police-540124');
    // A retry (same request) returns the first result; a different organization under the same code conflicts.
    const retried = await rpc.call(DirectoryRpc.createOrganization, create, { token: admin });
    assert.deepEqual(retried.organization, organization);
    await rejects(
      rpc.call(DirectoryRpc.createOrganization, { ...create, nameZh: '另一个' }, { token: admin }),
      ErrorCode.CONFLICT,
    );
    const afterCreate = await db.query('SELECT count(*)::int AS n FROM directory.organization');
    assert.equal(afterCreate.rows[0].n, before.rows[0].n + 1);

    const updated = await rpc.call(
      DirectoryRpc.updateOrganization,
      { code: 'police-540124', nameEn: 'Quxu County Public Security Bureau' },
      { token: admin },
    );
    assert.equal(updated.organization?.nameEn, 'Quxu County Public Security Bureau');
    await rejects(
      rpc.call(DirectoryRpc.updateOrganization, { code: 'police-540124' }, { token: admin }),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejects(
      rpc.call(DirectoryRpc.updateOrganization, { code: 'proc-549999', nameZh: 'x' }, { token: admin }),
      ErrorCode.NOT_FOUND,
    );

    const added = await rpc.call(
      DirectoryRpc.setBasinMembership,
      { basinCode: 'yarlung-tsangpo', divisionCode: '540531', member: true },
      { token: admin },
    );
    assert.ok(added.basin?.members.some((m) => m.code === '540531'));
    const removed = await rpc.call(
      DirectoryRpc.setBasinMembership,
      { basinCode: 'yarlung-tsangpo', divisionCode: '540531', member: false },
      { token: admin },
    );
    assert.ok(!removed.basin?.members.some((m) => m.code === '540531'));
    await rejects(
      rpc.call(
        DirectoryRpc.setBasinMembership,
        { basinCode: 'yarlung-tsangpo', divisionCode: '540531', member: true },
        { token: prosecutor },
      ),
      ErrorCode.FORBIDDEN,
    );
    const members = await db.query(
      `SELECT 1 FROM directory.basin_member WHERE basin_code = 'yarlung-tsangpo' AND division_code = '540531'`,
    );
    assert.equal(members.rowCount, 0, 'the refused membership change wrote nothing');
  });

  it('refuses bad input with BAD_USER_INPUT naming the fields, and writes nothing', async () => {
    const count = async () =>
      (await db.query('SELECT count(*)::int AS n FROM directory.organization')).rows[0].n;
    const before = await count();
    const bad = [
      { kind: OrganizationKind.UNSPECIFIED, divisionCode: '540522', nameZh: 'x', nameEn: '' },
      { kind: OrganizationKind.POLICE, divisionCode: '5405', nameZh: 'x', nameEn: '' },
      { kind: OrganizationKind.POLICE, divisionCode: "540522'; DROP TABLE x; --", nameZh: 'x', nameEn: '' },
      { kind: OrganizationKind.MILITARY, divisionCode: '540522', nameZh: '   ', nameEn: '' },
      { kind: OrganizationKind.MILITARY, divisionCode: '540522', nameZh: '长'.repeat(201), nameEn: '' },
    ];
    for (const input of bad) {
      await assert.rejects(
        rpc.call(DirectoryRpc.createOrganization, input, { token: admin }),
        (err: unknown) => {
          assert.ok(err instanceof RpcError);
          assert.equal(err.code, ErrorCode.BAD_USER_INPUT);
          assert.ok(err.violations.length > 0);
          return true;
        },
      );
    }
    await rejects(
      rpc.call(
        DirectoryRpc.createOrganization,
        { kind: OrganizationKind.MILITARY, divisionCode: '549999', nameZh: 'x', nameEn: '' },
        { token: admin },
      ),
      ErrorCode.NOT_FOUND,
    );
    await rejects(
      rpc.call(DirectoryRpc.listOrganizations, { basinCode: 'nile' }, { token: prosecutor }),
      ErrorCode.NOT_FOUND,
    );
    await rejects(
      rpc.call(DirectoryRpc.getOrganizations, { codes: ['x'] }, { token: prosecutor }),
      ErrorCode.BAD_USER_INPUT,
    );
    assert.equal(await count(), before);
  });

  it('refuses a message that is not the request protobuf', async () => {
    const h = headers();
    h.set('Authorization', `Bearer ${prosecutor}`);
    const reply = await nc.request(
      stack.subjectPrefix + DirectoryRpc.getDivision.subject,
      new Uint8Array([0xff, 0xff, 0xff]),
      { timeout: 5000, headers: h },
    );
    assert.equal(reply.headers?.get('Yiti-Error'), 'BAD_USER_INPUT');
  });

  it('verifies the token itself: every forged or broken token published straight onto NATS is refused', async () => {
    const valid = await stack.tokens.valid();
    const ok = await rpc.call(DirectoryRpc.getDivision, { code: '540522' }, { token: valid });
    assert.equal(ok.division?.code, '540522');
    for (const { name, token } of await stack.tokens.badTokens()) {
      await assert.rejects(
        rpc.call(DirectoryRpc.getDivision, { code: '540522' }, token ? { token } : {}),
        (err: unknown) => err instanceof RpcError && err.code === ErrorCode.UNAUTHENTICATED,
        `${name} must be refused`,
      );
    }
  });

  it('answers its readiness ping without a token', async () => {
    const reply = await rpc.call(DirectoryRpc.ping, {});
    assert.equal(reply.service, 'directory');
  });
});
