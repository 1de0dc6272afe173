import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import {
  GetPersonDetailResponseSchema,
  LookupPurpose,
  SearchByNameResponseSchema,
  NameScript,
  Sex,
  VerifyAuditChainResponseSchema,
  ListLookupAuditEntriesResponseSchema,
} from '@yiti/contracts';
import {
  toAuditPageModel,
  toAuditVerificationModel,
  toListAuditEntriesMessage,
  toLookupByCitizenIdMessage,
  toLookupResultModel,
  toPersonDetailMessage,
  toPersonDetailModel,
  toPurposeMessage,
  toSearchByNameMessage,
} from './records.mapper.js';
import { lookupPurposeOf, lookupPurposeToMessage } from './records.enums.js';
import { RecordLookupPurpose, RecordSex } from './records.models.js';

const PERSON = 'c0ffee00-0000-4000-8000-000000000001';

describe('records mapper', () => {
  describe('purpose', () => {
    it('passes a missing purpose on as an absent message, for the service to refuse and audit', () => {
      assert.equal(toPurposeMessage(undefined), undefined);
      assert.equal(toPurposeMessage(null), undefined);
      const request = toLookupByCitizenIdMessage({ citizenId: '54052219900101123X' });
      assert.deepEqual(request, { citizenId: '54052219900101123X' });
      assert.equal('purpose' in request, false);
      assert.equal('purpose' in toPersonDetailMessage({ personId: PERSON }), false);
    });

    it('fills a partial purpose with UNSPECIFIED and empty strings', () => {
      assert.deepEqual(toPurposeMessage({}), {
        code: LookupPurpose.UNSPECIFIED,
        caseNumber: '',
        justification: '',
      });
      assert.deepEqual(toPurposeMessage({ caseNumber: '贡检刑诉〔2026〕12号' }), {
        code: LookupPurpose.UNSPECIFIED,
        caseNumber: '贡检刑诉〔2026〕12号',
        justification: '',
      });
      // GraphQL hands explicit nulls through.
      assert.deepEqual(
        toPurposeMessage({
          code: RecordLookupPurpose.ARREST_REVIEW,
          caseNumber: null as unknown as string,
          justification: null as unknown as string,
        }),
        { code: LookupPurpose.ARREST_REVIEW, caseNumber: '', justification: '' },
      );
    });

    it('maps a complete purpose', () => {
      const purpose = {
        code: RecordLookupPurpose.QUALIFICATION_CHECK,
        caseNumber: '贡检刑诉〔2026〕12号',
        justification: '核实前科',
      };
      assert.deepEqual(toPersonDetailMessage({ personId: PERSON, purpose }), {
        personId: PERSON,
        purpose: {
          code: LookupPurpose.QUALIFICATION_CHECK,
          caseNumber: '贡检刑诉〔2026〕12号',
          justification: '核实前科',
        },
      });
    });

    it('maps every purpose both ways', () => {
      for (const purpose of Object.values(RecordLookupPurpose)) {
        const message = lookupPurposeToMessage(purpose);
        assert.equal(LookupPurpose[message], purpose);
        assert.equal(lookupPurposeOf(message), purpose);
      }
      assert.throws(() => lookupPurposeOf(LookupPurpose.UNSPECIFIED), /without its value/);
      assert.throws(() => lookupPurposeOf(42 as LookupPurpose), /unknown lookup purpose: 42/);
    });
  });

  it('maps a name search, its absent filters as the empty values', () => {
    assert.deepEqual(toSearchByNameMessage({ name: '扎西', limit: 20 }), {
      name: '扎西',
      birthDate: '',
      sex: Sex.UNSPECIFIED,
      divisionCode: '',
      limit: 20,
    });
    assert.deepEqual(
      toSearchByNameMessage({
        name: 'Tashi',
        birthDate: '1990-01-01',
        sex: RecordSex.FEMALE,
        divisionCode: '540522',
        limit: 5,
        purpose: { code: RecordLookupPurpose.TRIAL_SUPERVISION },
      }),
      {
        name: 'Tashi',
        birthDate: '1990-01-01',
        sex: Sex.FEMALE,
        divisionCode: '540522',
        limit: 5,
        purpose: { code: LookupPurpose.TRIAL_SUPERVISION, caseNumber: '', justification: '' },
      },
    );
  });

  it('maps a lookup result, an empty matched name as null', () => {
    const result = toLookupResultModel(
      create(SearchByNameResponseSchema, {
        auditId: 'a0d17000-0000-4000-8000-000000000001',
        more: true,
        persons: [
          {
            personId: PERSON,
            maskedCitizenId: '540522************',
            names: ['扎西', 'བཀྲ་ཤིས་'],
            sex: Sex.MALE,
            birthDate: '1990-01-01',
            householdDivision: '540522',
            holderOrg: 'proc-540522',
            convictionCount: 2,
            score: 1,
            matchReason: 'citizen ID',
          },
        ],
      }),
    );
    assert.deepEqual(result, {
      auditId: 'a0d17000-0000-4000-8000-000000000001',
      more: true,
      persons: [
        {
          personId: PERSON,
          maskedCitizenId: '540522************',
          names: ['扎西', 'བཀྲ་ཤིས་'],
          sex: 'MALE',
          birthDate: '1990-01-01',
          householdDivision: '540522',
          holderOrg: 'proc-540522',
          convictionCount: 2,
          score: 1,
          matchReason: 'citizen ID',
          matchedName: null,
        },
      ],
    });
  });

  it('maps a person detail with its names and convictions', () => {
    const detail = toPersonDetailModel(
      create(GetPersonDetailResponseSchema, {
        auditId: 'a0d17000-0000-4000-8000-000000000002',
        person: {
          personId: PERSON,
          citizenId: '54052219900101123X',
          names: [
            { name: '扎西', script: NameScript.HAN },
            { name: '扎喜', script: NameScript.HAN, alias: true },
            { name: 'Tashi', script: NameScript.LATIN, alias: true },
          ],
          sex: Sex.FEMALE,
          birthDate: '1990-01-01',
          householdDivision: '540522',
          holderOrg: 'proc-540522',
          convictions: [
            {
              id: 'c0ffee00-0000-4000-8000-0000000000c1',
              court: '贡嘎县人民法院',
              judgmentNumber: '（2008）贡刑初字第3号',
              judgmentDate: '2008-05-06',
              offence: '盗窃罪',
              sentence: '有期徒刑六个月',
              sealed: true,
              holderOrg: 'proc-540522',
            },
          ],
        },
      }),
    );
    assert.equal(detail.auditId, 'a0d17000-0000-4000-8000-000000000002');
    assert.equal(detail.person.sex, 'FEMALE');
    assert.deepEqual(
      detail.person.names.map((n) => [n.name, n.script, n.alias]),
      [
        ['扎西', 'HAN', false],
        ['扎喜', 'HAN', true],
        ['Tashi', 'LATIN', true],
      ],
    );
    assert.equal(detail.person.convictions[0]?.sealed, true);
    assert.equal(detail.person.convictions[0]?.judgmentNumber, '（2008）贡刑初字第3号');
    assert.throws(
      () => toPersonDetailModel(create(GetPersonDetailResponseSchema, { auditId: 'x' })),
      /without the person/,
    );
    assert.throws(
      () =>
        toPersonDetailModel(
          create(GetPersonDetailResponseSchema, { person: { personId: PERSON, sex: Sex.UNSPECIFIED } }),
        ),
      /without its value/,
    );
  });

  it('turns the audit verification’s uint64 bigints into numbers', () => {
    assert.deepEqual(
      toAuditVerificationModel(
        create(VerifyAuditChainResponseSchema, {
          ok: true,
          entries: 1_234_567n,
          headSeq: 1_234_567n,
          headHash: 'ab'.repeat(32),
        }),
      ),
      {
        ok: true,
        entries: 1_234_567,
        firstBroken: null,
        headSeq: 1_234_567,
        headHash: 'ab'.repeat(32),
        lastCheckpoint: null,
      },
    );
    const broken = toAuditVerificationModel(
      create(VerifyAuditChainResponseSchema, {
        ok: false,
        entries: 41n,
        firstBroken: { seq: 42n, id: '', reason: 'missing tail', expectedSeq: 42n },
        headSeq: 50n,
        headHash: 'cd'.repeat(32),
      }),
    );
    assert.deepEqual(broken.firstBroken, { seq: 42, id: null, reason: 'missing tail', expectedSeq: 42 });
    assert.equal(typeof broken.entries, 'number');
    assert.equal(broken.headSeq, 50);
  });

  it('passes the last checkpoint on, and the audit trail with its cursor', () => {
    const v = toAuditVerificationModel(
      create(VerifyAuditChainResponseSchema, {
        ok: true,
        entries: 9n,
        headSeq: 9n,
        headHash: 'ab'.repeat(32),
        lastCheckpoint: {
          seq: 5n,
          hash: 'cd'.repeat(32),
          signedAt: '2026-12-04T02:00:00.000Z',
          keyId: 'ed25519:0123456789abcdef',
          signatureValid: true,
          matchesChain: true,
        },
      }),
    );
    assert.deepEqual(v.lastCheckpoint, {
      seq: 5,
      hash: 'cd'.repeat(32),
      signedAt: '2026-12-04T02:00:00.000Z',
      keyId: 'ed25519:0123456789abcdef',
      signatureValid: true,
      matchesChain: true,
    });
    assert.deepEqual(
      toListAuditEntriesMessage({ first: 20, before: '41', filter: { actor: 'gongga-prosecutor' } }),
      { from: '', to: '', actor: 'gongga-prosecutor', actorOrg: '', outcome: '', limit: 20, beforeSeq: 41n },
    );
    const page = toAuditPageModel(
      create(ListLookupAuditEntriesResponseSchema, {
        entries: [
          {
            id: PERSON,
            seq: 40n,
            at: '2026-12-04T02:00:00.000Z',
            actor: 'a',
            actorOrg: 'o',
            action: 'denied',
            query: '{}',
            outcome: 'rejected:purpose',
          },
        ],
        more: true,
        nextBeforeSeq: 40n,
      }),
    );
    assert.equal(page.nextBefore, '40');
    assert.equal(page.entries[0]!.seq, 40);
    assert.equal(page.entries[0]!.purposeCode, null, 'none stated');
    assert.equal(page.entries[0]!.caseNumber, null);
    const last = toAuditPageModel(create(ListLookupAuditEntriesResponseSchema, { more: false }));
    assert.equal(last.nextBefore, null);
  });
});
