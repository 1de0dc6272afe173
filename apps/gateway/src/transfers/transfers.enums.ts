import {
  Box,
  Deadline as DeadlineMessage,
  ObjectionGrounds as ObjectionGroundsMessage,
  Resolution as ResolutionMessage,
  ReturnReason as ReturnReasonMessage,
  ScorecardGrouping as ScorecardGroupingMessage,
  TransferKind as TransferKindMessage,
  TransferState as TransferStateMessage,
} from '@yiti/contracts';
import {
  Deadline,
  ObjectionGrounds,
  Resolution,
  ReturnReason,
  ScorecardGrouping,
  TransferKind,
  TransferState,
} from './transfers.models.js';
import { unknownFrom } from '../graphql/unknown-enum.js';

/**
 * Protobuf enums ⇄ GraphQL enums, exhaustively: a value added on either side fails to compile here. A value the
 * service sends that this build does not know (protobuf enums are open) is an error, never a guess.
 */
const unknown = unknownFrom('transfers');

/** The lists a caller can page through. */
export type TransferBox = Box.INBOX | Box.OUTBOX | Box.SUPERVISED;

export function kindOf(kind: TransferKindMessage): TransferKind {
  switch (kind) {
    case TransferKindMessage.CASE:
      return TransferKind.CASE;
    case TransferKindMessage.LEAD:
      return TransferKind.LEAD;
    case TransferKindMessage.UNSPECIFIED:
      throw new Error('the transfers service sent a transfer without a kind');
    default:
      return unknown('transfer kind', kind);
  }
}

/** null for UNSPECIFIED (a timeline step without a state change has both; a transfer never does). */
export function stateOf(state: TransferStateMessage): TransferState | null {
  switch (state) {
    case TransferStateMessage.UNSPECIFIED:
      return null;
    case TransferStateMessage.DRAFT:
      return TransferState.DRAFT;
    case TransferStateMessage.SENT:
      return TransferState.SENT;
    case TransferStateMessage.RECEIVED:
      return TransferState.RECEIVED;
    case TransferStateMessage.ACCEPTED:
      return TransferState.ACCEPTED;
    case TransferStateMessage.RETURNED:
      return TransferState.RETURNED;
    case TransferStateMessage.OBJECTED:
      return TransferState.OBJECTED;
    case TransferStateMessage.IN_CONSULTATION:
      return TransferState.IN_CONSULTATION;
    case TransferStateMessage.RESOLVED:
      return TransferState.RESOLVED;
    case TransferStateMessage.ESCALATED:
      return TransferState.ESCALATED;
    case TransferStateMessage.DESIGNATED:
      return TransferState.DESIGNATED;
    default:
      return unknown('transfer state', state);
  }
}

export function returnReasonOf(reason: ReturnReasonMessage): ReturnReason | null {
  switch (reason) {
    case ReturnReasonMessage.UNSPECIFIED:
      return null;
    case ReturnReasonMessage.NOT_OUR_JURISDICTION:
      return ReturnReason.NOT_OUR_JURISDICTION;
    case ReturnReasonMessage.INCOMPLETE_MATERIALS:
      return ReturnReason.INCOMPLETE_MATERIALS;
    case ReturnReasonMessage.DUPLICATE:
      return ReturnReason.DUPLICATE;
    case ReturnReasonMessage.OTHER:
      return ReturnReason.OTHER;
    default:
      return unknown('return reason', reason);
  }
}

export function objectionGroundsOf(grounds: ObjectionGroundsMessage): ObjectionGrounds | null {
  switch (grounds) {
    case ObjectionGroundsMessage.UNSPECIFIED:
      return null;
    case ObjectionGroundsMessage.SENDER_HAS_JURISDICTION:
      return ObjectionGrounds.SENDER_HAS_JURISDICTION;
    case ObjectionGroundsMessage.THIRD_PARTY_HAS_JURISDICTION:
      return ObjectionGrounds.THIRD_PARTY_HAS_JURISDICTION;
    case ObjectionGroundsMessage.OUTSIDE_PACT_SCOPE:
      return ObjectionGrounds.OUTSIDE_PACT_SCOPE;
    case ObjectionGroundsMessage.FACTS_DISPUTED:
      return ObjectionGrounds.FACTS_DISPUTED;
    case ObjectionGroundsMessage.OTHER:
      return ObjectionGrounds.OTHER;
    default:
      return unknown('objection grounds', grounds);
  }
}

