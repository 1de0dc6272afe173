import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException, ValidationPipe, type Type } from '@nestjs/common';
import {
  RecordLookupByCitizenIdArgs,
  RecordNameSearchInput,
  RecordPersonDetailArgs,
  RecordsAuditEntriesArgs,
} from './records.inputs.js';

/** The gateway's pipe (gateway.app.ts). */
const pipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
});

const check = <T>(metatype: Type<T>, value: object): Promise<T> =>
  pipe.transform(value, { type: 'body', metatype }) as Promise<T>;

async function violations(metatype: Type<unknown>, value: object): Promise<string[]> {
  try {
    await check(metatype, value);
  } catch (err) {
    if (!(err instanceof BadRequestException)) throw err;
    return (err.getResponse() as { message: string[] }).message;
  }
  return [];
}

const PERSON = 'c0ffee00-0000-4000-8000-000000000001';

describe('records inputs', () => {
  it('accepts a lookup without a purpose, or with a partial one: the service refuses and audits it', async () => {
    assert.deepEqual(await violations(RecordLookupByCitizenIdArgs, { citizenId: '54052219900101123X' }), []);
    assert.deepEqual(
      await violations(RecordPersonDetailArgs, { personId: PERSON, purpose: { caseNumber: '  ' } }),
      [],
    );
    assert.deepEqual(await violations(RecordNameSearchInput, { name: '扎西', limit: 20, purpose: null }), []);
  });

  it('checks the citizen ID format only, after trimming', async () => {
    const args = await check(RecordLookupByCitizenIdArgs, { citizenId: ' 54052219900101123x ' });
    assert.equal(args.citizenId, '54052219900101123x');
    // A wrong check digit is the service's to refuse (and audit).
    assert.deepEqual(await violations(RecordLookupByCitizenIdArgs, { citizenId: '540522199001011230' }), []);
    for (const citizenId of ['5405221990010112', '54052219900101123Y', '54052219900101123XX', '']) {
      assert.equal((await violations(RecordLookupByCitizenIdArgs, { citizenId })).length, 1, citizenId);
    }
  });

  it('bounds the lengths of the purpose texts, after trimming', async () => {
    const purpose = { caseNumber: ` ${'号'.repeat(64)} `, justification: 'x'.repeat(500) };
    const args = await check(RecordPersonDetailArgs, { personId: PERSON, purpose });
    assert.equal(args.purpose?.caseNumber, '号'.repeat(64));
    const long = await violations(RecordPersonDetailArgs, {
      personId: PERSON,
      purpose: { code: 'NOT_A_PURPOSE', caseNumber: '号'.repeat(65), justification: 'x'.repeat(501) },
    });
    assert.equal(long.length, 3, long.join('; '));
  });

  it('refuses a name that is blank or longer than 100 characters', async () => {
    assert.equal(
      (await violations(RecordNameSearchInput, { name: 'x'.repeat(10_000), limit: 20 })).length,
      1,
    );
    assert.equal((await violations(RecordNameSearchInput, { name: '   ', limit: 20 })).length, 1);
    assert.deepEqual(await violations(RecordNameSearchInput, { name: 'ཚེ'.repeat(50), limit: 20 }), []);
  });

  it('checks the search filters and the limit', async () => {
    const bad = await violations(RecordNameSearchInput, {
      name: '扎西',
      birthDate: '1990/01/01',
      sex: 'OTHER',
      divisionCode: '5405',
      limit: 51,
    });
    assert.equal(bad.length, 4, bad.join('; '));
    assert.equal((await violations(RecordNameSearchInput, { name: '扎西', limit: 0 })).length, 1);
    // An explicit null does not fall back to the default.
    assert.notDeepEqual(await violations(RecordNameSearchInput, { name: '扎西', limit: null }), []);
    assert.deepEqual(
      await violations(RecordNameSearchInput, {
        name: '扎西',
        birthDate: '1990-01-01',
        sex: 'MALE',
        divisionCode: '542223',
        limit: 50,
      }),
      [],
    );
  });

  it('refuses a person id that is not a UUID', async () => {
    assert.equal((await violations(RecordPersonDetailArgs, { personId: '42' })).length, 1);
  });

  it('checks the audit trail filters and paging before they reach the service', async () => {
    assert.deepEqual(await violations(RecordsAuditEntriesArgs, { first: 50 }), []);
    assert.deepEqual(
      await violations(RecordsAuditEntriesArgs, {
        first: 200,
        before: '120',
        filter: { actor: 'gongga-prosecutor', actorOrg: 'proc-540522', outcome: 'denied:holder' },
      }),
      [],
    );
    const bad = await violations(RecordsAuditEntriesArgs, {
      first: 201,
      before: '0',
      filter: { actor: "x' OR 1=1", actorOrg: 'proc 540522', outcome: 'DROP' },
    });
    assert.equal(bad.length, 5, bad.join('; '));
    assert.ok(bad.some((m) => m.includes('first')));
    assert.ok(bad.some((m) => m.includes('before')));
    assert.ok(bad.some((m) => m.includes('actor must be a username')));
    assert.ok(bad.some((m) => m.includes('actorOrg')));
    assert.ok(bad.some((m) => m.includes('outcome')));
  });
});
