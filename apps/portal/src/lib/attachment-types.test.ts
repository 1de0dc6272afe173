import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSULTATION_ATTACHMENT_TYPES, typeAllowed } from './attachment-types';

describe('consultation attachment types', () => {
  it('are the ones the server accepts', () => {
    // Read from the contract's source (the portal does not bundle @yiti/contracts, and lint runs before builds).
    // Vitest runs from the repository (npm test) or from apps/portal.
    const file = ['libs/contracts/src/formats.ts', '../../libs/contracts/src/formats.ts'].find((f) =>
      existsSync(f),
    )!;
    const source = readFileSync(file, 'utf8');
    const list = /CONSULTATION_ATTACHMENT_MEDIA_TYPES[^=]*=\s*\[([^\]]*)\]/.exec(source)?.[1] ?? '';
    const server = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(server.length).toBeGreaterThan(5);
    expect(CONSULTATION_ATTACHMENT_TYPES).toEqual(server);
  });

  it('allow exact types and whole top-level types, and let an untyped file through to the server', () => {
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, 'application/pdf')).toBe(true);
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, 'IMAGE/JPEG')).toBe(true);
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, 'application/x-msdownload')).toBe(false);
    expect(typeAllowed(CONSULTATION_ATTACHMENT_TYPES, '')).toBe(true);
    expect(typeAllowed(undefined, 'application/x-msdownload')).toBe(true);
  });
});
