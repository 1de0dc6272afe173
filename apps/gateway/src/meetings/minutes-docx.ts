import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
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
};

function runs(text: string, type: MinutesBlock['type'], bold = false): TextRun[] {
  return scriptRuns(text).map((run) => {
    const font = run.tibetan ? TIBETAN : CJK;
    return new TextRun({
      text: run.text,
      size: SIZE[type],
      bold,
      font: { ascii: font, hAnsi: font, eastAsia: font, cs: font },
      ...(type === 'note' ? { color: '555555' } : {}),
    });
  });
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
