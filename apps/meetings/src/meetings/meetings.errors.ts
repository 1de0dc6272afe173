import { MeetingReason } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import type { By } from './lifecycle.js';

const SIDE_WORDS: Record<By, string> = {
  'host-secretary': 'a meeting secretary of the host organization',
  'present-attendee': 'an attendee recorded as present',
  system: 'the system',
};

/** An instant as Shanghai's wall clock, for messages: `2026-05-12 09:30`. */
const shanghaiTime = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The meetings feature's domain errors, each a typed RPC error with a code from the shared enum. */
export const MeetingErrors = {
  notFound: (id: string) => RpcError.of(MeetingReason.NOT_FOUND, `No meeting "${id}" that you can see.`),
  wrongSide: (verb: string, by: By) =>
    RpcError.of(MeetingReason.WRONG_SIDE, `Only ${SIDE_WORDS[by]} can have this meeting ${verb}.`),
  wrongRole: (verb: string, roles: readonly string[]) =>
    RpcError.of(
      MeetingReason.WRONG_ROLE,
      `To have a meeting ${verb} you need one of the roles: ${roles.join(', ')}.`,
    ),
  illegalMove: (id: string, state: string, verb: string) =>
    RpcError.of(MeetingReason.ILLEGAL_MOVE, `Meeting ${id} is ${state}: it cannot be ${verb} now.`),
  staleVersion: (id: string, expected: number, current: number) =>
    RpcError.of(
      MeetingReason.STALE_VERSION,
      `Meeting ${id} changed since you loaded it: you edited version ${expected}, it is now version ${current}. ` +
        'Reload it and apply your change again.',
    ),
  unknownOrganizations: (field: string, codes: readonly string[]) =>
    RpcError.of(MeetingReason.UNKNOWN_ORGANIZATIONS, `Unknown organizations: ${codes.join(', ')}.`, [
      { field, message: `unknown: ${codes.join(', ')}` },
    ]),
  tooEarlyToStart: (id: string, startsAt: Date, earliest: Date) =>
    RpcError.conflict(
      `Meeting ${id} is scheduled to start at ${shanghaiTime(startsAt)} (Asia/Shanghai): it can be started ` +
        `from ${shanghaiTime(earliest)} on, not earlier.`,
    ),
  noQuorum: (id: string, missing: string) =>
    RpcError.of(
      MeetingReason.QUORUM_MISSING,
      `Meeting ${id} has no quorum, so it cannot be concluded: ${missing}.`,
    ),
  outcomesMissing: (numbers: readonly number[]) =>
    RpcError.of(
      MeetingReason.OUTCOMES_MISSING,
      `A heads' consultation decides every disputed transfer on its agenda: item ${numbers.join(', ')} has no outcome.`,
      numbers.map((n) => ({ field: `agenda[${n}].transferOutcome`, message: 'is required to conclude' })),
    ),
  transferLinkRemoved: (number: number) =>
    RpcError.of(
      MeetingReason.TRANSFER_LINK_REMOVED,
      `Item ${number} is the disputed transfer this consultation was made for; it stays linked.`,
      [{ field: 'item.transferId', message: 'must stay the transfer this consultation was made for' }],
    ),
  noMinutes: (id: string) =>
    RpcError.of(MeetingReason.NO_MINUTES, `Meeting ${id} has no minutes to sign yet.`),
  digestMismatch: () =>
    RpcError.of(
      MeetingReason.DIGEST_MISMATCH,
      'The minutes you are signing are not the minutes as they are now (digest mismatch). Reload them.',
    ),
  alreadySigned: (username: string) =>
    RpcError.of(MeetingReason.ALREADY_SIGNED, `${username} has already signed these minutes.`),
  noTimeYet: (id: string) =>
    RpcError.of(
      MeetingReason.NO_TIME_YET,
      `Meeting ${id} is a draft without a time: it has no calendar entry yet.`,
    ),
  actionNotFound: (id: string) =>
    RpcError.of(MeetingReason.ACTION_NOT_FOUND, `No action item "${id}" of your organization.`),
  actionNotDue: (id: string) =>
    RpcError.of(
      MeetingReason.ACTION_NOT_DUE,
      `Action item ${id} belongs to a meeting that has not concluded: it is not a task yet.`,
    ),
};
