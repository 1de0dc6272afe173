import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  emphasisIn,
  lineKind,
  parseInline,
  parseMinutes,
  plainText,
  type MinutesNode,
} from './minutes-format.js';

const plain = (text: string) => ({ text, bold: false, italic: false });
const bold = (text: string) => ({ text, bold: true, italic: false });
const italic = (text: string) => ({ text, bold: false, italic: true });
const paragraph = (text: string): MinutesNode => ({ type: 'paragraph', spans: [plain(text)] });

describe('minutes format', () => {
  it('reads headings, paragraphs, bold and italic', () => {
    assert.deepEqual(
      parseMinutes('# 会议纪要\n## 一、议题\n### 说明\n会议由**山南市院**主持，*全体*出席。'),
      [
        { type: 'heading', level: 1, spans: [plain('会议纪要')] },
        { type: 'heading', level: 2, spans: [plain('一、议题')] },
        { type: 'heading', level: 3, spans: [plain('说明')] },
        {
          type: 'paragraph',
          spans: [plain('会议由'), bold('山南市院'), plain('主持，'), italic('全体'), plain('出席。')],
        },
      ],
    );
  });

  it('reads bulleted and numbered lists, one nested level, numbers as typed', () => {
    assert.deepEqual(parseMinutes('- 甲\n  1. 第一\n  3. 第三\n* 乙\n\n2. 二\n5) 五\n    - 深'), [
      {
        type: 'list',
        ordered: false,
        items: [
          {
            marker: '•',
            spans: [plain('甲')],
            children: [
              {
                type: 'list',
                ordered: true,
                items: [
                  { marker: '1.', spans: [plain('第一')], children: [] },
                  { marker: '3.', spans: [plain('第三')], children: [] },
                ],
              },
            ],
          },
          { marker: '•', spans: [plain('乙')], children: [] },
        ],
      },
      {
        type: 'list',
        ordered: true,
        items: [
          { marker: '2.', spans: [plain('二')], children: [] },
          {
            marker: '5)',
            spans: [plain('五')],
            children: [
              { type: 'list', ordered: false, items: [{ marker: '•', spans: [plain('深')], children: [] }] },
            ],
          },
        ],
      },
    ]);
  });

  it('keeps plain-text minutes as they are: one trimmed paragraph per line, CR LF or LF', () => {
    assert.deepEqual(parseMinutes('会议由山南市人民检察院主持。\r\n\r\n   缩进的一行\r\n\tཀྲ་ཤིས།  \n'), [
      paragraph('会议由山南市人民检察院主持。'),
      paragraph('缩进的一行'),
      paragraph('ཀྲ་ཤིས།'),
    ]);
    assert.deepEqual(parseMinutes(''), []);
    assert.deepEqual(parseMinutes('\n  \n'), []);
  });

  it('reads what is not the format as text, never refusing it', () => {
    for (const line of [
      '#### 四级标题',
      '#标题没有空格',
      '#',
      '-5℃',
      '- ',
      '2 * 3 = 6',
      '*注：另行通知',
      '注意**未闭合',
      '****',
      '1、议题一',
      '2026.12.03',
      '一、议题',
    ])
      assert.deepEqual(parseMinutes(line), [paragraph(line.trim())], line);
    // An indented item with nothing above it is a top-level item; an indented line of text ends the list.
    assert.deepEqual(parseMinutes('   - 甲\n   说明'), [
      { type: 'list', ordered: false, items: [{ marker: '•', spans: [plain('甲')], children: [] }] },
      paragraph('说明'),
    ]);
  });

  it('reads nested and adjacent emphasis, escapes and stray asterisks', () => {
    assert.deepEqual(parseInline('***要点***'), [{ text: '要点', bold: true, italic: true }]);
    assert.deepEqual(parseInline('**粗 *斜* 粗**'), [
      bold('粗 '),
      { text: '斜', bold: true, italic: true },
      bold(' 粗'),
    ]);
    assert.deepEqual(parseInline('**粗 *斜***'), [bold('粗 '), { text: '斜', bold: true, italic: true }]);
    assert.deepEqual(parseInline('a*b*c'), [plain('a'), italic('b'), plain('c')]);
    assert.deepEqual(parseInline('\\*不是斜体\\*'), [plain('*不是斜体*')]);
    assert.deepEqual(parseInline('** 不是 **'), [plain('** 不是 **')]);
    assert.deepEqual(parseInline('C:\\路径'), [plain('C:\\路径')]);
    assert.deepEqual(parseMinutes('\\# 不是标题\n\\- 不是列表'), [
      paragraph('# 不是标题'),
      paragraph('- 不是列表'),
    ]);
    assert.equal(plainText(parseInline('会议**决定**如下')), '会议决定如下');
  });

  it('tells the editor what a line is and where the markers are', () => {
    assert.deepEqual(lineKind('## 议题'), { kind: 'heading', level: 2, contentStart: 3 });
    assert.deepEqual(lineKind('  - 甲'), { kind: 'bullet', indent: 2, contentStart: 4 });
    assert.deepEqual(lineKind('12. 乙'), { kind: 'ordered', indent: 0, marker: '12.', contentStart: 4 });
    assert.deepEqual(lineKind('  文字'), { kind: 'text', contentStart: 2 });
    assert.deepEqual(emphasisIn('a **b** *c*'), [
      { style: 'bold', open: 2, close: 5, markerLength: 2 },
      { style: 'italic', open: 8, close: 10, markerLength: 1 },
    ]);
  });
});
