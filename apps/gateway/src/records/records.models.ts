import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.js';

export enum RecordLookupPurpose {
  ARREST_REVIEW = 'ARREST_REVIEW',
  PROSECUTION_REVIEW = 'PROSECUTION_REVIEW',
  INVESTIGATION_SUPERVISION = 'INVESTIGATION_SUPERVISION',
  TRIAL_SUPERVISION = 'TRIAL_SUPERVISION',
  EXECUTION_SUPERVISION = 'EXECUTION_SUPERVISION',
  QUALIFICATION_CHECK = 'QUALIFICATION_CHECK',
  SUPERVISION_ANALYSIS = 'SUPERVISION_ANALYSIS',
}
registerEnumType(RecordLookupPurpose, {
  name: 'RecordLookupPurpose',
  description:
    'Why a prosecutor looks a person up. The judicial-use purposes (case handling by a judicial organ) may see sealed juvenile records (Criminal Procedure Law art. 286); QUALIFICATION_CHECK and SUPERVISION_ANALYSIS never do.',
  valuesMap: {
    ARREST_REVIEW: { description: '审查逮捕: review of an arrest request.' },
    PROSECUTION_REVIEW: { description: '审查起诉: review for prosecution.' },
    INVESTIGATION_SUPERVISION: {
      description: '立案监督、侦查活动监督: supervision of filing and of investigation.',
    },
    TRIAL_SUPERVISION: { description: '审判监督: supervision of a trial.' },
    EXECUTION_SUPERVISION: { description: '刑罚执行监督: supervision of the execution of a sentence.' },
    QUALIFICATION_CHECK: {
      description:
        '根据国家规定的资格审查: a qualification check under state rules (not judicial use: sealed records are withheld).',
    },
    SUPERVISION_ANALYSIS: {
      description:
        '法律监督统计与研判: supervision statistics and analysis (not judicial use: sealed records are withheld).',
    },
  },
});

export enum RecordSex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(RecordSex, {
  name: 'RecordSex',
  description: 'Sex as the record holds it.',
  valuesMap: {
    MALE: { description: '男.' },
    FEMALE: { description: '女.' },
  },
});

export enum RecordNameScript {
  HAN = 'HAN',
  TIBETAN = 'TIBETAN',
  LATIN = 'LATIN',
  MIXED = 'MIXED',
}
registerEnumType(RecordNameScript, {
  name: 'RecordNameScript',
  description: 'The script a name is written in.',
  valuesMap: {
    HAN: { description: 'Chinese characters, e.g. 扎西次仁.' },
    TIBETAN: { description: 'Tibetan script, e.g. བཀྲ་ཤིས་ཚེ་རིང་.' },
    LATIN: { description: 'A Latin transliteration, e.g. Tashi Tsering.' },
    MIXED: { description: 'More than one script in one name.' },
  },
});

@ObjectType('RecordPersonSummary', {
  description:
    'One person in a lookup result. The citizen ID is masked; the full ID, all names and aliases and the convictions come from `recordPersonDetail`, a second request that is audited on its own.',
})
export class RecordPersonSummaryModel {
  @Field(() => ID, { description: 'The person id: pass it to `recordPersonDetail` for the full record.' })
  personId: string;
  @Field({ description: 'The citizen ID masked, e.g. 540522************.' })
  maskedCitizenId: string;
  @Field(() => [String], { description: "The person's primary names (one per script), aliases excluded." })
  names: string[];
  @Field(() => RecordSex, { description: 'Sex.' })
  sex: RecordSex;
  @Field({ description: 'YYYY-MM-DD.' })
  birthDate: string;
  @Field({ description: 'Six-digit division code of the household registration (户籍地).' })
  householdDivision: string;
  @Field({ description: 'Organization code of the organization that holds the record, e.g. proc-540522.' })
  holderOrg: string;
  @Field(() => Int, {
    description:
      'Convictions the stated purpose may see: sealed juvenile records count only for a judicial-use purpose.',
  })
  convictionCount: number;
  @Field(() => Float, {
    description: 'How close the match is, 0..1 (higher is closer; 1 for an exact citizen ID).',
  })
  score: number;
  @Field({
    description: 'Why the person matched, e.g. "same name parts (扎喜 ~ 扎西: tashi)".',
  })
  matchReason: string;
  @Field(() => String, {
    nullable: true,
    description: 'The name that matched; null when the person was not matched by name.',
  })
  matchedName: string | null;
}

