import { describe, expect, it } from 'vitest';
import {
  activeCommands,
  applyCommand,
  continueList,
  shortcut,
  type Command,
  type Edit,
} from './minutes-editing';

/** Text with the selection marked `[…]` (or a caret `|`), so a case reads as what the secretary sees. */
function marked(s: string): Edit {
  const caret = s.indexOf('|');
  if (caret >= 0) return { text: s.replace('|', ''), start: caret, end: caret };
  const start = s.indexOf('[');
  const end = s.indexOf(']') - 1;
  return { text: s.replace('[', '').replace(']', ''), start, end };
}
function show(e: Edit): string {
  if (e.start === e.end) return `${e.text.slice(0, e.start)}|${e.text.slice(e.start)}`;
  return `${e.text.slice(0, e.start)}[${e.text.slice(e.start, e.end)}]${e.text.slice(e.end)}`;
}
const run = (s: string, command: Command) => show(applyCommand(marked(s), command));
const on = (s: string) => {
  const e = marked(s);
  return [...activeCommands(e.text, e.start, e.end)].sort();
};

describe('the minutes editor’s commands', () => {
  it('wraps the selection in bold or italic, spaces left outside, and unwraps it again', () => {
    expect(run('会议[决定 ]如下', 'bold')).toBe('会议**[决定]** 如下');
    expect(run('会议**决|定**如下', 'bold')).toBe('会议决|定如下');
    expect(run('会议[决定]如下', 'italic')).toBe('会议*[决定]*如下');
    expect(run('a *b|* c', 'italic')).toBe('a b| c');
    expect(run('a|b', 'bold')).toBe('a**|**b');
    expect(run('[甲\n乙]', 'italic')).toBe('[*甲*\n*乙*]');
    expect(on('a [**b**] c')).toEqual(['bold']);
    expect(on('a |**b** c')).toEqual([]);
  });

  it('makes lines headings, lists, or text again', () => {
    expect(run('议定|事项', 'h2')).toBe('## 议定|事项');
    expect(run('## 议定|事项', 'h2')).toBe('议定|事项');
    expect(run('## 议定|事项', 'h1')).toBe('# 议定|事项');
    expect(run('- 甲|', 'h3')).toBe('### 甲|');
    expect(run('[甲\n\n乙]', 'bullets')).toBe('[- 甲\n\n- 乙]');
    expect(run('[- 甲\n- 乙]', 'bullets')).toBe('[甲\n乙]');
    expect(run('[- 甲\n  - 乙]', 'numbers')).toBe('[1. 甲\n  2. 乙]');
    expect(run('1. 甲\n[乙\n丙]', 'numbers')).toBe('1. 甲\n[2. 乙\n3. 丙]');
  });

  it('says which buttons are on where the caret is', () => {
    expect(on('## 议**定|**事项')).toEqual(['bold', 'h2']);
    expect(on('- *甲|*')).toEqual(['bullets', 'italic']);
    expect(on('3. ***甲|***')).toEqual(['bold', 'italic', 'numbers']);
    expect(on('#### 甲|')).toEqual([]);
  });

  it('continues a list on Enter and ends it on an empty item', () => {
    const enter = (s: string) => {
      const e = continueList(marked(s));
      return e && show(e);
    };
    expect(enter('- 甲|')).toBe('- 甲\n- |');
    expect(enter('  9. 甲|')).toBe('  9. 甲\n  10. |');
    expect(enter('甲\n- |')).toBe('甲\n|');
    expect(enter('甲|')).toBeNull();
    expect(enter('- 甲|乙')).toBeNull();
  });

  it('reads the keyboard shortcuts', () => {
    const key = (
      code: string,
      mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>>,
    ) => shortcut({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, code, ...mods });
    expect(key('KeyB', { ctrlKey: true })).toBe('bold');
    expect(key('KeyI', { metaKey: true })).toBe('italic');
    expect(key('Digit2', { ctrlKey: true, altKey: true })).toBe('h2');
    expect(key('Digit8', { ctrlKey: true, shiftKey: true })).toBe('bullets');
    expect(key('Digit7', { ctrlKey: true, shiftKey: true })).toBe('numbers');
    expect(key('KeyB', {})).toBeNull();
    expect(key('KeyB', { ctrlKey: true, shiftKey: true })).toBeNull();
  });
});
