/**
 * What a police consultation may have attached, as the gateway and the meetings service check it
 * (`CONSULTATION_ATTACHMENT_MEDIA_TYPES` in libs/contracts/src/formats.ts; attachment-types.test.ts keeps the two
 * the same): the file picker offers these, and a file of another type is refused here before it is sent.
 */
export const CONSULTATION_ATTACHMENT_TYPES: readonly string[] = [
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

/**
 * Whether a file's type is one of `allowed` (exact, or `type/*`); with no list, or a file the browser cannot
 * type, the server decides.
 */
export function typeAllowed(allowed: readonly string[] | undefined, type: string): boolean {
  if (!allowed || !type) return true;
  const mediaType = type.toLowerCase();
  return allowed.some((a) => a === mediaType || a === `${mediaType.split('/')[0]}/*`);
}
