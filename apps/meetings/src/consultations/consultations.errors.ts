import { ConsultationReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import type { FollowUpCode } from './consultation.entity.js';
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
  /** The clock does not fit the type: each clock belongs to one type (follow-up-clocks.ts). */
  followUpDoesNotFit: (followUp: FollowUpCode) =>
    followUp === 'report-measure-handling'
      ? RpcError.of(
          ConsultationReason.FOLLOW_UP_NEEDS_MEASURE_REVIEW,
          'The measure-handling clock applies only to compulsory-measure review (强制措施审查).',
          [{ field: 'followUp', message: 'must be NONE unless the type is COMPULSORY_MEASURE_REVIEW' }],
        )
      : RpcError.of(
          ConsultationReason.FOLLOW_UP_NEEDS_FILING_SUPERVISION,
          'The explain-non-filing and file-after-notice clocks apply only to filing supervision (立案监督).',
          [{ field: 'followUp', message: 'must be NONE unless the type is FILING_SUPERVISION' }],
        ),
  notAProcuratorate: (org: string) =>
    RpcError.of(
      ConsultationReason.NOT_A_PROCURATORATE,
      `Supervision matters are opened by prosecutors of a procuratorate; "${org}" is not one.`,
    ),
  supervisionAtAnotherCounty: (isco: string, expected: string) =>
    RpcError.of(
      ConsultationReason.SUPERVISION_AT_ANOTHER_COUNTY,
      `Your procuratorate opens supervision matters at ${expected}, not at ${isco}.`,
    ),
  noPoliceBureau: (isco: string, police: string) =>
    RpcError.of(
      ConsultationReason.NO_POLICE_BUREAU,
      `The ISCO ${isco} has no police bureau ${police} in the directory.`,
      [{ field: 'iscoOrg', message: `has no police bureau ${police} in the directory` }],
    ),
  notASupervisionType: () =>
    RpcError.of(
      ConsultationReason.NOT_A_SUPERVISION_TYPE,
      'A supervision matter is FILING_SUPERVISION or COMPULSORY_MEASURE_REVIEW.',
      [{ field: 'type', message: 'must be FILING_SUPERVISION or COMPULSORY_MEASURE_REVIEW' }],
    ),
};