@ObjectType('RecordLookupResult', {
  description: 'The persons a lookup found, best first, and the audit entry written for the lookup.',
})
export class RecordLookupResultModel {
  @Field(() => [RecordPersonSummaryModel], { description: 'The persons found, best first; empty if none.' })
  persons: RecordPersonSummaryModel[];
  @Field(() => ID, { description: 'The audit entry the records service wrote for this lookup.' })
  auditId: string;
  @Field({
    description:
      'More persons match than are listed (a common name without filters): narrow the search with birthDate, sex or divisionCode.',
  })
  more: boolean;
}

@ObjectType('RecordPersonName', { description: 'One name of a person.' })
export class RecordPersonNameModel {
  @Field({ description: 'The name as recorded.' })
  name: string;
  @Field(() => RecordNameScript, { description: 'Its script.' })
  script: RecordNameScript;
  @Field({ description: 'An alias or other spelling (e.g. 扎喜 for 扎西) rather than a primary name.' })
  alias: boolean;
}

@ObjectType('RecordConviction', {
  description: 'An effective court judgment (生效裁判): only effective judgments make a record.',
})
export class RecordConvictionModel {
  @Field(() => ID, { description: 'The conviction id.' })
  id: string;
  @Field({ description: 'The court that gave the judgment.' })
  court: string;
  @Field({ description: 'The judgment number, e.g. （2024）藏0522刑初12号.' })
  judgmentNumber: string;
  @Field({ description: 'YYYY-MM-DD.' })
  judgmentDate: string;
  @Field({ description: 'The offence (罪名).' })
  offence: string;
  @Field({ description: 'The sentence (刑罚).' })
  sentence: string;
  @Field({
    description:
      'A sealed juvenile record (犯罪记录封存). Only ever true for a judicial-use purpose: for the others sealed records are left out.',
  })
  sealed: boolean;
  @Field({ description: 'Organization code of the organization that holds this record.' })
  holderOrg: string;
}

@ObjectType('RecordPerson', {
  description: 'A person with the full citizen ID, every name and the convictions.',
})
export class RecordPersonModel {
  @Field(() => ID, { description: 'The person id.' })
  personId: string;
  @Field({ description: 'The full 18-character citizen ID (GB 11643).' })
  citizenId: string;
  @Field(() => [RecordPersonNameModel], {
    description: 'Every name: primary names and aliases, in every script.',
  })
  names: RecordPersonNameModel[];
  @Field(() => RecordSex, { description: 'Sex.' })
  sex: RecordSex;
  @Field({ description: 'YYYY-MM-DD.' })
  birthDate: string;
  @Field({ description: 'Six-digit division code of the household registration (户籍地).' })
  householdDivision: string;
  @Field({ description: 'Organization code of the organization that holds the record.' })
  holderOrg: string;
  @Field(() => [RecordConvictionModel], {
    description:
      'Effective judgments the stated purpose may see, newest first: sealed juvenile records appear only for a judicial-use purpose.',
  })
  convictions: RecordConvictionModel[];
}

@ObjectType('RecordPersonDetail', {
  description: 'The full record of one person and the audit entry written for viewing it.',
})
export class RecordPersonDetailModel {
  @Field(() => RecordPersonModel, { description: 'The person.' })
  person: RecordPersonModel;
  @Field(() => ID, { description: 'The audit entry the records service wrote for this detail view.' })
  auditId: string;
}

@ObjectType('RecordsAuditBreak', { description: 'Where the audit chain first fails verification.' })
export class RecordsAuditBreakModel {
  @Field(() => Float, { description: 'Sequence number of the broken entry.' })
  seq: number;
  @Field(() => ID, {
    nullable: true,
    description: 'The broken entry; null when unknown (entries missing at the end of the log).',
  })
  id: string | null;
  @Field({ description: 'What is wrong, e.g. "hash mismatch", "sequence gap", "missing tail".' })
  reason: string;
  @Field(() => Float, { description: 'The sequence number expected at this place.' })
  expectedSeq: number;
}

@ObjectType('RecordsAuditCheckpoint', {
  description:
    'A signed checkpoint of the audit chain: "entry seq had this hash", signed by the records service.',
})
export class RecordsAuditCheckpointModel {
  @Field(() => Float, { description: 'The entry it names.' })
  seq: number;
  @Field({ description: 'The hash it names for that entry.' })
  hash: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was signed.' })
  signedAt: string | null;
  @Field({ description: 'Which key signed it (ed25519:…).' })
  keyId: string;
  @Field({
    description:
      "Signed by the records service's current key (false: another key, e.g. one rotated out, or a forgery).",
  })
  signatureValid: boolean;
  @Field({ description: 'The log holds exactly this hash at seq.' })
  matchesChain: boolean;
}

