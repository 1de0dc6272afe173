import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { REPO_ROOT } from '@yiti/devstack';
import { GatewayConfig } from '../src/gateway.config.js';
import {
  AttendeeRole,
  MeetingKind,
  MeetingState,
  type MeetingModel,
} from '../src/meetings/meetings.models.js';
import { minutesDocument, scriptRuns } from '../src/meetings/minutes-document.js';
import { renderMinutesDocx } from '../src/meetings/minutes-docx.js';
import { missingFonts, renderMinutesPdf } from '../src/meetings/minutes-pdf.js';
import { ensureMinutesTools } from './minutes-tools.js';

const DIGEST = 'a'.repeat(64);
const TIBETAN = 'བཀྲ་ཤིས་བདེ་ལེགས། སྒྲོལ་མ་དང་རྒྱ་མཚོས་གནད་དོན་ལ་གྲོས་བསྡུར་བྱས།';
/** Minutes as the secretary formats them (libs/minutes-format), with a line that is not the format. */
const MINUTES = [
  '# 会议概况',
  '会议由**山南市人民检察院**主持，*全体*出席。',
  '## 议定事项',
  '- 移送公安机关**立案侦查**',
  '  1. 十日内补充调取材料',
  '- 另行通知 *乃东区院*',
  '#### 四级标题照原样',
  TIBETAN,
].join('\n');

/** A concluded meeting with Tibetan in its names and minutes, two valid signatures and one gone stale. */
const MEETING: MeetingModel = {
  id: '0b7c4c1e-8a51-4f43-9d3a-1b2c3d4e5f60',
  kind: MeetingKind.PROSECUTORS_JOINT,
  state: MeetingState.CONCLUDED,
  hostOrg: 'proc-540500',
  title: '检察官联席会议：雅鲁藏布江流域非法采砂系列案',
  startsAt: '2026-12-03T02:00:00.000Z',
  endsAt: '2026-12-03T04:00:00.000Z',
  location: '山南市人民检察院第三会议室',
  invitees: [],
  attendees: [
    { username: 'city-chief', org: 'proc-540500', role: AttendeeRole.CHIEF_PROSECUTOR, present: true },
    { username: 'སྒྲོལ་མ།', org: 'proc-540522', role: AttendeeRole.PROSECUTOR, present: true },
    { username: 'gongga-chief', org: 'proc-540522', role: AttendeeRole.CHIEF_PROSECUTOR, present: false },
  ],
  agenda: [
    {
      number: 1,
      title: '吉雄镇段采砂案',
      transferId: null,
      caseNumber: '贡公刑〔2026〕88号',
      consultationId: null,
      decision: '移送公安机关立案侦查。',
      majority: { text: '构成非法采矿罪。', holders: ['city-chief'] },
      minorities: [{ text: '主观明知的证据不足。', holders: ['སྒྲོལ་མ།'] }],
      referToCommittee: true,
      actions: [
        {
          id: 'x',
          ownerOrg: 'proc-540522',
          description: '补充调取采砂船只登记材料',
          dueWithinDays: 10,
          dueDate: '2026-12-17',
          status: 'OPEN',
          meetingId: '0b7c4c1e-8a51-4f43-9d3a-1b2c3d4e5f60',
          itemNumber: 1,
          overdue: false,
          dueDateProvisional: false,
        },
      ],
      transferOutcome: null,
    },
  ],
  minutes: MINUTES,
  minutesDigest: DIGEST,
  signatures: [
    {
      username: 'city-chief',
      org: 'proc-540500',
      signedAt: '2026-12-03T05:00:00.000Z',
      digest: DIGEST,
      valid: true,
    },
    {
      username: 'སྒྲོལ་མ།',
      org: 'proc-540522',
      signedAt: '2026-12-03T05:10:00.000Z',
      digest: DIGEST,
      valid: true,
    },
    {
      username: 'gongga-prosecutor',
      org: 'proc-540522',
      signedAt: '2026-12-03T04:30:00.000Z',
      digest: 'b'.repeat(64),
      valid: false,
    },
  ],
  awaitingSignatures: ['gongga-prosecutor'],
  version: 9,
  cancelledReason: null,
  createdBy: 'city-secretary',
  createdAt: '2026-12-01T02:00:00.000Z',
  concludedAt: '2026-12-03T04:00:00.000Z',
  calendarPath: null,
  minutesPdfPath: null,
  minutesDocxPath: null,
} as unknown as MeetingModel;

