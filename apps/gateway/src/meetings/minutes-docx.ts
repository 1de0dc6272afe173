import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Tab, TabStopType, TextRun } from 'docx';
import type { Span } from '@yiti/minutes-format';
import { scriptRuns, type MinutesBlock, type MinutesDocument } from './minutes-document.js';

/** Font names Word looks for; a reader without them gets Word's own substitutes for the scripts. */
const CJK = 'Noto Sans CJK SC';
const TIBETAN = 'Noto Serif Tibetan';

/** Half-points, as Word counts font sizes. */
const SIZE: Record<MinutesBlock['type'], number> = {
  title: 40,
  heading: 26,
  field: 21,
  paragraph: 21,
  note: 17,
  minutesHeading: 24,
  minutesParagraph: 21,
  minutesItem: 21,
};
const MINUTES_HEADING = {
  1: { level: HeadingLevel.HEADING_3, size: 28 },
  2: { level: HeadingLevel.HEADING_4, size: 25 },
  3: { level: HeadingLevel.HEADING_5, size: 22 },
} as const;
/** A list item's text stands in 0.5 cm per depth plus its marker's hanging indent (twentieths of a point). */
const ITEM_LEFT = [420, 780] as const;
const ITEM_HANGING = 300;

function runs(
  text: string,
  type: MinutesBlock['type'],
  bold = false,
  italics = false,
  size = SIZE[type],
): TextRun[] {
  return scriptRuns(text).map((run) => {
    const font = run.tibetan ? TIBETAN : CJK;
    return new TextRun({
      text: run.text,
      size,
      bold,
      italics,
      font: { ascii: font, hAnsi: font, eastAsia: font, cs: font },
      ...(type === 'note' ? { color: '555555' } : {}),
    });
  });
}

function spanRuns(spans: readonly Span[], type: MinutesBlock['type'], size = SIZE[type], bold = false) {
  return spans.flatMap((s) => runs(s.text, type, bold || s.bold, s.italic, size));
}

function paragraph(block: MinutesBlock): Paragraph {
  switch (block.type) {
    case 'title':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        heading: HeadingLevel.TITLE,
        children: runs(block.text, block.type, true),
      });
    case 'heading':
      return new Paragraph({
        heading: HeadingLevel.HEADING_2,
        spacing: { before: 200, after: 80 },
        children: runs(block.text, block.type, true),
      });
    case 'field':
      return new Paragraph({
        children: [...runs(`${block.label}：`, block.type, true), ...runs(block.value, block.type)],
      });
    case 'paragraph':
      return new Paragraph({ children: runs(block.text, block.type) });
    case 'note':
      return new Paragraph({ spacing: { before: 300 }, children: runs(block.text, block.type) });
    case 'minutesHeading': {
      const heading = MINUTES_HEADING[block.level];
      return new Paragraph({
        heading: heading.level,
        spacing: { before: 160, after: 60 },
        children: spanRuns(block.spans, block.type, heading.size, true),
      });
    }
    case 'minutesParagraph':
      return new Paragraph({ children: spanRuns(block.spans, block.type) });
    case 'minutesItem':
      // The marker as typed (numbers are part of the record, not Word's renumbering), a tab to the text and a
      // hanging indent so the item's lines wrap under its text.
      return new Paragraph({
        indent: { left: ITEM_LEFT[block.depth], hanging: ITEM_HANGING },
        tabStops: [{ type: TabStopType.LEFT, position: ITEM_LEFT[block.depth] }],
        children: [
          ...runs(block.marker, block.type),
          new TextRun({ children: [new Tab()] }),
          ...spanRuns(block.spans, block.type),
        ],
      });
  }
}

/** The minutes as a Word document (.docx), the same blocks as the PDF, for offices that file in Word. */
export function renderMinutesDocx(document: MinutesDocument): Promise<Buffer> {
  const doc = new Document({
    title: document.name,
    creator: 'Yiti 一体',
    sections: [{ children: document.blocks.map(paragraph) }],
  });
  return Packer.toBuffer(doc);
}
