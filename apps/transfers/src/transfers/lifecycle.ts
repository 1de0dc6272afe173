import { hasAnyRole, type Principal, type Role } from '@yiti/auth';
import type { TransferEvents } from '@yiti/contracts';
import type { Transfer, TransferStateCode } from './transfer.entity.js';
import { TransferErrors } from './transfers.errors.js';

/** Who may make a move: an organization's role in the transfer. `system` moves come from events or the clock. */
export type Side = 'sender' | 'receiver' | 'party' | 'common-superior' | 'system';

type TransferEventName = keyof typeof TransferEvents;

export interface MoveRule {
  readonly from: readonly TransferStateCode[];
  readonly to: TransferStateCode;
  readonly by: Side;
  /** Realm roles the acting user needs (any of them); empty = any user of that organization. */
  readonly roles: readonly Role[];
  /** The words in an error: "cannot be <verb>". */
  readonly verb: string;
  /** The event it emits; also the timeline's action. */
  readonly event: TransferEventName;
}

const PROSECUTORS: readonly Role[] = ['prosecutor', 'chief-prosecutor'];

/**
 * Who may list transfers (inbox, outbox, supervised): the procuratorates' prosecutors, chief prosecutors and
 * meeting secretaries (who prepare the heads' consultations). Anyone else — a police liaison officer, say — is
 * FORBIDDEN, never an empty list.
 */
export const LIST_ROLES: readonly Role[] = ['prosecutor', 'chief-prosecutor', 'meeting-secretary'];
const CHIEFS: readonly Role[] = ['chief-prosecutor'];
const OPEN_DISPUTE: readonly TransferStateCode[] = ['objected', 'in-consultation'];

/**
 * Every move a transfer can make — the one place that says which state it starts from, where it goes, and
 * which organization and role may make it:
 *
 *   draft → sent → received → accepted | returned | objected → in-consultation → resolved
 *                                                   ↘ (either, by deadline or no agreement) → escalated → designated
 *
 * Accepting, returning or objecting to a transfer not yet opened records its receipt first.
 */
export const MOVES = {
  send: { from: ['draft'], to: 'sent', by: 'sender', roles: PROSECUTORS, verb: 'sent', event: 'sent' },
  receive: { from: ['sent'], to: 'received', by: 'receiver', roles: [], verb: 'received', event: 'received' },
  accept: {
    from: ['sent', 'received'],
    to: 'accepted',
    by: 'receiver',
    roles: PROSECUTORS,
    verb: 'accepted',
    event: 'accepted',
  },
  return: {
    from: ['sent', 'received'],
    to: 'returned',
    by: 'receiver',
    roles: PROSECUTORS,
    verb: 'returned',
    event: 'returned',
  },
  object: {
    from: ['sent', 'received'],
    to: 'objected',
    by: 'receiver',
    roles: CHIEFS,
    verb: 'objected to',
    event: 'objected',
  },
  startConsultation: {
    from: ['objected'],
    to: 'in-consultation',
    by: 'system',
    roles: [],
    verb: 'taken into consultation',
    event: 'consultationStarted',
  },
  resolve: {
    from: OPEN_DISPUTE,
    to: 'resolved',
    by: 'system',
    roles: [],
    verb: 'resolved',
    event: 'resolved',
  },
  escalate: {
    from: OPEN_DISPUTE,
    to: 'escalated',
    by: 'party',
    roles: CHIEFS,
    verb: 'escalated',
    event: 'escalated',
  },
  designate: {
    from: ['escalated'],
    to: 'designated',
    by: 'common-superior',
    roles: CHIEFS,
    verb: 'given a designated handler',
    event: 'designated',
  },
} as const satisfies Record<string, MoveRule>;

export type MoveName = keyof typeof MOVES;

/** States nothing moves out of. */
export const FINAL_STATES: readonly TransferStateCode[] = ['accepted', 'returned', 'resolved', 'designated'];

const STATE_WORDS: Record<TransferStateCode, string> = {
  draft: 'a draft',
  sent: 'sent and not yet opened',
  received: 'received',
  accepted: 'accepted',
  returned: 'returned',
  objected: 'objected to',
  'in-consultation': 'in consultation',
  resolved: 'resolved',
  escalated: 'escalated',
  designated: 'designated',
};

/** A state in words, for error messages. */
export const describeState = (state: TransferStateCode) => STATE_WORDS[state];

/** Whether the caller's organization plays `side` in this transfer. */
export function playsSide(transfer: Transfer, org: string, side: Side): boolean {
  switch (side) {
    case 'sender':
      return transfer.senderOrg === org;
    case 'receiver':
      return transfer.receiverOrg === org;
    case 'party':
      return transfer.senderOrg === org || transfer.receiverOrg === org;
    case 'common-superior':
      return !!transfer.commonSuperiorOrg && transfer.commonSuperiorOrg === org;
    case 'system':
      return false;
    default: {
      const unreachable: never = side;
      return unreachable;
    }
  }
}

/**
 * Refuses a move the caller may not make (FORBIDDEN: wrong organization or role) or the transfer's state does
 * not allow (CONFLICT). `principal` undefined = the system (an event or the scheduler) is moving it.
 */
export function checkMove(transfer: Transfer, move: MoveName, principal: Principal | undefined): MoveRule {
  const rule: MoveRule = MOVES[move];
  if (principal) {
    if (rule.by === 'system' || !playsSide(transfer, principal.org, rule.by))
      throw TransferErrors.wrongOrganization(rule.verb, rule.by);
    if (rule.roles.length > 0 && !hasAnyRole(principal, rule.roles))
      throw TransferErrors.wrongRole(rule.verb, rule.roles);
  }
  if (!rule.from.includes(transfer.state))
    throw TransferErrors.illegalMove(transfer.id, STATE_WORDS[transfer.state], rule.verb);
  return rule;
}
