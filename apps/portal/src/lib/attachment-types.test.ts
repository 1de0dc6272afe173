import { describe, expect, it } from 'vitest';
import { CONSULTATION_ATTACHMENT_MEDIA_TYPES } from '@yiti/contracts';
import { CONSULTATION_ATTACHMENT_TYPES, typeAllowed } from './attachment-types';

describe('consultation attachment types', () => {
  it('are the ones the server accepts', () => {
    expect(CONSULTATION_ATTACHMENT_TYPES).toEqual(CONSULTATION_ATTACHMENT_MEDIA_TYPES);
  });

  it('allow exact types and whole top-level types, and let an untyped file through to the server', () => {
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, 'application/pdf')).toBe(true);
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, 'IMAGE/JPEG')).toBe(true);
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, 'application/x-msdownload')).toBe(false);
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, '')).toBe(true);
    expect(typeAllowed(undefined, 'application/x-msdownload')).toBe(true);
  });
});
