/**
 * The stored format of meeting minutes: a small, tolerant subset of Markdown, read the same way by the portal's
 * editor and preview and by the gateway's PDF and Word exports.
 *
 * - A line `# `, `## ` or `### ` followed by text is a heading of level 1–3 (up to three spaces before it).
 * - A line `- `, `* ` or `+ ` followed by text is a bulleted item; `1. ` or `1) ` (any number up to 9 digits) a
 *   numbered item, printed with the number as typed (minutes are a record: nothing is renumbered). An item
 *   indented by two or more spaces (a tab counts four) under an item is nested one level; deeper indentation is
 *   still one level. Consecutive items of one kind form a list; a blank line or another line ends it.
 * - Every other non-blank line is a paragraph of its own, trimmed — plain text prints as it always has.
 * - Inline: `**bold**`, `*italic*`, `***both***`; a marker opens only before a non-space and closes only after
 *   one, on the same line, and a marker that does not close is text. `\` before one of `\ * # - + . )` makes
 *   it text.
 *
 * Nothing is refused: `#### 四级`, `#标题`, `-5℃`, `2 * 3`, `*注` and indented lines all read as text.
 */

export interface Span {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
}

export interface MinutesListItem {
  /** The marker as printed: `•` for a bulleted item, the number as typed with its `.` or `)` for a numbered one. */
  readonly marker: string;
  readonly spans: readonly Span[];
  /** Nested lists (one level only: their items have none). */
  readonly children: readonly MinutesList[];
}

export interface MinutesList {
  readonly type: 'list';
  readonly ordered: boolean;
  readonly items: readonly MinutesListItem[];
}

export type MinutesNode =
  | { readonly type: 'heading'; readonly level: 1 | 2 | 3; readonly spans: readonly Span[] }
  | { readonly type: 'paragraph'; readonly spans: readonly Span[] }
  | MinutesList;

/** What one line is, with where its text starts (after the marker), for the editor's toolbar. */
export type LineKind =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly contentStart: number }
  | { readonly kind: 'bullet'; readonly indent: number; readonly contentStart: number }
  | {
      readonly kind: 'ordered';
      readonly indent: number;
      readonly marker: string;
      readonly contentStart: number;
    }
  | { readonly kind: 'text'; readonly contentStart: number };

const HEADING = /^( {0,3})(#{1,3})[ \t]+(?=\S)/;
const BULLET = /^([ \t]*)([-*+])[ \t]+(?=\S)/;
const ORDERED = /^([ \t]*)(\d{1,9}[.)])[ \t]+(?=\S)/;
const ESCAPABLE = new Set(['\\', '*', '#', '-', '+', '.', ')']);

function indentWidth(spaces: string): number {
  let width = 0;
  for (const ch of spaces) width += ch === '\t' ? 4 : 1;
  return width;
}

/** The kind of one line (without its line break). */
export function lineKind(line: string): LineKind {
  const heading = HEADING.exec(line);
  if (heading)
    return { kind: 'heading', level: heading[2]!.length as 1 | 2 | 3, contentStart: heading[0].length };
  const bullet = BULLET.exec(line);
  if (bullet) return { kind: 'bullet', indent: indentWidth(bullet[1]!), contentStart: bullet[0].length };
  const ordered = ORDERED.exec(line);
  if (ordered)
    return {
      kind: 'ordered',
      indent: indentWidth(ordered[1]!),
      marker: ordered[2]!,
      contentStart: ordered[0].length,
    };
  return { kind: 'text', contentStart: line.length - line.trimStart().length };
}

/** An emphasis in a line: where its opening and closing markers are (offsets into the text given). */
export interface Emphasis {
  readonly style: 'bold' | 'italic';
  readonly open: number;
  readonly close: number;
  readonly markerLength: number;
}

const space = (ch: string | undefined) => ch === undefined || /\s/.test(ch);

/** The closing `count` asterisks for an opening at `from` (content from `from`), before `to`; -1 if none. */
function closer(text: string, from: number, to: number, count: 1 | 2 | 3): number {
  for (let j = from; j < to; j++) {
    if (text[j] === '\\' && ESCAPABLE.has(text[j + 1] ?? '')) {
      j++;
      continue;
    }
    if (text[j] !== '*') continue;
    let run = 1;
    while (j + run < to && text[j + run] === '*') run++;
    if (j > from && !space(text[j - 1]) && run >= count && j + count <= to) {
      // A single `*` closes only on a single asterisk (so `*a **b** c*` keeps its bold inside).
      if (count === 1 && run !== 1) {
        j += run - 1;
        continue;
      }
      // `**a *b***`: the last asterisks of a longer run close the outer emphasis.
      return j + run - count;
    }
    j += run - 1;
  }
  return -1;
}

