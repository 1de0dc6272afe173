import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import {
  abbreviateDigest,
  formatSize,
  formatTime,
  organizationsUnder,
  readHttpError,
  sha256Hex,
  timelineCode,
  uploadHeaders,
} from './transfer-detail';

describe('formatSize', () => {
  it('shows bytes, then binary units with one decimal under 10', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatSize(3 * 1024 * 1024 + 1)).toBe('3 MB');
  });
  it('shows a dash for nonsense', () => {
    expect(formatSize(-1)).toBe('—');
    expect(formatSize(Number.NaN)).toBe('—');
  });
});

describe('abbreviateDigest', () => {
  it('keeps the head and the tail of a long digest', () => {
    const hex = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(abbreviateDigest(hex)).toBe('e3b0c442…b855');
  });
  it('leaves a short one alone', () => {
    expect(abbreviateDigest('abcdef')).toBe('abcdef');
  });
});

describe('formatTime', () => {
  it('shows the time in Asia/Shanghai', () => {
    expect(formatTime('2026-12-03T16:30:00Z', 'en')).toBe('04/12/2026, 00:30');
    expect(formatTime('2026-12-03T16:30:00Z', 'zh-CN')).toBe('2026/12/04 00:30');
    expect(formatTime('2026-12-03T16:30:00Z', 'bo')).toBe('2026/12/04 00:30');
  });
  it('shows a dash for no time', () => {
    expect(formatTime(null, 'en')).toBe('—');
  });
});

describe('timelineCode', () => {
  it('reads OTHER by the action: a return reason or objection grounds', () => {
    expect(timelineCode('returned', 'OTHER')).toEqual({ kind: 'message', key: 'returnReason.OTHER' });
    expect(timelineCode('objected', 'OTHER')).toEqual({ kind: 'message', key: 'objectionGrounds.OTHER' });
  });
  it('names reasons, grounds, missed deadlines and consultation outcomes', () => {
    expect(timelineCode('returned', 'NOT_OUR_JURISDICTION')).toEqual({
      kind: 'message',
      key: 'returnReason.NOT_OUR_JURISDICTION',
    });
    expect(timelineCode('objected', 'SENDER_HAS_JURISDICTION')).toEqual({
      kind: 'message',
      key: 'objectionGrounds.SENDER_HAS_JURISDICTION',
    });
    expect(timelineCode('overdue', 'ACKNOWLEDGE')).toEqual({
      kind: 'message',
      key: 'deadlineName.ACKNOWLEDGE',
    });
    expect(timelineCode('resolved', 'SENDER_RETAINS')).toEqual({
      kind: 'message',
      key: 'outcome.SENDER_RETAINS',
    });
    expect(timelineCode('noted', 'NO_AGREEMENT')).toEqual({ kind: 'message', key: 'outcome.NO_AGREEMENT' });
  });
  it('takes a designation code for an organization, and keeps what it does not know', () => {
    expect(timelineCode('designated', 'proc-540124')).toEqual({ kind: 'org', code: 'proc-540124' });
    expect(timelineCode('noted', 'SOMETHING_NEW')).toEqual({ kind: 'raw', code: 'SOMETHING_NEW' });
    expect(timelineCode('noted', 'OTHER')).toEqual({ kind: 'raw', code: 'OTHER' });
  });
});

describe('organizationsUnder', () => {
  const orgs = [
    { code: 'proc-540000', kind: 'PROCURATORATE', active: true, superiorCode: null },
    { code: 'proc-540500', kind: 'PROCURATORATE', active: true, superiorCode: 'proc-540000' },
    { code: 'proc-540522', kind: 'PROCURATORATE', active: true, superiorCode: 'proc-540500' },
    { code: 'proc-540124', kind: 'PROCURATORATE', active: true, superiorCode: 'proc-540100' },
    { code: 'proc-540100', kind: 'PROCURATORATE', active: true, superiorCode: 'proc-540000' },
    { code: 'proc-540599', kind: 'PROCURATORATE', active: false, superiorCode: 'proc-540500' },
    { code: 'police-540522', kind: 'POLICE', active: true, superiorCode: 'proc-540500' },
  ];
  it('lists the active procuratorates under it at any depth, not itself', () => {
    expect(organizationsUnder(orgs, 'proc-540000').map((o) => o.code)).toEqual([
      'proc-540500',
      'proc-540522',
      'proc-540124',
      'proc-540100',
    ]);
    expect(organizationsUnder(orgs, 'proc-540500').map((o) => o.code)).toEqual(['proc-540522']);
  });
  it('survives a cycle', () => {
    const cyclic = [
      { code: 'a', kind: 'PROCURATORATE', active: true, superiorCode: 'b' },
      { code: 'b', kind: 'PROCURATORATE', active: true, superiorCode: 'a' },
    ];
    expect(organizationsUnder(cyclic, 'c')).toEqual([]);
  });
});

describe('uploadHeaders and sha256Hex', () => {
  it('percent-encodes the filename and defaults the media type', () => {
    expect(uploadHeaders({ name: '现场 照片.pdf', type: '' }, 'ab')).toEqual({
      'Content-Type': 'application/octet-stream',
      'X-Filename': '%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.pdf',
      'X-Content-SHA256': 'ab',
    });
  });
  it('computes the SHA-256 in lowercase hex', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc').buffer as ArrayBuffer)).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('readHttpError', () => {
  it('keeps the code, reason, catalogue messages and violations of the JSON error', () => {
    const body = JSON.stringify({
      error: {
        code: 'CONFLICT',
        reason: 'TRANSFER_ATTACHMENT_TRANSFER_CLOSED',
        messages: { 'zh-CN': '移送已办结，不能再添加附件。', en: 'The transfer is closed.' },
        message: 'Transfer x is closed.',
      },
    });
    const answer = readHttpError(409, body);
    expect(answer.code).toBe('CONFLICT');
    expect(CombinedGraphQLErrors.is(answer.error)).toBe(true);
    expect(answer.error.errors[0]!.extensions).toEqual({
      code: 'CONFLICT',
      reason: 'TRANSFER_ATTACHMENT_TRANSFER_CLOSED',
      messages: { 'zh-CN': '移送已办结，不能再添加附件。', en: 'The transfer is closed.' },
    });
  });
  it('falls back to the status when the body is not the JSON error', () => {
    expect(readHttpError(502, '<html>bad gateway</html>').code).toBe('SERVICE_UNAVAILABLE');
    expect(readHttpError(413, '').code).toBe('BAD_USER_INPUT');
    expect(readHttpError(500, '').code).toBe('INTERNAL');
  });
});