@ObjectType('RecordsAuditVerification', {
  description:
    'The result of verifying the append-only, hash-chained audit log of offender-record lookups from its first entry to its head.',
})
export class RecordsAuditVerificationModel {
  @Field({ description: 'Every entry links to the one before and the log ends at its recorded head.' })
  ok: boolean;
  @Field(() => Float, { description: 'Entries verified (the whole log when ok).' })
  entries: number;
  @Field(() => RecordsAuditBreakModel, {
    nullable: true,
    description: 'The first broken entry; null when ok.',
  })
  firstBroken: RecordsAuditBreakModel | null;
  @Field(() => Float, { description: 'Sequence number of the head the log ends at.' })
  headSeq: number;
  @Field({
    description: 'Hash of the head entry: publish it elsewhere with headSeq to anchor the chain.',
  })
  headHash: string;
  @Field(() => RecordsAuditCheckpointModel, {
    nullable: true,
    description:
      'The last signed checkpoint the records service published (Ed25519, outside the database), checked against its current key and against the log; null when none has been published yet or the stream cannot be read. The full check of every checkpoint is `npm run records:audit-verify`.',
  })
  lastCheckpoint: RecordsAuditCheckpointModel | null;
}

export enum RecordsAuditOutcome {
  OK = 'ok',
  NO_MATCH = 'no-match',
  NOT_FOUND = 'not-found',
  DENIED_ROLE = 'denied:role',
  DENIED_ORGANIZATION = 'denied:organization',
  DENIED_HOLDER = 'denied:holder',
  REJECTED_PURPOSE = 'rejected:purpose',
  REJECTED_INPUT = 'rejected:input',
  RATE_LIMITED = 'rate-limited',
  DENIED = 'denied',
  REJECTED = 'rejected',
}
registerEnumType(RecordsAuditOutcome, {
  name: 'RecordsAuditOutcome',
  description: 'What became of a lookup, as the audit log records it (docs/records.md, "The audit log").',
  valuesMap: {
    OK: { description: 'Answered with persons (`ok`).' },
    NO_MATCH: { description: 'A lookup that found nobody (`no-match`).' },
    NOT_FOUND: { description: 'A detail view of a person who does not exist (`not-found`).' },
    DENIED_ROLE: { description: 'The caller may not look up at all (`denied:role`).' },
    DENIED_ORGANIZATION: {
      description: "The caller's organization may not look up (`denied:organization`).",
    },
    DENIED_HOLDER: {
      description:
        "The person exists but is held where the caller may not read (`denied:holder`): another county's record.",
    },
    REJECTED_PURPOSE: { description: 'No complete purpose (`rejected:purpose`).' },
    REJECTED_INPUT: { description: 'Invalid input (`rejected:input`).' },
    RATE_LIMITED: { description: 'Over the per-user rate limit (`rate-limited`).' },
    DENIED: { description: 'As a filter only: any `denied:*`.' },
    REJECTED: { description: 'As a filter only: any `rejected:*`.' },
  },
});

@ObjectType('RecordsAuditEntry', {
  description: 'One entry of the lookup audit log: one lookup, detail view or refusal.',
})
export class RecordsAuditEntryModel {
  @Field(() => ID, { description: 'The entry id (the auditId a lookup answered).' })
  id: string;
  @Field(() => Float, { description: 'Its place in the chain, gap-free from 1.' })
  seq: number;
  @Field(() => DateTimeScalar, { description: 'When, to the millisecond.' })
  at: string;
  @Field({ description: 'The username who looked up.' })
  actor: string;
  @Field({ description: 'Their organization code.' })
  actorOrg: string;
  @Field({ description: '`lookup`, `detail` or `denied`.' })
  action: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The purpose code as stated (a RecordLookupPurpose name when valid); null when none was given.',
  })
  purposeCode: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The case number as stated; null when none was given.',
  })
  caseNumber: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The justification as stated; null when none was given.',
  })
  justification: string | null;
  @Field({
    description:
      'What was asked, as stored: canonical JSON, e.g. {"citizenId":"542223…","kind":"citizen-id"}, {"kind":"name","name":"扎西次仁",…}, {"kind":"detail","personId":"…"}.',
  })
  query: string;
  @Field(() => [String], { description: 'The person ids returned.' })
  resultIds: string[];
  @Field({
    description: 'The outcome as stored: ok, no-match, not-found, denied:*, rejected:*, rate-limited.',
  })
  outcome: string;
}

@ObjectType('RecordsAuditPage', { description: 'A page of the lookup audit trail, newest first.' })
export class RecordsAuditPageModel {
  @Field(() => [RecordsAuditEntryModel], { description: 'Newest first.' })
  entries: RecordsAuditEntryModel[];
  @Field({ description: 'More entries match: pass `nextBefore` as `before` for the next page.' })
  more: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the next page; null when there is none.',
  })
  nextBefore: string | null;
}
