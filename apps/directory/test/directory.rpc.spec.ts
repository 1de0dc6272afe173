import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { rejectsWithCode, startTestStack, type TestStack } from '@yiti/devstack';
import { DirectoryRpc, DivisionType, ErrorCode, OrganizationKind } from '@yiti/contracts';
import { BUSINESS_LINES } from '@yiti/reference';
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
    nc = await stack.connectNats();
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
  it('lists the business lines with their case categories, from @yiti/reference', async () => {
    const { businessLines } = await rpc.call(DirectoryRpc.listBusinessLines, {}, { token: prosecutor });
    assert.deepEqual(
      businessLines.map((l) => l.code),
      BUSINESS_LINES.map((l) => l.code),
    );
    const criminal = businessLines.find((l) => l.code === 'criminal');
    assert.equal(criminal?.nameZh, '刑事检察');
    assert.ok(criminal?.categories.some((c) => c.code === 'illegal-mining' && c.nameZh === '非法采矿'));
    const publicInterest = businessLines.find((l) => l.code === 'public-interest');
    assert.ok(
      publicInterest?.categories.some((c) => c.code === 'ecology-resources'),
      'a category may be in two lines',
    );
    assert.ok(!publicInterest?.categories.some((c) => c.code === 'theft'));
  });

  it('lets a directory-admin add a Lhasa district and a court there, audited in the same transaction', async () => {
    const auditCount = async () =>
      (await db.query('SELECT count(*)::int AS n FROM directory.audit_entry')).rows[0].n as number;
    const chengguan = {
      code: '540102',
      type: DivisionType.DISTRICT,
      parentCode: '540100',
      nameZh: '城关区',
      nameBo: 'ཁྲིན་ཀོན་ཆུས།',
      nameEn: 'Chengguan District',
      pinyin: 'Chengguan Qu',
    };
    const auditBefore = await auditCount();
    await rejects(
      rpc.call(DirectoryRpc.createDivision, chengguan, { token: prosecutor }),
      ErrorCode.FORBIDDEN,
    );
    assert.equal(await auditCount(), auditBefore, 'a refusal writes no audit');

    const { division } = await rpc.call(DirectoryRpc.createDivision, chengguan, { token: admin });
    assert.equal(division?.code, '540102');
    assert.equal(division?.nameBo, 'ཁྲིན་ཀོན་ཆུས།');
    assert.equal(division?.parentCode, '540100');
    const retried = await rpc.call(DirectoryRpc.createDivision, chengguan, { token: admin });
    assert.deepEqual(retried.division, division, 'a retry returns the division');
    await rejects(
      rpc.call(DirectoryRpc.createDivision, { ...chengguan, nameZh: '另一个区' }, { token: admin }),
      ErrorCode.CONFLICT,
      'another division under an existing code',
    );
    await rejects(
      rpc.call(
        DirectoryRpc.createDivision,
        { ...chengguan, code: '540530', type: DivisionType.COUNTY, parentCode: '540500' },
        { token: admin },
      ),
      ErrorCode.CONFLICT,
      'a legacy code',
    );
    assert.equal(await auditCount(), auditBefore + 1, 'one creation, one audit entry');

    const { organization: court } = await rpc.call(
      DirectoryRpc.createOrganization,
      {
        kind: OrganizationKind.COURT,
        divisionCode: '540102',
        nameZh: '拉萨市城关区人民法院',
        nameEn: "Chengguan District People's Court",
      },
      { token: admin },
    );
    assert.equal(court?.code, 'court-540102');
    assert.equal(court?.cityCode, '540100');
    const { organization: proc } = await rpc.call(
      DirectoryRpc.createOrganization,
      {
        kind: OrganizationKind.PROCURATORATE,
        divisionCode: '540102',
        nameZh: '拉萨市城关区人民检察院',
        nameEn: '',
      },
      { token: admin },
    );
    assert.equal(proc?.superiorCode, 'proc-540100', "a new county's procuratorate is under its city's");
    await rpc.call(
      DirectoryRpc.updateOrganization,
      { code: 'court-540102', nameEn: 'Chengguan Court' },
      { token: admin },
    );
    await rpc.call(
      DirectoryRpc.setBasinMembership,
      { basinCode: 'yarlung-tsangpo', divisionCode: '540102', member: true },
      { token: admin },
    );
    await rpc.call(
      DirectoryRpc.setBasinMembership,
      { basinCode: 'yarlung-tsangpo', divisionCode: '540102', member: true },
      { token: admin },
    );

    const { entries } = await rpc.call(DirectoryRpc.listAuditEntries, { limit: 10 }, { token: admin });
    assert.deepEqual(
      entries.slice(0, 5).map((e) => [e.action, e.target]),
      [
        ['basin.add-member', 'yarlung-tsangpo'],
        ['organization.update', 'court-540102'],
        ['organization.create', 'proc-540102'],
        ['organization.create', 'court-540102'],
        ['division.create', '540102'],
      ],
      'newest first; setting a membership that is already so writes nothing',
    );
    const update = entries[1]!;
    assert.equal(update.actor, 'directory-admin');
    assert.equal(JSON.parse(update.beforeJson).nameEn, "Chengguan District People's Court");
    assert.equal(JSON.parse(update.afterJson).nameEn, 'Chengguan Court');
    assert.equal(JSON.parse(entries[4]!.beforeJson), null);
    assert.equal(JSON.parse(entries[4]!.afterJson).nameBo, 'ཁྲིན་ཀོན་ཆུས།');
    const forCourt = await rpc.call(
      DirectoryRpc.listAuditEntries,
      { target: 'court-540102' },
      { token: admin },
    );
    assert.deepEqual(
      forCourt.entries.map((e) => e.action),
      ['organization.update', 'organization.create'],
    );
    const page = await rpc.call(
      DirectoryRpc.listAuditEntries,
      { limit: 2, beforeId: entries[1]!.id },
      { token: admin },
    );
    assert.deepEqual(
      page.entries.map((e) => e.id),
      [entries[2]!.id, entries[3]!.id],
    );
    await rejects(rpc.call(DirectoryRpc.listAuditEntries, {}, { token: prosecutor }), ErrorCode.FORBIDDEN);
  });

  it('creates a river basin with existing member divisions only', async () => {
    const basin = {
      code: 'lhasa-river',
      nameZh: '拉萨河流域',
      nameEn: 'Lhasa River basin',
      memberDivisionCodes: ['540124', '540123'],
    };
    await rejects(rpc.call(DirectoryRpc.createBasin, basin, { token: prosecutor }), ErrorCode.FORBIDDEN);
    await rejects(
      rpc.call(
        DirectoryRpc.createBasin,
        { ...basin, memberDivisionCodes: ['540124', '549999'] },
        { token: admin },
      ),
      ErrorCode.NOT_FOUND,
    );
    const created = await rpc.call(DirectoryRpc.createBasin, basin, { token: admin });
    assert.deepEqual(
      created.basin?.members.map((m) => m.code),
      ['540123', '540124'],
    );
    await rejects(
      rpc.call(DirectoryRpc.createBasin, { ...basin, memberDivisionCodes: ['540124'] }, { token: admin }),
      ErrorCode.CONFLICT,
    );
    const { organizations } = await rpc.call(
      DirectoryRpc.listOrganizations,
      { basinCode: 'lhasa-river', kind: OrganizationKind.PROCURATORATE },
      { token: prosecutor },
    );
    assert.deepEqual(
      organizations.map((o) => o.code),
      ['proc-540123', 'proc-540124'],
    );
    const { entries } = await rpc.call(
      DirectoryRpc.listAuditEntries,
      { target: 'lhasa-river' },
      { token: admin },
    );
    assert.deepEqual(
      entries.map((e) => e.action),
      ['basin.create'],
    );
    assert.deepEqual(JSON.parse(entries[0]!.afterJson).members, ['540123', '540124']);
  });

  it('refuses divisions whose code, level or parent do not fit, naming the field', async () => {
    const base = {
      code: '540103',
      type: DivisionType.DISTRICT,
      parentCode: '540100',
      nameZh: '某区',
      nameBo: '',
      nameEn: 'Some District',
      pinyin: '',
    };
    const cases: [string, Partial<typeof base>, ErrorCode, string?][] = [
      ['five digits', { code: '54010' }, ErrorCode.BAD_USER_INPUT, 'code'],
      ['no such province', { code: '990101', parentCode: '540100' }, ErrorCode.BAD_USER_INPUT, 'code'],
      ['a district ending in 00', { code: '540200' }, ErrorCode.BAD_USER_INPUT, 'code'],
      ['another city’s digits', { code: '540503' }, ErrorCode.BAD_USER_INPUT, 'code'],
      [
        'a district under a district',
        { code: '540525', parentCode: '540522' },
        ErrorCode.BAD_USER_INPUT,
        'parentCode',
      ],
      [
        'a city under a city',
        { code: '540200', type: DivisionType.CITY, parentCode: '540100' },
        ErrorCode.BAD_USER_INPUT,
        'parentCode',
      ],
      [
        'a region with a parent',
        { code: '630000', type: DivisionType.REGION },
        ErrorCode.BAD_USER_INPUT,
        'parentCode',
      ],
      ['no type', { type: DivisionType.UNSPECIFIED }, ErrorCode.BAD_USER_INPUT, 'type'],
      ['no Chinese name', { nameZh: '  ' }, ErrorCode.BAD_USER_INPUT, 'nameZh'],
      ['no parent', { parentCode: '' }, ErrorCode.BAD_USER_INPUT, 'parentCode'],
      ['an unknown parent', { parentCode: '540900', code: '540901' }, ErrorCode.NOT_FOUND],
    ];
    for (const [what, change, code, field] of cases) {
      await assert.rejects(
        rpc.call(DirectoryRpc.createDivision, { ...base, ...change }, { token: admin }),
        (err: unknown) => {
          assert.ok(err instanceof RpcError, what);
          assert.equal(ErrorCode[err.code], ErrorCode[code], `${what}: ${err.message}`);
          if (field)
            assert.ok(
              err.violations.some((v) => v.field === field),
              `${what}: ${JSON.stringify(err.violations)}`,
            );
          return true;
        },
      );
    }
    const rows = await db.query(
      `SELECT 1 FROM directory.division WHERE code IN ('540103', '540200', '630000', '540901')`,
    );
    assert.equal(rows.rowCount, 0);
    const region = await rpc.call(
      DirectoryRpc.createDivision,
      {
        ...base,
        code: '630000',
        type: DivisionType.REGION,
        parentCode: '',
        nameZh: '青海省',
        nameEn: 'Qinghai',
      },
      { token: admin },
    );
    assert.equal(region.division?.parentCode, '');
  });
});
