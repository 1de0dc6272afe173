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
  type EditConsultationRequest,
  type LogConsultationRequest,
  type OpenSupervisionMatterRequest,
  type RecordOpinionRequest,
  type RecordPoliceResponseRequest,
  type WithdrawConsultationRequest,
} from '@yiti/contracts';
import { inputCheck, type InputCheck } from '@yiti/messaging';
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

/** What the police write, logged or edited: the case, its category, the type, the question and materials. */
interface ContentFields {
  policeCaseNumber: string;
  category: string;
  type: LogConsultationRequest['type'];
  question: string;
  materials: string[];
}

/** The content's checks (trimmed), added to `check`; the checked values for when `check.done()` passes. */
function contentChecks(check: InputCheck, request: ContentFields) {
  const type = TYPES.code(request.type);
  const question = request.question.trim();
  const caseNumber = request.policeCaseNumber.trim();
  const materials = request.materials.map((m) => m.trim());
  check
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
    );
  return { policeCaseNumber: caseNumber, category: request.category, type: type!, question, materials };
}

/** The checks of what opens a record at an ISCO, logged or a supervision matter: the ISCO, content and key. */
function openingChecks(
  check: InputCheck,
  request: ContentFields & { iscoOrg: string; idempotencyKey: string },
) {
  check.that(
    'iscoOrg',
    ORGANIZATION_CODE.test(request.iscoOrg) && ISCO_CODE.test(request.iscoOrg),
    'must be an ISCO code such as isco-540522',
  );
  const content = contentChecks(check, request);
  // A retry must return the first record, never make a second: the key is required.
  check.that(
    'idempotencyKey',
    IDEMPOTENCY_KEY.test(request.idempotencyKey),
    'is required: 8-128 of A-Z, a-z, 0-9, _ and -',
  );
  return { iscoOrg: request.iscoOrg, division: divisionOf(request.iscoOrg), ...content };
}

export function checkedConsultation(request: LogConsultationRequest): CheckedConsultation {
  const check = inputCheck();
  const checked = openingChecks(check, request);
  check.done();
  return checked;
}

/** A supervision matter: what opens it, and the demand (an opinion) with its clock. */
export function checkedSupervision(
  request: OpenSupervisionMatterRequest,
): CheckedConsultation & { opinion: string; followUp: FollowUpCode } {
  const check = inputCheck();
  const checked = openingChecks(check, request);
  const demand = opinionChecks(check, request);
  check.done();
  return { ...checked, ...demand };
}

/** An edit replaces the whole content; the ISCO (and so the parties) stays as logged. */
export function checkedEdit(
  request: EditConsultationRequest,
): Omit<CheckedConsultation, 'iscoOrg' | 'division'> {
  const check = inputCheck().matches('id', request.id, UUID, 'must be a consultation id');
  const content = contentChecks(check, request);
  check.done();
  return content;
}

export function checkedWithdrawal(request: WithdrawConsultationRequest): void {
  inputCheck().matches('id', request.id, UUID, 'must be a consultation id').done();
}

/** The opinion's checks (trimmed), added to `check`: the text and a known follow-up clock. */
function opinionChecks(check: InputCheck, request: Pick<RecordOpinionRequest, 'opinion' | 'followUp'>) {
  const opinion = request.opinion.trim();
  const followUp = FOLLOW_UPS.code(request.followUp);
  check
    .required('opinion', opinion)
    .maxLength('opinion', opinion, TEXT_MAX_LENGTH)
    .that(
      'followUp',
      followUp !== undefined,
      'must be NONE, EXPLAIN_NON_FILING, FILE_AFTER_NOTICE or REPORT_MEASURE_HANDLING',
    );
  return { opinion, followUp: followUp! };
}

export function checkedOpinion(request: RecordOpinionRequest): { opinion: string; followUp: FollowUpCode } {
  const check = inputCheck().matches('id', request.id, UUID, 'must be a consultation id');
  const checked = opinionChecks(check, request);
  check.done();
  return checked;
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
