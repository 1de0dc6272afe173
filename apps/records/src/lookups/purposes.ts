import { CASE_NUMBER, LookupPurpose, type Purpose } from '@yiti/contracts';
import type { Violation } from '@yiti/messaging';

/**
 * The purposes a lookup may state, in one table. `judicial`: case handling by a judicial organ, the one use for
 * which Criminal Procedure Law art. 286 lets sealed juvenile records be provided ("司法机关为办案需要"); for every
 * other purpose sealed convictions are left out as if they did not exist.
 */
export const PURPOSES: ReadonlyMap<LookupPurpose, { readonly zh: string; readonly judicial: boolean }> =
  new Map([
    [LookupPurpose.ARREST_REVIEW, { zh: '审查逮捕', judicial: true }],
    [LookupPurpose.PROSECUTION_REVIEW, { zh: '审查起诉', judicial: true }],
    [LookupPurpose.INVESTIGATION_SUPERVISION, { zh: '立案监督、侦查活动监督', judicial: true }],
    [LookupPurpose.TRIAL_SUPERVISION, { zh: '审判监督', judicial: true }],
    [LookupPurpose.EXECUTION_SUPERVISION, { zh: '刑罚执行监督', judicial: true }],
    [LookupPurpose.QUALIFICATION_CHECK, { zh: '根据国家规定的资格审查', judicial: false }],
    [LookupPurpose.SUPERVISION_ANALYSIS, { zh: '法律监督统计与研判', judicial: false }],
  ]);

export const JUSTIFICATION_MAX_LENGTH = 500;

/** A stated purpose after checking: trimmed, complete. */
export interface CheckedPurpose {
  readonly code: LookupPurpose;
  /** The enum name, e.g. ARREST_REVIEW: what the audit log records. */
  readonly name: string;
  readonly judicial: boolean;
  readonly caseNumber: string;
  readonly justification: string;
}

/** What was stated, as far as it goes, for the audit entry of a refusal. */
export function statedPurpose(purpose: Purpose | undefined): {
  purposeCode: string | null;
  caseNumber: string | null;
  justification: string | null;
} {
  const code = purpose?.code ? LookupPurpose[purpose.code] : undefined;
  const orNull = (s: string | undefined) =>
    s && s.trim() ? s.trim().slice(0, 2 * JUSTIFICATION_MAX_LENGTH) : null;
  return {
    purposeCode: code ?? (purpose?.code ? String(purpose.code) : null),
    caseNumber: orNull(purpose?.caseNumber),
    justification: orNull(purpose?.justification),
  };
}

/** Checks the purpose of a lookup: the checked purpose, or the violations (field names as the GraphQL input has them). */
export function checkPurpose(
  purpose: Purpose | undefined,
): { ok: true; purpose: CheckedPurpose } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = [];
  const entry = purpose?.code ? PURPOSES.get(purpose.code) : undefined;
  if (!entry) {
    violations.push({ field: 'purpose.code', message: 'is required: one of the lookup purposes' });
  }
  const caseNumber = (purpose?.caseNumber ?? '').trim();
  if (!caseNumber) violations.push({ field: 'purpose.caseNumber', message: 'is required' });
  else if (!CASE_NUMBER.test(caseNumber)) {
    violations.push({
      field: 'purpose.caseNumber',
      message: 'must be a case number such as 贡检刑诉〔2026〕12号',
    });
  }
  const justification = (purpose?.justification ?? '').trim();
  if (!justification) violations.push({ field: 'purpose.justification', message: 'is required' });
  else if ([...justification].length > JUSTIFICATION_MAX_LENGTH) {
    violations.push({
      field: 'purpose.justification',
      message: `must be at most ${JUSTIFICATION_MAX_LENGTH} characters`,
    });
  }
  if (violations.length > 0 || !entry) return { ok: false, violations };
  return {
    ok: true,
    purpose: {
      code: purpose!.code,
      name: LookupPurpose[purpose!.code],
      judicial: entry.judicial,
      caseNumber,
      justification,
    },
  };
}
