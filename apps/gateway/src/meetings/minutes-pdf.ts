import { existsSync } from 'node:fs';
import type { Span } from '@yiti/minutes-format';
import PDFDocument from 'pdfkit';
import { scriptRuns, type MinutesBlock, type MinutesDocument } from './minutes-document.js';

/**
 * The fonts the minutes print in: a CJK font for Chinese (and Latin), a Tibetan font whose OpenType tables
 * stack Tibetan consonants (pdfkit shapes through fontkit). Noto Sans CJK and Noto Serif Tibetan on Debian
 * (fonts-noto-cjk, fonts-noto-core); GatewayConfig names them.
 */
export interface MinutesFonts {
  /** A .ttf/.otf file, or a .ttc collection with `cjkName` the PostScript name of the face to use. */
  readonly cjk: string;
  readonly cjkName?: string;
  readonly tibetan: string;
}

/** The fonts that are missing on this machine (by path); empty when the minutes can print. */
export function missingFonts(fonts: MinutesFonts): string[] {
  return [fonts.cjk, fonts.tibetan].filter((f) => !existsSync(f));
}

const SIZE: Record<MinutesBlock['type'], number> = {
  title: 20,
  heading: 13,
  field: 10.5,
  paragraph: 10.5,
  note: 8.5,
  minutesHeading: 12,
  minutesParagraph: 10.5,
  minutesItem: 10.5,
};
/** Below the record's own headings (13 pt): the minutes are one section of the record. */
const MINUTES_HEADING_SIZE = { 1: 12.5, 2: 11.5, 3: 10.5 } as const;
/** How far a list item's text stands in from the margin, per depth (points); its marker sits before it. */
const ITEM_INDENT = [20, 40] as const;

/** The minutes as an A4 PDF with its text as text (searchable, copyable), page numbers at the foot. */
export function renderMinutesPdf(document: MinutesDocument, fonts: MinutesFonts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    bufferPages: true,
    info: { Title: document.name, Creator: 'Yiti 一体' },
    lang: 'zh-CN',
  });
  doc.registerFont('cjk', fonts.cjk, fonts.cjkName);
  doc.registerFont('bo', fonts.tibetan);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  /** Text in its fonts, run by run, as one paragraph. */
  const write = (text: string, size: number, options: PDFKit.Mixins.TextOptions = {}) =>
    writeSpans([{ text, bold: false, italic: false }], size, options);
  /**
   * Styled spans as one paragraph, script run by script run. The fonts have one weight and no italic, so bold
   * is the glyphs filled and outlined (text render mode 2) and italic the glyphs slanted (pdfkit's oblique) —
   * for Chinese and Tibetan as for Latin.
   */
  const writeSpans = (spans: readonly Span[], size: number, options: PDFKit.Mixins.TextOptions = {}) => {
    const runs = spans.flatMap((span) => scriptRuns(span.text).map((run) => ({ ...run, span })));
    if (runs.length === 0) return;
    runs.forEach((run, i) => {
      doc
        .font(run.tibetan ? 'bo' : 'cjk')
        .fontSize(size)
        .text(run.text, {
          ...options,
          // Said for every run: pdfkit carries a continued text's options over to the next run.
          fill: true,
          stroke: run.span.bold,
          oblique: run.span.italic ? 12 : false,
          continued: i < runs.length - 1,
        });
    });
  };
  // The outline that makes bold: thin, in the text's colour.
  doc.lineWidth(0.35).strokeColor('#000000');
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  for (const block of document.blocks) {
    const size = SIZE[block.type];
    switch (block.type) {
      case 'title':
        write(block.text, size, { align: 'center' });
        doc.moveDown(0.8);
        break;
      case 'heading':
        doc.moveDown(0.6);
        write(block.text, size);
        doc.moveDown(0.2);
        break;
      case 'field':
        write(`${block.label}：${block.value}`, size, { lineGap: 2 });
        break;
      case 'paragraph':
        write(block.text, size, { lineGap: 2, paragraphGap: 2 });
        break;
      case 'minutesHeading':
        doc.moveDown(0.4);
        writeSpans(
          block.spans.map((s) => ({ ...s, bold: true })),
          MINUTES_HEADING_SIZE[block.level],
          { lineGap: 2, paragraphGap: 3 },
        );
        break;
      case 'minutesParagraph':
        writeSpans(block.spans, size, { lineGap: 2, paragraphGap: 2 });
        break;
      case 'minutesItem': {
        // The marker in the gutter, the text beside it wrapping under itself (a hanging indent).
        const indent = ITEM_INDENT[block.depth];
        if (doc.y + doc.currentLineHeight(true) > doc.page.height - doc.page.margins.bottom) doc.addPage();
        const y = doc.y;
        doc
          .font('cjk')
          .fontSize(size)
          .text(block.marker, left + indent - 18, y, { width: 16, align: 'right', lineBreak: false });
        doc.x = left + indent;
        doc.y = y;
        writeSpans(block.spans, size, { width: width - indent, lineGap: 2, paragraphGap: 2 });
        doc.x = left;
        break;
      }
      case 'note':
        doc.moveDown(1.5);
        doc.fillColor('#555555');
        write(block.text, size);
        doc.fillColor('#000000');
        break;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('cjk')
      .fontSize(8.5)
      .fillColor('#555555')
      .text(`第 ${i + 1} 页，共 ${range.count} 页`, doc.page.margins.left, doc.page.height - 40, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
