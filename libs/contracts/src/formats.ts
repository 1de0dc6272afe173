/**
 * Formats of identifiers that cross service boundaries. The gateway validates input against them and every
 * service checks them again.
 */
export const DIVISION_CODE = /^[0-9]{6}$/;
export const ORGANIZATION_CODE = /^(proc|police|isco|military|supervision|fire-rescue|court)-[0-9]{6}$/;
export const BASIN_CODE = /^[a-z][a-z0-9-]{1,62}$/;
export const NAME_MAX_LENGTH = 200;
/** How many codes one batch lookup may ask for. */
export const MAX_BATCH = 500;
export const AGREEMENT_CODE = /^[a-z0-9][a-z0-9-]{2,62}$/;
/** Business lines and case categories: short lowercase codes, e.g. `criminal`, `ecology-resources`. */
export const SCOPE_CODE = /^[a-z][a-z0-9-]{1,40}$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CLAUSE_MAX_LENGTH = 4000;
export const MAX_CLAUSES = 200;
export const MAX_PARTIES = 50;
/** A client's idempotency key: a UUID or a similar opaque token. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;
/** A transfer or attachment id (UUID). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * A document number such as 贡检移〔2026〕3号: an optional issuing prefix, the year in 〔〕 (full-width
 * hexagonal brackets), then the serial number and 号.
 */
export const CASE_NUMBER = /^[\p{Script=Han}A-Za-z0-9]{0,20}〔(19|20)[0-9]{2}〕[1-9][0-9]{0,5}号$/u;
export const SUMMARY_MAX_LENGTH = 4000;
export const NOTE_MAX_LENGTH = 2000;
/** Largest attachment, and the chunk size its content travels in over NATS. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_CHUNK_BYTES = 256 * 1024;
export const FILENAME_MAX_LENGTH = 255;
/**
 * What a police consultation may have attached: documents (PDF, OFD, Office, OpenDocument, plain text, CSV),
 * images, audio and video. Exact types, or `type/*` for a whole top-level type.
 */
export const CONSULTATION_ATTACHMENT_MEDIA_TYPES: readonly string[] = [
  'application/pdf',
  'application/ofd',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
  'text/csv',
  'image/*',
  'audio/*',
  'video/*',
];
/** A police case number as the police bureau writes it: letters, digits, Han characters, 〔〕()[]-/ and 号. */
export const POLICE_CASE_NUMBER = /^[\p{Script=Han}A-Za-z0-9〔〕()（）[\]\-/号]{2,64}$/u;
export const TITLE_MAX_LENGTH = 200;
export const MINUTES_MAX_LENGTH = 50_000;
export const MAX_AGENDA_ITEMS = 100;
export const MAX_ATTENDEES = 200;
/** An investigation-supervision and cooperation office (ISCO) code; its division is the county's. */
export const ISCO_CODE = /^isco-([0-9]{6})$/;
/** A police consultation's materials list. */
export const MAX_MATERIALS = 50;
export const MATERIAL_MAX_LENGTH = 200;
