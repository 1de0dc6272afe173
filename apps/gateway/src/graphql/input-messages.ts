import { Transform } from 'class-transformer';

/**
 * class-validator options for the identifier formats every input validates (the formats themselves are in
 * @yiti/contracts, shared with the services): one wording per format across the API.
 */
export const MESSAGES = {
  ORGANIZATION: { message: '$property must be an organization code such as proc-540522' },
  ORGANIZATIONS: { each: true, message: '$property must be organization codes such as proc-540522' },
  DIVISION: { message: '$property must be a six-digit division code' },
  DIVISIONS: { each: true, message: '$property must be six-digit division codes' },
  BASIN: { message: '$property must be a basin code such as yarlung-tsangpo' },
  SCOPE: { message: '$property must be a code such as criminal or ecology-resources' },
  SCOPES: { each: true, message: '$property must be codes such as criminal or ecology-resources' },
  AGREEMENT: { message: '$property must be an agreement code: 3-63 lowercase letters, digits or dashes' },
  ON_DATE: { message: '$property must be a date YYYY-MM-DD' },
  REQUIRED: { message: '$property must not be empty' },
  OPTIONAL_IDEMPOTENCY: { message: '$property must be 8-128 of A-Z, a-z, 0-9, _ and -' },
  IDEMPOTENCY: { message: '$property is required: 8-128 of A-Z, a-z, 0-9, _ and -' },
  DOCUMENT_NUMBER: { message: '$property must be a document number such as 贡检移〔2026〕3号' },
  POLICE_CASE_NUMBER: {
    message: '$property must be a police case number: 2-64 letters, digits, Han characters, 〔〕()[]-/ or 号',
  },
  DATE_TIME: { message: '$property must be a date-time in RFC 3339 such as 2026-05-12T09:30:00+08:00' },
  USERNAME: { message: '$property must be a username' },
  USERNAMES: { each: true, message: '$property must be usernames' },
  SHA256: { message: '$property must be a SHA-256 digest (64 hex digits)' },
  MEETING_ID: { message: '$property must be a meeting id (a UUID)' },
  ACTION_ITEM_ID: { message: '$property must be an action item id (a UUID)' },
  CONSULTATION_ID: { message: '$property must be a consultation id (a UUID)' },
  TRANSFER_ID: { message: '$property must be a transfer id (a UUID)' },
} as const;

/** Something other than whitespace: the services trim text before checking it is there. */
export const NOT_BLANK = /\S/;

const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

/**
 * The services trim text before checking it: so does the gateway, so both judge the same string (each string of
 * a list too).
 */
export const trimmed = () =>
  Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(trim) : trim(value)));
