import {
  IDEMPOTENCY_KEY,
  ORGANIZATION_CODE,
  POLICE_CASE_NUMBER,
  SCOPE_CODE,
  ISCO_CODE,
  MATERIAL_MAX_LENGTH,
  MAX_MATERIALS,
  SUMMARY_MAX_LENGTH,
  UUID,
  type LogConsultationRequest,
  type RecordOpinionRequest,
  type RecordPoliceResponseRequest,
} from '@yiti/contracts';
import { inputCheck } from '@yiti/messaging';
import type { ConsultationTypeCode, FollowUpCode } from './consultation.entity.js';
import { FOLLOW_UPS, TYPES } from './consultations.mapper.js';

/** The question, opinion and response: at most this many characters (the contract's summary limit). */
export const TEXT_MAX_LENGTH = SUMMARY_MAX_LENGTH;

/** A logged consultation's content after the service's own checks (the gateway checks the same formats). */
export interface CheckedConsultation {
  iscoOrg: string;
  /** The ISCO's division: the police bureau and procuratorate are `police-` and `proc-` of it. */
  division: string;
  policeCaseNumber: string;
  category: string;
  type: ConsultationTypeCode;
  question: string;
  materials: string[];
}

/** The division of an organization code (`police-540522` → `540522`). */
export const divisionOf = (org: string) => org.slice(org.lastIndexOf('-') + 1);

export function checkedConsultation(request: LogConsultationRequest): CheckedConsultation {
  const type = TYPES.code(request.type);
  const question = request.question.trim();
  const caseNumber = request.policeCaseNumber.trim();
  const materials = request.materials.map((m) => m.trim());
  inputCheck()
    .that(
      'iscoOrg',
      ORGANIZATION_CODE.test(request.iscoOrg) && ISCO_CODE.test(request.iscoOrg),
      'must be an ISCO code such as isco-540522',
    )
    .matches('policeCaseNumber', caseNumber, POLICE_CASE_NUMBER, 'must be a police case number')
    .matches('category', request.category, SCOPE_CODE, 'must be a code such as illegal-mining')
    .that('type', type !== undefined, 'must be a consultation type')
    .required('question', question)
    .maxLength('question', question, TEXT_MAX_LENGTH)
    .that('materials', materials.length <= MAX_MATERIALS, `must list at most ${MAX_MATERIALS} items`)
    .that(
      'materials',
      materials.every((m) => m !== ''),
      'must not contain empty items',
    )
    .that(
      'materials',
      materials.every((m) => m.length <= MATERIAL_MAX_LENGTH),
      `must have items of at most ${MATERIAL_MAX_LENGTH} characters`,
    )
    // A retried log must return the first consultation, never make a second: the key is required.
    .that(
      'idempotencyKey',
      IDEMPOTENCY_KEY.test(request.idempotencyKey),
      'is required: 8-128 of A-Z, a-z, 0-9, _ and -',
    )
    .done();
  return {
    iscoOrg: request.iscoOrg,
    division: divisionOf(request.iscoOrg),
    policeCaseNumber: caseNumber,
    category: request.category,
    type: type!,
    question,
    materials,
  };
}

export function checkedOpinion(request: RecordOpinionRequest): { opinion: string; followUp: FollowUpCode } {
  const opinion = request.opinion.trim();
  const followUp = FOLLOW_UPS.code(request.followUp);
  inputCheck()
    .matches('id', request.id, UUID, 'must be a consultation id')
    .required('opinion', opinion)
    .maxLength('opinion', opinion, TEXT_MAX_LENGTH)
    .that('followUp', followUp !== undefined, 'must be NONE, EXPLAIN_NON_FILING or FILE_AFTER_NOTICE')
    .done();
  return { opinion, followUp: followUp! };
}

export function checkedResponse(request: RecordPoliceResponseRequest): string {
  const response = request.response.trim();
  inputCheck()
    .matches('id', request.id, UUID, 'must be a consultation id')
    .required('response', response)
    .maxLength('response', response, TEXT_MAX_LENGTH)
    .done();
  return response;
}