export function resolutionOf(resolution: ResolutionMessage): Resolution | null {
  switch (resolution) {
    case ResolutionMessage.UNSPECIFIED:
      return null;
    case ResolutionMessage.ACCEPTED_BY_RECEIVER:
      return Resolution.ACCEPTED_BY_RECEIVER;
    case ResolutionMessage.RETAINED_BY_SENDER:
      return Resolution.RETAINED_BY_SENDER;
    default:
      return unknown('resolution', resolution);
  }
}

export function deadlineOf(deadline: DeadlineMessage): Deadline {
  switch (deadline) {
    case DeadlineMessage.ACKNOWLEDGE:
      return Deadline.ACKNOWLEDGE;
    case DeadlineMessage.DECIDE:
      return Deadline.DECIDE;
    case DeadlineMessage.CONSULTATION:
      return Deadline.CONSULTATION;
    case DeadlineMessage.UNSPECIFIED:
      throw new Error('the transfers service sent a deadline without its kind');
    default:
      return unknown('deadline', deadline);
  }
}

export function kindToMessage(kind: TransferKind): TransferKindMessage {
  switch (kind) {
    case TransferKind.CASE:
      return TransferKindMessage.CASE;
    case TransferKind.LEAD:
      return TransferKindMessage.LEAD;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

export function stateToMessage(state: TransferState): TransferStateMessage {
  switch (state) {
    case TransferState.DRAFT:
      return TransferStateMessage.DRAFT;
    case TransferState.SENT:
      return TransferStateMessage.SENT;
    case TransferState.RECEIVED:
      return TransferStateMessage.RECEIVED;
    case TransferState.ACCEPTED:
      return TransferStateMessage.ACCEPTED;
    case TransferState.RETURNED:
      return TransferStateMessage.RETURNED;
    case TransferState.OBJECTED:
      return TransferStateMessage.OBJECTED;
    case TransferState.IN_CONSULTATION:
      return TransferStateMessage.IN_CONSULTATION;
    case TransferState.RESOLVED:
      return TransferStateMessage.RESOLVED;
    case TransferState.ESCALATED:
      return TransferStateMessage.ESCALATED;
    case TransferState.DESIGNATED:
      return TransferStateMessage.DESIGNATED;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

export function returnReasonToMessage(reason: ReturnReason): ReturnReasonMessage {
  switch (reason) {
    case ReturnReason.NOT_OUR_JURISDICTION:
      return ReturnReasonMessage.NOT_OUR_JURISDICTION;
    case ReturnReason.INCOMPLETE_MATERIALS:
      return ReturnReasonMessage.INCOMPLETE_MATERIALS;
    case ReturnReason.DUPLICATE:
      return ReturnReasonMessage.DUPLICATE;
    case ReturnReason.OTHER:
      return ReturnReasonMessage.OTHER;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

export function objectionGroundsToMessage(grounds: ObjectionGrounds): ObjectionGroundsMessage {
  switch (grounds) {
    case ObjectionGrounds.SENDER_HAS_JURISDICTION:
      return ObjectionGroundsMessage.SENDER_HAS_JURISDICTION;
    case ObjectionGrounds.THIRD_PARTY_HAS_JURISDICTION:
      return ObjectionGroundsMessage.THIRD_PARTY_HAS_JURISDICTION;
    case ObjectionGrounds.OUTSIDE_PACT_SCOPE:
      return ObjectionGroundsMessage.OUTSIDE_PACT_SCOPE;
    case ObjectionGrounds.FACTS_DISPUTED:
      return ObjectionGroundsMessage.FACTS_DISPUTED;
    case ObjectionGrounds.OTHER:
      return ObjectionGroundsMessage.OTHER;
    default: {
      const unreachable: never = grounds;
      return unreachable;
    }
  }
}

export function groupingToMessage(grouping: ScorecardGrouping): ScorecardGroupingMessage {
  switch (grouping) {
    case ScorecardGrouping.PACT:
      return ScorecardGroupingMessage.PACT;
    case ScorecardGrouping.ORGANIZATION:
      return ScorecardGroupingMessage.ORGANIZATION;
    default: {
      const unreachable: never = grouping;
      return unreachable;
    }
  }
}
