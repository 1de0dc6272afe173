import type { RecordLookupPurpose, RecordPurposeInput } from '../../graphql/records.generated';

/**
 * The purposes a lookup may state, in the records service's order (apps/records/src/lookups/purposes.ts), and
 * which of them are judicial use: only those may see sealed juvenile records (Criminal Procedure Law art. 286).
 */
export const PURPOSES: ReadonlyArray<{ code: RecordLookupPurpose; judicial: boolean }> = [
  { code: 'ARREST_REVIEW', judicial: true },
  { code: 'PROSECUTION_REVIEW', judicial: true },
  { code: 'INVESTIGATION_SUPERVISION', judicial: true },
  { code: 'TRIAL_SUPERVISION', judicial: true },
  { code: 'EXECUTION_SUPERVISION', judicial: true },
  { code: 'QUALIFICATION_CHECK', judicial: false },
  { code: 'SUPERVISION_ANALYSIS', judicial: false },
];

export const isJudicial = (code: RecordLookupPurpose | null | undefined): boolean =>
  PURPOSES.some((p) => p.code === code && p.judicial);

/**
 * The purpose as typed, trimmed; blanks left out. The portal does not refuse a missing part itself: the records
 * service does, and writes the refusal to its audit log (docs/records.md).
 */
export function purposeInput(form: {
  code?: RecordLookupPurpose | null;
  caseNumber?: string | null;
  justification?: string | null;
}): RecordPurposeInput {
  const caseNumber = form.caseNumber?.trim();
  const justification = form.justification?.trim();
  return {
    ...(form.code ? { code: form.code } : {}),
    ...(caseNumber ? { caseNumber } : {}),
    ...(justification ? { justification } : {}),
  };
}
