import { describe, expect, it } from 'vitest';
import { csvField, neutralise, toCsv } from './csv';

describe('CSV export', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['1', '2'],
        ['3', '4'],
      ],
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('a,b\r\n1,2\r\n3,4\r\n');
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('quotes per RFC 4180: commas, quotes (doubled), CR and LF; nothing else', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('贡检刑诉〔2026〕12号')).toBe('贡检刑诉〔2026〕12号');
    expect(csvField('བཀྲ་ཤིས་ཚེ་རིང་')).toBe('བཀྲ་ཤིས་ཚེ་རིང་');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it.each(['=', '+', '-', '@', '\t', '\r'])('neutralises a field starting with %j', (start) => {
    const field = `${start}HYPERLINK("http://evil.example","x")`;
    expect(neutralise(field)).toBe(`'${field}`);
    expect(csvField(field).replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves formula characters alone when they are not first', () => {
    expect(neutralise('a=b')).toBe('a=b');
    expect(neutralise(' =1')).toBe(' =1');
    expect(neutralise('proc-540522')).toBe('proc-540522');
  });

  it('neutralises, then quotes: a tab-led or CR-led field is both', () => {
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1:A2),x')).toBe(`"'@SUM(A1:A2),x"`);
    expect(csvField('\r=cmd')).toBe(`"'\r=cmd"`);
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('applies to the header too, and a row round-trips through an RFC 4180 reader', () => {
    const csv = toCsv(['=h', 'ok'], [['a,"b"', '\nx']]);
    expect(csv).toBe('\uFEFF\'=h,ok\r\n"a,""b""","\nx"\r\n');
    expect(parse(csv.slice(1))).toEqual([
      ["'=h", 'ok'],
      ['a,"b"', '\nx'],
    ]);
  });
});

/** A minimal RFC 4180 reader, to check that what is written reads back as meant. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
