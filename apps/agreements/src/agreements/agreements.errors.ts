import { RpcError } from '@yiti/messaging';

/** The agreements service's domain errors, each a typed RPC error with a code from the shared enum. */
export const AgreementErrors = {
  notFound: (code: string) => RpcError.notFound(`No agreement "${code}" that you can see.`),
  versionNotFound: (code: string, version: number) =>
    RpcError.notFound(`Agreement "${code}" has no version ${version}.`),
  alreadyExists: (code: string) => RpcError.conflict(`Agreement "${code}" already exists.`),
  notAParty: () => RpcError.forbidden('Only a party to the agreement can do this.'),
  callerNotAParty: () =>
    RpcError.badInput('Your organization must be a party to an agreement it drafts.', [
      { field: 'partyCodes', message: 'must include your organization' },
    ]),
  unknownParties: (codes: readonly string[]) =>
    RpcError.badInput(`Unknown organizations: ${codes.join(', ')}.`, [
      { field: 'partyCodes', message: `unknown: ${codes.join(', ')}` },
    ]),
  tooFewParties: () =>
    RpcError.badInput('An agreement needs at least two different parties.', [
      { field: 'partyCodes', message: 'must list at least two different organizations' },
    ]),
  unknownBasin: (code: string) =>
    RpcError.badInput(`Unknown river basin "${code}".`, [
      { field: 'content.scope.basinCode', message: 'unknown' },
    ]),
  wrongState: (code: string, action: string, status: string) =>
    RpcError.conflict(`Agreement "${code}" is ${status}: it cannot be ${action}.`),
  notLatest: (code: string, latest: number) =>
    RpcError.conflict(`Only the newest version (${latest}) of "${code}" can be signed.`),
  digestMismatch: () =>
    RpcError.conflict(
      'The text you are signing is not the text of this version (digest mismatch). Reload it.',
    ),
  alreadySigned: (org: string) => RpcError.conflict(`${org} has already signed this version.`),
  alreadyFullySigned: () => RpcError.conflict('Every party has already signed this version.'),
  idempotencyKeyReused: () =>
    RpcError.conflict('This idempotency key was already used for a different request. Use a new key.'),
  nothingSignedToRenew: (code: string) =>
    RpcError.conflict(`Agreement "${code}" has no version every party signed: there is nothing to renew.`),
};
