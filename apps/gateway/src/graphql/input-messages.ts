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
} as const;

/** Something other than whitespace: the services trim text before checking it is there. */
export const NOT_BLANK = /\S/;