interface Inline {
  spans: Span[];
  emphasis: Emphasis[];
}

function inline(text: string, from: number, to: number, bold: boolean, italic: boolean, out: Inline): void {
  let plain = '';
  const flush = () => {
    if (plain) push(out.spans, { text: plain, bold, italic });
    plain = '';
  };
  let i = from;
  while (i < to) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < to && ESCAPABLE.has(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '*') {
      let run = 1;
      while (i + run < to && text[i + run] === '*') run++;
      const tries: (1 | 2 | 3)[] = run >= 3 ? [3, 2, 1] : run === 2 ? [2, 1] : [1];
      let matched = false;
      for (const count of tries) {
        if ((count >= 2 && bold) || (count !== 2 && italic)) continue;
        if (space(text[i + count]) || i + count >= to) continue;
        const j = closer(text, i + count, to, count);
        if (j < 0) continue;
        flush();
        if (count === 3) {
          out.emphasis.push({ style: 'bold', open: i, close: j + 1, markerLength: 2 });
          out.emphasis.push({ style: 'italic', open: i + 2, close: j, markerLength: 1 });
        } else
          out.emphasis.push({
            style: count === 2 ? 'bold' : 'italic',
            open: i,
            close: j,
            markerLength: count,
          });
        inline(text, i + count, j, bold || count >= 2, italic || count !== 2, out);
        i = j + count;
        matched = true;
        break;
      }
      if (!matched) {
        plain += '*'.repeat(run);
        i += run;
      }
      continue;
    }
    plain += ch;
    i++;
  }
  flush();
}

function push(spans: Span[], span: Span): void {
  const last = spans[spans.length - 1];
  if (last && last.bold === span.bold && last.italic === span.italic)
    spans[spans.length - 1] = { ...last, text: last.text + span.text };
  else spans.push(span);
}

/** The inline spans of one line's text (no line breaks in it). */
export function parseInline(text: string): Span[] {
  const out: Inline = { spans: [], emphasis: [] };
  inline(text, 0, text.length, false, false, out);
  return out.spans;
}

/** Where the emphasis markers of a line's text are, for the editor (offsets into `text`). */
export function emphasisIn(text: string): Emphasis[] {
  const out: Inline = { spans: [], emphasis: [] };
  inline(text, 0, text.length, false, false, out);
  return out.emphasis;
}

/** The minutes as blocks, in order. Never throws: any text is valid minutes. */
export function parseMinutes(source: string): MinutesNode[] {
  const nodes: MinutesNode[] = [];
  let list: { type: 'list'; ordered: boolean; items: MinutesListItem[] } | null = null;
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (!line.trim()) {
      list = null;
      continue;
    }
    const kind = lineKind(line);
    const content = line.slice(kind.contentStart).trim();
    if (kind.kind === 'bullet' || kind.kind === 'ordered') {
      const ordered = kind.kind === 'ordered';
      const item: MinutesListItem = {
        marker: kind.kind === 'ordered' ? kind.marker : '•',
        spans: parseInline(content),
        children: [],
      };
      const parent = list?.items[list.items.length - 1];
      if (kind.indent >= 2 && parent) {
        const children = parent.children as { type: 'list'; ordered: boolean; items: MinutesListItem[] }[];
        const last = children[children.length - 1];
        if (last && last.ordered === ordered) last.items.push(item);
        else children.push({ type: 'list', ordered, items: [item] });
        continue;
      }
      if (!list || list.ordered !== ordered) {
        list = { type: 'list', ordered, items: [] };
        nodes.push(list);
      }
      list.items.push(item);
      continue;
    }
    list = null;
    if (kind.kind === 'heading')
      nodes.push({ type: 'heading', level: kind.level, spans: parseInline(content) });
    else nodes.push({ type: 'paragraph', spans: parseInline(content) });
  }
  return nodes;
}

/** The text of spans without their styles. */
export const plainText = (spans: readonly Span[]): string => spans.map((s) => s.text).join('');
