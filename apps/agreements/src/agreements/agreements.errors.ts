import { AgreementReason, CommonReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';

/** The agreements service's domain errors, each a typed RPC error with a code from the shared enum. */
export const AgreementErrors = {
  notFound: (code: string) =>
    RpcError.of(AgreementReason.NOT_FOUND, `No agreement "${code}" that you can see.`),
  versionNotFound: (code: string, version: number) =>
    RpcError.of(AgreementReason.VERSION_NOT_FOUND, `Agreement "${code}" has no version ${version}.`),
  alreadyExists: (code: string) => RpcError.of(AgreementReason.EXISTS, `Agreement "${code}" already exists.`),
  notAParty: () => RpcError.of(AgreementReason.NOT_A_PARTY, 'Only a party to the agreement can do this.'),
  callerNotAParty: () =>
    RpcError.of(
      AgreementReason.DRAFTER_NOT_A_PARTY,
      'Your organization must be a party to an agreement it drafts.',
      [{ field: 'partyCodes', message: 'must include your organization' }],
    ),
  unknownParties: (codes: readonly string[]) =>
    RpcError.of(AgreementReason.UNKNOWN_PARTIES, `Unknown organizations: ${codes.join(', ')}.`, [
      { field: 'partyCodes', message: `unknown: ${codes.join(', ')}` },
    ]),
  tooFewParties: () =>
    RpcError.of(AgreementReason.TOO_FEW_PARTIES, 'An agreement needs at least two different parties.', [
      { field: 'partyCodes', message: 'must list at least two different organizations' },
    ]),
  unknownBasin: (code: string) =>
    RpcError.of(AgreementReason.UNKNOWN_BASIN, `Unknown river basin "${code}".`, [
      { field: 'content.scope.basinCode', message: 'unknown' },
    ]),
  wrongState: (code: string, action: string, status: string) =>
    RpcError.of(AgreementReason.WRONG_STATE, `Agreement "${code}" is ${status}: it cannot be ${action}.`),
  notLatest: (code: string, latest: number) =>
    RpcError.of(
      AgreementReason.NOT_LATEST_VERSION,
      `Only the newest version (${latest}) of "${code}" can be signed.`,
    ),
  digestMismatch: () =>
    RpcError.of(
      AgreementReason.DIGEST_MISMATCH,
      'The text you are signing is not the text of this version (digest mismatch). Reload it.',
    ),
  alreadySigned: (org: string) =>
    RpcError.of(AgreementReason.ALREADY_SIGNED, `${org} has already signed this version.`),
  alreadyFullySigned: () =>
    RpcError.of(AgreementReason.FULLY_SIGNED, 'Every party has already signed this version.'),
  idempotencyKeyReused: () =>
    RpcError.of(
      CommonReason.IDEMPOTENCY_KEY_REUSED,
      'This idempotency key was already used for a different request. Use a new key.',
    ),
  nothingSignedToRenew: (code: string) =>
    RpcError.of(
      AgreementReason.NOTHING_TO_RENEW,
      `Agreement "${code}" has no version every party signed: there is nothing to renew.`,
    ),
};
