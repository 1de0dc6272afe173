import { RpcError, type Violation } from '@yiti/messaging';

/** The records service's domain errors, each a typed RPC error with a code from the shared enum. */
export const RecordErrors = {
  purposeMissing: (violations: readonly Violation[]) =>
    RpcError.badInput(
      'A record lookup needs a purpose: a purpose code, the case number and a justification. This request was refused and the refusal is in the audit log.',
      violations,
    ),
  badCitizenId: (problems: readonly string[]) =>
    RpcError.badInput(
      'The citizen ID is not valid.',
      problems.map((message) => ({ field: 'citizenId', message })),
    ),
  noSuchPerson: (id: string) => RpcError.notFound(`No person "${id}" whose records you may see.`),
  rateLimited: () =>
    RpcError.rateLimited('You have made too many record lookups in the last minute. Try again in a minute.'),
  auditUnavailable: () =>
    RpcError.unavailable(
      'The lookup could not be written to the audit log, so it was not performed. Try again later.',
    ),
};