const NAMES = {
  org: (code: string) =>
    ({ 'proc-540500': '山南市人民检察院', 'proc-540522': '贡嘎县人民检察院' })[code] ?? code,
  person: (username: string) => username,
};
const run = (command: string, args: string[], input?: Buffer) => {
  const r = spawnSync(command, args, { input, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `${command} ${args.join(' ')}: ${r.stderr?.toString()}`);
  return r.stdout.toString();
};

/** The minutes as files, read back the way a person's tools read them: pdftotext, pdffonts, pdftoppm, unzip. */
describe('minutes as PDF and Word', () => {
  const fonts = new GatewayConfig().minutesFonts;
  const document = minutesDocument(MEETING, NAMES, new Date('2026-12-03T06:00:00.000Z'));
  let scratch: string;
  let pdf: Buffer;

  before(async () => {
    ensureMinutesTools();
    scratch = mkdtempSync(join(tmpdir(), 'yiti-minutes-'));
    pdf = await renderMinutesPdf(document, fonts);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('splits text into Tibetan and other runs, spaces staying with their run', () => {
    assert.deepEqual(scriptRuns('纪要 བཀྲ་ཤིས། ok'), [
      { tibetan: false, text: '纪要 ' },
      { tibetan: true, text: 'བཀྲ་ཤིས། ' },
      { tibetan: false, text: 'ok' },
    ]);
    assert.deepEqual(missingFonts(fonts), []);
    assert.deepEqual(missingFonts({ cjk: '/nowhere/cjk.ttc', tibetan: fonts.tibetan }), ['/nowhere/cjk.ttc']);
  });

  it('prints the record, the decisions with who holds which opinion, and each signature with its validity', () => {
    const file = join(scratch, 'minutes.pdf');
    writeFileSync(file, pdf);
    // Compared without white space: pdftotext breaks long lines (a digest) where the page does.
    const pages = run('pdftotext', [file, '-']).replace(/\s+/g, '');
    // Every page numbered at its foot; the text read without the feet (a page may break inside a line).
    assert.deepEqual(pages.match(/第\d+页，共\d+页/g), ['第1页，共2页', '第2页，共2页']);
    const text = pages.replace(/第\d+页，共\d+页/g, '');
    for (const expected of [
      '检察官联席会议纪要',
      '检察官联席会议：雅鲁藏布江流域非法采砂系列案',
      '主办单位：山南市人民检察院',
      '时间：2026-12-03 10:00 至 2026-12-03 12:00',
      'gongga-chief（贡嘎县人民检察院，检察长）缺席',
      '决定：移送公安机关立案侦查。',
      '少数意见：主观明知的证据不足。',
      '提交检察委员会：是',
      '贡嘎县人民检察院：补充调取采砂船只登记材料（2026-12-17前，10个工作日内）',
      `纪要摘要（SHA-256）：${DIGEST}`,
      '已失效（签名后纪要有改动）',
      '尚待签名：gongga-prosecutor',
    ])
      assert.ok(text.includes(expected.replace(/\s+/g, '')), `the PDF says ${expected}\n${text}`);
    assert.equal(text.match(/签名，摘要a{64}：有效/g)?.length, 2, 'two valid signatures');
    // The scripts are embedded fonts, not whatever the reader has.
    const embedded = run('pdffonts', [file]);
    assert.match(embedded, /NotoSansCJKsc-Regular/);
    assert.match(embedded, /NotoSerifTibetan/);
    // The pages as images, to look at (test-output/minutes/): Tibetan stacks, Chinese, layout.
    const out = join(REPO_ROOT, 'test-output/minutes');
    mkdirSync(out, { recursive: true });
    run('pdftoppm', ['-r', '110', '-png', file, join(out, 'minutes')]);
    assert.ok(readdirSync(out).some((f) => /^minutes-1\.png$/.test(f)));
  });

  it('prints the minutes as formatted: headings, bold, italic and lists with their markers', () => {
    const file = join(scratch, 'formatted.pdf');
    writeFileSync(file, pdf);
    const text = run('pdftotext', [file, '-']).replace(/\s+/g, '');
    for (const expected of [
      '会议概况',
      '会议由山南市人民检察院主持，全体出席。',
      '议定事项',
      '•移送公安机关立案侦查',
      '1.十日内补充调取材料',
      '•另行通知乃东区院',
      '####四级标题照原样',
    ])
      assert.ok(text.includes(expected), `the PDF says ${expected}\n${text}`);
    assert.ok(!text.includes('**'), 'no Markdown markers are printed');
    // Where the words stand: a nested item further in than its parent, an item further in than a paragraph.
    const words = [
      ...run('pdftotext', ['-bbox', file, '-']).matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g),
    ].map((m) => ({ x: Number(m[1]), text: m[2]! }));
    const x = (start: string) => {
      const word = words.find((w) => w.text.startsWith(start));
      assert.ok(word, `a word starting ${start}`);
      return word.x;
    };
    assert.ok(x('移送') > x('会议由'), 'the item stands in from the paragraph');
    assert.ok(x('十日内') > x('移送'), 'the nested item stands in from its parent');
    assert.ok(x('1.') > x('•'), 'the nested marker stands in from the parent marker');
    // Bold is text render mode 2 (fill and outline), italic a slant: read from the page streams.
    const streams = [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
      .map((m) => {
        try {
          return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('\n');
    assert.match(streams, /\b2 Tr\b/, 'bold glyphs are filled and outlined');
    assert.match(streams, /1 0 -0\.2\d* 1 [-\d.]+ 0 cm/, 'italic glyphs are slanted');
  });

  it('writes the same record as a Word document', async () => {
    const files = unzipSync(await renderMinutesDocx(document));
    const xml = strFromU8(files['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    for (const expected of [
      '检察官联席会议纪要',
      '少数意见：',
      '主观明知的证据不足。',
      TIBETAN,
      '已失效（签名后纪要有改动）',
    ])
      assert.ok(text.includes(expected), `the document says ${expected}`);
    assert.match(xml, /w:cs="Noto Serif Tibetan"/);
    // The minutes as formatted: headings, bold and italic runs, list items with their markers and indents.
    const runWith = (t: string) =>
      [...xml.matchAll(/<w:r>((?:(?!<\/w:r>)[\s\S])*)<\/w:r>/g)]
        .map((m) => m[1]!)
        .find((r) => r.includes(`>${t}</w:t>`));
    assert.match(runWith('立案侦查') ?? '', /<w:b\/>/, 'bold is a bold run');
    assert.match(runWith('全体') ?? '', /<w:i\/>/, 'italic is an italic run');
    assert.doesNotMatch(runWith('主持，') ?? '', /<w:[bi]\/>/, 'plain text stays plain');
    const paragraphWith = (t: string) =>
      [...xml.matchAll(/<w:p>((?:(?!<\/w:p>)[\s\S])*)<\/w:p>/g)].map((m) => m[1]!).find((p) => p.includes(t));
    assert.match(paragraphWith('会议概况') ?? '', /<w:pStyle w:val="Heading3"\/>/);
    assert.match(paragraphWith('议定事项') ?? '', /<w:pStyle w:val="Heading4"\/>/);
    assert.match(paragraphWith('另行通知') ?? '', /w:left="420"[\s\S]*<w:t[^>]*>•<\/w:t>[\s\S]*<w:tab\/>/);
    assert.match(paragraphWith('十日内补充调取材料') ?? '', /w:left="780"[\s\S]*<w:t[^>]*>1\.<\/w:t>/);
    assert.ok(text.includes('#### 四级标题照原样'), 'a line that is not the format prints as typed');
    assert.ok(!text.includes('**'), 'no Markdown markers are printed');
  });
});
