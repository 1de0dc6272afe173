import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeText, foldLine, icsCalendar, utcStamp } from './icalendar.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    assert.equal(escapeText('a\\b;c,d\ne\r\nf\rg'), 'a\\\\b\\;c\\,d\\ne\\nf\\ng');
    // Full-width punctuation is text like any other.
    assert.equal(escapeText('会议室：三楼，东侧；'), '会议室：三楼，东侧；');
    assert.equal(escapeText('plain'), 'plain');
  });

  it('leaves short lines alone and folds long ASCII lines at 75 octets', () => {
    assert.equal(foldLine('SUMMARY:short'), 'SUMMARY:short');
    const line = `DESCRIPTION:${'x'.repeat(200)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    assert.ok(physical.length > 1);
    assert.equal(octets(physical[0]!), 75);
    for (const [n, part] of physical.entries()) {
      assert.ok(octets(part) <= 75, `line ${n} has ${octets(part)} octets`);
      if (n > 0) assert.ok(part.startsWith(' ') && !part.startsWith('  '));
    }
    assert.equal(unfold(folded), line);
  });

  it('never splits a Chinese character or a surrogate pair across lines', () => {
    const line = `SUMMARY:${'三长会商雅鲁藏布江'.repeat(12)}😀${'贡嘎'.repeat(10)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) {
      assert.ok(octets(part) <= 75, `${octets(part)} octets`);
      // A split inside a character would leave a lone surrogate or a replacement character on decoding.
      assert.equal(Buffer.from(part, 'utf8').toString('utf8'), part);
      assert.ok(!/[\uD800-\uDFFF]/.test(part.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));
    }
    assert.equal(unfold(folded), line);
    // 8 ASCII octets + 22 characters of 3 octets = 74: the 23rd would make 77.
    assert.equal(folded.split('\r\n')[0], `SUMMARY:${'三长会商雅鲁藏布江'.repeat(3).slice(0, 22)}`);
  });

  it('writes UTC times as YYYYMMDDTHHMMSSZ', () => {
    assert.equal(utcStamp(new Date('2026-05-12T09:30:00+08:00')), '20260512T013000Z');
  });

  it('builds one VEVENT in a VCALENDAR with CRLF line ends', () => {
    const ics = icsCalendar({
      uid: 'abc@yiti',
      stamp: new Date('2026-05-01T00:00:00Z'),
      start: new Date('2026-05-12T01:30:00Z'),
      end: new Date('2026-05-12T03:30:00Z'),
      summary: '三长会商, 移送争议; 第一次',
      location: '贡嘎县人民检察院',
      description: '类型: 三长会商\n议程:\n1. 移送',
      cancelled: true,
      sequence: 7,
    });
    assert.ok(ics.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(ics), 'no bare LF');
    const lines = unfold(ics).split('\r\n').slice(0, -1);
    assert.deepEqual(lines.slice(0, 6), [
      'BEGIN:VCALENDAR',
      'PRODID:-//Yiti//Meetings//ZH',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
    ]);
    assert.ok(lines.includes('UID:abc@yiti'));
    assert.ok(lines.includes('DTSTART:20260512T013000Z'));
    assert.ok(lines.includes('SUMMARY:三长会商\\, 移送争议\\; 第一次'));
    assert.ok(lines.includes('DESCRIPTION:类型: 三长会商\\n议程:\\n1. 移送'));
    assert.ok(lines.includes('STATUS:CANCELLED'));
    assert.ok(lines.includes('SEQUENCE:7'));
    assert.deepEqual(lines.slice(-2), ['END:VEVENT', 'END:VCALENDAR']);
  });
});
