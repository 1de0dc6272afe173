import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  LookupPurpose,
  Sex,
  type Conviction,
  type GetPersonDetailRequestSchema,
  type GetPersonDetailResponse,
  type LookupByCitizenIdRequestSchema,
  type LookupByCitizenIdResponse,
  type SearchByNameResponse,
  type PersonDetail,
  type PersonSummary,
  type PurposeSchema,
  type SearchByNameRequestSchema,
  type VerifyAuditChainResponse,
  type ListLookupAuditEntriesRequestSchema,
  type ListLookupAuditEntriesResponse,
} from '@yiti/contracts';
import { orNullIfEmpty } from '../graphql/or-null.js';
import { lookupPurposeToMessage, nameScriptOf, sexOf, sexToMessage } from './records.enums.js';
import type {
  RecordLookupByCitizenIdArgs,
  RecordNameSearchInput,
  RecordPersonDetailArgs,
  RecordPurposeInput,
  RecordsAuditEntriesArgs,
} from './records.inputs.js';
import type {
  RecordConvictionModel,
  RecordLookupResultModel,
  RecordPersonDetailModel,
  RecordPersonModel,
  RecordPersonSummaryModel,
  RecordsAuditPageModel,
  RecordsAuditVerificationModel,
} from './records.models.js';

type PurposeInit = MessageInitShape<typeof PurposeSchema>;

/**
 * The stated purpose as the request's `purpose`, exactly as given: nothing is required here. No purpose at all
 * is an absent message, a missing code UNSPECIFIED and a missing text empty — the records service refuses
 * those (BAD_USER_INPUT) and audits the refusal.
 */
export function toPurposeMessage(purpose: RecordPurposeInput | null | undefined): PurposeInit | undefined {
  if (!purpose) return undefined;
  return {
    code: purpose.code ? lookupPurposeToMessage(purpose.code) : LookupPurpose.UNSPECIFIED,
    caseNumber: purpose.caseNumber ?? '',
    justification: purpose.justification ?? '',
  };
}

/** `{ purpose }` when one was given, else nothing (the field stays absent). */
function purposeField(purpose: RecordPurposeInput | null | undefined): { purpose?: PurposeInit } {
  const message = toPurposeMessage(purpose);
  return message ? { purpose: message } : {};
}

export function toLookupByCitizenIdMessage({
  citizenId,
  purpose,
}: RecordLookupByCitizenIdArgs): MessageInitShape<typeof LookupByCitizenIdRequestSchema> {
  return { citizenId, ...purposeField(purpose) };
}

export function toSearchByNameMessage(
  input: RecordNameSearchInput,
): MessageInitShape<typeof SearchByNameRequestSchema> {
  return {
    name: input.name,
    birthDate: input.birthDate ?? '',
    sex: input.sex ? sexToMessage(input.sex) : Sex.UNSPECIFIED,
    divisionCode: input.divisionCode ?? '',
    limit: input.limit,
    ...purposeField(input.purpose),
  };
}

export function toPersonDetailMessage({
  personId,
  purpose,
}: RecordPersonDetailArgs): MessageInitShape<typeof GetPersonDetailRequestSchema> {
  return { personId, ...purposeField(purpose) };
}

export function toPersonSummaryModel(p: PersonSummary): RecordPersonSummaryModel {
  return {
    personId: p.personId,
    maskedCitizenId: p.maskedCitizenId,
    names: [...p.names],
    sex: sexOf(p.sex),
    birthDate: p.birthDate,
    householdDivision: p.householdDivision,
    holderOrg: p.holderOrg,
    convictionCount: p.convictionCount,
    score: p.score,
    matchReason: p.matchReason,
    matchedName: orNullIfEmpty(p.matchedName),
  };
}

export function toLookupResultModel(
  r: LookupByCitizenIdResponse | SearchByNameResponse,
): RecordLookupResultModel {
  return { persons: r.persons.map(toPersonSummaryModel), auditId: r.auditId, more: r.more };
}

function toConvictionModel(c: Conviction): RecordConvictionModel {
  return {
    id: c.id,
    court: c.court,
    judgmentNumber: c.judgmentNumber,
    judgmentDate: c.judgmentDate,
    offence: c.offence,
    sentence: c.sentence,
    sealed: c.sealed,
    holderOrg: c.holderOrg,
  };
}

export function toPersonModel(p: PersonDetail): RecordPersonModel {
  return {
    personId: p.personId,
    citizenId: p.citizenId,
    names: p.names.map((n) => ({ name: n.name, script: nameScriptOf(n.script), alias: n.alias })),
    sex: sexOf(p.sex),
    birthDate: p.birthDate,
    householdDivision: p.householdDivision,
    holderOrg: p.holderOrg,
    convictions: p.convictions.map(toConvictionModel),
  };
}

export function toPersonDetailModel(r: GetPersonDetailResponse): RecordPersonDetailModel {
  if (!r.person) throw new Error('the records service answered without the person');
  return { person: toPersonModel(r.person), auditId: r.auditId };
}

/** uint64 arrives as bigint: the audit log's sequence numbers stay far below 2^53. */
export function toAuditVerificationModel(r: VerifyAuditChainResponse): RecordsAuditVerificationModel {
  const broken = r.firstBroken;
  return {
    ok: r.ok,
    entries: Number(r.entries),
    firstBroken: broken
      ? {
          seq: Number(broken.seq),
          id: orNullIfEmpty(broken.id),
          reason: broken.reason,
          expectedSeq: Number(broken.expectedSeq),
        }
      : null,
    headSeq: Number(r.headSeq),
    headHash: r.headHash,
    lastCheckpoint: r.lastCheckpoint
      ? {
          seq: Number(r.lastCheckpoint.seq),
          hash: r.lastCheckpoint.hash,
          signedAt: orNullIfEmpty(r.lastCheckpoint.signedAt),
          keyId: r.lastCheckpoint.keyId,
          signatureValid: r.lastCheckpoint.signatureValid,
          matchesChain: r.lastCheckpoint.matchesChain,
        }
      : null,
  };
}

export function toListAuditEntriesMessage({
  filter,
  first,
  before,
}: RecordsAuditEntriesArgs): MessageInitShape<typeof ListLookupAuditEntriesRequestSchema> {
  return {
    from: filter?.from ?? '',
    to: filter?.to ?? '',
    actor: filter?.actor ?? '',
    actorOrg: filter?.actorOrg ?? '',
    outcome: filter?.outcome ?? '',
    limit: first,
    beforeSeq: before ? BigInt(before) : 0n,
  };
}

export function toAuditPageModel(r: ListLookupAuditEntriesResponse): RecordsAuditPageModel {
  return {
    entries: r.entries.map((e) => ({
      id: e.id,
      seq: Number(e.seq),
      at: e.at,
      actor: e.actor,
      actorOrg: e.actorOrg,
      action: e.action,
      purposeCode: orNullIfEmpty(e.purposeCode),
      caseNumber: orNullIfEmpty(e.caseNumber),
      justification: orNullIfEmpty(e.justification),
      query: e.query,
      resultIds: [...e.resultIds],
      outcome: e.outcome,
    })),
    more: r.more,
    nextBefore: r.more ? r.nextBeforeSeq.toString() : null,
  };
}
