import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AgreementsRpc, DirectoryRpc, ErrorCode, OrganizationKind, RecordsRpc } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import { checkDigit } from '../src/identity/citizen-id.js';
import { loadPersons } from '../src/people/bulk-load.js';
import type { SyntheticPerson } from '../src/people/synthetic.js';
import { purpose, recordsHarness, type RecordsHarness } from './fixtures.js';

const ROLE_SETS = [
  ['prosecutor'],
  ['chief-prosecutor'],
  ['police-liaison'],
  ['meeting-secretary'],
  ['records-auditor'],
];
const PACT = ['proc-540522', 'proc-540124'];

/** A person held by `holder` (made-up, valid ID), for holders the demonstration data has none of. */
function personHeldBy(holder: string, n: number): SyntheticPerson {
  const first17 = `540124${1970 + n}0101${String(100 + n * 2 + 1).padStart(3, '0')}`;
  return {
    id: `00000000-0000-4000-8000-00000000f${String(n).padStart(3, '0')}`,
    citizenId: first17 + checkDigit(first17),
    sex: 'male',
    birthDate: `${1970 + n}-01-01`,
    householdDivision: '540124',
    holderOrg: holder,
    names: [{ name: `测试${n}号`, script: 'han', isAlias: false }],
    convictions: [],
  };
}

/**
 * Random (user, organization, record, pact) combinations against the real stack: a lookup by exact ID or a
 * detail view by a user of any organization with any role, of a person held by any organization, while the
 * demonstration pact between 贡嘎 and 曲水 (which shares record lookup) is in force and after it is terminated.
 * No read may cross organizations unless the reader holds the record, is a superior procuratorate of its
 * holder, or shares a pact in force with the holder that shares record lookup. The expected answer is computed
 * from the directory's hierarchy, independently of the service's code.
 */
describe('records access: no read across organizations without a covering pact or hierarchy (property)', () => {
  let h: RecordsHarness;
  let superiorOf: Map<string, string>;
  let orgs: string[];
  let persons: Array<{ id: string; citizen_id: string; holder_org: string }>;
  let userNo = 0;

  before(async () => {
    h = await recordsHarness({ RECORDS_ACCESS_CACHE_SECONDS: '0' });
    const admin = await h.stack.login('city-chief');
    const { organizations } = await h.rpc.call(
      DirectoryRpc.listOrganizations,
      { kind: OrganizationKind.PROCURATORATE },
      { token: admin },
    );
    superiorOf = new Map(organizations.map((o) => [o.code, o.superiorCode]));
    orgs = [...superiorOf.keys(), 'police-540522', 'isco-540522', 'police-540124'];
    const db = h.db;
    await loadPersons(
      { query: (text, values) => db.query(text, values) },
      ['proc-540124', 'proc-540100', 'proc-540000', 'proc-540500'].map(personHeldBy),
    );
    persons = (
      await db.query(
        `SELECT DISTINCT ON (holder_org) id, citizen_id, holder_org FROM records.person ORDER BY holder_org, id`,
      )
    ).rows;
    assert.ok(persons.length >= 12, 'persons held by many organizations');
  });
  after(async () => h?.close());

  const mayRead = (reader: string, holder: string, pactInForce: boolean) => {
    if (!superiorOf.has(reader)) return false;
    if (reader === holder) return true;
    for (let up = superiorOf.get(holder); up; up = superiorOf.get(up)) if (up === reader) return true;
    return pactInForce && PACT.includes(reader) && PACT.includes(holder);
  };

  const check = (pactInForce: boolean) =>
    fc.asyncProperty(
      fc.constantFrom(...orgs),
      fc.constantFrom(...ROLE_SETS),
      fc.constantFrom(...persons),
      fc.constantFrom('citizen-id' as const, 'detail' as const),
      async (org, roles, person, kind) => {
        const user = `prop-${userNo++}`;
        await h.mint(user, org, roles);
        const lookup =
          kind === 'citizen-id'
            ? h.as(user, RecordsRpc.lookupByCitizenId, { citizenId: person.citizen_id, purpose: purpose() })
            : h.as(user, RecordsRpc.getPersonDetail, { personId: person.id, purpose: purpose() });
        const outcome = await lookup.then(
          (r) => ('persons' in r ? r.persons.map((p) => p.personId) : [r.person!.personId]),
          (e: unknown) => (e instanceof RpcError ? ErrorCode[e.code] : Promise.reject(e)),
        );
        const prosecutor = roles.includes('prosecutor') || roles.includes('chief-prosecutor');
        const readable = prosecutor && mayRead(org, person.holder_org, pactInForce);
        const what = `${user} (${org}, ${roles.join()}) ${kind} of a person held by ${person.holder_org}`;
        if (!prosecutor || !superiorOf.has(org)) assert.equal(outcome, 'FORBIDDEN', what);
        else if (readable) assert.deepEqual(outcome, [person.id], what);
        else assert.deepEqual(outcome, kind === 'detail' ? 'NOT_FOUND' : [], what);
        const audit = await h.lastAudit();
        assert.equal(audit.actor, user, what);
        assert.deepEqual(audit.result_ids, readable ? [person.id] : [], what);
      },
    );

  it('holds while the pact that shares record lookup is in force', async () => {
    await fc.assert(check(true), { numRuns: 60 });
  });

  it('holds after the pact is terminated: the partner reads nothing of the other side any more', async () => {
    await h.as('gongga-chief', AgreementsRpc.terminate, {
      code: 'demo-yarlung-gongga-qushui',
      reason: '测试：终止后不再共享犯罪记录查询',
    });
    await fc.assert(check(false), { numRuns: 60 });
  });
});
