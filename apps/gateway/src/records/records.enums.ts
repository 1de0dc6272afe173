import {
  LookupPurpose as LookupPurposeMessage,
  NameScript as NameScriptMessage,
  Sex as SexMessage,
} from '@yiti/contracts';
import { RecordLookupPurpose, RecordNameScript, RecordSex } from './records.models.js';
import { unknownFrom } from '../graphql/unknown-enum.js';

/**
 * Protobuf enums ⇄ GraphQL enums, exhaustively: a value added on either side fails to compile here. A value the
 * service sends that this build does not know (protobuf enums are open) is an error, never a guess.
 */
const unknown = unknownFrom('records');

function missing(what: string): never {
  throw new Error(`the records service sent ${what} without its value`);
}

export function lookupPurposeOf(purpose: LookupPurposeMessage): RecordLookupPurpose {
  switch (purpose) {
    case LookupPurposeMessage.ARREST_REVIEW:
      return RecordLookupPurpose.ARREST_REVIEW;
    case LookupPurposeMessage.PROSECUTION_REVIEW:
      return RecordLookupPurpose.PROSECUTION_REVIEW;
    case LookupPurposeMessage.INVESTIGATION_SUPERVISION:
      return RecordLookupPurpose.INVESTIGATION_SUPERVISION;
    case LookupPurposeMessage.TRIAL_SUPERVISION:
      return RecordLookupPurpose.TRIAL_SUPERVISION;
    case LookupPurposeMessage.EXECUTION_SUPERVISION:
      return RecordLookupPurpose.EXECUTION_SUPERVISION;
    case LookupPurposeMessage.QUALIFICATION_CHECK:
      return RecordLookupPurpose.QUALIFICATION_CHECK;
    case LookupPurposeMessage.SUPERVISION_ANALYSIS:
      return RecordLookupPurpose.SUPERVISION_ANALYSIS;
    case LookupPurposeMessage.UNSPECIFIED:
      return missing('a lookup purpose');
    default:
      return unknown('lookup purpose', purpose);
  }
}

export function sexOf(sex: SexMessage): RecordSex {
  switch (sex) {
    case SexMessage.MALE:
      return RecordSex.MALE;
    case SexMessage.FEMALE:
      return RecordSex.FEMALE;
    case SexMessage.UNSPECIFIED:
      return missing('a sex');
    default:
      return unknown('sex', sex);
  }
}

export function nameScriptOf(script: NameScriptMessage): RecordNameScript {
  switch (script) {
    case NameScriptMessage.HAN:
      return RecordNameScript.HAN;
    case NameScriptMessage.TIBETAN:
      return RecordNameScript.TIBETAN;
    case NameScriptMessage.LATIN:
      return RecordNameScript.LATIN;
    case NameScriptMessage.MIXED:
      return RecordNameScript.MIXED;
    case NameScriptMessage.UNSPECIFIED:
      return missing('a name script');
    default:
      return unknown('name script', script);
  }
}

export function lookupPurposeToMessage(purpose: RecordLookupPurpose): LookupPurposeMessage {
  switch (purpose) {
    case RecordLookupPurpose.ARREST_REVIEW:
      return LookupPurposeMessage.ARREST_REVIEW;
    case RecordLookupPurpose.PROSECUTION_REVIEW:
      return LookupPurposeMessage.PROSECUTION_REVIEW;
    case RecordLookupPurpose.INVESTIGATION_SUPERVISION:
      return LookupPurposeMessage.INVESTIGATION_SUPERVISION;
    case RecordLookupPurpose.TRIAL_SUPERVISION:
      return LookupPurposeMessage.TRIAL_SUPERVISION;
    case RecordLookupPurpose.EXECUTION_SUPERVISION:
      return LookupPurposeMessage.EXECUTION_SUPERVISION;
    case RecordLookupPurpose.QUALIFICATION_CHECK:
      return LookupPurposeMessage.QUALIFICATION_CHECK;
    case RecordLookupPurpose.SUPERVISION_ANALYSIS:
      return LookupPurposeMessage.SUPERVISION_ANALYSIS;
    default: {
      const unreachable: never = purpose;
      return unreachable;
    }
  }
}

export function sexToMessage(sex: RecordSex): SexMessage {
  switch (sex) {
    case RecordSex.MALE:
      return SexMessage.MALE;
    case RecordSex.FEMALE:
      return SexMessage.FEMALE;
    default: {
      const unreachable: never = sex;
      return unreachable;
    }
  }
}
