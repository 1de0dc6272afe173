import {
  ConsultationState as ConsultationStateMessage,
  ConsultationType as ConsultationTypeMessage,
  FollowUp as FollowUpMessage,
} from '@yiti/contracts';
import { ConsultationState, ConsultationType, FollowUp } from './consultations.models.js';
import { unknownFrom } from '../graphql/unknown-enum.js';

/**
 * Protobuf enums ⇄ GraphQL enums, exhaustively: a value added on either side fails to compile here. A value the
 * service sends that this build does not know (protobuf enums are open) is an error, never a guess.
 */
const unknown = unknownFrom('meetings');

export function consultationTypeOf(type: ConsultationTypeMessage): ConsultationType {
  switch (type) {
    case ConsultationTypeMessage.EARLY_INVOLVEMENT:
      return ConsultationType.EARLY_INVOLVEMENT;
    case ConsultationTypeMessage.MAJOR_CASE_OPINION:
      return ConsultationType.MAJOR_CASE_OPINION;
    case ConsultationTypeMessage.FILING_SUPERVISION:
      return ConsultationType.FILING_SUPERVISION;
    case ConsultationTypeMessage.COMPULSORY_MEASURE_REVIEW:
      return ConsultationType.COMPULSORY_MEASURE_REVIEW;
    case ConsultationTypeMessage.EVIDENCE_GUIDANCE:
      return ConsultationType.EVIDENCE_GUIDANCE;
    case ConsultationTypeMessage.UNSPECIFIED:
      throw new Error('the meetings service sent a consultation without its type');
    default:
      return unknown('consultation type', type);
  }
}

export function consultationStateOf(state: ConsultationStateMessage): ConsultationState {
  switch (state) {
    case ConsultationStateMessage.OPEN:
      return ConsultationState.OPEN;
    case ConsultationStateMessage.ANSWERED:
      return ConsultationState.ANSWERED;
    case ConsultationStateMessage.CLOSED:
      return ConsultationState.CLOSED;
    case ConsultationStateMessage.WITHDRAWN:
      return ConsultationState.WITHDRAWN;
    case ConsultationStateMessage.UNSPECIFIED:
      throw new Error('the meetings service sent a consultation without its state');
    default:
      return unknown('consultation state', state);
  }
}

/** null for UNSPECIFIED: no opinion yet, so no clock decided. */
export function followUpOf(followUp: FollowUpMessage): FollowUp | null {
  switch (followUp) {
    case FollowUpMessage.UNSPECIFIED:
      return null;
    case FollowUpMessage.NONE:
      return FollowUp.NONE;
    case FollowUpMessage.EXPLAIN_NON_FILING:
      return FollowUp.EXPLAIN_NON_FILING;
    case FollowUpMessage.FILE_AFTER_NOTICE:
      return FollowUp.FILE_AFTER_NOTICE;
    case FollowUpMessage.REPORT_MEASURE_HANDLING:
      return FollowUp.REPORT_MEASURE_HANDLING;
    default:
      return unknown('follow-up', followUp);
  }
}

export function consultationTypeToMessage(type: ConsultationType): ConsultationTypeMessage {
  switch (type) {
    case ConsultationType.EARLY_INVOLVEMENT:
      return ConsultationTypeMessage.EARLY_INVOLVEMENT;
    case ConsultationType.MAJOR_CASE_OPINION:
      return ConsultationTypeMessage.MAJOR_CASE_OPINION;
    case ConsultationType.FILING_SUPERVISION:
      return ConsultationTypeMessage.FILING_SUPERVISION;
    case ConsultationType.COMPULSORY_MEASURE_REVIEW:
      return ConsultationTypeMessage.COMPULSORY_MEASURE_REVIEW;
    case ConsultationType.EVIDENCE_GUIDANCE:
      return ConsultationTypeMessage.EVIDENCE_GUIDANCE;
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

export function consultationStateToMessage(state: ConsultationState): ConsultationStateMessage {
  switch (state) {
    case ConsultationState.OPEN:
      return ConsultationStateMessage.OPEN;
    case ConsultationState.ANSWERED:
      return ConsultationStateMessage.ANSWERED;
    case ConsultationState.CLOSED:
      return ConsultationStateMessage.CLOSED;
    case ConsultationState.WITHDRAWN:
      return ConsultationStateMessage.WITHDRAWN;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

export function followUpToMessage(followUp: FollowUp): FollowUpMessage {
  switch (followUp) {
    case FollowUp.NONE:
      return FollowUpMessage.NONE;
    case FollowUp.EXPLAIN_NON_FILING:
      return FollowUpMessage.EXPLAIN_NON_FILING;
    case FollowUp.FILE_AFTER_NOTICE:
      return FollowUpMessage.FILE_AFTER_NOTICE;
    case FollowUp.REPORT_MEASURE_HANDLING:
      return FollowUpMessage.REPORT_MEASURE_HANDLING;
    default: {
      const unreachable: never = followUp;
      return unreachable;
    }
  }
}
