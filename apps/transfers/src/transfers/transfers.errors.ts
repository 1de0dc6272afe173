import { TransferReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import type { Side } from './lifecycle.js';

const SIDE_WORDS: Record<Side, string> = {
  sender: 'the sending organization',
  receiver: 'the receiving organization',
  party: 'the sending or receiving organization',
  'common-superior': 'the common superior procuratorate',
  system: 'the system',
};

/** The transfers service's domain errors, each a typed RPC error with a code from the shared enum. */
export const TransferErrors = {
  notFound: (id: string) => RpcError.of(TransferReason.NOT_FOUND, `No transfer "${id}" that you can see.`),
  wrongOrganization: (verb: string, side: Side) =>
    RpcError.of(
      TransferReason.WRONG_ORGANIZATION,
      `Only ${SIDE_WORDS[side]} can have this transfer ${verb}.`,
    ),
  wrongRole: (verb: string, roles: readonly string[]) =>
    RpcError.of(
      TransferReason.WRONG_ROLE,
      `To have a transfer ${verb} you need one of the roles: ${roles.join(', ')}.`,
    ),
  illegalMove: (id: string, state: string, verb: string) =>
    RpcError.of(TransferReason.ILLEGAL_MOVE, `Transfer ${id} is ${state}: it cannot be ${verb} now.`),
  unknownOrganizations: (codes: readonly string[]) =>
    RpcError.of(TransferReason.UNKNOWN_ORGANIZATIONS, `Unknown organizations: ${codes.join(', ')}.`, [
      { field: 'content.receiverOrg', message: `unknown: ${codes.join(', ')}` },
    ]),
  unknownDivision: (code: string) =>
    RpcError.of(TransferReason.UNKNOWN_DIVISION, `Unknown division "${code}".`, [
      { field: 'content.divisionCode', message: 'unknown' },
    ]),
  sameOrganization: () =>
    RpcError.of(TransferReason.SAME_ORGANIZATION, 'A transfer goes to another organization.', [
      { field: 'content.receiverOrg', message: 'must not be your own organization' },
    ]),
  pactDoesNotCover: (code: string) =>
    RpcError.of(
      TransferReason.PACT_DOES_NOT_COVER,
      `No pact "${code}" in force covers this transfer (these organizations, business line, category and division).`,
      [{ field: 'content.pactCode', message: 'is not a pact in force covering this transfer' }],
    ),
  changedWhileSending: (id: string) =>
    RpcError.of(
      TransferReason.CHANGED_WHILE_SENDING,
      `Draft ${id} changed while it was being sent. Review it and send again.`,
    ),
  noCommonSuperior: (id: string) =>
    RpcError.of(
      TransferReason.NO_COMMON_SUPERIOR,
      `Transfer ${id} has no common superior procuratorate to escalate to: settle it by consultation.`,
    ),
  designationOutsideJurisdiction: (org: string) =>
    RpcError.of(
      TransferReason.DESIGNATION_OUTSIDE_JURISDICTION,
      `${org} is not an organization under your procuratorate.`,
      [{ field: 'handlingOrg', message: 'must be an organization under the designating procuratorate' }],
    ),
};
