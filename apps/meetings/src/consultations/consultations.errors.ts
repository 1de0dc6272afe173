import { ConsultationReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import type { Side } from './lifecycle.js';

const SIDE_WORDS: Record<Side, string> = {
  police: 'a police liaison officer of the police bureau that logged it',
  procuratorate: 'a prosecutor of the county procuratorate of its ISCO',
  system: 'the system',
};

/** The consultations feature's domain errors, each a typed RPC error with a code from the shared enum. */
export const ConsultationErrors = {
  notFound: (id: string) =>
    RpcError.of(ConsultationReason.NOT_FOUND, `No consultation "${id}" that you can see.`),
  wrongOrganization: (verb: string, side: Side) =>
    RpcError.of(
      ConsultationReason.WRONG_ORGANIZATION,
      `Only ${SIDE_WORDS[side]} can have this consultation ${verb}.`,
    ),
  wrongRole: (verb: string, roles: readonly string[]) =>
    RpcError.of(
      ConsultationReason.WRONG_ROLE,
      `To have a consultation ${verb} you need one of the roles: ${roles.join(', ')}.`,
    ),
  illegalMove: (id: string, state: string, verb: string) =>
    RpcError.of(ConsultationReason.ILLEGAL_MOVE, `Consultation ${id} is ${state}: it cannot be ${verb} now.`),
  notAPoliceBureau: (org: string) =>
    RpcError.of(
      ConsultationReason.NOT_A_POLICE_BUREAU,
      `Consultations are logged by police liaison officers of a police bureau; "${org}" is not one.`,
    ),
  anotherCountysIsco: (isco: string, expected: string) =>
    RpcError.of(
      ConsultationReason.ANOTHER_COUNTYS_ISCO,
      `Your police bureau logs consultations at ${expected}, not at ${isco}.`,
    ),
  unknownIsco: (isco: string) =>
    RpcError.of(ConsultationReason.UNKNOWN_ISCO, `The directory knows no active ISCO "${isco}".`, [
      { field: 'iscoOrg', message: 'is not an ISCO in the directory' },
    ]),
  noProcuratorate: (isco: string, procuratorate: string) =>
    RpcError.of(
      ConsultationReason.NO_PROCURATORATE,
      `The ISCO ${isco} has no procuratorate ${procuratorate} in the directory.`,
      [{ field: 'iscoOrg', message: `has no procuratorate ${procuratorate} in the directory` }],
    ),
  unknownPoliceBureau: (org: string) =>
    RpcError.of(
      ConsultationReason.UNKNOWN_POLICE_BUREAU,
      `Your organization "${org}" is not an active police bureau in the directory.`,
    ),
  followUpNeedsFilingSupervision: () =>
    RpcError.of(
      ConsultationReason.FOLLOW_UP_NEEDS_FILING_SUPERVISION,
      'Follow-up clocks apply only to filing supervision (立案监督) consultations.',
      [{ field: 'followUp', message: 'must be NONE unless the consultation is FILING_SUPERVISION' }],
    ),
};
