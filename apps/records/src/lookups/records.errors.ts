import { RecordReason } from '@yiti/contracts';
import { RpcError, type Violation } from '@yiti/messaging';

/** The records service's domain errors, each a typed RPC error with a code from the shared enum. */
export const RecordErrors = {
  purposeMissing: (violations: readonly Violation[]) =>
    RpcError.of(
      RecordReason.PURPOSE_MISSING,
      'A record lookup needs a purpose: a purpose code, the case number and a justification. This request was refused and the refusal is in the audit log.',
      violations,
    ),
  badCitizenId: (problems: readonly string[]) =>
    RpcError.of(
      RecordReason.INVALID_CITIZEN_ID,
      'The citizen ID is not valid.',
      problems.map((message) => ({ field: 'citizenId', message })),
    ),
  noSuchPerson: (id: string) =>
    RpcError.of(RecordReason.NO_SUCH_PERSON, `No person "${id}" whose records you may see.`),
  rateLimited: () =>
    RpcError.of(
      RecordReason.RATE_LIMITED,
      'You have made too many record lookups in the last minute. Try again in a minute.',
    ),
  badAuditFilter: (violations: readonly Violation[]) =>
    RpcError.of(RecordReason.INVALID_AUDIT_FILTER, 'The audit trail filter is not valid.', violations),
  auditUnavailable: () =>
    RpcError.of(
      RecordReason.AUDIT_UNAVAILABLE,
      'The lookup could not be written to the audit log, so it was not performed. Try again later.',
    ),
};
