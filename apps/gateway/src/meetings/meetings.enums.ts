import {
  ActionStatus as ActionStatusMessage,
  AttendeeRole as AttendeeRoleMessage,
  ConsultationOutcome as ConsultationOutcomeMessage,
  MeetingKind as MeetingKindMessage,
  MeetingState as MeetingStateMessage,
} from '@yiti/contracts';
import {
  ActionStatus,
  AttendeeRole,
  ConsultationOutcome,
  MeetingKind,
  MeetingState,
} from './meetings.models.js';
import { unknownFrom } from '../graphql/unknown-enum.js';

/**
 * Protobuf enums ⇄ GraphQL enums, exhaustively: a value added on either side fails to compile here. A value the
 * service sends that this build does not know (protobuf enums are open) is an error, never a guess.
 */
const unknown = unknownFrom('meetings');

function missing(what: string): never {
  throw new Error(`the meetings service sent ${what} without its value`);
}

export function meetingKindOf(kind: MeetingKindMessage): MeetingKind {
  switch (kind) {
    case MeetingKindMessage.HEADS_CONSULTATION:
      return MeetingKind.HEADS_CONSULTATION;
    case MeetingKindMessage.PROSECUTORS_JOINT:
      return MeetingKind.PROSECUTORS_JOINT;
    case MeetingKindMessage.ISCO_CONSULTATION:
      return MeetingKind.ISCO_CONSULTATION;
    case MeetingKindMessage.PACT_LIAISON:
      return MeetingKind.PACT_LIAISON;
    case MeetingKindMessage.UNSPECIFIED:
      return missing('a meeting kind');
    default:
      return unknown('meeting kind', kind);
  }
}

export function meetingStateOf(state: MeetingStateMessage): MeetingState {
  switch (state) {
    case MeetingStateMessage.DRAFT:
      return MeetingState.DRAFT;
    case MeetingStateMessage.SCHEDULED:
      return MeetingState.SCHEDULED;
    case MeetingStateMessage.IN_SESSION:
      return MeetingState.IN_SESSION;
    case MeetingStateMessage.CONCLUDED:
      return MeetingState.CONCLUDED;
    case MeetingStateMessage.MINUTES_APPROVED:
      return MeetingState.MINUTES_APPROVED;
    case MeetingStateMessage.CANCELLED:
      return MeetingState.CANCELLED;
    case MeetingStateMessage.UNSPECIFIED:
      return missing('a meeting state');
    default:
      return unknown('meeting state', state);
  }
}

export function attendeeRoleOf(role: AttendeeRoleMessage): AttendeeRole {
  switch (role) {
    case AttendeeRoleMessage.CHIEF_PROSECUTOR:
      return AttendeeRole.CHIEF_PROSECUTOR;
    case AttendeeRoleMessage.PROSECUTOR:
      return AttendeeRole.PROSECUTOR;
    case AttendeeRoleMessage.POLICE:
      return AttendeeRole.POLICE;
    case AttendeeRoleMessage.SECRETARY:
      return AttendeeRole.SECRETARY;
    case AttendeeRoleMessage.OTHER:
      return AttendeeRole.OTHER;
    case AttendeeRoleMessage.UNSPECIFIED:
      return missing('an attendee role');
    default:
      return unknown('attendee role', role);
  }
}

export function actionStatusOf(status: ActionStatusMessage): ActionStatus {
  switch (status) {
    case ActionStatusMessage.OPEN:
      return ActionStatus.OPEN;
    case ActionStatusMessage.DONE:
      return ActionStatus.DONE;
    case ActionStatusMessage.UNSPECIFIED:
      return missing('an action item status');
    default:
      return unknown('action item status', status);
  }
}

/** null for UNSPECIFIED: an agenda item not about a disputed transfer has no outcome. */
export function outcomeOf(outcome: ConsultationOutcomeMessage): ConsultationOutcome | null {
  switch (outcome) {
    case ConsultationOutcomeMessage.UNSPECIFIED:
      return null;
    case ConsultationOutcomeMessage.RECEIVER_ACCEPTS:
      return ConsultationOutcome.RECEIVER_ACCEPTS;
    case ConsultationOutcomeMessage.SENDER_RETAINS:
      return ConsultationOutcome.SENDER_RETAINS;
    case ConsultationOutcomeMessage.NO_AGREEMENT:
      return ConsultationOutcome.NO_AGREEMENT;
    default:
      return unknown('consultation outcome', outcome);
  }
}

export function meetingKindToMessage(kind: MeetingKind): MeetingKindMessage {
  switch (kind) {
    case MeetingKind.HEADS_CONSULTATION:
      return MeetingKindMessage.HEADS_CONSULTATION;
    case MeetingKind.PROSECUTORS_JOINT:
      return MeetingKindMessage.PROSECUTORS_JOINT;
    case MeetingKind.ISCO_CONSULTATION:
      return MeetingKindMessage.ISCO_CONSULTATION;
    case MeetingKind.PACT_LIAISON:
      return MeetingKindMessage.PACT_LIAISON;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

export function meetingStateToMessage(state: MeetingState): MeetingStateMessage {
  switch (state) {
    case MeetingState.DRAFT:
      return MeetingStateMessage.DRAFT;
    case MeetingState.SCHEDULED:
      return MeetingStateMessage.SCHEDULED;
    case MeetingState.IN_SESSION:
      return MeetingStateMessage.IN_SESSION;
    case MeetingState.CONCLUDED:
      return MeetingStateMessage.CONCLUDED;
    case MeetingState.MINUTES_APPROVED:
      return MeetingStateMessage.MINUTES_APPROVED;
    case MeetingState.CANCELLED:
      return MeetingStateMessage.CANCELLED;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

export function attendeeRoleToMessage(role: AttendeeRole): AttendeeRoleMessage {
  switch (role) {
    case AttendeeRole.CHIEF_PROSECUTOR:
      return AttendeeRoleMessage.CHIEF_PROSECUTOR;
    case AttendeeRole.PROSECUTOR:
      return AttendeeRoleMessage.PROSECUTOR;
    case AttendeeRole.POLICE:
      return AttendeeRoleMessage.POLICE;
    case AttendeeRole.SECRETARY:
      return AttendeeRoleMessage.SECRETARY;
    case AttendeeRole.OTHER:
      return AttendeeRoleMessage.OTHER;
    default: {
      const unreachable: never = role;
      return unreachable;
    }
  }
}

export function actionStatusToMessage(status: ActionStatus): ActionStatusMessage {
  switch (status) {
    case ActionStatus.OPEN:
      return ActionStatusMessage.OPEN;
    case ActionStatus.DONE:
      return ActionStatusMessage.DONE;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

export function outcomeToMessage(outcome: ConsultationOutcome): ConsultationOutcomeMessage {
  switch (outcome) {
    case ConsultationOutcome.RECEIVER_ACCEPTS:
      return ConsultationOutcomeMessage.RECEIVER_ACCEPTS;
    case ConsultationOutcome.SENDER_RETAINS:
      return ConsultationOutcomeMessage.SENDER_RETAINS;
    case ConsultationOutcome.NO_AGREEMENT:
      return ConsultationOutcomeMessage.NO_AGREEMENT;
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
