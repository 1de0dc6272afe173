import { emphasisIn, lineKind } from '@yiti/minutes-format';

/**
 * What the minutes editor's toolbar and shortcuts do to the text (libs/minutes-format is the format): each takes
 * the text and the selection and returns the new text and selection. Pure, so the editor only applies them.
 */
export interface Edit {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type Command = 'h1' | 'h2' | 'h3' | 'bold' | 'italic' | 'bullets' | 'numbers';

/** The lines the selection touches: [from, to) offsets of whole lines, without the last line break. */
function lineRange(text: string, start: number, end: number): { from: number; to: number } {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  // A selection ending at the start of a line does not take that line in.
  const last = end > start && text[end - 1] === '\n' ? end - 1 : end;
  const next = text.indexOf('\n', last);
  return { from, to: next < 0 ? text.length : next };
}

/** Which toolbar buttons are on for the line and place of the caret (the selection's start). */
export function activeCommands(text: string, start: number, end = start): Set<Command> {
  const active = new Set<Command>();
  const { from } = lineRange(text, start, start);
  const next = text.indexOf('\n', from);
  const line = text.slice(from, next < 0 ? text.length : next);
  const kind = lineKind(line);
  if (kind.kind === 'heading') active.add(`h${kind.level}`);
  if (kind.kind === 'bullet') active.add('bullets');
  if (kind.kind === 'ordered') active.add('numbers');
  const a = start - from;
  const b = Math.min(end, from + line.length) - from;
  // Inside an emphasis, its markers included.
  for (const e of emphasisIn(line))
    if (
      e.open <= a &&
      b <= e.close + e.markerLength &&
      !(a === b && (a === e.open || a === e.close + e.markerLength))
    )
      active.add(e.style === 'bold' ? 'bold' : 'italic');
  return active;
}

const replaceLines = (edit: Edit, map: (line: string, index: number) => string): Edit => {
  const { from, to } = lineRange(edit.text, edit.start, edit.end);
  const lines = edit.text.slice(from, to).split('\n');
  const changed = lines.map(map).join('\n');
  const text = edit.text.slice(0, from) + changed + edit.text.slice(to);
  // One line: the caret keeps its place in the line's text; several: the lines stay selected.
  if (lines.length === 1) {
    const delta = changed.length - (to - from);
    const shift = (p: number) => Math.max(from, Math.min(from + changed.length, p + delta));
    return { text, start: shift(edit.start), end: shift(edit.end) };
  }
  return { text, start: from, end: from + changed.length };
};

/** A line's text without its heading or list marker (its indentation kept for list items). */
function content(line: string): { indent: string; text: string } {
  const kind = lineKind(line);
  const indent = /^[ \t]*/.exec(line)![0];
  if (kind.kind === 'heading') return { indent: '', text: line.slice(kind.contentStart) };
  if (kind.kind === 'bullet' || kind.kind === 'ordered')
    return { indent, text: line.slice(kind.contentStart) };
  return { indent: '', text: line.trimStart() };
}

function heading(edit: Edit, level: 1 | 2 | 3): Edit {
  const lines = lineLines(edit);
  const off = lines.every((l) => !l.trim() || headingLevel(l) === level);
  return replaceLines(edit, (line) => {
    if (!line.trim()) return line;
    const c = content(line);
    return off ? c.text : `${'#'.repeat(level)} ${c.text}`;
  });
}

const headingLevel = (line: string) => {
  const k = lineKind(line);
  return k.kind === 'heading' ? k.level : 0;
};

function lineLines(edit: Edit): string[] {
  const { from, to } = lineRange(edit.text, edit.start, edit.end);
  return edit.text.slice(from, to).split('\n');
}

function list(edit: Edit, ordered: boolean): Edit {
  const kind = ordered ? 'ordered' : 'bullet';
  const lines = lineLines(edit);
  const off = lines.every((l) => !l.trim() || lineKind(l).kind === kind);
  // Numbers continue a numbered list just above the selection.
  const { from } = lineRange(edit.text, edit.start, edit.end);
  const above = edit.text.slice(edit.text.lastIndexOf('\n', from - 2) + 1, Math.max(0, from - 1));
  const aboveKind = from > 0 ? lineKind(above) : null;
  let n = aboveKind?.kind === 'ordered' ? parseInt(aboveKind.marker, 10) : 0;
  return replaceLines(edit, (line) => {
    if (!line.trim()) return line;
    const c = content(line);
    if (off) return c.text;
    return ordered ? `${c.indent}${++n}. ${c.text}` : `${c.indent}- ${c.text}`;
  });
}

function emphasis(edit: Edit, style: 'bold' | 'italic'): Edit {
  const marker = style === 'bold' ? '**' : '*';
  const { from, to } = lineRange(edit.text, edit.start, edit.start);
  const line = edit.text.slice(from, to);
  const a = edit.start - from;
  const b = Math.min(edit.end, to) - from;
  // Inside an emphasis of this style: take its markers away.
  const inside = emphasisIn(line).find(
    (e) => e.style === style && e.open + e.markerLength <= a && b <= e.close,
  );
  if (inside) {
    const m = inside.markerLength;
    const changed =
      line.slice(0, inside.open) + line.slice(inside.open + m, inside.close) + line.slice(inside.close + m);
    const shift = (p: number) => Math.max(from + inside.open, Math.min(p - m, from + inside.close - m));
    return {
      text: edit.text.slice(0, from) + changed + edit.text.slice(to),
      start: shift(edit.start),
      end: shift(Math.min(edit.end, to)),
    };
  }
  if (edit.start === edit.end) {
    const text = edit.text.slice(0, edit.start) + marker + marker + edit.text.slice(edit.end);
    return { text, start: edit.start + marker.length, end: edit.start + marker.length };
  }
  // The selected text of each line, its surrounding spaces left outside the markers.
  const selected = edit.text.slice(edit.start, edit.end);
  const one = /^(\s*)(.*?)\s*$/.exec(selected)!;
  if (!selected.includes('\n') && one[2]) {
    // One line: the words stay selected, inside their markers (so the button shows pressed).
    const start = edit.start + one[1]!.length;
    const text =
      edit.text.slice(0, start) + marker + one[2] + marker + edit.text.slice(start + one[2].length);
    return { text, start: start + marker.length, end: start + marker.length + one[2].length };
  }
  const wrapped = selected
    .split('\n')
    .map((part) => {
      const m = /^(\s*)(.*?)(\s*)$/.exec(part)!;
      return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : part;
    })
    .join('\n');
  return {
    text: edit.text.slice(0, edit.start) + wrapped + edit.text.slice(edit.end),
    start: edit.start,
    end: edit.start + wrapped.length,
  };
}

export function applyCommand(edit: Edit, command: Command): Edit {
  switch (command) {
    case 'h1':
      return heading(edit, 1);
    case 'h2':
      return heading(edit, 2);
    case 'h3':
      return heading(edit, 3);
    case 'bold':
    case 'italic':
      return emphasis(edit, command);
    case 'bullets':
      return list(edit, false);
    case 'numbers':
      return list(edit, true);
  }
}

/**
 * Enter at the end of a list item: the next item (the next number) — or, on an item left empty, the list ends
 * and its marker goes. Null when Enter is an ordinary line break.
 */
export function continueList(edit: Edit): Edit | null {
  if (edit.start !== edit.end) return null;
  const { from, to } = lineRange(edit.text, edit.start, edit.start);
  if (edit.start !== to) return null;
  const line = edit.text.slice(from, to);
  const kind = lineKind(line);
  const empty = /^[ \t]*([-*+]|\d{1,9}[.)])[ \t]*$/.test(line);
  if (empty) {
    const text = edit.text.slice(0, from) + edit.text.slice(to);
    return { text, start: from, end: from };
  }
  if (kind.kind !== 'bullet' && kind.kind !== 'ordered') return null;
  const indent = /^[ \t]*/.exec(line)![0];
  const marker =
    kind.kind === 'bullet'
      ? line.trimStart()[0]!
      : `${parseInt(kind.marker, 10) + 1}${kind.marker.slice(-1)}`;
  const insert = `\n${indent}${marker} `;
  const text = edit.text.slice(0, to) + insert + edit.text.slice(to);
  return { text, start: to + insert.length, end: to + insert.length };
}

/** The command of a key press in the editor (Ctrl or ⌘ with B, I, Alt+1–3, Shift+8, Shift+7), or null. */
export function shortcut(e: {
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  code: string;
}): Command | null {
  if (!(e.ctrlKey || e.metaKey)) return null;
  const keys: Record<string, Command> =
    e.altKey && !e.shiftKey
      ? { Digit1: 'h1', Digit2: 'h2', Digit3: 'h3' }
      : e.shiftKey && !e.altKey
        ? { Digit8: 'bullets', Digit7: 'numbers' }
        : !e.shiftKey && !e.altKey
          ? { KeyB: 'bold', KeyI: 'italic' }
          : {};
  return keys[e.code] ?? null;
}

/** The shortcut of each command as aria-keyshortcuts names it. */
export const SHORTCUTS: Record<Command, string> = {
  h1: 'Control+Alt+1',
  h2: 'Control+Alt+2',
  h3: 'Control+Alt+3',
  bold: 'Control+B',
  italic: 'Control+I',
  bullets: 'Control+Shift+8',
  numbers: 'Control+Shift+7',
};
